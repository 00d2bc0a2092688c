"""Exercises of notebook 3, planar data classification with one hidden layer.

Public cases are the ones a student sees in the notebook; hidden cases are
drawn from the grader's random generator when a submission is graded. They
are kept small (a few features, units and examples, at most 20 training
iterations) so that grading stays fast. Some cases are built to expose
mistakes that the notebook's own examples would hide:

- the caches given to ``backward_propagation`` hold an ``A1`` that is *not*
  ``tanh(Z1)``, so only the ``1 - A1 ** 2`` form of tanh' passes;
- some networks have several output units (``n_y > 1``), where multiplying
  ``W2.T`` and ``dZ2`` elementwise fails instead of broadcasting to the
  matrix product;
- ``update_parameters`` gets varied learning rates, and ``nn_model`` hidden
  sizes other than 4.

The random networks have at least 2 input features and 2 hidden units, and
more examples than units. The edges the docstrings allow are in the edge
cases, drawn after the hidden cases on every grading: one hidden unit (the
layer just before the output), several output units wherever the docstring
allows them (``layer_sizes``, ``initialize_parameters``,
``forward_propagation``, ``backward_propagation``, ``update_parameters``,
``nn_model``; as in notebook 4's ``L_model_forward``), one example, one
feature. A squeezed gradient or an output reshaped to one row then always
fails, instead of passing when the drawn sizes happen to hide it.
"""

import numpy as np

from utils import planar as ref
from utils.checks import Case
from utils.exercises import Exercise, Mistake, edge_label
from utils.exercises.initializers import two_layer_initializer_mistakes

# ---------------------------------------------------------------------------
# Inputs


def _sizes(rng, max_y=1):
    """(n_x, n_h, n_y, m) of a small network and dataset: no layer of one unit but the output, m larger than each."""
    n_x = int(rng.integers(2, 6))
    n_h = int(rng.integers(2, 7))
    n_y = int(rng.integers(1, max_y + 1))
    m = int(rng.integers(7, 21))
    return n_x, n_h, n_y, m


def _parameters(rng, n_x, n_h, n_y, scale=1.0):
    return {
        "W1": rng.normal(0, scale, (n_h, n_x)),
        "b1": rng.normal(0, scale, (n_h, 1)),
        "W2": rng.normal(0, scale, (n_y, n_h)),
        "b2": rng.normal(0, scale, (n_y, 1)),
    }


def _gradients(rng, parameters):
    return {"d" + name: rng.normal(0, 1, value.shape) for name, value in parameters.items()}


def _labels(rng, n_y, m, dtype=float):
    return rng.integers(0, 2, (n_y, m)).astype(dtype)


def _made_up_cache(rng, n_h, n_y, m):
    """A cache whose activations are NOT the activations of its Z's.

    A correct backward pass only reads A1 and A2, so it cannot tell; a pass
    that recomputes tanh(Z1) gives other numbers.
    """
    return {
        "Z1": rng.normal(0, 1, (n_h, m)),
        "A1": rng.uniform(-0.95, 0.95, (n_h, m)),
        "Z2": rng.normal(0, 1, (n_y, m)),
        "A2": rng.uniform(0.05, 0.95, (n_y, m)),
    }


def _network_label(n_x, n_h, n_y, m):
    return f"n_x={n_x}, n_h={n_h}, n_y={n_y}, m={m}"


# ---------------------------------------------------------------------------
# Cases


def _layer_sizes_public():
    return [Case((np.zeros((5, 3)), np.zeros((2, 3))), label="X of shape (5, 3), Y of shape (2, 3)")]


def _layer_sizes_hidden(rng):
    cases = []
    for n_y in (1, int(rng.integers(2, 4))):
        _, _, _, m = _sizes(rng)
        n_x = int(rng.choice([n for n in range(1, 6) if n != n_y]))  # n_x != n_y exposes swapped sizes
        cases.append(Case((rng.normal(0, 1, (n_x, m)), _labels(rng, n_y, m)),
                          label=f"X of shape ({n_x}, {m}), Y of shape ({n_y}, {m})"))
    return cases


def _initialize_public():
    return [Case((2, 4, 1)), Case((3, 2, 2))]


def _initialize_hidden(rng):
    return [Case(tuple(int(n) for n in (rng.integers(1, 6), rng.integers(1, 7), rng.integers(1, 4))))
            for _ in range(3)]


