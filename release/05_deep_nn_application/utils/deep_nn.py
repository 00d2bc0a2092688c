"""Reference solutions for notebook 4, building a deep neural network step by step.

The network is [LINEAR -> RELU] x (L - 1) -> LINEAR -> SIGMOID. Each graded
function is copied verbatim into a solution cell of
``source/04_deep_nn_step_by_step`` by ``python -m autograder build``; the lines
between ``### START CODE HERE ###`` and ``### END CODE HERE ###`` are what the
student writes. At grading time this module is replaced by a stub, so it holds
the graded functions only: the activations are in ``utils.activations`` and
the gradient-checking helpers in ``utils.gradient_check``.

Conventions: layer ``l`` has ``W{l}`` of shape (n_l, n_{l-1}) and ``b{l}`` of
shape (n_l, 1); ``A^[0]`` is the input X. In the gradients, ``dA{l}`` is the
gradient with respect to ``A^[l]`` (so ``dA0`` goes with X), per example:
``dW{l}`` and ``db{l}`` are averaged over the m examples, the ``dA{l}`` are not.
"""

import numpy as np

from utils.activations import relu, relu_backward, sigmoid, sigmoid_backward


def initialize_parameters(n_x, n_h, n_y):
    """Small random weights and zero biases for a network with one hidden layer.

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
    np.random.seed(1)  # fixed seed, so that your numbers match the expected ones

    ### START CODE HERE ### (≈ 4 lines of code)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    ### END CODE HERE ###

    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters


def initialize_parameters_deep(layer_dims):
    """Small random weights and zero biases for a network of any depth.

    Parameters
    ----------
    layer_dims : list of int
        ``[n_0, n_1, ..., n_L]``: the number of units of each layer, the input
        layer first (n_0 = n_x).

    Returns
    -------
    parameters : dict
        For l = 1, ..., L: ``"W{l}"`` of shape (n_l, n_{l-1}), drawn from a
        standard normal distribution (layer 1 first) and scaled by 0.01, and
        ``"b{l}"`` of shape (n_l, 1), zeros.
    """
    np.random.seed(3)  # fixed seed, so that your numbers match the expected ones
    parameters = {}
    L = len(layer_dims)  # number of layers, counting the input layer

    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines of code)
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
        ### END CODE HERE ###

    return parameters


def linear_forward(A, W, b):
    """The linear part of a layer's forward pass: ``Z = W A + b``.

    Parameters
    ----------
    A : ndarray of shape (n_prev, m)
        Activations of the previous layer (or the input X), one example per column.
    W : ndarray of shape (n, n_prev)
        Weights of the layer.
    b : ndarray of shape (n, 1)
        Biases of the layer.

    Returns
    -------
    Z : ndarray of shape (n, m)
        Pre-activations of the layer.
    cache : tuple
        ``(A, W, b)``, kept for the backward pass.
    """
    ### START CODE HERE ### (≈ 1 line of code)
    Z = np.dot(W, A) + b
    ### END CODE HERE ###

    cache = (A, W, b)
    return Z, cache


def linear_activation_forward(A_prev, W, b, activation):
    """Forward pass of one layer: LINEAR, then the activation.

    Parameters
    ----------
    A_prev : ndarray of shape (n_prev, m)
        Activations of the previous layer (or the input X).
    W : ndarray of shape (n, n_prev)
        Weights of the layer.
    b : ndarray of shape (n, 1)
        Biases of the layer.
    activation : str
        ``"sigmoid"`` or ``"relu"``.

    Returns
    -------
    A : ndarray of shape (n, m)
        Activations of the layer.
    cache : tuple
        ``(linear_cache, activation_cache)``: ``(A_prev, W, b)`` from
        ``linear_forward`` and ``Z`` from the activation.
    """
    ### START CODE HERE ### (≈ 5 lines of code)
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":  # stub: A, activation_cache = None, None
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        A, activation_cache = relu(Z)
    ### END CODE HERE ###

    cache = (linear_cache, activation_cache)
    return A, cache


def L_model_forward(X, parameters):
    """Forward pass of the whole network: [LINEAR -> RELU] x (L - 1), then LINEAR -> SIGMOID.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    parameters : dict
        ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"``, as from
        ``initialize_parameters_deep``.

    Returns
    -------
    AL : ndarray of shape (n_L, m)
        Output of the last layer: the predicted probabilities.
    caches : list of tuple
        The L caches of ``linear_activation_forward``, layer 1 first.
    """
    A = X
    L = len(parameters) // 2  # number of layers with parameters

    ### START CODE HERE ### (≈ 6 lines of code)
    caches = []
    for l in range(1, L + 1):  # stub: A = None
        activation = "sigmoid" if l == L else "relu"
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], activation)
        caches.append(cache)
    AL = A
    ### END CODE HERE ###

    return AL, caches


def compute_cost(AL, Y):
    """Cross-entropy cost of the predictions, averaged over the examples.

    Parameters
    ----------
    AL : ndarray of shape (1, m)
        Predicted probabilities of class 1, strictly between 0 and 1.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.

    Returns
    -------
    cost : float
        ``-(1/m) * sum(Y * log(AL) + (1 - Y) * log(1 - AL))``, as a 0-d
        numpy value.
    """
    m = Y.shape[1]  # number of examples

    ### START CODE HERE ### (≈ 1 line of code)
    cost = -(1 / m) * np.sum(np.multiply(Y, np.log(AL)) + np.multiply(1 - Y, np.log(1 - AL)))
    ### END CODE HERE ###

    cost = np.squeeze(cost)  # e.g. turns [[0.69]] into 0.69
    return cost


def linear_backward(dZ, cache):
    """The linear part of a layer's backward pass.

    Parameters
    ----------
    dZ : ndarray of shape (n, m)
        Gradient with respect to the layer's pre-activations Z, per example.
    cache : tuple
        ``(A_prev, W, b)`` from ``linear_forward``.

    Returns
    -------
    dA_prev : ndarray of shape (n_prev, m)
        Gradient with respect to the previous activations, per example:
        ``W.T dZ``.
    dW : ndarray of shape (n, n_prev)
        Gradient with respect to W, averaged over the examples:
        ``(1/m) dZ A_prev.T``.
    db : ndarray of shape (n, 1)
        Gradient with respect to b, averaged over the examples.
    """
    A_prev, W, _ = cache  # the backward pass does not need b
    m = A_prev.shape[1]  # number of examples

    ### START CODE HERE ### (≈ 3 lines of code)
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    ### END CODE HERE ###

    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    """Backward pass of one layer: through the activation, then through LINEAR.

    Parameters
    ----------
    dA : ndarray of shape (n, m)
        Gradient with respect to the layer's activations, per example.
    cache : tuple
        ``(linear_cache, activation_cache)`` from ``linear_activation_forward``.
    activation : str
        ``"sigmoid"`` or ``"relu"``: the activation of the layer.

    Returns
    -------
    dA_prev : ndarray of shape (n_prev, m)
        Gradient with respect to the previous activations, per example.
    dW : ndarray of shape (n, n_prev)
        Gradient with respect to W, averaged over the examples.
    db : ndarray of shape (n, 1)
        Gradient with respect to b, averaged over the examples.
    """
    linear_cache, activation_cache = cache

    ### START CODE HERE ### (≈ 5 lines of code)
    if activation == "relu":  # stub: dZ = None
        dZ = relu_backward(dA, activation_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
    dA_prev, dW, db = linear_backward(dZ, linear_cache)
    ### END CODE HERE ###

    return dA_prev, dW, db


def L_model_backward(AL, Y, caches):
    """Backward pass of the whole network, from the output layer down to layer 1.

    Parameters
    ----------
    AL : ndarray of shape (1, m)
        Output of ``L_model_forward``.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.
    caches : list of tuple
        The L caches of ``L_model_forward``.

    Returns
    -------
    grads : dict
        For l = 1, ..., L: ``"dW{l}"`` and ``"db{l}"``, the gradients of the
        cost with respect to ``W{l}`` and ``b{l}``; for l = 0, ..., L-1:
        ``"dA{l}"``, the per-example gradient with respect to ``A^[l]`` (so
        ``"dA0"`` has the shape of X).
    """
    grads = {}
    L = len(caches)  # number of layers
    Y = Y.reshape(AL.shape)  # Y gets the shape of AL

    ### START CODE HERE ### (≈ 8 lines of code)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    dA = dAL  # the gradient flowing back, starting from the output
    for l in reversed(range(1, L + 1)):  # stub: dW, db = None, None
        activation = "sigmoid" if l == L else "relu"
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], activation)
        grads["dA" + str(l - 1)] = dA
        grads["dW" + str(l)] = dW
        grads["db" + str(l)] = db
    ### END CODE HERE ###

    return grads


def update_parameters(params, grads, learning_rate):
    """One step of gradient descent on every layer.

    Parameters
    ----------
    params : dict
        ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"``.
    grads : dict
        ``"dW1"``, ``"db1"``, ..., ``"dWL"``, ``"dbL"`` (and the ``"dA{l}"``,
        which are not used), as from ``L_model_backward``.
    learning_rate : float
        Size of the step.

    Returns
    -------
    parameters : dict
        A new dict with each parameter minus ``learning_rate`` times its
        gradient. The caller's dict and arrays are left unchanged.
    """
    L = len(params) // 2  # number of layers
    parameters = {}

    for l in range(1, L + 1):
        ### START CODE HERE ### (≈ 2 lines of code)
        parameters["W" + str(l)] = params["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = params["b" + str(l)] - learning_rate * grads["db" + str(l)]
        ### END CODE HERE ###

    return parameters
