"""Notebook 3: the reference solutions, the datasets and the exercises reproduce the course specification."""

import copy
import warnings

import nbformat
import numpy as np
import pytest

from autograder import kernel_digits
from autograder.build import answer_key, expected_output_pairs

from utils import planar as ref
from utils import ungraded_checks
from utils.checks import PublicCheckFailed, call_locally, judge
from utils.exercises import expectation, grading_cases
from utils.exercises import planar as exercises
from utils.gradient_check import numerical_gradient
from utils.public_tests import load_public_tests
from utils.toy_data import load_extra_datasets, load_planar_dataset

# The specification's accuracies (%) on the flower after 5000 iterations: "about 67.5, 67.25, 90.75, 90.5,
# 91.25, ≈90, ≈90.5". Up to 5 units every BLAS kernel gives them exactly.
SPEC_FIGURES = {1: 67.5, 2: 67.25, 3: 90.75, 4: 90.5, 5: 91.25, 20: 90.0, 50: 90.5}


def _accuracy(parameters, X, Y):
    return float(np.mean(ref.predict(parameters, X) == Y) * 100)


@pytest.fixture(scope="module")
def flower():
    return load_planar_dataset()


# --- datasets -----------------------------------------------------------------------------------


def test_flower_matches_the_spec(flower):
    X, Y = flower
    assert X.shape == (2, 400) and X.dtype.kind == "f"
    assert Y.shape == (1, 400) and Y.dtype == np.uint8
    np.testing.assert_allclose(X[:, 0], [1.2044, 3.5761], atol=1e-4)
    assert (Y[0, :200] == 0).all() and (Y[0, 200:] == 1).all()


def test_flower_is_the_same_on_every_call(flower):
    np.random.seed(123)
    X, Y = load_planar_dataset()
    np.testing.assert_array_equal(X, flower[0])
    np.testing.assert_array_equal(Y, flower[1])


def test_extra_datasets_have_the_course_layout_and_are_reproducible():
    first, second = load_extra_datasets(), load_extra_datasets()
    assert list(first) == ["noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles", "no_structure"]
    for name, (X, Y) in first.items():
        assert X.shape == (2, 200) and X.dtype.kind == "f", name
        assert Y.shape == (1, 200) and Y.dtype == np.uint8, name
        assert set(np.unique(Y)) == {0, 1}, name
        np.testing.assert_array_equal(X, second[name][0])
        np.testing.assert_array_equal(Y, second[name][1])


def test_extra_datasets_do_not_depend_on_the_global_seed():
    np.random.seed(0)
    first = load_extra_datasets()
    np.random.seed(1)
    second = load_extra_datasets()
    for name in first:
        np.testing.assert_array_equal(first[name][0], second[name][0])


# --- reference solutions ------------------------------------------------------------------------


def test_layer_sizes_is_a_tuple_of_ints():
    assert ref.layer_sizes(np.zeros((5, 3)), np.zeros((2, 3))) == (5, 4, 2)
    assert isinstance(ref.layer_sizes(np.zeros((5, 3)), np.zeros((2, 3))), tuple)


def test_initialize_parameters_uses_seed_2_and_draws_w1_first():
    np.random.seed(99)
    parameters = ref.initialize_parameters(2, 4, 1)
    np.testing.assert_allclose(parameters["W1"][0], [-0.00416758, -0.00056267], atol=1e-8)
    np.testing.assert_allclose(parameters["W2"], [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]], atol=1e-8)
    np.random.seed(2)
    np.testing.assert_array_equal(parameters["W1"], np.random.randn(4, 2) * 0.01)
    assert parameters["b1"].shape == (4, 1) and not parameters["b1"].any()
    assert parameters["b2"].shape == (1, 1) and not parameters["b2"].any()


def test_compute_cost_is_a_python_float():
    cost = ref.compute_cost(np.array([[0.5, 0.9, 0.2, 0.7]]), np.array([[1, 1, 0, 0]]))
    assert type(cost) is float
    expected = -np.mean([np.log(0.5), np.log(0.9), np.log(0.8), np.log(0.3)])
    assert cost == pytest.approx(expected)


