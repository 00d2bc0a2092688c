"""Mutants of notebook 1, Python basics with numpy (see ``tests/mutants/__init__.py``)."""

NO_EDGE_MUTANT = {
    "basic_sigmoid": "one number in, one number out: its only edge, an int, is in the public and hidden cases",
    "L1": "a sum over a flat vector: no shape to get wrong at one example, and the public labels are ints already",
    "L2": "a sum over a flat vector: no shape to get wrong at one example, and the public labels are ints already",
}

MUTANTS = {
    "basic_sigmoid": {
        "buggy": [
            "s = 1 / (1 + math.exp(x))",  # sign of the exponent
            "s = math.exp(-x) / (1 + math.exp(-x))",  # 1 - sigmoid
            "s = 1 / (1 - math.exp(-x))",  # sign in the denominator
        ],
        "correct": ["s = math.exp(x) / (1 + math.exp(x))"],
    },
    "sigmoid": {
        "buggy": [
            "s = 1 / (1 + np.exp(x))",
            "s = 1 / (1 + math.exp(-x))",  # math.exp on an array
            "s = np.round(1 / (1 + np.exp(-x)), 3)",  # rounded away
            "s = 1 / (1 + np.exp(-x))\ns = s.reshape(1, -1)",  # shape changed
        ],
        "correct": ["s = 0.5 * (1 + np.tanh(x / 2))"],
        # a loop over the rows: a 0-d array has none
        "edge": ["s = np.array([1 / (1 + np.exp(-row)) for row in x])"],
    },
    "sigmoid_derivative": {
        "buggy": [
            "s = sigmoid(x)\nds = s * (1 + s)",
            "s = sigmoid(x)\nds = x * (1 - x)",  # formula applied to x
            "s = sigmoid(x)\nds = 1 - s",
        ],
        "correct": ["s = 1 / (1 + np.exp(-x))\nds = s - s ** 2", "ds = np.exp(-x) / (1 + np.exp(-x)) ** 2"],
        # a loop over the rows of s: a 0-d array has none
        "edge": ["s = sigmoid(x)\nds = np.array([value * (1 - value) for value in s])"],
    },
    "image2vector": {
        "buggy": [
            "v = image.reshape(-1, 1, order='F')",  # column-major order
            "v = image.reshape(1, -1)",  # a row, not a column
            "v = image.T.reshape(-1, 1)",  # transposed first
        ],
        "correct": ["v = image.reshape(-1, 1)", "v = image.flatten()[:, np.newaxis]"],
        # length * length * depth: right for square images only, like num_px * num_px * 3
        "edge": ["v = image.reshape(image.shape[0] * image.shape[0] * image.shape[2], 1)"],
    },
    "normalizeRows": {
        "buggy": [
            "x_norm = np.linalg.norm(x, axis=0, keepdims=True)\nx_normalized = x / x_norm",  # wrong axis
            "x_norm = np.linalg.norm(x, axis=1)\nx_normalized = x / x_norm",  # missing keepdims
            "x_norm = np.linalg.norm(x, axis=1, keepdims=True)\nx /= x_norm\nx_normalized = x",  # in place
            "x_norm = np.sum(x ** 2, axis=1, keepdims=True)\nx_normalized = x / x_norm",  # no square root
        ],
        "correct": [
            "x_norm = np.sqrt(np.sum(x * x, axis=1, keepdims=True))\nx_normalized = x / x_norm",
            "x_normalized = x / np.linalg.norm(x, axis=1)[:, None]",
        ],
        # divides a copy in place: a copy of an integer matrix cannot hold the quotients
        "edge": ["x_normalized = x.copy()\nx_normalized /= np.linalg.norm(x, axis=1, keepdims=True)"],
    },
    "softmax": {
        "buggy": [
            "x_exp = np.exp(x)\nx_sum = np.sum(x_exp, axis=0, keepdims=True)\ns = x_exp / x_sum",
            "x_exp = np.exp(x)\nx_sum = np.sum(x_exp)\ns = x_exp / x_sum",
            "x_exp = np.exp(x)\nx_sum = np.sum(x_exp, axis=1)\ns = x_exp / x_sum",
            "x_sum = np.sum(x, axis=1, keepdims=True)\ns = x / x_sum",  # forgot the exponential
        ],
        "correct": [
            "shifted = x - np.max(x, axis=1, keepdims=True)\nx_exp = np.exp(shifted)\n"
            "s = x_exp / x_exp.sum(axis=1, keepdims=True)",
        ],
        # fills np.zeros_like(x): for a matrix of integers that is an integer array, which rounds every share to 0
        "edge": ["s = np.zeros_like(x)\nfor i in range(x.shape[0]):\n    s[i] = np.exp(x[i]) / np.sum(np.exp(x[i]))"],
    },
    "L1": {
        "buggy": [
            "loss = np.sum(y - yhat)",
            "loss = np.mean(np.abs(y - yhat))",
            "loss = np.abs(np.sum(y - yhat))",
        ],
        "correct": ["loss = np.sum(np.abs(yhat - y))", "loss = float(np.linalg.norm(y - yhat, ord=1))"],
    },
    "L2": {
        "buggy": [
            "loss = np.sum(y - yhat) ** 2",
            "loss = np.sum(np.abs(y - yhat))",
            "loss = np.mean((y - yhat) ** 2)",
            "loss = np.sqrt(np.sum((y - yhat) ** 2))",
        ],
        "correct": ["loss = np.dot(y - yhat, y - yhat)"],
    },
}
