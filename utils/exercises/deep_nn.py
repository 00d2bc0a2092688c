"""Exercises of notebook 4, building a deep neural network step by step.

Public cases are the ones a student sees in the notebook; hidden cases are
drawn from the grader's random generator when a submission is graded: small
random networks (2 to 4 layers of 2 to 6 units and one output unit, at most 8
examples), with layer sizes that differ from one another so that a
transposed matrix shows. The caches given to the backward functions are
those of a real forward pass, with no pre-activation of a ReLU layer close to
0 (in every hidden layer, relative to the layer's largest one), at least one
active unit in every hidden layer, and an output pre-activation of at most 6
in size (the sigmoid does not saturate), so that their gradients can be
compared with centred finite differences: a network that does not qualify is
drawn again.

Edge cases, drawn after the hidden cases on every grading, hold the sizes the
docstrings allow that the hidden cases never draw: one example (m = 1), a
layer of one unit (the input, or the layer just before the output), a single
layer (L = 1), and several output units wherever the docstring allows them
(``initialize_parameters``, ``L_model_forward`` and ``update_parameters``; as
in notebook 3's ``forward_propagation``). ``compute_cost`` and
``L_model_backward`` say AL and Y have shape (1, m), so their edge cases keep
one output unit. A squeezed gradient or a hard-coded output shape then always
fails, instead of passing when the drawn sizes happen to hide it.

Besides the comparison with the reference, the three backward exercises have
**gradient checks** (``Exercise.properties``): each returned gradient is
compared with a finite-difference estimate of the forward computation it
belongs to, worked out in the grader's process (or at build time, for the
public cases) and compared by ``utils.gradient_check.gradient_problems``. The
course's convention decides what each gradient is a derivative of: ``dW`` and
``db`` are averaged over the m examples, ``dA`` (and ``dA_prev``) are per
example. So with ``S`` the *summed* loss (``m`` times the cost ``J``),
``dA{l} = dS/dA^[l]`` while ``dW{l} = dJ/dW{l}`` and ``db{l} = dJ/db{l}``.
"""

import numpy as np

from utils import deep_nn as ref
from utils.activations import relu, sigmoid
from utils.checks import Case
from utils.exercises import Exercise, Mistake, Property, edge_label
from utils.exercises.initializers import two_layer_initializer_mistakes
from utils.gradient_check import numerical_gradient

# No ReLU pre-activation of a case, in any hidden layer, is closer to 0 than this (times the largest
# pre-activation of its layer, when that is above 1), so the finite differences never cross a kink: a step
# moves a pre-activation by about 1e-5 at most.
KINK_MARGIN = 1e-3
# No output pre-activation ZL of a network is larger than this in size, so the sigmoid does not saturate:
# with AL within 0.0025 of 0 or 1, rounding in log(AL) or log(1 - AL) would make the finite difference of
# the cost wrong by about 5e-11 * exp(|ZL|) (0.9 for the ZL = 23 of a seed that failed correct code).
SATURATION_BOUND = 6.0
ACTIVATIONS = {"sigmoid": sigmoid, "relu": relu}


# ---------------------------------------------------------------------------
# Inputs


def _dims(rng, n_layers):
    """Layer sizes [n_0, ..., n_L]: 2 to 6 units per layer and one output unit (one-unit layers are edge cases)."""
    return [int(n) for n in rng.integers(2, 7, n_layers)] + [1]


def _parameters(rng, dims):
    """Weights of moderate size (so the sigmoid does not saturate) and non-zero biases."""
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.normal(0, 1.5 / np.sqrt(dims[l - 1]), (dims[l], dims[l - 1]))
        parameters[f"b{l}"] = rng.normal(0, 0.5, (dims[l], 1))
    return parameters


def _far_from_kinks(Z):
    """True when no entry of the ReLU pre-activation ``Z`` is near 0, relative to the size of ``Z``."""
    size = np.abs(Z)
    return size.size == 0 or size.min() > KINK_MARGIN * max(1.0, float(size.max()))


