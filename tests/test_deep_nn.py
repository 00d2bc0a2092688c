"""Notebook 4: the reference solutions reproduce the specification, and the gradient checks of the grader work."""

import copy

import numpy as np
import pytest

from utils import deep_nn as ref
from utils.activations import relu, relu_backward, sigmoid, sigmoid_backward
from utils.checks import Case, call_locally, judge, run_property
from utils.exercises import expectation, grading_cases, reference_result
from utils.exercises import deep_nn as exercises
from utils.gradient_check import GRADIENT_TOLERANCE, numerical_gradient, relative_difference

def _gradient_check(name):
    check = exercises.GRADIENT_CHECKS[name]
    return lambda case, value: run_property(check.check, check.measure(case), value)


BACKWARD_CHECKS = {name: _gradient_check(name) for name in exercises.GRADIENT_CHECKS}


def _random_network(seed, dims=(4, 3, 2, 1), m=5):
    return exercises._network(np.random.default_rng(seed), list(dims), m)


# --- the specification's published values -------------------------------------------------------


def test_initialize_parameters_reproduces_the_spec():
    np.random.seed(99)
    parameters = ref.initialize_parameters(3, 2, 1)
    np.testing.assert_allclose(parameters["W1"], [[0.01624345, -0.00611756, -0.00528172],
                                                  [-0.01072969, 0.00865408, -0.02301539]], atol=1e-8)
    np.testing.assert_allclose(parameters["W2"], [[0.01744812, -0.00761207]], atol=1e-8)
    assert parameters["b1"].shape == (2, 1) and not parameters["b1"].any()
    assert parameters["b2"].shape == (1, 1) and not parameters["b2"].any()


def test_initialize_parameters_deep_uses_seed_3_layer_by_layer():
    np.random.seed(0)
    parameters = ref.initialize_parameters_deep([5, 4, 3])
    np.random.seed(3)
    np.testing.assert_array_equal(parameters["W1"], np.random.randn(4, 5) * 0.01)
    np.testing.assert_array_equal(parameters["W2"], np.random.randn(3, 4) * 0.01)
    assert list(parameters) == ["W1", "b1", "W2", "b2"]
    assert parameters["b2"].shape == (3, 1) and not parameters["b2"].any()


def test_compute_cost_reproduces_the_spec_value():
    cost = ref.compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 1]]))
    assert np.ndim(cost) == 0
    assert float(cost) == 0.41493159961539694


# --- caches and the key convention --------------------------------------------------------------


def test_forward_caches_have_the_course_layout():
    X, parameters, _, AL, caches = _random_network(0)
    assert AL.shape == (1, 5) and len(caches) == 3
    A_prev = X
    for l, cache in enumerate(caches, 1):
        (cached_A, W, b), Z = cache
        assert cached_A is A_prev or np.array_equal(cached_A, A_prev)
        assert W is parameters[f"W{l}"] and b is parameters[f"b{l}"]
        np.testing.assert_allclose(Z, W @ A_prev + b)
        A_prev = (sigmoid if l == 3 else relu)(Z)[0]
    np.testing.assert_allclose(AL, A_prev)


def test_backward_keys_follow_the_convention_and_dA0_has_the_shape_of_X():
    X, parameters, Y, AL, caches = _random_network(1)
    grads = ref.L_model_backward(AL, Y, caches)
    assert set(grads) == {"dA0", "dA1", "dA2", "dW1", "db1", "dW2", "db2", "dW3", "db3"}
    assert grads["dA0"].shape == X.shape
    for l in (1, 2, 3):
        assert grads[f"dW{l}"].shape == parameters[f"W{l}"].shape
        assert grads[f"db{l}"].shape == parameters[f"b{l}"].shape


# --- gradient checks ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(BACKWARD_CHECKS))
def test_the_reference_passes_its_gradient_checks_on_many_random_networks(name):
    exercise = exercises.EXERCISES[name]
    for seed in range(15):
        for case in grading_cases(exercise, np.random.default_rng(seed)):
            assert BACKWARD_CHECKS[name](case, reference_result(exercise, case)) == [], case.describe()


