"""Mutants of notebook 2, logistic regression (see ``tests/mutants/__init__.py``)."""


def _code(*lines):
    return "\n".join(lines)


FORWARD = ("m = X.shape[1]", "A = sigmoid(np.dot(w.T, X) + b)")
COST = "cost = -1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))"
GRADIENTS = ("dw = 1 / m * np.dot(X, (A - Y).T)", "db = 1 / m * np.sum(A - Y)")
STEP = ("grads, cost = propagate(w, b, X, Y)", "dw = grads['dw']", "db = grads['db']")
INIT = "w, b = initialize_with_zeros(X_train.shape[0])"
PARAMS = ("w = params['w']", "b = params['b']")
PREDICTIONS = ("Y_prediction_test = predict(w, b, X_test)", "Y_prediction_train = predict(w, b, X_train)")
TRAIN = "params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)"

NO_EDGE_MUTANT = {
    "sigmoid": "its scalar edge, a Python float, is a hidden case already, and the public input has ints",
    "initialize_with_zeros": "a size in, zeros out: its edge, dim = 1, is a hidden case already",
    "optimize": "its lines update w and b with what propagate returns; no step depends on m or n_x being 1",
}

MUTANTS = {
    "sigmoid": {
        "buggy": [
            "s = 1 / (1 + np.exp(z))",  # sign of the exponent
            "s = np.exp(-z) / (1 + np.exp(-z))",  # 1 - sigmoid
            "s = 1 / (1 - np.exp(-z))",  # sign in the denominator
            "s = np.round(1 / (1 + np.exp(-z)), 2)",  # rounded away
        ],
        "correct": ["s = 0.5 * (1 + np.tanh(z / 2))", "s = 1 / (1 + 1 / np.exp(z))"],
    },
    "initialize_with_zeros": {
        "buggy": [
            "w = np.zeros(dim)\nb = 0.0",  # a 1-d array, not a column
            "w = np.zeros((1, dim))\nb = 0.0",  # a row
            "w = np.zeros((dim, 1))\nb = np.zeros((1, 1))",  # b is an array
        ],
        "correct": [
            "w = np.zeros(shape=(dim, 1), dtype=float)\nb = float(0)",
            "w = np.zeros([dim, 1])\nb = np.float64(0)",
            "w = np.zeros((dim, 1))\nb = 0",  # an int zero: numbers are judged by their value
        ],
    },
    "propagate": {
        "buggy": [
            _code(*FORWARD, "cost = 1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))", *GRADIENTS),  # no minus
            _code(*FORWARD, "cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))", *GRADIENTS),  # no 1/m
            _code(*FORWARD, COST, "dw = 1 / m * np.dot(X, (Y - A).T)", "db = 1 / m * np.sum(Y - A)"),  # Y - A
            _code(*FORWARD, COST, "dw = np.dot(X, (A - Y).T)", "db = np.sum(A - Y)"),  # gradients without 1/m
            _code("m = X.shape[1]", "A = sigmoid(np.dot(w, X) + b)", COST, *GRADIENTS),  # w not transposed
        ],
        "correct": [
            _code("m = X.shape[1]", "A = sigmoid(w.T @ X + b)",
                  "cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))",
                  "dw = X @ (A - Y).T / m", "db = np.mean(A - Y)"),
            # a (1, 1) cost: the squeeze after the END line makes it 0-d
            _code(*FORWARD, "cost = -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m",
                  "dZ = A - Y", "dw = np.dot(X, dZ.T) / m", "db = float(np.sum(dZ)) / m"),
        ],
        "edge": [
            # the errors squeezed to a flat vector, the column axis added back to dw: with one example the
            # errors are a 0-d array, np.dot gives a column already, and dw gets a third axis
            _code(*FORWARD, COST, "dZ = np.squeeze(A - Y)", "dw = np.dot(X, dZ)[:, np.newaxis] / m",
                  "db = np.sum(dZ) / m"),
        ],
    },
    "optimize": {
        "buggy": [
            _code(*STEP, "w -= learning_rate * dw", "b -= learning_rate * db"),  # changes the caller's w
            _code(*STEP, "w = w - 0.009 * dw", "b = b - 0.009 * db"),  # hard-coded learning rate
            _code(*STEP, "w = w + learning_rate * dw", "b = b + learning_rate * db"),  # gradient ascent
            _code(*STEP, "w = w - learning_rate * dw"),  # b never learns
        ],
        "correct": [
            _code("grads, cost = propagate(w, b, X, Y)", "dw, db = grads['dw'], grads['db']",
                  "w, b = w - learning_rate * dw, b - learning_rate * db"),
            # in place, but on its own copy
            _code(*STEP, "if i == 0:", "    w = w.copy()", "w -= learning_rate * dw", "b -= learning_rate * db"),
            # the course's way: copy.deepcopy (the notebook imports copy), then in place on the copies; without
            # the copies this is the first buggy mutant, so the deep copy must really copy
            _code("w = copy.deepcopy(w)", "b = copy.deepcopy(b)", *STEP,
                  "w -= learning_rate * dw", "b -= learning_rate * db"),
        ],
    },
    "predict": {
        "buggy": [
            "A = sigmoid(np.dot(w.T, X))\nY_prediction = (A > 0.5).astype(float)",  # without + b
            "A = sigmoid(np.dot(w.T, X) + b)\nY_prediction = (A >= 0.5).astype(float)",  # 0.5 counted as a cat
            "A = sigmoid(np.dot(w.T, X) + b)\nY_prediction = A",  # probabilities, not labels
            "A = sigmoid(np.dot(w.T, X) + b)\nY_prediction = (A > 0.5).astype(float).ravel()",  # shape (m,)
        ],
        "correct": [
            "A = sigmoid(w.T @ X + b)\nY_prediction = np.where(A > 0.5, 1.0, 0.0)",
            _code("A = sigmoid(np.dot(w.T, X) + b)", "Y_prediction = np.zeros((1, X.shape[1]))",
                  "for i in range(A.shape[1]):", "    Y_prediction[0, i] = 1.0 if A[0, i] > 0.5 else 0.0"),
        ],
        "edge": [
            # a loop over the squeezed probabilities: with one example they are a 0-d array, which has no items
            _code("A = sigmoid(np.dot(w.T, X) + b)", "Y_prediction = np.zeros((1, X.shape[1]))",
                  "for i, a in enumerate(np.squeeze(A)):", "    Y_prediction[0, i] = 1.0 if a > 0.5 else 0.0"),
        ],
    },
    "model": {
        "buggy": [
            # optimize left on its own defaults
            _code(INIT, "params, grads, costs = optimize(w, b, X_train, Y_train)", *PARAMS, *PREDICTIONS),
            # hard-coded learning rate
            _code(INIT, "params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, 0.005, print_cost)",
                  *PARAMS, *PREDICTIONS),
            # hard-coded iteration count
            _code(INIT, "params, grads, costs = optimize(w, b, X_train, Y_train, 2000, learning_rate, print_cost)",
                  *PARAMS, *PREDICTIONS),
            # the two predictions swapped
            _code(INIT, "params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)",
                  *PARAMS, "Y_prediction_test = predict(w, b, X_train)", "Y_prediction_train = predict(w, b, X_test)"),
            # predicts with the initial zeros
            _code(INIT, "params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)",
                  *PREDICTIONS),
        ],
        "correct": [
            _code("dim = X_train.shape[0]", "w, b = initialize_with_zeros(dim)",
                  "params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations=num_iterations,",
                  "                                learning_rate=learning_rate, print_cost=print_cost)",
                  "w, b = params['w'], params['b']",
                  "Y_prediction_train = predict(w, b, X_train)", "Y_prediction_test = predict(w, b, X_test)"),
        ],
        "edge": [
            # guesses the orientation of X from its shape, taking the longer side for the examples: wrong as soon
            # as there are more features than examples, as in the cat pictures
            _code("if X_train.shape[0] > X_train.shape[1]:  # examples in rows? put them in columns",
                  "    X_train, X_test = X_train.T, X_test.T", INIT, TRAIN, *PARAMS, *PREDICTIONS),
        ],
    },
}