def _forward_public():
    rng = np.random.default_rng(1)
    return [Case((rng.normal(0, 1, (2, 3)), _parameters(rng, 2, 4, 1)), label=_network_label(2, 4, 1, 3))]


def _forward_hidden(rng):
    cases = []
    for _ in range(3):
        n_x, n_h, n_y, m = _sizes(rng)
        cases.append(Case((rng.normal(0, 1, (n_x, m)), _parameters(rng, n_x, n_h, n_y)),
                          label=_network_label(n_x, n_h, n_y, m)))
    return cases


def _cost_public():
    return [Case((np.array([[0.5, 0.9, 0.2, 0.7]]), np.array([[1, 1, 0, 0]])))]


def _cost_hidden(rng):
    cases = []
    for dtype in (float, float, np.uint8):
        m = int(rng.integers(3, 21))
        cases.append(Case((rng.uniform(0.02, 0.98, (1, m)), _labels(rng, 1, m, dtype))))
    return cases


def _backward_public():
    rng = np.random.default_rng(2)
    n_x, n_h, n_y, m = 2, 4, 1, 3
    return [Case((_parameters(rng, n_x, n_h, n_y), _made_up_cache(rng, n_h, n_y, m),
                  rng.normal(0, 1, (n_x, m)), _labels(rng, n_y, m)),
                 label=_network_label(n_x, n_h, n_y, m) + "; a made-up cache: read A1 and A2 from it")]


def _backward_hidden(rng):
    cases = []
    for n_y in (1, 1, 2, 3):
        n_x, n_h, _, m = _sizes(rng)
        cases.append(Case((_parameters(rng, n_x, n_h, n_y), _made_up_cache(rng, n_h, n_y, m),
                           rng.normal(0, 1, (n_x, m)), _labels(rng, n_y, m)),
                          label=_network_label(n_x, n_h, n_y, m) + "; a made-up cache"))
    return cases


def _update_public():
    rng = np.random.default_rng(3)
    parameters = _parameters(rng, 2, 4, 1)
    grads = _gradients(rng, parameters)
    return [Case((parameters, grads), label="n_x=2, n_h=4, n_y=1, default learning rate"),
            Case((parameters, grads), {"learning_rate": 0.5}, label="n_x=2, n_h=4, n_y=1, learning_rate=0.5")]


def _update_hidden(rng):
    cases = []
    for i in range(4):
        n_x, n_h, n_y, _ = _sizes(rng)
        parameters = _parameters(rng, n_x, n_h, n_y)
        grads = _gradients(rng, parameters)
        if i == 0:
            cases.append(Case((parameters, grads), label=f"n_x={n_x}, n_h={n_h}, n_y={n_y}, default learning rate"))
        else:
            rate = round(float(rng.uniform(0.01, 2.0)), 3)
            cases.append(Case((parameters, grads), {"learning_rate": rate},
                              label=f"n_x={n_x}, n_h={n_h}, n_y={n_y}, learning_rate={rate}"))
    return cases


def _nn_model_public():
    rng = np.random.default_rng(4)
    X = rng.normal(0, 1, (2, 5))
    Y = np.array([[0, 1, 1, 0, 1]], dtype=np.uint8)
    return [Case((X, Y, 4), {"num_iterations": 10}, label="X of shape (2, 5), n_h=4, num_iterations=10")]


def _nn_model_hidden(rng):
    cases = []
    for n_h, print_cost in ((int(rng.integers(1, 4)), False), (int(rng.integers(5, 7)), False), (4, True)):
        n_x, _, _, m = _sizes(rng)
        iterations = int(rng.integers(5, 21))
        cases.append(Case((rng.normal(0, 1, (n_x, m)), _labels(rng, 1, m, np.uint8), n_h),
                          {"num_iterations": iterations, "print_cost": print_cost},
                          label=f"X of shape ({n_x}, {m}), n_h={n_h}, num_iterations={iterations}, print_cost={print_cost}"))
    return cases


def _predict_public():
    rng = np.random.default_rng(5)
    return [Case((_parameters(rng, 2, 4, 1), rng.normal(0, 1, (2, 6))), label=_network_label(2, 4, 1, 6))]


def _predict_hidden(rng):
    cases = []
    for _ in range(3):
        n_x, n_h, _, m = _sizes(rng)
        cases.append(Case((_parameters(rng, n_x, n_h, 1, scale=2.0), rng.normal(0, 1, (n_x, m))),
                          label=_network_label(n_x, n_h, 1, m)))
    return cases


