"""Notebook 2: the reference reproduces the course's figures; loaders and checks fail clearly.

The training runs use the real cat data (a few seconds each). BLAS is kept to
one thread while they run: on a busy machine that is several times faster
than letting OpenBLAS threads compete, and it does not change the figures.
"""

import re
import warnings

import h5py
import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from utils import data
from utils import logistic_regression as ref
from utils import ungraded_checks
from utils.checks import PublicCheckFailed, call_locally, judge
from utils.exercises import expectation, grading_cases
from utils.exercises import logistic_regression as exercises
from utils.gradient_check import numerical_gradient


@pytest.fixture(scope="module")
def cats():
    """The standardized cat data: X_train, Y_train, X_test, Y_test."""
    train_x, train_y, test_x, test_y, _ = data.load_cat_dataset()
    return (train_x.reshape(train_x.shape[0], -1).T / 255, train_y,
            test_x.reshape(test_x.shape[0], -1).T / 255, test_y)


def _train(cats, capsys, **kwargs):
    with threadpool_limits(limits=1, user_api="blas"):
        d = ref.model(*cats, **kwargs)
    printed = capsys.readouterr().out
    accuracies = [float(a) for a in re.findall(r"Accuracy on the \w+ set: +([\d.]+) %", printed)]
    return d, printed, accuracies


# ---------------------------------------------------------------- the figures of the specification

def test_training_run_reproduces_the_course_figures(cats, capsys):
    d, printed, accuracies = _train(cats, capsys, num_iterations=2000, learning_rate=0.005, print_cost=True)
    costs = [float(c) for c in d["costs"]]
    assert len(costs) == 20
    assert costs[:3] == pytest.approx([0.693147, 0.584508, 0.466949], abs=5e-7)
    assert costs[-1] == pytest.approx(0.140872, abs=5e-7)
    # the full-precision accuracies, exactly as the answer key prints them
    assert "Accuracy on the training set: 99.04306220095694 %" in printed
    assert "Accuracy on the test set:     70.0 %" in printed
    assert accuracies == [99.04306220095694, 70.0]
    assert printed.count("cost = ") == 20 and "Iteration 1900: cost = 0.140872" in printed
    assert d["w"].shape == (12288, 1) and d["Y_prediction_test"].shape == (1, 50)
    assert d["learning_rate"] == 0.005 and d["num_iterations"] == 2000


@pytest.mark.parametrize("learning_rate, train, test", [(0.01, 99.52, 68.0), (0.001, 89.00, 64.0), (0.0001, 68.42, 36.0)])
def test_learning_rate_study(cats, capsys, learning_rate, train, test):
    d, printed, accuracies = _train(cats, capsys, num_iterations=1500, learning_rate=learning_rate)
    assert accuracies == pytest.approx([train, test], abs=0.005)
    assert len(d["costs"]) == 15 and "cost = " not in printed  # print_cost is off by default


def test_scikit_learn_baseline(cats):
    from sklearn.linear_model import LogisticRegression

    X_train, Y_train, X_test, Y_test = cats
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the notebook shows no warnings
        classifier = LogisticRegression(C=1000.0, random_state=0, solver="liblinear").fit(X_train.T, Y_train.ravel())
    assert classifier.score(X_train.T, Y_train.ravel()) == 1.0
    assert classifier.score(X_test.T, Y_test.ravel()) == pytest.approx(0.72)
    assert classifier.coef_[0, :3] == pytest.approx([0.0567, -0.1137, -0.0420], abs=1e-3)
    assert classifier.intercept_[0] == pytest.approx(-0.001, abs=1e-3)


# ---------------------------------------------------------------- the graded functions' contracts

def test_initialize_with_zeros_returns_a_column_and_a_python_float():
    w, b = ref.initialize_with_zeros(3)
    assert w.shape == (3, 1) and not w.any()
    assert type(b) is float and b == 0.0