def _fit_for_finite_differences(caches):
    """True when every hidden layer's Z is far from the ReLU kink and the output's Z does not saturate the sigmoid."""
    return (all(_far_from_kinks(cache[1]) for cache in caches[:-1])
            and np.abs(caches[-1][1]).max() <= SATURATION_BOUND)


def _every_hidden_layer_active(caches):
    """True when every ReLU layer has a unit active on some example: behind a dead layer every gradient is 0."""
    return all((cache[1] > 0).any() for cache in caches[:-1])


def _network(rng, dims, m):
    """X, parameters, Y, AL and caches of a forward pass through a random network of sizes ``dims``."""
    while True:
        X = rng.normal(0, 1, (dims[0], m))
        parameters = _parameters(rng, dims)
        AL, caches = ref.L_model_forward(X, parameters)
        if _fit_for_finite_differences(caches) and _every_hidden_layer_active(caches):
            Y = rng.integers(0, 2, (1, m)).astype(float)
            return X, parameters, Y, AL, caches


def _layer(rng, n, n_prev, m, activation):
    """Inputs of one layer with its forward cache ``((A_prev, W, b), Z)``; Z is away from 0 for a ReLU."""
    while True:
        A_prev = rng.normal(0, 1, (n_prev, m))
        W = rng.normal(0, 1, (n, n_prev))
        b = rng.normal(0, 1, (n, 1))
        Z = W @ A_prev + b
        if activation == "sigmoid" or _far_from_kinks(Z):
            return A_prev, W, b, Z


def _distinct_sizes(rng, count, low=1, high=7):
    """``count`` different sizes, so that no matrix of a case is square by accident."""
    return [int(n) for n in rng.choice(np.arange(low, high), count, replace=False)]


def _network_label(dims, m):
    return f"layer sizes {dims}, m={m}"


# ---------------------------------------------------------------------------
# Cases


def _initialize_public():
    return [Case((3, 2, 1)), Case((2, 4, 1))]


def _initialize_hidden(rng):
    """One output unit, as in the notebook: several are an edge case."""
    return [Case((*_distinct_sizes(rng, 2, 2, 7), 1)) for _ in range(3)]


def _deep_public():
    return [Case(([5, 4, 3],)), Case(([3, 2, 2, 1],))]


def _deep_hidden(rng):
    cases = []
    for n_layers in (2, 3, 4):
        dims = [int(n) for n in rng.integers(1, 7, n_layers + 1)]
        dims[:2] = _distinct_sizes(rng, 2)
        cases.append(Case((dims,)))
    return cases


def _linear_public():
    rng = np.random.default_rng(1)
    A, W, b, _ = _layer(rng, 1, 3, 2, "sigmoid")
    return [Case((A, W, b), label="A of shape (3, 2), W of shape (1, 3), b of shape (1, 1)")]


def _linear_hidden(rng):
    cases = []
    for _ in range(3):
        n, n_prev, m = _distinct_sizes(rng, 3, 2, 9)
        A, W, b, _ = _layer(rng, n, n_prev, m, "sigmoid")
        cases.append(Case((A, W, b), label=f"A of shape {A.shape}, W of shape {W.shape}, b of shape {b.shape}"))
    return cases


def _activation_forward_public():
    rng = np.random.default_rng(2)
    A_prev, W, b, _ = _layer(rng, 1, 3, 2, "relu")
    return [Case((A_prev, W, b, activation), label=f"A_prev of shape (3, 2), W of shape (1, 3), {activation!r}")
            for activation in ("sigmoid", "relu")]


def _activation_forward_hidden(rng):
    cases = []
    for activation in ("sigmoid", "relu", "relu", "sigmoid"):
        n, n_prev, m = _distinct_sizes(rng, 3, 2, 9)
        A_prev, W, b, _ = _layer(rng, n, n_prev, m, activation)
        cases.append(Case((A_prev, W, b, activation),
                          label=f"A_prev of shape {A_prev.shape}, W of shape {W.shape}, {activation!r}"))
    return cases


def _L_forward_public():
    rng = np.random.default_rng(3)
    dims, m = [5, 4, 3, 1], 4
    X, parameters, *_ = _network(rng, dims, m)
    return [Case((X, parameters), label=_network_label(dims, m))]