# ---------------------------------------------------------------------------
# Edge cases


def _edge_networks(rng, several_outputs=True):
    """``(n_x, n_h, n_y, m, what)`` of two edge networks, ``what`` saying what is at the edge.

    One hidden unit (the layer just before the output), with 2 or 3 output
    units when ``several_outputs``; and one example with one feature.
    """
    n_x, n_h, _, m = _sizes(rng)
    n_y = int(rng.integers(2, 4)) if several_outputs else 1
    return [(n_x, 1, n_y, m, "one hidden unit" + (f" and {n_y} output units" if several_outputs else "")),
            (1, n_h, 1, 1, "one example with one feature")]


def _layer_sizes_edges(rng):
    n_x, n_y = int(rng.integers(2, 6)), int(rng.integers(2, 4))
    return [Case((rng.normal(0, 1, (n_x, 1)), _labels(rng, n_y, 1)),
                 label=edge_label(f"one example (m = 1): X of shape ({n_x}, 1), Y of shape ({n_y}, 1)"))]


def _initialize_edges(rng):
    n_x, n_y = int(rng.integers(2, 6)), int(rng.integers(2, 4))
    return [Case((n_x, 1, n_y),
                 label=edge_label(f"one hidden unit and {n_y} output units: n_x={n_x}, n_h=1, n_y={n_y}"))]


def _forward_edges(rng):
    return [Case((rng.normal(0, 1, (n_x, m)), _parameters(rng, n_x, n_h, n_y)),
                 label=edge_label(f"{what}: {_network_label(n_x, n_h, n_y, m)}"))
            for n_x, n_h, n_y, m, what in _edge_networks(rng)]


def _cost_edges(rng):
    return [Case((rng.uniform(0.02, 0.98, (1, 1)), _labels(rng, 1, 1, int)),
                 label=edge_label("one example (m = 1), an integer label"))]


def _backward_edges(rng):
    return [Case((_parameters(rng, n_x, n_h, n_y), _made_up_cache(rng, n_h, n_y, m),
                  rng.normal(0, 1, (n_x, m)), _labels(rng, n_y, m)),
                 label=edge_label(f"{what}: {_network_label(n_x, n_h, n_y, m)}; a made-up cache"))
            for n_x, n_h, n_y, m, what in _edge_networks(rng)]


def _update_edges(rng):
    cases = []
    for n_x, n_h, n_y, _, what in _edge_networks(rng):
        parameters = _parameters(rng, n_x, n_h, n_y)
        rate = round(float(rng.uniform(0.01, 2.0)), 3)
        cases.append(Case((parameters, _gradients(rng, parameters)), {"learning_rate": rate},
                          label=edge_label(f"{what}: n_x={n_x}, n_h={n_h}, n_y={n_y}, learning_rate={rate}")))
    return cases


def _nn_model_edges(rng):
    cases = []
    for n_x, n_h, n_y, m, what in _edge_networks(rng):
        iterations = int(rng.integers(5, 21))
        cases.append(Case((rng.normal(0, 1, (n_x, m)), _labels(rng, n_y, m, np.uint8), n_h),
                          {"num_iterations": iterations},
                          label=edge_label(f"{what}: X of shape ({n_x}, {m}), Y of shape ({n_y}, {m}), n_h={n_h}, "
                                      f"num_iterations={iterations}")))
    return cases


def _predict_edges(rng):
    return [Case((_parameters(rng, n_x, n_h, n_y, scale=2.0), rng.normal(0, 1, (n_x, m))),
                 label=edge_label(f"{what}: {_network_label(n_x, n_h, n_y, m)}"))
            for n_x, n_h, n_y, m, what in _edge_networks(rng, several_outputs=False)]


# ---------------------------------------------------------------------------
# Wrong implementations behind the hints


def _forward_with(hidden=np.tanh, output=lambda z: 1 / (1 + np.exp(-z)), z2_from_z1=False):
    def forward(X, parameters):
        Z1 = parameters["W1"] @ X + parameters["b1"]
        A1 = hidden(Z1)
        Z2 = parameters["W2"] @ (Z1 if z2_from_z1 else A1) + parameters["b2"]
        A2 = output(Z2)
        return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return forward


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _backward_with(tanh_prime=lambda cache: 1 - cache["A1"] ** 2, keep1=True, keep2=True, divide=True):
    def backward(parameters, cache, X, Y):
        m = X.shape[1] if divide else 1
        dZ2 = cache["A2"] - Y
        dZ1 = parameters["W2"].T @ dZ2 * tanh_prime(cache)
        return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=keep1) / m,
                "dW2": dZ2 @ cache["A1"].T / m, "db2": np.sum(dZ2, axis=1, keepdims=keep2) / m}
    return backward


