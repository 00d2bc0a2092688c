"""Notebook 5: the reference reproduces the specification's figures on the cat data; the helpers and hidden cases work.

Training on the real pictures takes 10-25 s per model, so each model is trained once per module.
"""

import numpy as np
import pytest

from utils import deep_nn
from utils.checks import call_locally, judge
from utils.exercises import expectation, reference_result
from utils.data import load_cat_dataset
from utils.dnn_app import L_layer_model, two_layer_model
from utils.dnn_app_helpers import (
    initialize_parameters_deep_scaled,
    predict,
    print_mislabeled_images,
)
from utils.exercises import dnn_app as exercises

# Different BLAS builds sum in different orders: the figures agree to a few units in the last place.
SPEC_RTOL = 1e-12


@pytest.fixture(scope="module")
def cats():
    train_x_orig, train_y, test_x_orig, test_y, classes = load_cat_dataset()
    train_x = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255
    test_x = test_x_orig.reshape(test_x_orig.shape[0], -1).T / 255
    return train_x, train_y, test_x, test_y, classes


@pytest.fixture(scope="module")
def two_layer(cats):
    train_x, train_y, *_ = cats
    return two_layer_model(train_x, train_y, (12288, 7, 1), num_iterations=2500)


@pytest.fixture(scope="module")
def L_layer(cats):
    train_x, train_y, *_ = cats
    return L_layer_model(train_x, train_y, [12288, 20, 7, 5, 1], num_iterations=2500)


def _accuracies(cats, parameters, capsys):
    train_x, train_y, test_x, test_y, _ = cats
    p_train, p_test = predict(train_x, train_y, parameters), predict(test_x, test_y, parameters)
    printed = capsys.readouterr().out.splitlines()
    assert all(line.startswith("Accuracy: ") for line in printed) and len(printed) == 2
    return float(np.mean(p_train == train_y)), float(np.mean(p_test == test_y)), printed


def test_two_layer_model_reproduces_the_spec(cats, two_layer, capsys):
    parameters, costs = two_layer
    assert len(costs) == 25
    assert float(costs[0]) == pytest.approx(0.693049735659989, rel=SPEC_RTOL)
    assert float(costs[24]) == pytest.approx(0.048554785628770226, rel=1e-9)
    train, test, printed = _accuracies(cats, parameters, capsys)
    assert (train, test) == (1.0, 0.72)
    assert printed == ["Accuracy: 1.0 (100.00 %)", "Accuracy: 0.72 (72.00 %)"]


def test_L_layer_model_reproduces_the_spec(cats, L_layer, capsys):
    parameters, costs = L_layer
    assert len(costs) == 25 and list(parameters) == ["W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4"]
    assert float(costs[0]) == pytest.approx(0.7717493284237686, rel=SPEC_RTOL)
    assert float(costs[24]) == pytest.approx(0.092878, abs=5e-7)
    train, test, _ = _accuracies(cats, parameters, capsys)
    assert train == pytest.approx(0.985645933014, abs=1e-12) and test == 0.8


def test_the_step_by_step_initializer_stalls_on_the_cats(cats):
    # the classic mistake: notebook 4's initializer (times 0.01) instead of the scaled one
    train_x, train_y, *_ = cats
    wrong = exercises._L_layer_with(deep_nn.initialize_parameters_deep)
    _, costs = wrong(train_x, train_y, [12288, 20, 7, 5, 1], num_iterations=1)
    assert float(costs[0]) == pytest.approx(0.6931, abs=1e-4)


def test_print_cost_prints_every_100_iterations(capsys):
    X, Y = exercises._data(np.random.default_rng(0), 3, 5)
    for model, dims in ((two_layer_model, (3, 2, 1)), (L_layer_model, [3, 2, 1])):
        _, costs = model(X, Y, dims, learning_rate=0.1, num_iterations=201, print_cost=True)
        lines = capsys.readouterr().out.splitlines()
        assert [line.split(":")[0] for line in lines] == ["Iteration    0", "Iteration  100", "Iteration  200"]
        assert len(costs) == 3 and all(np.ndim(c) == 0 for c in costs)


def test_scaled_initializer_follows_the_spec():
    np.random.seed(0)
    parameters = initialize_parameters_deep_scaled([5, 4, 3])
    np.random.seed(1)
    np.testing.assert_array_equal(parameters["W1"], np.random.randn(4, 5) / np.sqrt(5))
    np.testing.assert_array_equal(parameters["W2"], np.random.randn(3, 4) / np.sqrt(4))
    assert list(parameters) == ["W1", "b1", "W2", "b2"]
    assert parameters["b1"].shape == (4, 1) and not parameters["b1"].any()


def test_predict_returns_zeros_and_ones_and_prints_the_accuracy(capsys):
    parameters = {"W1": np.array([[1.0, -1.0]]), "b1": np.array([[0.0]])}
    X = np.array([[2.0, 0.0, 1.0, -1.0], [0.0, 2.0, 0.5, 0.0]])
    p = predict(X, np.array([[1, 0, 0, 1]]), parameters)
    np.testing.assert_array_equal(p, [[1.0, 0.0, 1.0, 0.0]])
    assert p.shape == (1, 4) and p.dtype == float
    assert capsys.readouterr().out == "Accuracy: 0.5 (50.00 %)\n"


def test_mislabeled_images_share_one_figure(cats):
    import matplotlib

    matplotlib.use("Agg")
    _, _, test_x, test_y, classes = cats
    p = test_y.astype(float).copy()
    p[0, [3, 7, 11]] = 1 - p[0, [3, 7, 11]]
    fig = print_mislabeled_images(classes, test_x, test_y, p)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 3
    np.testing.assert_allclose(shown[0].images[0].get_array(), test_x[:, 3].reshape(64, 64, 3))
    assert shown[1].get_title().startswith("#7: ")


@pytest.mark.parametrize("name, mistake", [
    ("L_layer_model", exercises._L_layer_with(deep_nn.initialize_parameters_deep)),
    ("two_layer_model", exercises._two_layer_stale_weights),
])
def test_hidden_cases_catch_the_classic_mistakes(name, mistake):
    exercise = exercises.EXERCISES[name]
    for seed in range(3):
        for case in exercise.hidden_cases(np.random.default_rng(seed)):
            result = judge(expectation(exercise, case), case, call_locally(mistake, case))
            assert not result.passed and result.hints, case.describe()


def test_hidden_cases_are_small_and_one_records_two_costs():
    for exercise in exercises.EXERCISES.values():
        for seed in range(5):
            cases = exercise.hidden_cases(np.random.default_rng(seed))
            lengths = []
            for case in cases:
                X, _, dims = case.args[:3]
                assert X.shape[0] <= 8 and X.shape[1] <= 10 and max(dims[1:]) <= 5 and dims[-1] == 1
                lengths.append(len(reference_result(exercise, case)[1]))
            assert lengths.count(2) == 1 and lengths.count(1) == len(cases) - 1