def _L_forward_hidden(rng):
    cases = []
    for n_layers in (2, 3, 4):
        dims, m = _dims(rng, n_layers), int(rng.integers(2, 9))
        X, parameters, *_ = _network(rng, dims, m)
        cases.append(Case((X, parameters), label=_network_label(dims, m)))
    return cases


def _cost_public():
    return [Case((np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 1]]))),
            Case((np.array([[0.8, 0.1, 0.6]]), np.array([[1, 0, 0]])))]


def _cost_hidden(rng):
    cases = []
    for dtype in (float, float, np.int64):
        m = int(rng.integers(3, 9))
        Y = rng.integers(0, 2, (1, m)).astype(dtype)
        Y[0, :2] = (0, 1)  # both classes, so that each term of the cost counts
        cases.append(Case((rng.uniform(0.02, 0.98, (1, m)), Y)))
    return cases


def _linear_backward_public():
    rng = np.random.default_rng(4)
    A_prev, W, b, _ = _layer(rng, 3, 5, 4, "sigmoid")
    dZ = rng.normal(0, 1, (3, 4))
    return [Case((dZ, (A_prev, W, b)), label="dZ of shape (3, 4), cache (A_prev, W, b) of shapes (5, 4), (3, 5), (3, 1)")]


def _linear_backward_hidden(rng):
    cases = []
    for _ in range(3):
        n, n_prev, m = _distinct_sizes(rng, 3, 2, 9)
        A_prev, W, b, _ = _layer(rng, n, n_prev, m, "sigmoid")
        dZ = rng.normal(0, 1, (n, m))
        cases.append(Case((dZ, (A_prev, W, b)),
                          label=f"dZ of shape {dZ.shape}, cache (A_prev, W, b) of shapes {A_prev.shape}, {W.shape}, {b.shape}"))
    return cases


def _activation_backward_case(rng, n, n_prev, m, activation):
    A_prev, W, b, Z = _layer(rng, n, n_prev, m, activation)
    dA = rng.normal(0, 1, (n, m))
    return Case((dA, ((A_prev, W, b), Z), activation),
                label=f"dA of shape {dA.shape}, A_prev of shape {A_prev.shape}, {activation!r}")


def _activation_backward_public():
    rng = np.random.default_rng(5)
    return [_activation_backward_case(rng, 1, 3, 2, activation) for activation in ("sigmoid", "relu")]


def _activation_backward_hidden(rng):
    return [_activation_backward_case(rng, *_distinct_sizes(rng, 3, 2, 9), activation)
            for activation in ("relu", "sigmoid", "relu", "sigmoid")]


def _L_backward_case(rng, dims, m):
    _, _, Y, AL, caches = _network(rng, dims, m)
    return Case((AL, Y, caches), label=_network_label(dims, m) + "; the caches of a forward pass")


def _L_backward_public():
    return [_L_backward_case(np.random.default_rng(6), [4, 3, 1], 2)]


def _L_backward_hidden(rng):
    cases = []
    for n_layers in (2, 3, 4):
        cases.append(_L_backward_case(rng, _dims(rng, n_layers), int(rng.integers(3, 9))))
    return cases


def _gradients_of(rng, parameters, m):
    """Gradients shaped like those of ``L_model_backward``, with the dA keys ``update_parameters`` ignores."""
    L = len(parameters) // 2
    grads = {f"d{name}": rng.normal(0, 1, value.shape) for name, value in parameters.items()}
    for l in range(L):
        n = parameters[f"W{l + 1}"].shape[1]
        grads[f"dA{l}"] = rng.normal(0, 1, (n, m))
    return grads


def _update_public():
    rng = np.random.default_rng(7)
    parameters = _parameters(rng, [4, 3, 1])
    return [Case((parameters, _gradients_of(rng, parameters, 2), 0.1), label="layer sizes [4, 3, 1], learning_rate=0.1")]


def _update_hidden(rng):
    cases = []
    for n_layers in (2, 3, 4):
        dims = _dims(rng, n_layers)
        parameters = _parameters(rng, dims)
        rate = round(float(rng.uniform(0.01, 2.0)), 3)
        cases.append(Case((parameters, _gradients_of(rng, parameters, 3), rate),
                          label=f"layer sizes {dims}, learning_rate={rate}"))
    return cases