def test_backward_propagation_matches_finite_differences():
    rng = np.random.default_rng(0)
    n_x, n_h, m = 3, 4, 5
    X = rng.normal(size=(n_x, m))
    Y = rng.integers(0, 2, size=(1, m)).astype(float)
    parameters = {"W1": rng.normal(size=(n_h, n_x)), "b1": rng.normal(size=(n_h, 1)),
                  "W2": rng.normal(size=(1, n_h)), "b2": rng.normal(size=(1, 1))}
    _, cache = ref.forward_propagation(X, parameters)
    grads = ref.backward_propagation(parameters, cache, X, Y)

    def cost(params):
        return ref.compute_cost(ref.forward_propagation(X, params)[0], Y)

    for name, value in parameters.items():
        numeric = numerical_gradient(lambda v, name=name: cost({**parameters, name: v}), value)
        assert grads["d" + name].shape == value.shape
        np.testing.assert_allclose(grads["d" + name], numeric, rtol=1e-6, atol=1e-9, err_msg=name)


def test_update_parameters_returns_new_arrays_and_uses_its_learning_rate():
    rng = np.random.default_rng(1)
    parameters = {"W1": rng.normal(size=(4, 2)), "b1": rng.normal(size=(4, 1)),
                  "W2": rng.normal(size=(1, 4)), "b2": rng.normal(size=(1, 1))}
    grads = {"d" + k: rng.normal(size=v.shape) for k, v in parameters.items()}
    before = copy.deepcopy(parameters)
    updated = ref.update_parameters(parameters, grads)
    half = ref.update_parameters(parameters, grads, learning_rate=0.5)
    assert updated is not parameters
    for name, value in parameters.items():
        np.testing.assert_array_equal(value, before[name])
        np.testing.assert_allclose(updated[name], before[name] - 1.2 * grads["d" + name])
        np.testing.assert_allclose(half[name], before[name] - 0.5 * grads["d" + name])


def test_four_hidden_units_reach_90_75_percent_and_print_the_cost(flower, capsys):
    X, Y = flower
    parameters = ref.nn_model(X, Y, 4, num_iterations=10000, print_cost=True)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"Iteration {i:5d}" for i in range(0, 10000, 1000)]
    costs = [float(line.split()[-1]) for line in lines]
    assert costs[:2] == [0.693048, 0.288083]
    # The stated tolerance of the notebook's masked digits (autograder/kernel_digits.py): from iteration 8000
    # on only three decimals hold on every kernel (0.219420 on Haswell, 0.219524 on Sandybridge).
    assert [f"{cost:.6f}"[:5] for cost in costs[8:]] == ["0.219", "0.218"]
    # The headline figure is exact on Haswell, SkylakeX and Prescott (Sandybridge and Nehalem give 90.50).
    assert _accuracy(parameters, X, Y) == 90.75
    assert ref.predict(parameters, X).shape == (1, 400)


def test_hidden_size_study_reproduces_the_spec(flower):
    X, Y = flower
    accuracies = {n_h: _accuracy(ref.nn_model(X, Y, n_h, num_iterations=5000), X, Y) for n_h in SPEC_FIGURES}
    assert {n: a for n, a in accuracies.items() if n <= 5} == {n: a for n, a in SPEC_FIGURES.items() if n <= 5}
    # With 20 and 50 units a point or two of the 400 changes side with the kernel: the notebook masks the
    # decimals (90.… %), which is this tolerance.
    assert all(90 <= accuracies[n_h] < 91 for n_h in (20, 50)), accuracies


def test_kernel_dependent_digits_are_masked_only_where_the_notebook_says_so():
    key = nbformat.read(answer_key("03_planar_classification"), as_version=4)
    masked = [key.cells[expected].source for _, expected in expected_output_pairs(key)
              if kernel_digits.MASK in key.cells[expected].source]
    assert len(masked) == 2 and all(kernel_digits.NOTE in text for text in masked)
    assert "Accuracy: 90.75 %" in masked[0] and "Iteration  7000: cost = 0.217504" in masked[0]
    assert "20 hidden units: accuracy 90.… %" in masked[1] and "5 hidden units: accuracy 91.25 %" in masked[1]


def test_nn_model_does_not_depend_on_the_global_seed(flower):
    X, Y = flower
    np.random.seed(0)
    first = ref.nn_model(X[:, ::20], Y[:, ::20], 3, num_iterations=50)
    np.random.seed(1)
    second = ref.nn_model(X[:, ::20], Y[:, ::20], 3, num_iterations=50)
    for name in first:
        np.testing.assert_array_equal(first[name], second[name])


def test_logistic_regression_baseline_gets_47_percent_without_warnings(flower):
    from sklearn.linear_model import LogisticRegression

    X, Y = flower
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        classifier = LogisticRegression().fit(X.T, Y.ravel())
        assert classifier.score(X.T, Y.ravel()) == 0.47


# --- exercises ----------------------------------------------------------------------------------


