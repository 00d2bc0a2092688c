"""Exercises of notebook 2, logistic regression with a neural-network mindset.

Public cases are the ones a student sees in the notebook; hidden cases are
drawn from the grader's random generator when a submission is graded, so
their values exist nowhere before that moment. Hidden inputs stay small
(at most 6 features, 12 examples and a few hundred cheap iterations), so
grading takes seconds. Edge cases (drawn after them) hold the sizes they
leave out: one example, one feature, and more features than examples (as in
the cat pictures, 12288 features for 209 examples).

The ungraded exercises of the notebook (dataset sizes, flattening,
standardizing) are checked by ``utils/ungraded_checks.py``, which students get.
"""

from __future__ import annotations

import numpy as np

from utils import logistic_regression as ref
from utils.checks import Case
from utils.exercises import Exercise, Mistake, edge_label

MATH_ON_ARRAY = Mistake(
    error_contains="arrays can be converted to Python scalars",
    hint="math.exp works on one number at a time; use np.exp, which works elementwise on arrays.",
)
W_NOT_TRANSPOSED = [
    Mistake(error_contains=text, hint="w has shape (n_x, 1) and X has shape (n_x, m): compute np.dot(w.T, X) + b, "
                                      "which has shape (1, m), one value per example.")
    for text in ("not aligned", "mismatch in its core dimension")
]


# ---------------------------------------------------------------- random inputs

def _bias(rng):
    """A bias far enough from 0 that leaving it out changes the results."""
    return float(rng.choice([-1, 1]) * rng.uniform(0.5, 1.5))


def _data(rng, dim, m):
    X = rng.normal(0, 1, (dim, m))
    Y = rng.integers(0, 2, (1, m))
    Y[0, :2] = [0, 1]  # both classes, in random places
    rng.shuffle(Y[0])
    return X, Y


def _dims(rng):
    return int(rng.integers(1, 7)), int(rng.integers(2, 13))


def _propagate_cases(rng):
    cases = []
    for _ in range(3):
        dim, m = _dims(rng)
        X, Y = _data(rng, dim, m)
        cases.append(Case((rng.normal(0, 0.5, (dim, 1)), _bias(rng), X, Y)))
    dim, m = _dims(rng)
    X, Y = _data(rng, dim, m)
    cases.append(Case((np.zeros((dim, 1)), 0.0, X, Y.astype(float)), label=f"w = 0, b = 0.0, {dim} features, {m} examples"))
    return cases


def _optimize_cases(rng):
    cases = []
    for iterations in (int(rng.integers(5, 50)), int(rng.integers(5, 50)), int(rng.integers(101, 160))):
        dim, m = _dims(rng)
        X, Y = _data(rng, dim, m)
        kwargs = {"num_iterations": iterations, "learning_rate": float(rng.uniform(0.02, 0.5))}
        cases.append(Case((rng.normal(0, 0.5, (dim, 1)), _bias(rng), X, Y), kwargs))
    return cases


def _predict_cases(rng):
    cases = []
    for _ in range(3):
        dim, m = _dims(rng)
        cases.append(Case((rng.normal(0, 0.3, (dim, 1)), _bias(rng), rng.normal(0, 1, (dim, m)))))
    dim, m = _dims(rng)
    cases.append(Case((np.zeros((dim, 1)), 0.0, rng.normal(0, 1, (dim, m))),
                      label=f"w = 0 and b = 0.0, so every probability is exactly 0.5 ({m} examples)"))
    return cases


def _model_cases(rng):
    cases = []
    for _ in range(2):
        dim = int(rng.integers(2, 7))
        X_train, Y_train = _data(rng, dim, int(rng.integers(6, 13)))
        X_test, Y_test = _data(rng, dim, int(rng.integers(3, 9)))
        kwargs = {"num_iterations": int(rng.integers(10, 50)), "learning_rate": float(rng.uniform(0.02, 0.3))}
        cases.append(Case((X_train, Y_train, X_test, Y_test), kwargs))
    return cases