# ---------------------------------------------------------------------------
# Edge cases


def _initialize_edges(rng):
    n_x, n_y = int(rng.integers(2, 7)), int(rng.integers(2, 4))
    return [Case((n_x, 1, n_y), label=edge_label(f"one hidden unit and {n_y} output units: ({n_x}, 1, {n_y})"))]


def _deep_edges(rng):
    n_x, n, n_L = int(rng.integers(2, 7)), int(rng.integers(2, 7)), int(rng.integers(2, 4))
    return [Case(([n_x, n],), label=edge_label(f"a single layer (L = 1): layer_dims [{n_x}, {n}]")),
            Case(([n_x, 1, n_L],),
                 label=edge_label(f"a layer of one unit before {n_L} output units: layer_dims [{n_x}, 1, {n_L}]"))]


def _layer_edge_sizes(rng):
    """``(n, n_prev, m, what)`` of two edge layers: one example, and one input unit."""
    n, n_prev, m = _distinct_sizes(rng, 3, 2, 9)
    return [(n, n_prev, 1, "one example (m = 1)"), (n, 1, m, "one input unit (n_prev = 1)")]


def _linear_edges(rng):
    cases = []
    for n, n_prev, m, what in _layer_edge_sizes(rng):
        A, W, b, _ = _layer(rng, n, n_prev, m, "sigmoid")
        cases.append(Case((A, W, b), label=edge_label(f"{what}: A of shape {A.shape}, W of shape {W.shape}")))
    return cases


def _activation_forward_edges(rng):
    cases = []
    for (n, n_prev, m, what), activation in zip(_layer_edge_sizes(rng), ("relu", "sigmoid")):
        A_prev, W, b, _ = _layer(rng, n, n_prev, m, activation)
        cases.append(Case((A_prev, W, b, activation),
                          label=edge_label(f"{what}: A_prev of shape {A_prev.shape}, W of shape {W.shape}, "
                                           f"{activation!r}")))
    return cases


def _L_forward_edges(rng):
    n_x, n = _distinct_sizes(rng, 2, 2, 7)
    n_L = int(rng.integers(2, 4))
    cases = []
    for dims, m, what in (([n_x, n, 1, n_L], int(rng.integers(2, 9)), f"a layer of one unit before {n_L} output units"),
                          ([n_x, 1], 1, "one example through a single layer (L = 1)")):
        X, parameters, *_ = _network(rng, dims, m)
        cases.append(Case((X, parameters), label=edge_label(f"{what}: {_network_label(dims, m)}")))
    return cases


def _cost_edges(rng):
    Y = rng.integers(0, 2, (1, 1))
    return [Case((rng.uniform(0.02, 0.98, (1, 1)), Y),
                 label=edge_label(f"one example (m = 1), the integer label {int(Y[0, 0])}"))]


def _linear_backward_edges(rng):
    cases = []
    for n, n_prev, m, what in _layer_edge_sizes(rng):
        A_prev, W, b, _ = _layer(rng, n, n_prev, m, "sigmoid")
        dZ = rng.normal(0, 1, (n, m))
        cases.append(Case((dZ, (A_prev, W, b)),
                          label=edge_label(f"{what}: dZ of shape {dZ.shape}, A_prev of shape {A_prev.shape}")))
    return cases


def _activation_backward_edges(rng):
    cases = []
    for (n, n_prev, m, what), activation in zip(_layer_edge_sizes(rng), ("relu", "sigmoid")):
        case = _activation_backward_case(rng, n, n_prev, m, activation)
        cases.append(Case(case.args, label=edge_label(f"{what}: {case.label}")))
    return cases