def test_propagate_matches_finite_differences():
    rng = np.random.default_rng(0)
    w, b, X, Y = rng.normal(size=(3, 1)), 0.3, rng.normal(size=(3, 7)), rng.integers(0, 2, (1, 7))
    grads, cost = ref.propagate(w, b, X, Y)
    assert isinstance(cost, np.ndarray) and cost.shape == ()
    numeric_w = numerical_gradient(lambda w_: ref.propagate(w_, b, X, Y)[1], w)
    np.testing.assert_allclose(grads["dw"], numeric_w, rtol=0, atol=1e-7)
    numeric_b = numerical_gradient(lambda b_: ref.propagate(w, float(b_), X, Y)[1], np.array(b))
    assert grads["db"] == pytest.approx(numeric_b, abs=1e-7)


def test_optimize_leaves_the_callers_w_alone_and_records_every_100_iterations():
    rng = np.random.default_rng(1)
    w, X, Y = rng.normal(size=(2, 1)), rng.normal(size=(2, 5)), np.array([[0, 1, 1, 0, 1]])
    before = w.copy()
    params, _, costs = ref.optimize(w, 0.5, X, Y, num_iterations=201, learning_rate=0.1)
    np.testing.assert_array_equal(w, before)
    assert len(costs) == 3 and not np.array_equal(params["w"], before)


def test_predict_uses_a_strict_threshold():
    assert ref.predict(np.zeros((2, 1)), 0.0, np.ones((2, 4))).tolist() == [[0.0] * 4]
    assert ref.predict(np.zeros((2, 1)), 1e-3, np.ones((2, 4))).tolist() == [[1.0] * 4]


# ---------------------------------------------------------------- the exercises: hidden cases catch every known mistake

@pytest.mark.parametrize("name", list(exercises.EXERCISES))
def test_reference_passes_its_own_public_hidden_and_edge_cases(name):
    exercise = exercises.EXERCISES[name]
    cases = grading_cases(exercise, np.random.default_rng(7))
    for case in cases:
        with threadpool_limits(limits=1, user_api="blas"):
            outcome = call_locally(exercise.reference, case)
        assert judge(expectation(exercise, case), case, outcome).passed


MISTAKES = [(name, i) for name, e in exercises.EXERCISES.items() for i, m in enumerate(e.mistakes) if m.function]


@pytest.mark.parametrize("name, index", MISTAKES, ids=[f"{n}-{i}" for n, i in MISTAKES])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_hidden_cases_catch_each_known_mistake_and_show_its_hint(name, index, seed):
    exercise = exercises.EXERCISES[name]
    mistake = exercise.mistakes[index]
    results = [judge(expectation(exercise, case), case, call_locally(mistake.function, case))
               for case in exercise.hidden_cases(np.random.default_rng(seed))]
    failed = [r for r in results if not r.passed]
    assert failed, f"no hidden case of {name} catches: {mistake.hint}"
    # (a diverging mistake can overflow to inf on some case, where no hint can match)
    assert any(mistake.hint in r.hints for r in failed)


def test_dependencies_come_first():
    names = list(exercises.EXERCISES)
    for i, exercise in enumerate(exercises.EXERCISES.values()):
        assert set(exercise.uses) <= set(names[:i]), exercise.name


def test_hidden_cases_vary_the_training_settings():
    cases = exercises.EXERCISES["optimize"].hidden_cases(np.random.default_rng(0))
    assert len({c.kwargs["learning_rate"] for c in cases}) == len(cases)
    assert any(c.kwargs["num_iterations"] > 100 for c in cases), "one case records two costs"
    assert all(abs(c.args[1]) >= 0.5 for c in exercises.EXERCISES["predict"].hidden_cases(np.random.default_rng(0))[:3])


# ---------------------------------------------------------------- the data loaders

def test_cat_dataset_has_the_documented_shapes_and_values():
    train_x, train_y, test_x, test_y, classes = data.load_cat_dataset()
    assert train_x.shape == (209, 64, 64, 3) and train_x.dtype == np.uint8
    assert test_x.shape == (50, 64, 64, 3)
    assert train_y.shape == (1, 209) and test_y.shape == (1, 50)
    assert set(np.unique(train_y)) == {0, 1}
    assert classes.tolist() == [b"non-cat", b"cat"]
    assert train_x.reshape(train_x.shape[0], -1).T[0:5, 0].tolist() == [17, 31, 56, 22, 33]