def _update_with_fixed_rate(parameters, grads, learning_rate=1.2):
    if learning_rate == 1.2:
        raise ValueError("indistinguishable from the reference")  # so the hint is not shown
    return ref.update_parameters(parameters, grads)


def _update_in_place(parameters, grads, learning_rate=1.2):
    for name in parameters:
        parameters[name] -= learning_rate * grads["d" + name]
    return parameters


def _nn_model_with(n_h=None, extra_iterations=0, update=True):
    def model(X, Y, hidden, num_iterations=10000, print_cost=False):
        n_x, _, n_y = ref.layer_sizes(X, Y)
        parameters = ref.initialize_parameters(n_x, hidden if n_h is None else n_h, n_y)
        for _ in range(num_iterations + extra_iterations):
            _, cache = ref.forward_propagation(X, parameters)
            grads = ref.backward_propagation(parameters, cache, X, Y)
            if update:
                parameters = ref.update_parameters(parameters, grads)
        return parameters
    return model


PLACEHOLDER_LEFT = Mistake(
    error_contains="NoneType",
    hint="A value is still None: replace every `= None` placeholder between the START and END markers with your code.",
)

SEED_HINT = ("initialize_parameters sets np.random.seed(2) before your code; do not set another seed, "
             "and draw W1 first, then W2, each with one call of np.random.randn.")

