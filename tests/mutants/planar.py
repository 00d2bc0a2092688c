"""Mutants of notebook 3, planar classification (see ``tests/mutants/__init__.py``)."""

_PARAMS = 'W1 = parameters["W1"]\nb1 = parameters["b1"]\nW2 = parameters["W2"]\nb2 = parameters["b2"]\n'
_BACKWARD_START = 'W2 = parameters["W2"]\nA1 = cache["A1"]\nA2 = cache["A2"]\ndZ2 = A2 - Y\n'
_BACKWARD_LAYER2 = "dW2 = np.dot(dZ2, A1.T) / m\ndb2 = np.sum(dZ2, axis=1, keepdims=True) / m\n"
_BACKWARD_LAYER1 = "dW1 = np.dot(dZ1, X.T) / m\ndb1 = np.sum(dZ1, axis=1, keepdims=True) / m"
_TANH_PRIME = "dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))\n"
_NN_STEP = "A2, cache = forward_propagation(X, parameters)\ncost = compute_cost(A2, Y)\n"

NO_EDGE_MUTANT = {
    "initialize_parameters": "its shapes are its arguments, and the public case (3, 2, 2) already has two outputs",
    "compute_cost": "a sum over every entry, made a float after the student's lines: one example or integer labels "
                    "(uint8 is a hidden case) hide no shape bug",
}


def _update(rate="learning_rate", sign="-"):
    return "\n".join(f'{p} = parameters["{p}"] {sign} {rate} * grads["d{p}"]' for p in ("W1", "b1", "W2", "b2"))


