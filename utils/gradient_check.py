"""Gradient checking: compare a gradient with a finite-difference estimate.

If ``f`` is a scalar function of an array ``x``, the centred difference

    (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)

approximates the partial derivative of ``f`` with respect to entry ``i`` of
``x``, with an error of the order of ``eps ** 2``. It is slow (two calls of
``f`` per entry) but needs no calculus, so it is a good way to test a
backward pass on a small example.
"""

import numpy as np


def numerical_gradient(f, x, epsilon=1e-6):
    """Centred finite-difference estimate of the gradient of ``f`` at ``x``.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``: a scalar function of an array.
    x : ndarray of any shape
        The point where the gradient is estimated. It is not modified: ``f``
        is called on perturbed copies.
    epsilon : float
        Size of the step in each direction.

    Returns
    -------
    gradient : ndarray of the same shape as x
        Entry ``i`` is ``(f(x + epsilon e_i) - f(x - epsilon e_i)) / (2 epsilon)``.
    """
    x = np.array(x, dtype=float)
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        plus = x.copy()
        plus[index] += epsilon
        minus = x.copy()
        minus[index] -= epsilon
        gradient[index] = (float(f(plus)) - float(f(minus))) / (2 * epsilon)
    return gradient


def relative_difference(a, b):
    """How far apart two gradients are, relative to their size.

    Parameters
    ----------
    a : ndarray of any shape
        One gradient, for example from a backward pass.
    b : ndarray of the same shape as a
        The other, for example from :func:`numerical_gradient`.

    Returns
    -------
    difference : float
        ``||a - b|| / (||a|| + ||b||)`` with the Euclidean norm: 0 when they
        are equal, 1 when they point in opposite directions; 0 when both are
        zero. Below about 1e-7 the two agree to rounding error.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    if scale == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / scale)
