"""Exercises of notebook 5, a deep network on the cat pictures; reference solutions in ``utils.dnn_app``.

Both graded functions train a network, so every case is a small made-up
training set: at most 8 input features, hidden layers of at most 5 units, at
most 10 examples, one output unit. Most cases run 1 to 3 iterations of
gradient descent; one case per exercise runs a little over 100, so that two
costs get recorded (at iterations 0 and 100) and a cost recorded at the wrong
iteration shows. Learning rates and iteration counts differ from case to case
and from the defaults, so that a hard-coded value shows too.

Edge cases, drawn after the hidden cases on every grading, are as small and
add what the hidden cases never draw: one input feature, one hidden unit, one
example, and for ``L_layer_model`` a single layer (L = 1) and a layer of one
unit before the output. One output unit throughout: the docstrings say Y has
shape (1, m).

The expected values come from the reference, which builds on the step-by-step
functions of ``utils.deep_nn``; students use the same ones (the notebook
imports them), so neither exercise ``uses`` another.
"""

import numpy as np

from utils import deep_nn
from utils import dnn_app as ref
from utils.checks import Case
from utils.exercises import Exercise, Mistake, edge_label
from utils.dnn_app_helpers import initialize_parameters_deep_scaled

# Iteration counts of the hidden cases: a few short runs and one that records two costs.
SHORT_RUNS = (1, 2, 3)
LONG_RUN = (101, 131)  # range of the long run's iteration count
HIDDEN_LEARNING_RATES = (0.05, 0.1, 0.2, 0.3, 0.5)


# ---------------------------------------------------------------------------
# Inputs


def _data(rng, n_x, m):
    """Examples drawn from a normal distribution and labels with both classes present."""
    X = rng.normal(0, 1, (n_x, m))
    Y = rng.integers(0, 2, (1, m))
    Y[0, :2] = (0, 1)
    return X, Y


def _distinct_sizes(rng, count, low, high):
    """``count`` different sizes from ``[low, high)``, so that no weight matrix is square by accident."""
    return [int(n) for n in rng.choice(np.arange(low, high), count, replace=False)]


def _case(X, Y, dims, learning_rate, num_iterations, positional=False):
    label = (f"X of shape {X.shape}, layers_dims {dims}, learning_rate={learning_rate}, "
             f"num_iterations={num_iterations}")
    if positional:
        return Case((X, Y, dims, learning_rate, num_iterations), label=label)
    return Case((X, Y, dims), {"learning_rate": learning_rate, "num_iterations": num_iterations}, label=label)


def _iterations(rng, long_run):
    return int(rng.integers(*LONG_RUN)) if long_run else int(rng.choice(SHORT_RUNS))


# ---------------------------------------------------------------------------
# Cases


def _two_layer_public():
    rng = np.random.default_rng(51)
    X, Y = _data(rng, 5, 4)
    X2, Y2 = _data(rng, 3, 6)
    return [_case(X, Y, (5, 3, 1), 0.1, 3), _case(X2, Y2, (3, 2, 1), 0.5, 101)]


def _two_layer_hidden(rng):
    cases = []
    for k, long_run in enumerate((False, False, True)):
        n_x = int(rng.integers(2, 9))
        n_h = int(rng.choice([n for n in range(2, 6) if n != n_x]))
        X, Y = _data(rng, n_x, int(rng.integers(3, 11)))
        learning_rate = float(rng.choice(HIDDEN_LEARNING_RATES))
        # at least 2 iterations, so that weights not read back after the update show
        cases.append(_case(X, Y, (n_x, n_h, 1), learning_rate, max(2, _iterations(rng, long_run)), positional=k == 1))
    return cases


def _L_layer_public():
    rng = np.random.default_rng(52)
    X, Y = _data(rng, 5, 4)
    X2, Y2 = _data(rng, 4, 6)
    return [_case(X, Y, [5, 4, 3, 1], 0.1, 3), _case(X2, Y2, [4, 3, 1], 0.3, 101)]


def _L_layer_hidden(rng):
    cases = []
    for k, (n_hidden, long_run) in enumerate(((1, False), (3, False), (2, True))):
        dims = [int(rng.integers(2, 9))] + [int(n) for n in rng.integers(2, 6, n_hidden)] + [1]
        X, Y = _data(rng, dims[0], int(rng.integers(3, 11)))
        learning_rate = float(rng.choice(HIDDEN_LEARNING_RATES))
        cases.append(_case(X, Y, dims, learning_rate, _iterations(rng, long_run), positional=k == 1))
    return cases


# ---------------------------------------------------------------------------
# Edge cases


def _edge_case(rng, X, Y, dims, what):
    learning_rate = float(rng.choice(HIDDEN_LEARNING_RATES))
    case = _case(X, Y, dims, learning_rate, int(rng.choice(SHORT_RUNS[1:])))  # 2 or 3 steps: an update is used
    return Case(case.args, case.kwargs, label=edge_label(f"{what}: {case.label}"))