def test_missing_dataset_says_where_it_looked_and_how_to_fix_it(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    with pytest.raises(data.DatasetNotFoundError) as error:
        data.load_cat_dataset()
    message = str(error.value)
    assert "train_catvnoncat.h5" in message and str(tmp_path) in message and "./run setup" in message


@pytest.mark.parametrize("content", ["garbage", "empty", "wrong keys"])
def test_unreadable_dataset_is_a_clear_error_not_an_h5py_traceback(tmp_path, monkeypatch, content):
    path = tmp_path / "train_catvnoncat.h5"
    if content == "garbage":
        path.write_bytes(b"this is not an HDF5 file\x00\x01\x02" * 100)
    elif content == "empty":
        path.write_bytes(b"")
    else:
        with h5py.File(path, "w") as file:
            file["pictures"] = np.zeros((2, 4, 4, 3), dtype=np.uint8)
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    with pytest.raises(data.DatasetUnreadableError) as error:
        data.load_cat_dataset()
    assert isinstance(error.value, data.DatasetNotFoundError)  # one except clause catches both
    message = str(error.value)
    assert "train_catvnoncat.h5" in message and str(tmp_path) in message and "COURSE_DATA_DIR" in message
    assert error.value.__cause__ is None and error.value.__suppress_context__
    if content == "wrong keys":
        assert "no dataset named 'train_set_x'" in message


def test_load_image_resizes_and_standardizes_the_sample_photo():
    path = data.sample_cat_photo()
    assert path.is_file() and (path.parent / "README.md").read_text().count("CC0") >= 1
    image, x = data.load_image(path, num_px=64)
    assert image.shape == (64, 64, 3) and image.dtype == np.uint8
    assert x.shape == (64 * 64 * 3, 1) and 0 <= x.min() and x.max() <= 1
    np.testing.assert_allclose(x[:, 0], image.reshape(-1) / 255)
    assert data.load_image(path, num_px=10)[1].shape == (300, 1)


def test_load_image_names_a_file_that_is_not_a_picture(tmp_path):
    not_a_picture = tmp_path / "notes.txt"
    not_a_picture.write_text("hello")
    with pytest.raises(data.NotAnImageError, match="notes.txt"):
        data.load_image(not_a_picture)
    with pytest.raises(FileNotFoundError, match="no_such_picture.jpg"):
        data.load_image(tmp_path / "no_such_picture.jpg")


# ---------------------------------------------------------------- checks of the ungraded exercises

@pytest.fixture(scope="module")
def originals():
    train_x, _, test_x, _, _ = data.load_cat_dataset()
    return train_x, test_x


def test_size_check(capsys):
    ungraded_checks.check_sizes(209, 50, 64)
    assert "all checks passed" in capsys.readouterr().out
    with pytest.raises(PublicCheckFailed) as failure:
        ungraded_checks.check_sizes(209, 50, 12288)
    assert "num_px is the height" in failure.value.report
    with pytest.raises(PublicCheckFailed) as failure:
        ungraded_checks.check_sizes((209, 64, 64, 3), 50, 64)
    assert "pick one entry of the shape" in failure.value.report


def test_flatten_check_catches_reshape_minus_one_m(originals, capsys):
    train_x, test_x = originals
    ungraded_checks.check_flattened(train_x.reshape(train_x.shape[0], -1).T, test_x.reshape(test_x.shape[0], -1).T)
    assert "all checks passed" in capsys.readouterr().out
    with pytest.raises(PublicCheckFailed) as failure:
        ungraded_checks.check_flattened(train_x.reshape(-1, 209), test_x.reshape(-1, 50))  # right shape, wrong columns
    report = failure.value.report
    assert "has wrong values" in report and "X.reshape(-1, m) has the right shape but the wrong content" in report
    with pytest.raises(PublicCheckFailed) as failure:
        ungraded_checks.check_flattened(train_x.reshape(209, -1), test_x.reshape(50, -1))
    assert "Transpose it" in failure.value.report


def test_standardize_check_catches_integer_division(originals, capsys):
    train_x, test_x = originals
    train, test = train_x.reshape(209, -1).T, test_x.reshape(50, -1).T
    ungraded_checks.check_standardized(train / 255, test / 255)
    assert "all checks passed" in capsys.readouterr().out
    with pytest.raises(PublicCheckFailed) as failure:
        ungraded_checks.check_standardized(train // 255, test // 255)
    assert "integer division" in failure.value.report
