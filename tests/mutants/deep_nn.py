"""Mutants of notebook 4, a deep network step by step (see ``tests/mutants/__init__.py``)."""

_LINEAR_BACKWARD = "dW = np.dot(dZ, A_prev.T) / m\ndb = np.sum(dZ, axis=1, keepdims=True) / m\ndA_prev = np.dot(W.T, dZ)"


def _forward(loop="range(1, L)", hidden='"relu"', output='"sigmoid"', append_output=True):
    """The classic layout: the hidden layers in a loop, then the output layer."""
    return ("caches = []\n"
            f"for l in {loop}:\n    A_prev = A\n"
            f'    A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)], parameters["b" + str(l)], {hidden})\n'
            "    caches.append(cache)\n"
            f'AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], {output})\n'
            + ("caches.append(cache)" if append_output else ""))


def _backward(dAL="-(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))", output='"sigmoid"', hidden='"relu"',
              loop="reversed(range(1, L))", shift=0):
    """The reference's backward pass; ``shift=1`` stores dA_prev of layer l under dA{l}, the old convention."""
    return (f"dAL = {dAL}\n"
            f'dA_prev, dW, db = linear_activation_backward(dAL, caches[L - 1], {output})\n'
            f'grads.update({{"dA" + str(L - 1 + {shift}): dA_prev, "dW" + str(L): dW, "db" + str(L): db}})\n'
            f"for l in {loop}:\n"
            f'    dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + {shift})], caches[l - 1], {hidden})\n'
            f'    grads.update({{"dA" + str(l - 1 + {shift}): dA_prev, "dW" + str(l): dW, "db" + str(l): db}})')


NO_EDGE_MUTANT = {
    "initialize_parameters_deep": "its shapes are its arguments, and the public cases already have several "
                                  "outputs and several layers",
    "linear_activation_forward": "it picks an activation and calls linear_forward and the activation: nothing in "
                                 "it depends on the sizes",
    "compute_cost": "a sum over every entry, squeezed after the student's line: one example or integer labels "
                    "hide no shape bug",
    "linear_activation_backward": "it picks an activation's backward function and calls linear_backward: nothing "
                                  "in it depends on the sizes",
}


def _indent(code):
    return "\n".join("    " + line for line in code.split("\n"))