def _L_backward_edges(rng):
    n_x, n = _distinct_sizes(rng, 2, 2, 7)
    cases = []
    for dims, m, what in (([n_x, n, 1, 1], int(rng.integers(2, 9)), "a layer of one unit before the output"),
                          ([n_x, n, 1], 1, "one example (m = 1)"),
                          ([1, 1], int(rng.integers(2, 9)), "one input feature and a single layer (L = 1)")):
        AL, Y, caches = _L_backward_case(rng, dims, m).args
        # integer labels, as notebook 5's L_layer_model passes them
        label = f"{what}: {_network_label(dims, m)}, integer labels; the caches of a forward pass"
        cases.append(Case((AL, Y.astype(int), caches), label=edge_label(label)))
    return cases


def _update_edges(rng):
    n, n_L = int(rng.integers(2, 7)), int(rng.integers(2, 4))
    cases = []
    for dims, what in (([1, n, n_L], f"one input feature and {n_L} output units"),
                       ([n, 1, 1], "a layer of one unit before the output")):
        parameters = _parameters(rng, dims)
        rate = round(float(rng.uniform(0.01, 2.0)), 3)
        cases.append(Case((parameters, _gradients_of(rng, parameters, 3), rate),
                          label=edge_label(f"{what}: layer sizes {dims}, learning_rate={rate}")))
    return cases


# ---------------------------------------------------------------------------
# Gradient checks


def _layer_gradients(upstream, A_prev, W, b, activation):
    """Finite-difference ``dA_prev``, ``dW``, ``db`` of one layer whose output gets the per-example gradient ``upstream``.

    ``S = sum(upstream * g(W A_prev + b))`` is the summed quantity: dA_prev is
    dS/dA_prev, while dW and db are dS/dW and dS/db divided by m.
    """
    g = ACTIVATIONS.get(activation, lambda Z: (Z, Z))
    m = A_prev.shape[1]

    def summed(A_prev, W, b):
        return np.sum(upstream * g(W @ A_prev + b)[0])

    return {"dA_prev": numerical_gradient(lambda x: summed(x, W, b), A_prev),
            "dW": numerical_gradient(lambda x: summed(A_prev, x, b), W) / m,
            "db": numerical_gradient(lambda x: summed(A_prev, W, x), b) / m}


def measure_linear_backward(case):
    """Finite-difference gradients of ``S = sum(dZ * (W A_prev + b))``, for ``linear_backward``."""
    dZ, (A_prev, W, b) = case.args
    return {"returns": "tuple", "function": "linear_backward",
            "gradients": _layer_gradients(dZ, A_prev, W, b, "linear")}


def measure_linear_activation_backward(case):
    """Finite-difference gradients of ``S = sum(dA * g(W A_prev + b))``, for ``linear_activation_backward``."""
    dA, ((A_prev, W, b), _), activation = case.args
    return {"returns": "tuple", "function": "linear_activation_backward",
            "gradients": _layer_gradients(dA, A_prev, W, b, activation)}


def _summed_loss_from(layer, A, weights, biases, Y):
    """The summed cross-entropy loss of the network, run from ``A = A^[layer]`` to the output."""
    L = len(weights)
    for k in range(layer, L):
        A = ACTIVATIONS["sigmoid" if k == L - 1 else "relu"](weights[k] @ A + biases[k])[0]
    return -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))


def measure_L_model_backward(case):
    """Finite-difference gradients of every key of ``L_model_backward``'s ``grads``.

    ``dW{l}``, ``db{l}`` are gradients of the cost J, and ``dA{l}``
    (l = 0, ..., L-1) those of the summed loss ``m J`` with respect to
    ``A^[l]``, the input of layer l + 1. Keys come in the order the check
    reports them: dA0, ..., dA{L-1}, then dW1, db1, ..., dWL, dbL.
    """
    AL, Y, caches = case.args
    Y = np.reshape(Y, AL.shape)
    inputs = [cache[0][0] for cache in caches]  # A^[0] = X, A^[1], ..., A^[L-1]
    weights = [cache[0][1] for cache in caches]
    biases = [cache[0][2] for cache in caches]
    m = AL.shape[1]
    gradients = {f"dA{l}": numerical_gradient(lambda A, l=l: _summed_loss_from(l, A, weights, biases, Y), inputs[l])
                 for l in range(len(caches))}
    for l in range(1, len(caches) + 1):
        for name, values in (("W", weights), ("b", biases)):

            def cost(x, l=l, name=name):
                changed = [x if k == l - 1 else w for k, w in enumerate(weights if name == "W" else biases)]
                if name == "W":
                    return _summed_loss_from(0, inputs[0], changed, biases, Y) / m
                return _summed_loss_from(0, inputs[0], weights, changed, Y) / m

            gradients[f"d{name}{l}"] = numerical_gradient(cost, values[l - 1])
    return {"returns": "dict", "function": "L_model_backward", "gradients": gradients}


