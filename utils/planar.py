"""Reference solutions for notebook 3, planar data classification with one hidden layer.

The network is LINEAR -> TANH -> LINEAR -> SIGMOID. Each graded function is
copied verbatim into a solution cell of ``source/03_planar_classification``
by ``python -m autograder build``; the lines between
``### START CODE HERE ###`` and ``### END CODE HERE ###`` are what the student
writes. At grading time this module is replaced by a stub, so it holds the
graded functions only: the datasets are in ``utils.toy_data``, the plots in
``utils.plotting``, and the sigmoid the notebook gives in ``utils.planar_helpers``.
"""

import numpy as np

from utils.planar_helpers import sigmoid


def layer_sizes(X, Y):
    """Sizes of the three layers of the network.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    Y : ndarray of shape (n_y, m)
        Labels, one example per column.

    Returns
    -------
    sizes : tuple of int
        ``(n_x, n_h, n_y)``: the number of input features, the number of
        hidden units (4 in this notebook) and the number of output units.
    """
    ### START CODE HERE ### (≈ 3 lines of code)
    n_x = X.shape[0]
    n_h = 4
    n_y = Y.shape[0]
    ### END CODE HERE ###

    return (n_x, n_h, n_y)


def initialize_parameters(n_x, n_h, n_y):
    """Small random weights and zero biases for the two layers.

    Parameters
    ----------
    n_x : int
        Number of input features.
    n_h : int
        Number of hidden units.
    n_y : int
        Number of output units.

    Returns
    -------
    parameters : dict
        ``"W1"`` of shape (n_h, n_x) and ``"W2"`` of shape (n_y, n_h), drawn
        from a standard normal distribution (W1 first) and scaled by 0.01;
        ``"b1"`` of shape (n_h, 1) and ``"b2"`` of shape (n_y, 1), zeros.
    """
    np.random.seed(2)  # fixed seed, so that your numbers match the expected ones

    ### START CODE HERE ### (≈ 4 lines of code)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    ### END CODE HERE ###

    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters


def forward_propagation(X, parameters):
    """Forward pass: a tanh hidden layer, then a sigmoid output layer.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    parameters : dict
        ``"W1"`` (n_h, n_x), ``"b1"`` (n_h, 1), ``"W2"`` (n_y, n_h) and
        ``"b2"`` (n_y, 1).

    Returns
    -------
    A2 : ndarray of shape (n_y, m)
        The sigmoid outputs: the predicted probability of class 1.
    cache : dict
        ``"Z1"`` and ``"A1"`` of shape (n_h, m), ``"Z2"`` and ``"A2"`` of
        shape (n_y, m), kept for the backward pass.
    """
    ### START CODE HERE ### (≈ 8 lines of code)
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    ### END CODE HERE ###

    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


def compute_cost(A2, Y):
    """Cross-entropy cost of the predictions, averaged over the examples.

    Parameters
    ----------
    A2 : ndarray of shape (1, m)
        Predicted probabilities of class 1, strictly between 0 and 1.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.

    Returns
    -------
    cost : float
        ``-(1/m) * sum(Y * log(A2) + (1 - Y) * log(1 - A2))``.
    """
    m = Y.shape[1]  # number of examples

    ### START CODE HERE ### (≈ 2 lines of code)
    log_likelihoods = np.multiply(Y, np.log(A2)) + np.multiply(1 - Y, np.log(1 - A2))
    cost = -np.sum(log_likelihoods) / m
    ### END CODE HERE ###

    cost = float(np.squeeze(cost))  # a plain Python number, e.g. 0.6931 rather than [[0.6931]]
    return cost


def backward_propagation(parameters, cache, X, Y):
    """Backward pass: the gradients of the cost with respect to every parameter.

    Parameters
    ----------
    parameters : dict
        ``"W1"``, ``"b1"``, ``"W2"`` and ``"b2"``, as in ``forward_propagation``.
    cache : dict
        ``"Z1"``, ``"A1"``, ``"Z2"`` and ``"A2"`` from ``forward_propagation``.
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    Y : ndarray of shape (n_y, m)
        True labels.

    Returns
    -------
    grads : dict
        ``"dW1"``, ``"db1"``, ``"dW2"`` and ``"db2"``, each of the shape of
        the parameter it belongs to. The derivative of tanh is computed from
        the activations, as ``1 - A1 ** 2``.
    """
    m = X.shape[1]  # number of examples

    ### START CODE HERE ### (≈ 9 lines of code)
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    ### END CODE HERE ###

    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return grads


def update_parameters(parameters, grads, learning_rate=1.2):
    """One step of gradient descent.

    Parameters
    ----------
    parameters : dict
        ``"W1"``, ``"b1"``, ``"W2"`` and ``"b2"``.
    grads : dict
        ``"dW1"``, ``"db1"``, ``"dW2"`` and ``"db2"``, of the same shapes.
    learning_rate : float
        Size of the step.

    Returns
    -------
    parameters : dict
        A new dict with each parameter minus ``learning_rate`` times its
        gradient. The caller's dict and arrays are left unchanged.
    """
    ### START CODE HERE ### (≈ 4 lines of code)
    W1 = parameters["W1"] - learning_rate * grads["dW1"]
    b1 = parameters["b1"] - learning_rate * grads["db1"]
    W2 = parameters["W2"] - learning_rate * grads["dW2"]
    b2 = parameters["b2"] - learning_rate * grads["db2"]
    ### END CODE HERE ###

    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    """Train the one-hidden-layer network with gradient descent.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    Y : ndarray of shape (n_y, m)
        True labels.
    n_h : int
        Number of hidden units.
    num_iterations : int
        Number of gradient-descent steps.
    print_cost : bool
        If True, print the cost every 1000 iterations.

    Returns
    -------
    parameters : dict
        The trained ``"W1"``, ``"b1"``, ``"W2"`` and ``"b2"``.
    """
    np.random.seed(3)
    n_x, _, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y)

    for i in range(num_iterations):
        ### START CODE HERE ### (≈ 4 lines of code)
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        ### END CODE HERE ###

        if print_cost and i % 1000 == 0:
            print(f"Iteration {i:5d}: cost = {cost:.6f}")

    return parameters


def predict(parameters, X):
    """Class predictions of the trained network: 1 where the output exceeds 0.5.

    Parameters
    ----------
    parameters : dict
        ``"W1"``, ``"b1"``, ``"W2"`` and ``"b2"``.
    X : ndarray of shape (n_x, m)
        Input data, one example per column.

    Returns
    -------
    predictions : ndarray of shape (1, m)
        True (class 1) where ``A2 > 0.5``, False (class 0) elsewhere.
    """
    ### START CODE HERE ### (≈ 2 lines of code)
    A2, _ = forward_propagation(X, parameters)
    predictions = A2 > 0.5
    ### END CODE HERE ###

    return predictions
