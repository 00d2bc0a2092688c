"""Reference solutions for notebook 1, Python basics with numpy.

Each graded function is copied verbatim into a solution cell of
``source/01_python_basics`` by ``python -m autograder build``; the lines
between ``### START CODE HERE ###`` and ``### END CODE HERE ###`` are what
the student writes, and become ``name = None`` stubs in the release.
"""

import math

import numpy as np


def basic_sigmoid(x):
    """Sigmoid of one real number, computed with ``math.exp``.

    Parameters
    ----------
    x : float
        A scalar.

    Returns
    -------
    s : float
        ``1 / (1 + exp(-x))``.
    """
    ### START CODE HERE ### (≈ 1 line of code)
    s = 1 / (1 + math.exp(-x))
    ### END CODE HERE ###

    return s


def sigmoid(x):
    """Sigmoid of every element of an array.

    Parameters
    ----------
    x : ndarray of any shape
        Input values.

    Returns
    -------
    s : ndarray of the same shape as x
        ``1 / (1 + exp(-x))`` elementwise.
    """
    ### START CODE HERE ### (≈ 1 line of code)
    s = 1 / (1 + np.exp(-x))
    ### END CODE HERE ###

    return s


def sigmoid_derivative(x):
    """Gradient of the sigmoid with respect to its input.

    Parameters
    ----------
    x : ndarray of any shape
        Input values.

    Returns
    -------
    ds : ndarray of the same shape as x
        ``s * (1 - s)`` elementwise, with ``s = sigmoid(x)``.
    """
    ### START CODE HERE ### (≈ 2 lines of code)
    s = sigmoid(x)
    ds = s * (1 - s)
    ### END CODE HERE ###

    return ds


def image2vector(image):
    """Unroll an image into a single column.

    Parameters
    ----------
    image : ndarray of shape (length, height, depth)
        Pixel values.

    Returns
    -------
    v : ndarray of shape (length * height * depth, 1)
        The pixels in C (row-major) order.
    """
    ### START CODE HERE ### (≈ 1 line of code)
    v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)
    ### END CODE HERE ###

    return v


def normalizeRows(x):
    """Scale every row of a matrix to unit L2 norm.

    Parameters
    ----------
    x : ndarray of shape (n, m)
        Rows to normalise; no row may be all zeros.

    Returns
    -------
    x_normalized : ndarray of shape (n, m)
        ``x`` with each row divided by its Euclidean length. The caller's
        array is left unchanged.
    """
    ### START CODE HERE ### (≈ 2 lines of code)
    x_norm = np.linalg.norm(x, ord=2, axis=1, keepdims=True)
    x_normalized = x / x_norm
    ### END CODE HERE ###

    return x_normalized


def softmax(x):
    """Softmax of every row of a matrix.

    Parameters
    ----------
    x : ndarray of shape (n, m)
        Scores; a row vector has shape (1, m).

    Returns
    -------
    s : ndarray of shape (n, m)
        ``exp(x)`` divided by the sum of its row, so every row sums to 1.
    """
    ### START CODE HERE ### (≈ 3 lines of code)
    x_exp = np.exp(x)
    x_sum = np.sum(x_exp, axis=1, keepdims=True)
    s = x_exp / x_sum
    ### END CODE HERE ###

    return s


def L1(yhat, y):
    """L1 loss: the sum of absolute differences.

    Parameters
    ----------
    yhat : ndarray of shape (m,)
        Predicted labels.
    y : ndarray of shape (m,)
        True labels.

    Returns
    -------
    loss : float
        ``sum(|y - yhat|)``.
    """
    ### START CODE HERE ### (≈ 1 line of code)
    loss = np.sum(np.abs(y - yhat))
    ### END CODE HERE ###

    return loss


def L2(yhat, y):
    """L2 loss: the sum of squared differences.

    Parameters
    ----------
    yhat : ndarray of shape (m,)
        Predicted labels.
    y : ndarray of shape (m,)
        True labels.

    Returns
    -------
    loss : float
        ``sum((y - yhat) ** 2)``.
    """
    ### START CODE HERE ### (≈ 1 line of code)
    loss = np.sum((y - yhat) ** 2)
    ### END CODE HERE ###

    return loss