GRADIENT_CHECK = "utils.gradient_check:gradient_problems"
GRADIENT_CHECKS = {
    "linear_backward": Property(measure_linear_backward, GRADIENT_CHECK),
    "linear_activation_backward": Property(measure_linear_activation_backward, GRADIENT_CHECK),
    "L_model_backward": Property(measure_L_model_backward, GRADIENT_CHECK),
}


# ---------------------------------------------------------------------------
# Wrong implementations behind the hints


def _deep_with(seed=3, scale=0.01, transposed=False, reseed=False, draw=np.random.randn):
    def initialize(layer_dims):
        np.random.seed(seed)
        parameters = {}
        for l in range(1, len(layer_dims)):
            if reseed:
                np.random.seed(seed)
            shape = (layer_dims[l - 1], layer_dims[l]) if transposed else (layer_dims[l], layer_dims[l - 1])
            parameters[f"W{l}"] = draw(*shape) * scale
            parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
        return parameters
    return initialize


def _activation_forward_with(names):
    def forward(A_prev, W, b, activation):
        Z, linear_cache = ref.linear_forward(A_prev, W, b)
        A, activation_cache = ACTIVATIONS[names[activation]](Z)
        return A, (linear_cache, activation_cache)
    return forward


def _L_forward_with(hidden="relu", output="sigmoid"):
    def forward(X, parameters):
        caches, A, L = [], X, len(parameters) // 2
        for l in range(1, L + 1):
            A, cache = ref.linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                                     output if l == L else hidden)
            caches.append(cache)
        return A, caches
    return forward


def _linear_backward_with(divide_dW=True, divide_dA=False, keepdims=True):
    def backward(dZ, cache):
        A_prev, W, _ = cache
        m = A_prev.shape[1]
        dW = dZ @ A_prev.T / (m if divide_dW else 1)
        db = np.sum(dZ, axis=1, keepdims=keepdims) / (m if divide_dW else 1)
        return W.T @ dZ / (m if divide_dA else 1), dW, db
    return backward


def _activation_backward_swapped(dA, cache, activation):
    return ref.linear_activation_backward(dA, cache, {"relu": "sigmoid", "sigmoid": "relu"}[activation])


