"""Activation functions of the deep networks (notebooks 4 and 5) and their backward passes.

These helpers are given to students, not graded. Each forward function returns
the activation and a cache (the input ``Z``); each backward function takes the
gradient with respect to the activation and that cache, and returns the
gradient with respect to ``Z``.
"""

import numpy as np


def sigmoid(Z):
    """The sigmoid activation, elementwise.

    Parameters
    ----------
    Z : ndarray of any shape
        Pre-activations of a layer.

    Returns
    -------
    A : ndarray of the same shape as Z
        ``1 / (1 + exp(-Z))``, between 0 and 1.
    cache : ndarray of the same shape as Z
        ``Z`` itself, kept for the backward pass.
    """
    A = 1 / (1 + np.exp(-Z))
    cache = Z
    return A, cache


def relu(Z):
    """The ReLU activation, elementwise: ``max(0, Z)``.

    Parameters
    ----------
    Z : ndarray of any shape
        Pre-activations of a layer.

    Returns
    -------
    A : ndarray of the same shape as Z
        ``Z`` where it is positive, 0 elsewhere.
    cache : ndarray of the same shape as Z
        ``Z`` itself, kept for the backward pass.
    """
    A = np.maximum(0, Z)
    cache = Z
    return A, cache


def sigmoid_backward(dA, cache):
    """Backward pass through a sigmoid unit.

    Parameters
    ----------
    dA : ndarray of any shape
        Gradient with respect to the activation ``A = sigmoid(Z)``.
    cache : ndarray of the same shape as dA
        ``Z``, as returned by :func:`sigmoid`.

    Returns
    -------
    dZ : ndarray of the same shape as dA
        Gradient with respect to ``Z``: ``dA * s * (1 - s)`` with ``s = sigmoid(Z)``.
    """
    Z = cache
    s = 1 / (1 + np.exp(-Z))
    dZ = dA * s * (1 - s)
    return dZ


def relu_backward(dA, cache):
    """Backward pass through a ReLU unit.

    Parameters
    ----------
    dA : ndarray of any shape
        Gradient with respect to the activation ``A = relu(Z)``.
    cache : ndarray of the same shape as dA
        ``Z``, as returned by :func:`relu`.

    Returns
    -------
    dZ : ndarray of the same shape as dA
        Gradient with respect to ``Z``: ``dA`` where ``Z > 0``, 0 where ``Z <= 0``.
    """
    Z = cache
    dZ = np.array(dA, dtype=float, copy=True)  # a new array: the caller's dA is left unchanged
    dZ[Z <= 0] = 0
    return dZ