def _one_example(rng, n_x):
    """One example, with a random label."""
    return rng.normal(0, 1, (n_x, 1)), rng.integers(0, 2, (1, 1))


def _two_layer_edges(rng):
    n_h = int(rng.integers(2, 6))
    X, Y = _data(rng, 1, int(rng.integers(3, 11)))
    n_x = int(rng.integers(2, 9))
    X1, Y1 = _one_example(rng, n_x)
    return [_edge_case(rng, X, Y, (1, n_h, 1), "one input feature"),
            _edge_case(rng, X1, Y1, (n_x, 1, 1), "one example and one hidden unit")]


def _L_layer_edges(rng):
    n_x = int(rng.integers(2, 9))
    X, Y = _data(rng, n_x, int(rng.integers(3, 11)))
    X1, Y1 = _one_example(rng, n_x)
    return [_edge_case(rng, X, Y, [n_x, 1], "a single layer (L = 1)"),
            _edge_case(rng, X1, Y1, [n_x, int(rng.integers(2, 6)), 1, 1],
                       "one example and a layer of one unit before the output")]


# ---------------------------------------------------------------------------
# Known mistakes (they run in the grader's process, on the case's inputs)


def _two_layer_stale_weights(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """``two_layer_model`` that never reads the updated W1, b1, W2, b2 back from ``parameters``."""
    parameters = deep_nn.initialize_parameters(*layers_dims)
    W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
    costs = []
    for i in range(num_iterations):
        A1, cache1 = deep_nn.linear_activation_forward(X, W1, b1, "relu")
        A2, cache2 = deep_nn.linear_activation_forward(A1, W2, b2, "sigmoid")
        cost = deep_nn.compute_cost(A2, Y)
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = deep_nn.linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = deep_nn.linear_activation_backward(dA1, cache1, "relu")
        parameters = deep_nn.update_parameters(parameters, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2},
                                               learning_rate)
        if i % 100 == 0:
            costs.append(cost)
    return parameters, costs


def _L_layer_with(initialize):
    def train(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        parameters = initialize(layers_dims)
        costs = []
        for i in range(num_iterations):
            AL, caches = deep_nn.L_model_forward(X, parameters)
            cost = deep_nn.compute_cost(AL, Y)
            parameters = deep_nn.update_parameters(parameters, deep_nn.L_model_backward(AL, Y, caches), learning_rate)
            if i % 100 == 0:
                costs.append(cost)
        return parameters, costs
    return train


STALE_WEIGHTS_HINT = ("After `update_parameters`, read W1, b1, W2 and b2 back from the new `parameters` dict: "
                      "otherwise the next iteration still uses the old weights.")
SMALL_INIT_HINT = ("Initialize with `initialize_parameters_deep_scaled(layers_dims)` (also called "
                   "`initialize_parameters_deep` in this notebook), the initializer of this notebook (weights divided "
                   "by the square root of the layer's number of inputs), not with notebook 4's (weights times 0.01).")
LEARNING_RATE_HINT = "Pass the `learning_rate` argument to `update_parameters`, not a fixed number."
ITERATIONS_HINT = "Loop `num_iterations` times, the argument, not a fixed number of times."
RECORD_HINT = "Record the cost when `i % 100 == 0`, starting with iteration 0, before the parameters are updated."


def _fixed_learning_rate(model):
    def train(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        return model(X, Y, layers_dims, 0.0075, num_iterations)
    return train


def _after_update_cost(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """``L_layer_model`` that records the cost of the updated parameters."""
    parameters = initialize_parameters_deep_scaled(layers_dims)
    costs = []
    for i in range(num_iterations):
        AL, caches = deep_nn.L_model_forward(X, parameters)
        parameters = deep_nn.update_parameters(parameters, deep_nn.L_model_backward(AL, Y, caches), learning_rate)
        if i % 100 == 0:
            costs.append(deep_nn.compute_cost(deep_nn.L_model_forward(X, parameters)[0], Y))
    return parameters, costs


EXERCISES = {
    "two_layer_model": Exercise(
        "two_layer_model", ref.two_layer_model, _two_layer_public, _two_layer_hidden,
        edge_cases=_two_layer_edges,
        mistakes=[
            Mistake(STALE_WEIGHTS_HINT, _two_layer_stale_weights),
            Mistake(LEARNING_RATE_HINT, _fixed_learning_rate(ref.two_layer_model)),
        ],
    ),
    "L_layer_model": Exercise(
        "L_layer_model", ref.L_layer_model, _L_layer_public, _L_layer_hidden,
        edge_cases=_L_layer_edges,
        mistakes=[
            Mistake(SMALL_INIT_HINT, _L_layer_with(deep_nn.initialize_parameters_deep)),
            Mistake(LEARNING_RATE_HINT, _fixed_learning_rate(ref.L_layer_model)),
            Mistake(RECORD_HINT, _after_update_cost),
        ],
    ),
}