# ---------------------------------------------------------------- edge cases


def _labels(rng, m):
    """Integer labels, 0 or 1, of both classes once there are two examples (in random places)."""
    Y = rng.integers(0, 2, (1, m))
    if m > 1:
        Y[0, rng.choice(m, 2, replace=False)] = (0, 1)
    return Y


def _edge_data(rng, dim, m):
    return rng.normal(0, 1, (dim, m)), _labels(rng, m)


def _edge_sizes(rng):
    """``(dim, m, label)``: one example with several features, and one feature with several examples."""
    dim, m = int(rng.integers(2, 7)), int(rng.integers(2, 13))
    return [(dim, 1, f"one example (m = 1), {dim} features"), (1, m, f"one feature (n_x = 1), {m} examples")]


def _propagate_edges(rng):
    cases = []
    for dim, m, label in _edge_sizes(rng):
        X, Y = _edge_data(rng, dim, m)
        cases.append(Case((rng.normal(0, 0.5, (dim, 1)), _bias(rng), X, Y), label=edge_label(label)))
    return cases


def _optimize_edges(rng):
    cases = []
    for dim, m, label in _edge_sizes(rng):
        X, Y = _edge_data(rng, dim, m)
        kwargs = {"num_iterations": int(rng.integers(5, 50)), "learning_rate": float(rng.uniform(0.02, 0.5))}
        cases.append(Case((rng.normal(0, 0.5, (dim, 1)), _bias(rng), X, Y), kwargs, label=edge_label(label)))
    return cases


def _predict_edges(rng):
    return [Case((rng.normal(0, 0.3, (dim, 1)), _bias(rng), rng.normal(0, 1, (dim, m))), label=edge_label(label))
            for dim, m, label in _edge_sizes(rng)]


def _model_edges(rng):
    """More features than training examples, as in the cat pictures, and a single test example."""
    dim, m_train = int(rng.integers(7, 10)), int(rng.integers(3, 6))
    X_train, Y_train = _edge_data(rng, dim, m_train)
    X_test, Y_test = _edge_data(rng, dim, 1)
    kwargs = {"num_iterations": int(rng.integers(10, 50)), "learning_rate": float(rng.uniform(0.02, 0.3))}
    label = f"{dim} features for {m_train} training examples (more features than examples), one test example"
    return [Case((X_train, Y_train, X_test, Y_test), kwargs, label=edge_label(label))]


# ---------------------------------------------------------------- known mistakes, as real wrong code

def _propagate_variant(cost_sign=-1.0, cost_mean=True, grad_sign=1.0, db_sign=None, grad_mean=True):
    """A propagate with one part changed: the sign or the 1/m of the cost, or of the gradients."""
    db_sign = grad_sign if db_sign is None else db_sign

    def propagate(w, b, X, Y):
        m = X.shape[1]
        A = ref.sigmoid(np.dot(w.T, X) + b)
        total = np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
        cost = cost_sign * (total / m if cost_mean else total)
        scale = 1 / m if grad_mean else 1.0
        dw = grad_sign * scale * np.dot(X, (A - Y).T)
        db = db_sign * scale * np.sum(A - Y)
        return {"dw": dw, "db": db}, np.squeeze(np.array(cost))

    return propagate


def _optimize_variant(fixed_rate=None, ascent=False, update_b=True):
    def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
        rate = learning_rate if fixed_rate is None else fixed_rate
        step = -rate if not ascent else rate
        costs = []
        for i in range(num_iterations):
            grads, cost = ref.propagate(w, b, X, Y)
            dw, db = grads["dw"], grads["db"]
            w = w + step * dw
            b = b + step * db if update_b else b
            if i % 100 == 0:
                costs.append(cost)
        return {"w": w, "b": b}, {"dw": dw, "db": db}, costs

    return optimize