def _L_backward_with(sign=1.0, old_keys=False, output="sigmoid", hidden="relu", dAL_is_dZ=False):
    def backward(AL, Y, caches):
        L, Y = len(caches), Y.reshape(AL.shape)
        grads = {}
        dA = AL - Y if dAL_is_dZ else -sign * (Y / AL - (1 - Y) / (1 - AL))
        for l in range(L, 0, -1):
            dA, dW, db = ref.linear_activation_backward(dA, caches[l - 1], output if l == L else hidden)
            grads[f"dA{l if old_keys else l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA, dW, db
        return grads
    return backward


def _update_in_place(params, grads, learning_rate):
    for l in range(1, len(params) // 2 + 1):
        params[f"W{l}"] -= learning_rate * grads[f"dW{l}"]
        params[f"b{l}"] -= learning_rate * grads[f"db{l}"]
    return params


PLACEHOLDER_LEFT = Mistake(
    error_contains="NoneType",
    hint="A value is still None: replace every `= None` placeholder between the START and END markers with your code.",
)
LAYERS_FROM_ONE = Mistake(
    error_contains="KeyError: 'W0'",
    hint="The layers with parameters are numbered from 1 to L: there is no W0. Loop with range(1, L) "
         "over the hidden layers, then handle layer L.",
)
KEYS_UP_TO_L = Mistake(
    error_contains="KeyError: 'W",
    hint="parameters holds W1, b1, ..., WL, bL with L = len(parameters) // 2: make sure no loop goes past layer L.",
)
SEED_HINT = ("The function sets the seed for you before your code: do not set another one, and draw the "
             "weights in order (layer 1 first), each with one call of np.random.randn.")

EXERCISES = {
    exercise.name: exercise
    for exercise in [
        Exercise(
            name="initialize_parameters",
            reference=ref.initialize_parameters,
            public_cases=_initialize_public,
            hidden_cases=_initialize_hidden,
            edge_cases=_initialize_edges,
            mistakes=[
                *two_layer_initializer_mistakes(1, SEED_HINT),
            ],
        ),
        Exercise(
            name="initialize_parameters_deep",
            reference=ref.initialize_parameters_deep,
            public_cases=_deep_public,
            hidden_cases=_deep_hidden,
            edge_cases=_deep_edges,
            mistakes=[
                Mistake("W{l} has shape (layer_dims[l], layer_dims[l - 1]): as many rows as units in layer l, "
                        "as many columns as in the layer before.", _deep_with(transposed=True)),
                *[Mistake(SEED_HINT, _deep_with(seed=seed)) for seed in (0, 1, 2)],
                Mistake("Set no seed inside the loop: with the seed set again, every layer starts from the same numbers.",
                        _deep_with(reseed=True)),
                Mistake("Scale the random weights by 0.01 so that they start small.", _deep_with(scale=1.0)),
                Mistake("Use np.random.randn (a standard normal distribution), not np.random.rand.",
                        _deep_with(draw=np.random.rand)),
            ],
        ),
        Exercise(
            name="linear_forward",
            reference=ref.linear_forward,
            public_cases=_linear_public,
            hidden_cases=_linear_hidden,
            edge_cases=_linear_edges,
            mistakes=[
                PLACEHOLDER_LEFT,
                Mistake("Add the bias: Z = np.dot(W, A) + b.", lambda A, W, b: (W @ A, (A, W, b))),
                Mistake("Z = np.dot(W, A) + b is a matrix product, with W first: W has shape (n, n_prev) and A "
                        "(n_prev, m), so Z has shape (n, m).", error_contains="shapes"),
                Mistake("Z = np.dot(W, A) + b is a matrix product (np.dot or @), not an elementwise one.",
                        error_contains="could not be broadcast"),
            ],
        ),
        Exercise(
            name="linear_activation_forward",
            reference=ref.linear_activation_forward,
            public_cases=_activation_forward_public,
            hidden_cases=_activation_forward_hidden,
            edge_cases=_activation_forward_edges,
            uses=("linear_forward",),
            mistakes=[
                PLACEHOLDER_LEFT,
                Mistake("Use the activation the argument names: sigmoid(Z) for \"sigmoid\", relu(Z) for \"relu\".",
                        _activation_forward_with({"sigmoid": "relu", "relu": "sigmoid"})),
                Mistake("Use the activation the argument names: relu(Z) for \"relu\", not always sigmoid(Z).",
                        _activation_forward_with({"sigmoid": "sigmoid", "relu": "sigmoid"})),
                Mistake("Use the activation the argument names: sigmoid(Z) for \"sigmoid\", not always relu(Z).",
                        _activation_forward_with({"sigmoid": "relu", "relu": "relu"})),
            ],
        ),
        Exercise(
            name="L_model_forward",
            reference=ref.L_model_forward,
            public_cases=_L_forward_public,
            hidden_cases=_L_forward_hidden,
            edge_cases=_L_forward_edges,
            uses=("linear_activation_forward",),
            mistakes=[
                PLACEHOLDER_LEFT,
                LAYERS_FROM_ONE,
                KEYS_UP_TO_L,
                Mistake("The output layer L uses the sigmoid, so that AL is a probability; only layers 1 to L-1 use ReLU.",
                        _L_forward_with(output="relu")),
                Mistake("The hidden layers 1 to L-1 use ReLU; only the output layer uses the sigmoid.",
                        _L_forward_with(hidden="sigmoid")),
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
                        lambda AL, Y: np.squeeze(np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / Y.shape[1])),
                Mistake("Divide the sum by the number of examples m: the cost is an average.",
                        lambda AL, Y: np.squeeze(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))),
                Mistake("The cost has two terms: Y * log(AL) for the examples labelled 1 and "
                        "(1 - Y) * log(1 - AL) for those labelled 0.",
                        lambda AL, Y: np.squeeze(-np.sum(Y * np.log(AL)) / Y.shape[1])),
            ],
        ),
        Exercise(
            name="linear_backward",
            reference=ref.linear_backward,
            public_cases=_linear_backward_public,
            hidden_cases=_linear_backward_hidden,
            edge_cases=_linear_backward_edges,
            properties=[GRADIENT_CHECKS["linear_backward"]],
            mistakes=[
                PLACEHOLDER_LEFT,
                Mistake("dW and db are averages over the examples: divide them by m.",
                        _linear_backward_with(divide_dW=False)),
                Mistake("dA_prev = np.dot(W.T, dZ) is per example: do not divide it by m (only dW and db are averages).",
                        _linear_backward_with(divide_dA=True)),
                Mistake("Keep db a column: np.sum(dZ, axis=1, keepdims=True) / m.",
                        _linear_backward_with(keepdims=False)),
                Mistake("Check the order and the transposes: dW = np.dot(dZ, A_prev.T) / m has the shape of W, "
                        "and dA_prev = np.dot(W.T, dZ) the shape of A_prev.", error_contains="shapes"),
            ],
        ),
        Exercise(
            name="linear_activation_backward",
            reference=ref.linear_activation_backward,
            public_cases=_activation_backward_public,
            hidden_cases=_activation_backward_hidden,
            edge_cases=_activation_backward_edges,
            uses=("linear_backward",),
            properties=[GRADIENT_CHECKS["linear_activation_backward"]],
            mistakes=[
                PLACEHOLDER_LEFT,
                Mistake("Go back through the activation the argument names: relu_backward for \"relu\", "
                        "sigmoid_backward for \"sigmoid\".", _activation_backward_swapped),
            ],
        ),
        Exercise(
            name="L_model_backward",
            reference=ref.L_model_backward,
            public_cases=_L_backward_public,
            hidden_cases=_L_backward_hidden,
            edge_cases=_L_backward_edges,
            uses=("linear_activation_backward",),
            properties=[GRADIENT_CHECKS["L_model_backward"]],
            mistakes=[
                PLACEHOLDER_LEFT,
                Mistake("Mind the sign of dAL: dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)).",
                        _L_backward_with(sign=-1.0)),
                Mistake("grads['dA' + str(l)] is the gradient with respect to A^[l], the input of layer l + 1: "
                        "the output layer L stores its dA_prev under 'dA' + str(L - 1), and layer 1 under 'dA0'.",
                        _L_backward_with(old_keys=True)),
                Mistake("AL - Y is the gradient with respect to ZL, not AL: start from "
                        "dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)) and go back through the sigmoid.",
                        _L_backward_with(dAL_is_dZ=True)),
                Mistake("The output layer uses the sigmoid and the hidden layers ReLU: pass the matching "
                        "activation to linear_activation_backward.", _L_backward_with(output="relu")),
                Mistake("The output layer uses the sigmoid and the hidden layers ReLU: pass the matching "
                        "activation to linear_activation_backward.", _L_backward_with(hidden="sigmoid")),
            ],
        ),
        Exercise(
            name="update_parameters",
            reference=ref.update_parameters,
            public_cases=_update_public,
            hidden_cases=_update_hidden,
            edge_cases=_update_edges,
            mistakes=[
                Mistake("Gradient descent moves against the gradient: subtract learning_rate * gradient.",
                        lambda params, grads, learning_rate: ref.update_parameters(params, grads, -learning_rate)),
                Mistake("Return new arrays in a new dict: write `parameters['W' + str(l)] = params['W' + str(l)] - ...` "
                        "rather than `-=` on the caller's arrays or assigning into `params`.", _update_in_place),
                Mistake("Update every layer, l = 1, ..., L, and both its W and its b.", error_contains="KeyError"),
            ],
        ),
    ]
}