def test_exercises_cover_the_graded_functions_in_dependency_order():
    names = list(exercises.EXERCISES)
    assert names == ["layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost",
                     "backward_propagation", "update_parameters", "nn_model", "predict"]
    for position, exercise in enumerate(exercises.EXERCISES.values()):
        assert exercise.reference is getattr(ref, exercise.name)
        assert all(dep in names[:position] for dep in exercise.uses), exercise.name
    assert set(exercises.EXERCISES["nn_model"].uses) == set(names[:6])
    assert exercises.EXERCISES["predict"].uses == ("forward_propagation",)


def _all_cases(exercise, seed=0):
    return grading_cases(exercise, np.random.default_rng(seed))


@pytest.mark.parametrize("name", list(exercises.EXERCISES))
def test_reference_passes_public_hidden_and_edge_cases(name, capsys):
    exercise = exercises.EXERCISES[name]
    load_public_tests("03_planar_classification")(name, exercise.reference)
    assert "All tests passed." in capsys.readouterr().out
    for seed in range(5):
        for case in _all_cases(exercise, seed):
            result = judge(expectation(exercise, case), case, call_locally(exercise.reference, case))
            assert result.passed, (case.describe(), result.problems)


@pytest.mark.parametrize("name", list(exercises.EXERCISES))
def test_every_hint_is_backed_by_a_wrong_implementation_that_the_cases_catch(name):
    exercise = exercises.EXERCISES[name]
    cases = _all_cases(exercise)
    for mistake in exercise.mistakes:
        if mistake.function is None:
            assert mistake.error_contains
            continue
        caught = 0
        for case in cases:
            outcome = call_locally(mistake.function, case)
            if outcome.error is not None:
                continue  # this wrong implementation is not applicable here (e.g. the default learning rate)
            result = judge(expectation(exercise, case), case, outcome)
            caught += not result.passed
            if not result.passed:
                assert mistake.hint in result.hints, (mistake.hint, case.describe())
        assert caught, f"{name}: no case catches the mistake behind {mistake.hint!r}"


def test_hidden_cases_stay_small():
    rng = np.random.default_rng(0)
    for case in exercises.EXERCISES["nn_model"].hidden_cases(rng):
        X, _, n_h = case.args
        assert X.shape[0] <= 5 and X.shape[1] <= 20 and n_h <= 6 and case.kwargs["num_iterations"] <= 20


def test_backward_cases_have_made_up_caches_and_several_outputs():
    exercise = exercises.EXERCISES["backward_propagation"]
    for case in _all_cases(exercise):
        cache = case.args[1]
        assert not np.allclose(cache["A1"], np.tanh(cache["Z1"]))
    outputs = [case.args[3].shape[0] for case in exercise.hidden_cases(np.random.default_rng(0))]
    assert 1 in outputs and max(outputs) > 1


def test_elementwise_w2_product_fails_only_with_several_outputs():
    exercise = exercises.EXERCISES["backward_propagation"]

    def elementwise(parameters, cache, X, Y):
        m = X.shape[1]
        dZ2 = cache["A2"] - Y
        dZ1 = np.multiply(parameters["W2"].T, dZ2) * (1 - cache["A1"] ** 2)
        return {"dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m,
                "dW2": dZ2 @ cache["A1"].T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m}

    for case in _all_cases(exercise):
        result = judge(expectation(exercise, case), case, call_locally(elementwise, case))
        assert result.passed == (case.args[3].shape[0] == 1)
        if not result.passed:
            assert any("np.dot(W2.T, dZ2)" in hint for hint in result.hints)


def test_update_parameters_in_place_is_caught_with_its_hint():
    exercise = exercises.EXERCISES["update_parameters"]
    for case in _all_cases(exercise):
        result = judge(expectation(exercise, case), case, call_locally(exercises._update_in_place, case))
        assert not result.passed and "modified in place" in result.problems[0]
        assert result.hints == [exercise.mistakes[-1].hint]


def test_learning_rates_vary_in_the_hidden_cases():
    cases = exercises.EXERCISES["update_parameters"].hidden_cases(np.random.default_rng(0))
    rates = {case.kwargs.get("learning_rate", 1.2) for case in cases}
    assert 1.2 in rates and len(rates) > 2


def test_dataset_shapes_check(capsys):
    ungraded_checks.check_dataset_shapes((2, 400), (1, 400), 400)
    assert "all checks passed" in capsys.readouterr().out
    with pytest.raises(PublicCheckFailed) as failure:
        ungraded_checks.check_dataset_shapes((2, 400), (400, 1), None)
    out = failure.value.report
    assert "shape_Y should be (1, 400), got (400, 1)" in out and "m should be 400, got None" in out