MUTANTS = {
    "layer_sizes": {
        "buggy": [
            "n_x = X.shape[1]\nn_h = 4\nn_y = Y.shape[0]",  # m instead of the number of features
            "n_x = X.shape[0]\nn_h = 4\nn_y = 1",  # hard-coded output size
            "n_x = X.shape[0]\nn_h = 4\nn_y = Y.shape[1]",  # m instead of the number of outputs
            "n_x = Y.shape[0]\nn_h = 4\nn_y = X.shape[0]",  # swapped
        ],
        "correct": ["n_x, n_h, n_y = len(X), 4, len(Y)", "n_x = np.shape(X)[0]\nn_h = 2 * 2\nn_y = np.shape(Y)[0]"],
        # reads n_y from the squeezed labels, taking a flat vector for one output row: with one example,
        # several output rows are a flat vector too
        "edge": ["n_x = X.shape[0]\nn_h = 4\nlabels = np.squeeze(Y)\nn_y = labels.shape[0] if labels.ndim == 2 else 1"],
    },
    "initialize_parameters": {
        "buggy": [
            # W2 drawn before W1
            ("W2 = np.random.randn(n_y, n_h) * 0.01\nb2 = np.zeros((n_y, 1))\n"
            "W1 = np.random.randn(n_h, n_x) * 0.01\nb1 = np.zeros((n_h, 1))"),
            # another seed
            ("np.random.seed(1)\nW1 = np.random.randn(n_h, n_x) * 0.01\nb1 = np.zeros((n_h, 1))\n"
            "W2 = np.random.randn(n_y, n_h) * 0.01\nb2 = np.zeros((n_y, 1))"),
            # not scaled down
            "W1 = np.random.randn(n_h, n_x)\nb1 = np.zeros((n_h, 1))\nW2 = np.random.randn(n_y, n_h)\nb2 = np.zeros((n_y, 1))",
            # uniform instead of normal
            ("W1 = np.random.rand(n_h, n_x) * 0.01\nb1 = np.zeros((n_h, 1))\n"
            "W2 = np.random.rand(n_y, n_h) * 0.01\nb2 = np.zeros((n_y, 1))"),
            # biases as flat vectors
            "W1 = np.random.randn(n_h, n_x) * 0.01\nb1 = np.zeros(n_h)\nW2 = np.random.randn(n_y, n_h) * 0.01\nb2 = np.zeros(n_y)",
        ],
        "correct": [
            ("W1 = 0.01 * np.random.standard_normal((n_h, n_x))\nb1 = np.zeros(shape=(n_h, 1))\n"
            "W2 = 0.01 * np.random.standard_normal((n_y, n_h))\nb2 = np.zeros_like(W2[:, :1])"),
            ("np.random.seed(2)\nW1 = np.random.randn(n_h, n_x) / 100\nW2 = np.random.randn(n_y, n_h) / 100\n"
            "b1, b2 = np.zeros((n_h, 1)), np.zeros((n_y, 1))"),
        ],
    },
    "forward_propagation": {
        "buggy": [
            # sigmoid in the hidden layer
            _PARAMS + "Z1 = np.dot(W1, X) + b1\nA1 = 1 / (1 + np.exp(-Z1))\nZ2 = np.dot(W2, A1) + b2\nA2 = 1 / (1 + np.exp(-Z2))",
            # tanh at the output
            _PARAMS + "Z1 = np.dot(W1, X) + b1\nA1 = np.tanh(Z1)\nZ2 = np.dot(W2, A1) + b2\nA2 = np.tanh(Z2)",
            # Z2 from Z1
            _PARAMS + "Z1 = np.dot(W1, X) + b1\nA1 = np.tanh(Z1)\nZ2 = np.dot(W2, Z1) + b2\nA2 = 1 / (1 + np.exp(-Z2))",
            # sign inside the sigmoid
            _PARAMS + "Z1 = np.dot(W1, X) + b1\nA1 = np.tanh(Z1)\nZ2 = np.dot(W2, A1) + b2\nA2 = 1 / (1 + np.exp(Z2))",
            # biases forgotten
            _PARAMS + "Z1 = np.dot(W1, X)\nA1 = np.tanh(Z1)\nZ2 = np.dot(W2, A1)\nA2 = 1 / (1 + np.exp(-Z2))",
        ],
        "correct": [
            _PARAMS + "Z1 = W1 @ X + b1\nA1 = np.tanh(Z1)\nZ2 = W2 @ A1 + b2\nA2 = (1 + np.tanh(Z2 / 2)) / 2",
            ("Z1 = parameters['W1'].dot(X) + parameters['b1']\nA1 = (np.exp(Z1) - np.exp(-Z1)) / (np.exp(Z1) + np.exp(-Z1))\n"
            "Z2 = parameters['W2'].dot(A1) + parameters['b2']\nA2 = np.exp(Z2) / (1 + np.exp(Z2))"),
            # the course's way, now also the answer key's: the given sigmoid (imported from utils.planar_helpers)
            _PARAMS + "Z1 = np.dot(W1, X) + b1\nA1 = np.tanh(Z1)\nZ2 = np.dot(W2, A1) + b2\nA2 = sigmoid(Z2)",
        ],
        # A2 made one row of predictions: right for one output unit only
        "edge": [_PARAMS + "Z1 = np.dot(W1, X) + b1\nA1 = np.tanh(Z1)\nZ2 = np.dot(W2, A1) + b2\n"
                           "A2 = (1 / (1 + np.exp(-Z2))).reshape(1, -1)"],
    },
    "compute_cost": {
        "buggy": [
            ("log_likelihoods = np.multiply(Y, np.log(A2)) + np.multiply(1 - Y, np.log(1 - A2))\n"
            "cost = np.sum(log_likelihoods) / m"),  # no minus sign
            ("log_likelihoods = np.multiply(Y, np.log(A2)) + np.multiply(1 - Y, np.log(1 - A2))\n"
            "cost = -np.sum(log_likelihoods)"),  # no 1/m
            "cost = -np.sum(Y * np.log(A2)) / m",  # only one of the two terms
            ("log_likelihoods = np.multiply(Y, np.log(A2)) + np.multiply(1 - Y, np.log(1 - A2))\n"
            "cost = -np.sum(log_likelihoods) / Y.shape[0]"),  # divides by the number of rows
        ],
        "correct": [
            "cost = -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))",
            "cost = -(np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)) / m",  # a (1, 1) array
        ],
    },
    "backward_propagation": {
        "buggy": [
            # tanh' recomputed from Z1
            _BACKWARD_START + _BACKWARD_LAYER2
            + "dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(np.tanh(cache['Z1']), 2))\n" + _BACKWARD_LAYER1,
            # elementwise instead of the matrix product
            _BACKWARD_START + _BACKWARD_LAYER2
            + "dZ1 = np.multiply(W2.T, dZ2) * (1 - np.power(A1, 2))\n" + _BACKWARD_LAYER1,
            # keepdims forgotten
            _BACKWARD_START + "dW2 = np.dot(dZ2, A1.T) / m\ndb2 = np.sum(dZ2, axis=1) / m\n" + _TANH_PRIME
            + "dW1 = np.dot(dZ1, X.T) / m\ndb1 = np.sum(dZ1, axis=1) / m",
            # no 1/m
            _BACKWARD_START + "dW2 = np.dot(dZ2, A1.T)\ndb2 = np.sum(dZ2, axis=1, keepdims=True)\n" + _TANH_PRIME
            + "dW1 = np.dot(dZ1, X.T)\ndb1 = np.sum(dZ1, axis=1, keepdims=True)",
            # the square forgotten in tanh'
            _BACKWARD_START + _BACKWARD_LAYER2 + "dZ1 = np.dot(W2.T, dZ2) * (1 - A1)\n" + _BACKWARD_LAYER1,
        ],
        "correct": [
            ("A1, A2 = cache['A1'], cache['A2']\ndZ2 = A2 - Y\ndW2 = dZ2 @ A1.T / m\ndb2 = dZ2.mean(axis=1, keepdims=True)\n"
            "dZ1 = (parameters['W2'].T @ dZ2) * (1 - A1 * A1)\ndW1 = dZ1 @ X.T / m\n"
            "db1 = np.mean(dZ1, axis=1, keepdims=True)"),
            _BACKWARD_START + "dW2 = (1 / m) * np.dot(dZ2, A1.T)\ndb2 = (1 / m) * np.sum(dZ2, axis=1).reshape(-1, 1)\n"
            "dZ1 = np.dot(W2.T, dZ2) * (1 - A1 ** 2)\ndW1 = (1 / m) * np.dot(dZ1, X.T)\n"
            "db1 = (1 / m) * np.sum(dZ1, axis=1).reshape(-1, 1)",
        ],
        # dW1 squeezed: a no-op unless a layer has one unit
        "edge": [_BACKWARD_START + _BACKWARD_LAYER2 + _TANH_PRIME
                 + "dW1 = np.squeeze(np.dot(dZ1, X.T)) / m\ndb1 = np.sum(dZ1, axis=1, keepdims=True) / m"],
    },
    "update_parameters": {
        "buggy": [
            _update(rate="1.2"),  # hard-coded learning rate
            _update(sign="+"),  # climbs the gradient
            # in place: changes the caller's arrays
            _PARAMS + "W1 -= learning_rate * grads['dW1']\nb1 -= learning_rate * grads['db1']\n"
            "W2 -= learning_rate * grads['dW2']\nb2 -= learning_rate * grads['db2']",
            # assigns into the caller's dict
            "\n".join(f'parameters["{p}"] = parameters["{p}"] - learning_rate * grads["d{p}"]'
                      for p in ("W1", "b1", "W2", "b2")) + "\n" + _PARAMS,
        ],
        "correct": [
            "W1, b1, W2, b2 = (parameters[k] - learning_rate * grads['d' + k] for k in ('W1', 'b1', 'W2', 'b2'))",
            ("W1 = parameters['W1'].copy()\nW1 -= learning_rate * grads['dW1']\nb1 = parameters['b1'].copy()\n"
            "b1 -= learning_rate * grads['db1']\nW2 = parameters['W2'].copy()\nW2 -= learning_rate * grads['dW2']\n"
            "b2 = parameters['b2'].copy()\nb2 -= learning_rate * grads['db2']"),
            # the course's way: copy.deepcopy (the notebook imports copy), then in place on the copies, which
            # the in-place buggy mutant shows would otherwise change the caller's arrays
            "\n".join(f'{p} = copy.deepcopy(parameters["{p}"])' for p in ("W1", "b1", "W2", "b2")) + "\n"
            + "\n".join(f'{p} -= learning_rate * grads["d{p}"]' for p in ("W1", "b1", "W2", "b2")),
        ],
        # dW2 made one row, like W2 with one output unit: with several outputs the shapes do not match
        "edge": [_update().replace('grads["dW2"]', 'grads["dW2"].reshape(1, -1)')],
    },
    "nn_model": {
        "buggy": [
            # the update's result is thrown away
            ("A2, cache = forward_propagation(X, parameters)\ncost = compute_cost(A2, Y)\n"
            "grads = backward_propagation(parameters, cache, X, Y)\nupdate_parameters(parameters, grads)"),
            # A2 passed where the labels belong
            ("A2, cache = forward_propagation(X, parameters)\ncost = compute_cost(A2, Y)\n"
            "grads = backward_propagation(parameters, cache, X, A2)\nparameters = update_parameters(parameters, grads)"),
            # another learning rate
            ("A2, cache = forward_propagation(X, parameters)\ncost = compute_cost(A2, Y)\n"
            "grads = backward_propagation(parameters, cache, X, Y)\n"
            "parameters = update_parameters(parameters, grads, learning_rate=0.5)"),
            # two steps per iteration
            ("A2, cache = forward_propagation(X, parameters)\ncost = compute_cost(A2, Y)\n"
            "grads = backward_propagation(parameters, cache, X, Y)\n"
            "parameters = update_parameters(update_parameters(parameters, grads), grads)"),
        ],
        "correct": [
            ("A2, cache = forward_propagation(X, parameters)\ncost = compute_cost(A2, Y)\n"
            "parameters = update_parameters(parameters, backward_propagation(parameters, cache, X, Y), learning_rate=1.2)"),
            ("_, cache = forward_propagation(X, parameters)\ncost = compute_cost(cache['A2'], Y)\n"
            "grads = backward_propagation(parameters, cache, X, Y)\nparameters = update_parameters(parameters, grads)"),
        ],
        # the labels reshaped to one row of m, as if there were one output unit
        "edge": [_NN_STEP + "grads = backward_propagation(parameters, cache, X, Y.reshape(1, X.shape[1]))\n"
                            "parameters = update_parameters(parameters, grads)"],
    },
    "predict": {
        "buggy": [
            "A2, cache = forward_propagation(X, parameters)\npredictions = A2",  # probabilities
            "A2, cache = forward_propagation(X, parameters)\npredictions = A2 < 0.5",  # inverted
            "A2, cache = forward_propagation(X, parameters)\npredictions = (A2 > 0.5).ravel()",  # flat
            "A2, cache = forward_propagation(X, parameters)\npredictions = A2 > 0",  # threshold on the wrong scale
        ],
        "correct": [
            "A2, cache = forward_propagation(X, parameters)\npredictions = np.round(A2)",
            "predictions = (forward_propagation(X, parameters)[0] > 0.5).astype(int)",
            "_, cache = forward_propagation(X, parameters)\npredictions = cache['Z2'] > 0",
        ],
        # a row built from the squeezed probabilities: with one example they are a 0-d array, which has no items
        "edge": ["A2, cache = forward_propagation(X, parameters)\n"
                 "predictions = np.array([[p > 0.5 for p in A2.squeeze()]])"],
    },
}
