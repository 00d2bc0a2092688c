"""Reference solutions for notebook 2, logistic regression with a neural-network mindset.

Each graded function is copied verbatim into a solution cell of
``source/02_logistic_regression`` by ``python -m autograder build``; the lines
between ``### START CODE HERE ###`` and ``### END CODE HERE ###`` are what
the student writes, and become ``name = None`` stubs in the release. So the
functions below use only numpy and each other, like the notebook does.
"""

import numpy as np


def sigmoid(z):
    """Sigmoid of every element of an array.

    Parameters
    ----------
    z : ndarray of any shape
        Input values (a Python number works too).

    Returns
    -------
    s : ndarray of the same shape as z
        ``1 / (1 + exp(-z))`` elementwise.
    """
    ### START CODE HERE ### (≈ 1 line of code)
    s = 1 / (1 + np.exp(-z))
    ### END CODE HERE ###

    return s


def initialize_with_zeros(dim):
    """Start values of the parameters: a column of zeros and a zero bias.

    Parameters
    ----------
    dim : int
        Number of weights, one per input feature.

    Returns
    -------
    w : ndarray of shape (dim, 1)
        Zeros.
    b : float
        The Python float ``0.0``.
    """
    ### START CODE HERE ### (≈ 2 lines of code)
    w = np.zeros((dim, 1))
    b = 0.0
    ### END CODE HERE ###

    return w, b


def propagate(w, b, X, Y):
    """Cost of the current parameters and its gradient (one forward and one backward pass).

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
        Weights, one per feature.
    b : float
        Bias.
    X : ndarray of shape (n_x, m)
        Inputs, one example per column.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.

    Returns
    -------
    grads : dict
        ``"dw"``: the gradient of the cost with respect to ``w``, an ndarray
        of shape (n_x, 1); ``"db"``: the gradient with respect to ``b``, a float.
    cost : ndarray of shape ()
        The cross-entropy cost, averaged over the ``m`` examples.
    """
    ### START CODE HERE ### (≈ 5 lines of code)
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dw = 1 / m * np.dot(X, (A - Y).T)
    db = 1 / m * np.sum(A - Y)
    ### END CODE HERE ###

    cost = np.squeeze(np.array(cost))  # a 0-d array, whatever kind of number cost was
    grads = {"dw": dw, "db": db}

    return grads, cost


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Learn ``w`` and ``b`` by gradient descent.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
        Start weights; the caller's array is left unchanged.
    b : float
        Start bias.
    X : ndarray of shape (n_x, m)
        Inputs, one example per column.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.
    num_iterations : int
        Number of gradient-descent steps.
    learning_rate : float
        Size of each step.
    print_cost : bool
        Print the cost every 100 iterations.

    Returns
    -------
    params : dict
        The learnt ``"w"`` (an ndarray of shape (n_x, 1)) and ``"b"``.
    grads : dict
        ``"dw"`` and ``"db"`` computed in the last iteration.
    costs : list
        The cost at iterations 0, 100, 200, ...
    """
    costs = []

    for i in range(num_iterations):
        ### START CODE HERE ### (≈ 5 lines of code)
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w - learning_rate * dw
        b = b - learning_rate * db
        ### END CODE HERE ###

        # Keep one cost every 100 steps, for the learning curve.
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Iteration {i:4d}: cost = {cost:.6f}")

    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}

    return params, grads, costs


def predict(w, b, X):
    """Label each example 1 when the model gives it a probability above 0.5, else 0.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
        Weights.
    b : float
        Bias.
    X : ndarray of shape (n_x, m)
        Inputs, one example per column.

    Returns
    -------
    Y_prediction : ndarray of shape (1, m)
        The predicted labels, as floats 0.0 and 1.0.
    """
    w = w.reshape(X.shape[0], 1)

    ### START CODE HERE ### (≈ 2 lines of code)
    A = sigmoid(np.dot(w.T, X) + b)
    Y_prediction = (A > 0.5).astype(float)
    ### END CODE HERE ###

    return Y_prediction


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train a logistic-regression classifier and measure it on the training and test sets.

    Parameters
    ----------
    X_train : ndarray of shape (n_x, m_train)
        Training inputs, one example per column.
    Y_train : ndarray of shape (1, m_train)
        Training labels.
    X_test : ndarray of shape (n_x, m_test)
        Test inputs.
    Y_test : ndarray of shape (1, m_test)
        Test labels.
    num_iterations : int
        Number of gradient-descent steps.
    learning_rate : float
        Size of each step.
    print_cost : bool
        Print the cost every 100 iterations.

    Returns
    -------
    d : dict
        ``"costs"``, ``"Y_prediction_test"``, ``"Y_prediction_train"``,
        ``"w"``, ``"b"``, ``"learning_rate"`` and ``"num_iterations"``.
    """
    ### START CODE HERE ### (≈ 6 lines of code)
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    ### END CODE HERE ###

    # Accuracy: the percentage of examples whose predicted label is right.
    print(f"Accuracy on the training set: {100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100} %")
    print(f"Accuracy on the test set:     {100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100} %")

    d = {
        "costs": costs,
        "Y_prediction_test": Y_prediction_test,
        "Y_prediction_train": Y_prediction_train,
        "w": w,
        "b": b,
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
    }

    return d
