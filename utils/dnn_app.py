"""Reference solutions for notebook 5, a deep neural network for image classification (cat pictures).

Each graded function is copied verbatim into a solution cell of
``source/05_deep_nn_application`` by ``python -m autograder build``; the lines
between ``### START CODE HERE ###`` and ``### END CODE HERE ###`` are what the
student writes. At grading time this module is replaced by a stub, so it holds
the two graded functions only. They are built from the step-by-step functions
of notebook 4, which the notebook imports from ``utils.deep_nn`` (so a mistake
made in notebook 4 cannot break this one), and from the initializer the
notebook gives, in ``utils.dnn_app_helpers``.
"""

import numpy as np

from utils.deep_nn import (
    L_model_backward,
    L_model_forward,
    compute_cost,
    initialize_parameters,
    linear_activation_backward,
    linear_activation_forward,
    update_parameters,
)
from utils.dnn_app_helpers import initialize_parameters_deep_scaled


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Train a network LINEAR -> RELU -> LINEAR -> SIGMOID with gradient descent.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Training examples, one per column.
    Y : ndarray of shape (1, m)
        Their labels, 0 or 1.
    layers_dims : tuple of int
        ``(n_x, n_h, n_y)``: the sizes of the input, hidden and output layers.
    learning_rate : float
        Step size of gradient descent.
    num_iterations : int
        Number of gradient-descent steps.
    print_cost : bool
        If True, print the cost every 100 iterations.

    Returns
    -------
    parameters : dict
        The learnt ``"W1"``, ``"b1"``, ``"W2"``, ``"b2"``.
    costs : list
        The cost before the steps 0, 100, 200, ... (one 0-d value each).
    """
    np.random.seed(1)  # fixed seed, so that your numbers match the expected ones
    costs = []  # the cost every 100 iterations
    n_x, n_h, n_y = layers_dims

    parameters = initialize_parameters(n_x, n_h, n_y)
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]

    for i in range(num_iterations):
        ### START CODE HERE ### (≈ 10 lines of code)
        A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
        A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")  # dA0 is not needed
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        parameters = update_parameters(parameters, grads, learning_rate)
        W1, b1 = parameters["W1"], parameters["b1"]
        W2, b2 = parameters["W2"], parameters["b2"]
        ### END CODE HERE ###

        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Iteration {i:4d}: cost = {cost:.6f}")

    return parameters, costs


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Train a network [LINEAR -> RELU] x (L - 1) -> LINEAR -> SIGMOID with gradient descent.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Training examples, one per column.
    Y : ndarray of shape (1, m)
        Their labels, 0 or 1.
    layers_dims : list of int
        ``[n_x, n_1, ..., n_L]``: the sizes of the layers, the input first.
    learning_rate : float
        Step size of gradient descent.
    num_iterations : int
        Number of gradient-descent steps.
    print_cost : bool
        If True, print the cost every 100 iterations.

    Returns
    -------
    parameters : dict
        The learnt ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"``.
    costs : list
        The cost before the steps 0, 100, 200, ... (one 0-d value each).
    """
    np.random.seed(1)  # fixed seed, so that your numbers match the expected ones
    costs = []  # the cost every 100 iterations

    ### START CODE HERE ### (≈ 10 lines of code)
    parameters = initialize_parameters_deep_scaled(layers_dims)
    for i in range(num_iterations):  # stub: AL, caches = None, None
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Iteration {i:4d}: cost = {cost:.6f}")
    ### END CODE HERE ###

    return parameters, costs