EXERCISES = {
    exercise.name: exercise
    for exercise in [
        Exercise(
            name="layer_sizes",
            reference=ref.layer_sizes,
            public_cases=_layer_sizes_public,
            hidden_cases=_layer_sizes_hidden,
            edge_cases=_layer_sizes_edges,
            mistakes=[
                Mistake("n_x is the number of rows of X (X.shape[0]); X.shape[1] is the number of examples m.",
                        lambda X, Y: (X.shape[1], 4, Y.shape[0])),
                Mistake("n_y is the number of rows of Y (Y.shape[0]); Y.shape[1] is the number of examples m.",
                        lambda X, Y: (X.shape[0], 4, Y.shape[1])),
                Mistake("Read n_y from the shape of Y rather than writing 1: some networks have several outputs.",
                        lambda X, Y: (X.shape[0], 4, 1)),
                Mistake("The function returns the tuple (n_x, n_h, n_y), in that order.",
                        lambda X, Y: (Y.shape[0], 4, X.shape[0])),
            ],
        ),
        Exercise(
            name="initialize_parameters",
            reference=ref.initialize_parameters,
            public_cases=_initialize_public,
            hidden_cases=_initialize_hidden,
            edge_cases=_initialize_edges,
            mistakes=[
                *two_layer_initializer_mistakes(2, SEED_HINT),
            ],
        ),
        Exercise(
            name="forward_propagation",
            reference=ref.forward_propagation,
            public_cases=_forward_public,
            hidden_cases=_forward_hidden,
            edge_cases=_forward_edges,
            mistakes=[
                Mistake("The hidden layer uses tanh (np.tanh); only the output layer uses the sigmoid.",
                        _forward_with(hidden=_sigmoid)),
                Mistake("The output layer uses the sigmoid, 1 / (1 + np.exp(-Z2)), so that A2 is a probability.",
                        _forward_with(output=np.tanh)),
                Mistake("Z2 is computed from the activations A1 = np.tanh(Z1), not from Z1.",
                        _forward_with(z2_from_z1=True)),
                Mistake("Mind the sign in the sigmoid: 1 / (1 + np.exp(-Z2)).",
                        _forward_with(output=lambda z: 1 / (1 + np.exp(z)))),
                Mistake("Add the biases: Z1 = W1 X + b1 and Z2 = W2 A1 + b2.",
                        lambda X, p: _forward_with()(X, {**p, "b1": 0 * p["b1"], "b2": 0 * p["b2"]})),
            ],
        ),
        Exercise(
            name="compute_cost",
            reference=ref.compute_cost,
            public_cases=_cost_public,
            hidden_cases=_cost_hidden,
            edge_cases=_cost_edges,
            mistakes=[
                PLACEHOLDER_LEFT,
                Mistake("Mind the minus sign: the cost is -(1/m) times the sum, so it is positive.",
                        lambda A2, Y: float(np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / Y.shape[1])),
                Mistake("Divide the sum by the number of examples m: the cost is an average.",
                        lambda A2, Y: float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))),
                Mistake("The cost has two terms: Y * log(A2) for the examples labelled 1 and "
                        "(1 - Y) * log(1 - A2) for those labelled 0.",
                        lambda A2, Y: float(-np.sum(Y * np.log(A2)) / Y.shape[1])),
            ],
        ),
        Exercise(
            name="backward_propagation",
            reference=ref.backward_propagation,
            public_cases=_backward_public,
            hidden_cases=_backward_hidden,
            edge_cases=_backward_edges,
            mistakes=[
                Mistake("Compute the derivative of tanh from the activations in the cache, 1 - np.power(A1, 2). "
                        "These tests give a made-up cache, so recomputing tanh(Z1) gives other numbers.",
                        _backward_with(tanh_prime=lambda cache: 1 - np.tanh(cache["Z1"]) ** 2)),
                Mistake("The derivative of tanh is 1 - A1 squared: 1 - np.power(A1, 2).",
                        _backward_with(tanh_prime=lambda cache: 1 - cache["A1"])),
                Mistake("If you multiplied W2.T and dZ2 elementwise (* or np.multiply): that product is a matrix "
                        "product, np.dot(W2.T, dZ2). With one output unit broadcasting hides the difference; "
                        "with several, the shapes do not even match.",
                        error_contains="operands could not be broadcast together"),
                *[Mistake("Keep the bias gradients as columns: np.sum(dZ, axis=1, keepdims=True).",
                          _backward_with(keep1=keep1, keep2=keep2))
                  for keep1, keep2 in ((False, False), (False, True), (True, False))],
                Mistake("Every gradient is an average over the examples: divide by m = X.shape[1].",
                        _backward_with(divide=False)),
            ],
        ),
        Exercise(
            name="update_parameters",
            reference=ref.update_parameters,
            public_cases=_update_public,
            hidden_cases=_update_hidden,
            edge_cases=_update_edges,
            mistakes=[
                Mistake("Use the learning_rate argument, not a fixed number: it is not always 1.2.",
                        _update_with_fixed_rate),
                Mistake("Gradient descent moves against the gradient: subtract learning_rate * gradient.",
                        lambda parameters, grads, learning_rate=1.2:
                            ref.update_parameters(parameters, grads, -learning_rate)),
                Mistake("Return new arrays in a new dict: `W1 = parameters['W1'] - learning_rate * grads['dW1']` "
                        "rather than `-=` or assigning into the caller's dict, which change the caller's parameters.",
                        _update_in_place),
            ],
        ),
        Exercise(
            name="nn_model",
            reference=ref.nn_model,
            public_cases=_nn_model_public,
            hidden_cases=_nn_model_hidden,
            edge_cases=_nn_model_edges,
            uses=("layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost",
                  "backward_propagation", "update_parameters"),
            mistakes=[
                PLACEHOLDER_LEFT,
                Mistake("Your parameters did not change during training. update_parameters returns the new "
                        "parameters: assign its result, `parameters = update_parameters(parameters, grads)`; "
                        "and give backward_propagation the true labels Y.",
                        _nn_model_with(update=False)),
                Mistake("Take exactly num_iterations steps of gradient descent, one per pass of the loop.",
                        _nn_model_with(extra_iterations=1)),
                Mistake("Take exactly num_iterations steps of gradient descent, one per pass of the loop.",
                        _nn_model_with(extra_iterations=-1)),
            ],
        ),
        Exercise(
            name="predict",
            reference=ref.predict,
            public_cases=_predict_public,
            hidden_cases=_predict_hidden,
            edge_cases=_predict_edges,
            uses=("forward_propagation",),
            mistakes=[
                Mistake("Return the predicted classes (A2 > 0.5), not the probabilities A2.",
                        lambda parameters, X: ref.forward_propagation(X, parameters)[0]),
                Mistake("Predict class 1 where A2 is above 0.5, not below.",
                        lambda parameters, X: ref.forward_propagation(X, parameters)[0] < 0.5),
                Mistake("A2 is a probability, between 0 and 1: compare it with 0.5.",
                        lambda parameters, X: ref.forward_propagation(X, parameters)[0] > 0),
            ],
        ),
    ]
}