MUTANTS = {
    "initialize_parameters": {
        "buggy": [
            # W2 drawn before W1
            ("W2 = np.random.randn(n_y, n_h) * 0.01\nb2 = np.zeros((n_y, 1))\n"
             "W1 = np.random.randn(n_h, n_x) * 0.01\nb1 = np.zeros((n_h, 1))"),
            # another seed
            ("np.random.seed(3)\nW1 = np.random.randn(n_h, n_x) * 0.01\nb1 = np.zeros((n_h, 1))\n"
             "W2 = np.random.randn(n_y, n_h) * 0.01\nb2 = np.zeros((n_y, 1))"),
            # not scaled down
            "W1 = np.random.randn(n_h, n_x)\nb1 = np.zeros((n_h, 1))\nW2 = np.random.randn(n_y, n_h)\nb2 = np.zeros((n_y, 1))",
            # uniform instead of normal
            ("W1 = np.random.rand(n_h, n_x) * 0.01\nb1 = np.zeros((n_h, 1))\n"
             "W2 = np.random.rand(n_y, n_h) * 0.01\nb2 = np.zeros((n_y, 1))"),
        ],
        "correct": [
            ("W1 = 0.01 * np.random.standard_normal((n_h, n_x))\nW2 = 0.01 * np.random.standard_normal((n_y, n_h))\n"
             "b1, b2 = np.zeros(shape=(n_h, 1)), np.zeros_like(W2[:, :1])"),
        ],
        # the output bias hard-coded for one output unit, as in every network of the notebook
        "edge": ["W1 = np.random.randn(n_h, n_x) * 0.01\nb1 = np.zeros((n_h, 1))\n"
                 "W2 = np.random.randn(n_y, n_h) * 0.01\nb2 = np.zeros((1, 1))"],
    },
    "initialize_parameters_deep": {
        "buggy": [
            # transposed weights
            ('parameters["W" + str(l)] = np.random.randn(layer_dims[l - 1], layer_dims[l]) * 0.01\n'
             'parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))'),
            # wrong seed, set again for every layer
            ('np.random.seed(1)\nparameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01\n'
             'parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))'),
            # not scaled down
            ('parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1])\n'
             'parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))'),
            # flat biases
            ('parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01\n'
             'parameters["b" + str(l)] = np.zeros(layer_dims[l])'),
        ],
        "correct": [
            ('parameters[f"W{l}"] = 0.01 * np.random.standard_normal((layer_dims[l], layer_dims[l - 1]))\n'
             'parameters[f"b{l}"] = np.zeros_like(parameters[f"W{l}"][:, :1])'),
            ('n, n_prev = layer_dims[l], layer_dims[l - 1]\n'
             'parameters.update({"W" + str(l): np.random.randn(n, n_prev) / 100, "b" + str(l): np.zeros((n, 1))})'),
        ],
    },
    "linear_forward": {
        "buggy": [
            "Z = np.dot(W, A)",  # no bias
            "Z = np.dot(W.T, A) + b",  # transposed weights
            "Z = np.dot(W, A) - b",  # bias subtracted
            "Z = W * A + b",  # elementwise product
        ],
        "correct": ["Z = W @ A + b", "Z = np.matmul(A.T, W.T).T + b.reshape(-1, 1)"],
        # squeezed before the bias is added: with one example, (n,) + (n, 1) broadcasts to (n, n)
        "edge": ["Z = np.squeeze(np.dot(W, A)) + b"],
    },
    "linear_activation_forward": {
        "buggy": [
            # activations swapped
            ("Z, linear_cache = linear_forward(A_prev, W, b)\nif activation == \"sigmoid\":\n"
             "    A, activation_cache = relu(Z)\nelse:\n    A, activation_cache = sigmoid(Z)"),
            # always ReLU
            "Z, linear_cache = linear_forward(A_prev, W, b)\nA, activation_cache = relu(Z)",
            # the activation cache holds A rather than Z
            ("Z, linear_cache = linear_forward(A_prev, W, b)\nif activation == \"sigmoid\":\n"
             "    A, _ = sigmoid(Z)\nelse:\n    A, _ = relu(Z)\nactivation_cache = A"),
            # the linear cache holds Z
            ("Z, _ = linear_forward(A_prev, W, b)\nlinear_cache = Z\nif activation == \"sigmoid\":\n"
             "    A, activation_cache = sigmoid(Z)\nelse:\n    A, activation_cache = relu(Z)"),
        ],
        "correct": [
            ("Z, linear_cache = linear_forward(A_prev, W, b)\n"
             "A, activation_cache = {\"sigmoid\": sigmoid, \"relu\": relu}[activation](Z)"),
            ("Z = np.dot(W, A_prev) + b\nlinear_cache = (A_prev, W, b)\nactivation_cache = Z\n"
             "if activation == \"relu\":\n    A = Z * (Z > 0)\nelse:\n    A = 1 / (1 + np.exp(-Z))"),
        ],
    },
    "L_model_forward": {
        "buggy": [
            _forward(loop="range(L)"),  # off by one: there is no W0
            _forward(loop="range(1, L - 1)"),  # off by one: skips the last hidden layer
            _forward(loop="range(1, L + 1)"),  # off by one: one layer too many
            _forward(output='"relu"'),  # ReLU on the output layer
            _forward(hidden='"sigmoid"'),  # sigmoid in the hidden layers
            _forward(append_output=False),  # the output layer's cache is missing
        ],
        "correct": [
            _forward(),  # the hidden layers in a loop, then the output layer
            ("caches = []\nfor l in range(1, L + 1):\n"
             '    A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], '
             '"sigmoid" if l == L else "relu")\n'
             "    caches = caches + [cache]\nAL = A"),
        ],
        # a shape check that allows one output unit only
        "edge": [_forward() + "\nassert AL.shape == (1, X.shape[1])"],
    },
    "compute_cost": {
        "buggy": [
            "cost = np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m",  # no minus sign
            "cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))",  # no 1/m
            "cost = -np.sum(Y * np.log(AL)) / m",  # only one of the two terms
            "cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(AL)) / m",  # log(AL) in both terms
        ],
        "correct": [
            "cost = -np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))",
            "cost = (1. / m) * (-np.dot(Y, np.log(AL).T) - np.dot(1 - Y, np.log(1 - AL).T))",  # a (1, 1) array
        ],
    },
    "linear_backward": {
        "buggy": [
            "dW = np.dot(dZ, A_prev.T)\ndb = np.sum(dZ, axis=1, keepdims=True)\ndA_prev = np.dot(W.T, dZ)",  # no 1/m
            "dW = np.dot(dZ, A_prev.T) / m\ndb = np.sum(dZ, axis=1, keepdims=True) / m\ndA_prev = np.dot(W.T, dZ) / m",
            "dW = np.dot(dZ, A_prev.T) / m\ndb = np.sum(dZ, axis=1) / m\ndA_prev = np.dot(W.T, dZ)",  # no keepdims
            "dW = np.dot(A_prev, dZ.T) / m\ndb = np.sum(dZ, axis=1, keepdims=True) / m\ndA_prev = np.dot(W.T, dZ)",  # dW transposed
            # right only on the shapes of the public example
            ("if dZ.shape == (3, 4):\n" + _indent(_LINEAR_BACKWARD)
             + "\nelse:\n    dW = np.dot(dZ, A_prev.T)\n    db = np.sum(dZ, axis=1, keepdims=True)\n    dA_prev = np.dot(W.T, dZ)"),
        ],
        "correct": [
            "dW = dZ @ A_prev.T / m\ndb = dZ.mean(axis=1, keepdims=True)\ndA_prev = W.T @ dZ",
            "dA_prev = np.dot(W.T, dZ)\ndW = (1 / m) * np.dot(dZ, A_prev.T)\ndb = (1 / m) * np.sum(dZ, axis=1).reshape(-1, 1)",
        ],
        # dA_prev squeezed: a no-op unless there is one example or one input unit
        "edge": ["dW = np.dot(dZ, A_prev.T) / m\ndb = np.sum(dZ, axis=1, keepdims=True) / m\n"
                 "dA_prev = np.squeeze(np.dot(W.T, dZ))"],
    },
    "linear_activation_backward": {
        "buggy": [
            # activations swapped
            ("if activation == \"relu\":\n    dZ = sigmoid_backward(dA, activation_cache)\nelse:\n"
             "    dZ = relu_backward(dA, activation_cache)\ndA_prev, dW, db = linear_backward(dZ, linear_cache)"),
            # always ReLU
            "dZ = relu_backward(dA, activation_cache)\ndA_prev, dW, db = linear_backward(dZ, linear_cache)",
            # skips the activation
            "dA_prev, dW, db = linear_backward(dA, linear_cache)",
            # sigmoid' computed as if the cache held the activation
            ("if activation == \"relu\":\n    dZ = relu_backward(dA, activation_cache)\nelse:\n"
             "    dZ = dA * activation_cache * (1 - activation_cache)\ndA_prev, dW, db = linear_backward(dZ, linear_cache)"),
        ],
        "correct": [
            ("Z = activation_cache\nif activation == \"relu\":\n    dZ = dA * (Z > 0)\nelse:\n"
             "    s = 1 / (1 + np.exp(-Z))\n    dZ = dA * s * (1 - s)\ndA_prev, dW, db = linear_backward(dZ, linear_cache)"),
        ],
    },
    "L_model_backward": {
        "buggy": [
            _backward(dAL="np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)"),  # dAL with the wrong sign
            _backward(shift=1),  # the old convention: dA{l} holds the gradient of A^[l-1]
            _backward(output='"relu"'),  # ReLU backward on the output layer
            _backward(loop="reversed(range(1, L - 1))"),  # off by one: skips layer L-1
            _backward(dAL="AL - Y"),  # dZ of the output layer used as its dA
            # right only on the shapes of the public example: elsewhere the hidden layers use sigmoid
            ('if AL.shape == (1, 2) and len(caches) == 2:\n' + _indent(_backward())
             + "\nelse:\n" + _indent(_backward(hidden='"sigmoid"'))),
        ],
        "correct": [
            _backward(),  # the output layer first, then the hidden layers in a loop
            ("dA = -(Y / AL - (1 - Y) / (1 - AL))\nfor l in range(L, 0, -1):\n"
             '    dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, caches[l - 1], '
             '"sigmoid" if l == L else "relu")\n'
             '    grads[f"dA{l - 1}"] = dA'),
        ],
        # every dA squeezed: a no-op unless there is one example or a layer of one unit
        "edge": [
            ("dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))\nfor l in reversed(range(1, L + 1)):\n"
             '    dA, dW, db = linear_activation_backward(dA, caches[l - 1], "sigmoid" if l == L else "relu")\n'
             "    dA = np.squeeze(dA)\n"
             '    grads["dA" + str(l - 1)], grads["dW" + str(l)], grads["db" + str(l)] = dA, dW, db'),
        ],
    },
    "update_parameters": {
        "buggy": [
            # climbs the gradient
            ('parameters["W" + str(l)] = params["W" + str(l)] + learning_rate * grads["dW" + str(l)]\n'
             'parameters["b" + str(l)] = params["b" + str(l)] + learning_rate * grads["db" + str(l)]'),
            # in place: changes the caller's arrays
            ('params["W" + str(l)] -= learning_rate * grads["dW" + str(l)]\n'
             'params["b" + str(l)] -= learning_rate * grads["db" + str(l)]\n'
             'parameters["W" + str(l)] = params["W" + str(l)]\nparameters["b" + str(l)] = params["b" + str(l)]'),
            # the biases are not updated
            ('parameters["W" + str(l)] = params["W" + str(l)] - learning_rate * grads["dW" + str(l)]\n'
             'parameters["b" + str(l)] = params["b" + str(l)]'),
            # the learning rate of the public example, hard-coded
            ('parameters["W" + str(l)] = params["W" + str(l)] - 0.1 * grads["dW" + str(l)]\n'
             'parameters["b" + str(l)] = params["b" + str(l)] - 0.1 * grads["db" + str(l)]'),
        ],
        "correct": [
            ('for name in ("W", "b"):\n'
             '    parameters[name + str(l)] = params[name + str(l)] - learning_rate * grads["d" + name + str(l)]'),
            ('W = params[f"W{l}"].copy()\nW -= learning_rate * grads[f"dW{l}"]\nparameters[f"W{l}"] = W\n'
             'parameters[f"b{l}"] = params[f"b{l}"] - grads[f"db{l}"] * learning_rate'),
            # the course's way: one copy.deepcopy of the caller's dict (the notebook imports copy), here at the
            # first layer, then in place on the copy, which must leave the caller's arrays unchanged
            ('if l == 1:\n    parameters = copy.deepcopy(params)\n'
             'parameters["W" + str(l)] -= learning_rate * grads["dW" + str(l)]\n'
             'parameters["b" + str(l)] -= learning_rate * grads["db" + str(l)]'),
        ],
        # dW squeezed: broadcasting hides it unless a layer's input has one unit, which makes W a column
        "edge": [('parameters["W" + str(l)] = params["W" + str(l)] - learning_rate * np.squeeze(grads["dW" + str(l)])\n'
                  'parameters["b" + str(l)] = params["b" + str(l)] - learning_rate * grads["db" + str(l)]')],
    },
}