def test_the_gradient_checks_have_a_wide_margin():
    """The reference's gradients agree with the finite differences far below the tolerance."""
    worst = 0.0
    for seed in range(5):
        for case in exercises.EXERCISES["L_model_backward"].hidden_cases(np.random.default_rng(seed)):
            AL, Y, caches = case.args
            grads = ref.L_model_backward(AL, Y, caches)
            weights = [c[0][1] for c in caches]
            biases = [c[0][2] for c in caches]
            numeric = numerical_gradient(
                lambda x, w=weights, b=biases, y=Y: exercises._summed_loss_from(0, x, w, b, y), caches[0][0][0])
            worst = max(worst, relative_difference(grads["dA0"], numeric))
    assert worst < GRADIENT_TOLERANCE / 10


def _linear_case():
    return exercises.EXERCISES["linear_backward"].hidden_cases(np.random.default_rng(3))[0]


def test_linear_backward_check_fails_a_transposed_dW_and_an_averaged_dA_prev():
    case = _linear_case()
    dZ, (A_prev, W, b) = case.args
    m = A_prev.shape[1]
    right = ref.linear_backward(dZ, (A_prev, W, b))
    transposed_back = (right[0], (A_prev @ dZ.T / m).T[::-1, ::-1].copy(), right[2])  # right shape, wrong values
    problems = BACKWARD_CHECKS["linear_backward"](case, transposed_back)
    assert len(problems) == 1 and problems[0].startswith("gradient check: dW disagrees")
    assert "relative difference" in problems[0]
    averaged = (right[0] / m, right[1], right[2])
    problems = BACKWARD_CHECKS["linear_backward"](case, averaged)
    assert len(problems) == 1 and "dA_prev disagrees" in problems[0]
    assert BACKWARD_CHECKS["linear_backward"](case, (right[0], right[1].T, right[2]))[0].startswith(
        "gradient check: dW has shape")


def test_linear_activation_backward_check_fails_the_wrong_activation():
    for case in exercises.EXERCISES["linear_activation_backward"].hidden_cases(np.random.default_rng(4)):
        dA, cache, activation = case.args
        other = {"relu": "sigmoid", "sigmoid": "relu"}[activation]
        problems = BACKWARD_CHECKS["linear_activation_backward"](case, ref.linear_activation_backward(dA, cache, other))
        assert any("dW disagrees" in p for p in problems), problems


def _L_backward_cases(seed=5):
    return exercises.EXERCISES["L_model_backward"].hidden_cases(np.random.default_rng(seed))


def test_L_model_backward_check_fails_the_old_key_convention():
    for case in _L_backward_cases():
        AL, Y, caches = case.args
        grads = ref.L_model_backward(AL, Y, caches)
        L = len(caches)
        shifted = {k: v for k, v in grads.items() if not k.startswith("dA")}
        shifted.update({f"dA{l + 1}": grads[f"dA{l}"] for l in range(L)})
        problems = BACKWARD_CHECKS["L_model_backward"](case, shifted)
        assert any(f"'dA{L}'" in p for p in problems) and any("no keys ['dA0']" in p for p in problems), problems


def test_L_model_backward_check_fails_a_wrong_sign_of_dAL():
    for case in _L_backward_cases():
        AL, Y, caches = case.args
        wrong = exercises._L_backward_with(sign=-1.0)(AL, Y, caches)
        problems = BACKWARD_CHECKS["L_model_backward"](case, wrong)
        assert any("grads['dW1'] disagrees" in p for p in problems), problems