def _optimize_in_place(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = ref.propagate(w, b, X, Y)
        w -= learning_rate * grads["dw"]
        b -= learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs


def _predict_variant(with_bias=True, at_least=False, probabilities=False):
    def predict(w, b, X):
        A = ref.sigmoid(np.dot(w.reshape(X.shape[0], 1).T, X) + (b if with_bias else 0))
        if probabilities:
            return A
        return (A >= 0.5 if at_least else A > 0.5).astype(float)

    return predict


def _model_variant(optimize_iterations=None, optimize_rate=None, swap=False, initial_parameters=False):
    """model() with optimize called on other settings, or a mistake in the predictions; prints nothing."""

    def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
        w, b = ref.initialize_with_zeros(X_train.shape[0])
        iterations = num_iterations if optimize_iterations is None else optimize_iterations
        rate = learning_rate if optimize_rate is None else optimize_rate
        params, _, costs = ref.optimize(w, b, X_train, Y_train, iterations, rate)
        if initial_parameters:
            params = {"w": w, "b": b}
        train, test = ref.predict(params["w"], params["b"], X_train), ref.predict(params["w"], params["b"], X_test)
        if swap:
            train, test = test, train
        return {"costs": costs, "Y_prediction_test": test, "Y_prediction_train": train, "w": params["w"],
                "b": params["b"], "learning_rate": learning_rate, "num_iterations": num_iterations}

    return model


def _public_propagate_inputs():
    w = np.array([[0.5], [-1.0]])
    X = np.array([[1.0, -2.0, 0.5], [3.0, 0.5, -1.5]])
    return w, 1.5, X, np.array([[1, 0, 1]])


def _public_model_inputs():
    rng = np.random.default_rng(2024)
    X_train = rng.normal(0, 1, (4, 10))
    Y_train = (X_train[0:1] + 0.5 * X_train[1:2] > 0).astype(int)
    X_test = rng.normal(0, 1, (4, 5))
    Y_test = (X_test[0:1] + 0.5 * X_test[1:2] > 0).astype(int)
    return X_train, Y_train, X_test, Y_test


EXERCISES = {
    exercise.name: exercise
    for exercise in [
        Exercise(
            name="sigmoid",
            reference=ref.sigmoid,
            public_cases=lambda: [Case((np.array([0, 2]),)), Case((np.array([[-1.0, 0.5], [3.0, -4.0]]),))],
            hidden_cases=lambda rng: [Case((rng.normal(0, 4, (int(rng.integers(1, 5)), int(rng.integers(1, 8)))),))
                                      for _ in range(3)] + [Case((float(rng.uniform(-5, 5)),), label="a Python float")],
            mistakes=[
                MATH_ON_ARRAY,
                Mistake("Check the sign inside the exponential: sigmoid(z) = 1 / (1 + exp(-z)).",
                        lambda z: 1 / (1 + np.exp(z))),
            ],
        ),
        Exercise(
            name="initialize_with_zeros",
            reference=ref.initialize_with_zeros,
            public_cases=lambda: [Case((2,))],
            hidden_cases=lambda rng: [Case((int(d),)) for d in rng.integers(1, 13, size=2)] + [Case((1,))],
            mistakes=[
                Mistake("w must be a column of shape (dim, 1): pass the shape as a tuple, np.zeros((dim, 1)).",
                        lambda dim: (np.zeros(dim), 0.0)),
                Mistake("w must be a column of shape (dim, 1), not a row of shape (1, dim).",
                        lambda dim: (np.zeros((1, dim)), 0.0)),
            ],
        ),
        Exercise(
            name="propagate",
            reference=ref.propagate,
            public_cases=lambda: [Case(_public_propagate_inputs())],
            hidden_cases=_propagate_cases,
            edge_cases=_propagate_edges,
            uses=("sigmoid",),
            mistakes=[
                *W_NOT_TRANSPOSED,
                Mistake("The cost has a minus sign in front: J = -(1/m) * sum(Y log A + (1 - Y) log(1 - A)). "
                        "Without it the cost is negative.", _propagate_variant(cost_sign=1.0)),
                Mistake("The cost is an average over the m examples: multiply the sum by 1/m.",
                        _propagate_variant(cost_mean=False)),
                Mistake("The gradient uses A - Y (prediction minus label), not Y - A: dw = (1/m) X (A - Y)^T and "
                        "db = (1/m) sum(A - Y).", _propagate_variant(grad_sign=-1.0)),
                Mistake("dw uses A - Y (prediction minus label), not Y - A: dw = (1/m) X (A - Y)^T.",
                        _propagate_variant(grad_sign=-1.0, db_sign=1.0)),
                Mistake("The gradients are averages too: multiply both dw and db by 1/m.",
                        _propagate_variant(grad_mean=False)),
            ],
        ),
        Exercise(
            name="optimize",
            reference=ref.optimize,
            public_cases=lambda: [Case(_public_propagate_inputs(), {"num_iterations": 150, "learning_rate": 0.05})],
            hidden_cases=_optimize_cases,
            edge_cases=_optimize_edges,
            uses=("propagate",),
            mistakes=[
                Mistake("Use the learning_rate argument in the update, not a fixed number.",
                        _optimize_variant(fixed_rate=0.009)),
                Mistake("Gradient descent goes against the gradient: w = w - learning_rate * dw (a minus sign).",
                        _optimize_variant(ascent=True)),
                Mistake("Update b as well: b = b - learning_rate * db.", _optimize_variant(update_b=False)),
                Mistake("Write w = w - learning_rate * dw: the in-place form w -= ... changes the caller's array.",
                        _optimize_in_place),
            ],
        ),
        Exercise(
            name="predict",
            reference=ref.predict,
            public_cases=lambda: [Case((np.array([[0.3], [-0.6]]), -0.2, np.array([[1.0, -1.2, 0.4], [0.8, -0.5, -2.0]])))],
            hidden_cases=_predict_cases,
            edge_cases=_predict_edges,
            uses=("sigmoid",),
            mistakes=[
                *W_NOT_TRANSPOSED,
                Mistake("Add the bias: the probabilities are A = sigmoid(w^T X + b).", _predict_variant(with_bias=False)),
                Mistake("A probability of exactly 0.5 is labelled 0: use A > 0.5, not A >= 0.5.",
                        _predict_variant(at_least=True)),
                Mistake("Return labels (0.0 or 1.0), not the probabilities A: compare A with 0.5.",
                        _predict_variant(probabilities=True)),
            ],
        ),
        Exercise(
            name="model",
            reference=ref.model,
            public_cases=lambda: [Case(_public_model_inputs(), {"num_iterations": 200, "learning_rate": 0.1})],
            hidden_cases=_model_cases,
            edge_cases=_model_edges,
            uses=("initialize_with_zeros", "optimize", "predict"),
            mistakes=[
                Mistake("Pass num_iterations and learning_rate on to optimize; without them it uses its own defaults "
                        "(100 and 0.009).", _model_variant(optimize_iterations=100, optimize_rate=0.009)),
                Mistake("Pass the learning_rate argument on to optimize, not a fixed number.",
                        _model_variant(optimize_rate=0.005)),
                Mistake("Pass the num_iterations argument on to optimize, not a fixed number.",
                        _model_variant(optimize_iterations=2000)),
                Mistake("Y_prediction_train comes from X_train and Y_prediction_test from X_test; yours are swapped.",
                        _model_variant(swap=True)),
                Mistake("Predict with the learnt parameters, params[\"w\"] and params[\"b\"], not with the zeros "
                        "you started from.", _model_variant(initial_parameters=True)),
                Mistake(error_contains="could not be broadcast",
                        hint="Predict Y_prediction_train from X_train and Y_prediction_test from X_test: the accuracy "
                             "lines after your code compare them with Y_train and Y_test, which must have the same shapes."),
            ],
        ),
    ]
}