def test_L_model_backward_check_fails_a_backward_pass_right_only_on_the_public_shapes():
    def special_cased(AL, Y, caches):
        if AL.shape == (1, 2) and len(caches) == 2:
            return ref.L_model_backward(AL, Y, caches)
        return exercises._L_backward_with(hidden="sigmoid")(AL, Y, caches)

    public = exercises.EXERCISES["L_model_backward"].public_cases()[0]
    assert BACKWARD_CHECKS["L_model_backward"](public, special_cased(*public.args)) == []
    for case in _L_backward_cases():
        problems = BACKWARD_CHECKS["L_model_backward"](case, special_cased(*case.args))
        assert any("grads['dA0'] disagrees" in p for p in problems), problems


def test_the_grader_reports_the_gradient_check():
    case = _L_backward_cases()[0]
    exercise = exercises.EXERCISES["L_model_backward"]
    outcome = call_locally(exercises._L_backward_with(sign=-1.0), case)
    result = judge(expectation(exercise, case), case, outcome)
    assert not result.passed
    assert any(p.startswith("gradient check:") for p in result.problems)
    assert any("sign of dAL" in h for h in result.hints)


# --- update and activations ---------------------------------------------------------------------


def test_update_parameters_returns_a_new_dict_and_leaves_its_input_untouched():
    rng = np.random.default_rng(6)
    params = exercises._parameters(rng, [4, 3, 2, 1])
    grads = exercises._gradients_of(rng, params, 5)
    before = copy.deepcopy(params)
    updated = ref.update_parameters(params, grads, 0.3)
    assert updated is not params and list(updated) == list(params)
    for name, value in params.items():
        np.testing.assert_array_equal(value, before[name])
        np.testing.assert_allclose(updated[name], before[name] - 0.3 * grads["d" + name])
        assert not np.shares_memory(updated[name], value)


def test_update_parameters_in_place_fails_its_exercise():
    exercise = exercises.EXERCISES["update_parameters"]
    case = exercise.public_cases()[0]
    result = judge(expectation(exercise, case), case, call_locally(exercises._update_in_place, case))
    assert any("modified in place" in p for p in result.problems)


@pytest.mark.parametrize("forward, backward", [(sigmoid, sigmoid_backward), (relu, relu_backward)])
def test_activation_backward_functions_agree_with_finite_differences(forward, backward):
    rng = np.random.default_rng(7)
    Z = rng.normal(size=(3, 4))
    Z[np.abs(Z) < 1e-3] = 0.5  # away from the kink of relu
    dA = rng.normal(size=(3, 4))
    _, cache = forward(Z)
    assert cache is Z
    numeric = numerical_gradient(lambda z: np.sum(dA * forward(z)[0]), Z)
    assert relative_difference(backward(dA, cache), numeric) < 1e-8


def test_relu_backward_is_zero_where_Z_is_not_positive_and_leaves_dA_alone():
    Z = np.array([[-1.0, 0.0, 2.0]])
    dA = np.array([[5.0, 6.0, 7.0]])
    np.testing.assert_array_equal(relu_backward(dA, Z), [[0.0, 0.0, 7.0]])
    np.testing.assert_array_equal(dA, [[5.0, 6.0, 7.0]])


def test_numerical_gradient_does_not_modify_its_input():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    gradient = numerical_gradient(lambda v: np.sum(v ** 3), x)
    np.testing.assert_allclose(gradient, 3 * x ** 2, rtol=1e-6)
    np.testing.assert_array_equal(x, [[1.0, 2.0], [3.0, 4.0]])
    assert relative_difference(np.zeros(3), np.zeros(3)) == 0.0


def test_hidden_cases_are_small_and_vary():
    first = exercises.EXERCISES["L_model_backward"].hidden_cases(np.random.default_rng(0))
    second = exercises.EXERCISES["L_model_backward"].hidden_cases(np.random.default_rng(1))
    assert [len(c.args[2]) for c in first] == [2, 3, 4]
    assert all(c.args[0].shape[1] <= 8 for c in first)
    assert [c.describe() for c in first] != [c.describe() for c in second]
    assert isinstance(first[0], Case)
