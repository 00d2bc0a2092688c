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


# A correct gradient usually agrees with its finite-difference estimate to about 1e-9, but when a
# random network saturates its sigmoid output, rounding in log(1 - AL) pushes the estimate off by up
# to a few 1e-5 (seen in graded classes). Every mistake we know of is off by more than 1e-2.
GRADIENT_TOLERANCE = 1e-3
# Gaps below this are rounding error whatever the relative difference (for gradients that are nearly 0).
GRADIENT_ATOL = 1e-7


def _one_gradient_problems(name, got, numeric):
    """Problems of one returned gradient against its finite-difference estimate."""
    if not isinstance(got, np.ndarray):
        return [f"{name} should be an array, got {type(got).__name__}: it could not be gradient-checked"]
    if got.shape != numeric.shape:
        return [f"gradient check: {name} has shape {got.shape}, but what it is the gradient of has shape {numeric.shape}"]
    difference = relative_difference(got, numeric)
    gap = np.abs(got.astype(float) - numeric)
    if not np.isfinite(difference) or (difference > GRADIENT_TOLERANCE and np.nanmax(gap) > GRADIENT_ATOL):
        worst = tuple(int(i) for i in np.unravel_index(np.nanargmax(gap), gap.shape))
        return [
            (f"gradient check: {name} disagrees with the numerical estimate by a relative difference of "
             f"{difference:.3g} (a correct gradient stays below {GRADIENT_TOLERANCE:g}); largest gap "
             f"{gap[worst]:.3g} at index {worst}: expected about {numeric[worst]:.6g}, got {float(got[worst]):.6g}")
        ]
    return []


def _tuple_problems(measured, value):
    if not isinstance(value, (tuple, list)) or len(value) != len(measured["gradients"]):
        names = ", ".join(measured["gradients"])
        raise TypeError(f"{measured['function']} should return the tuple ({names})")
    problems = []
    for (name, numeric), got in zip(measured["gradients"].items(), value):
        problems += _one_gradient_problems(name, got, numeric)
    return problems


def _dict_problems(measured, grads):
    if not isinstance(grads, dict):
        return [f"grads should be a dict, got {type(grads).__name__}: it could not be gradient-checked"]
    L = sum(key.startswith("dW") for key in measured["gradients"])
    problems = []
    missing = [key for l in range(L) for key in (f"dA{l}", f"dW{l + 1}", f"db{l + 1}") if key not in grads]
    if missing:
        problems.append(f"grads has no keys {missing}: it needs dA0, ..., dA{L - 1} (grads['dA{{l}}'] goes with A^[l], "
                        f"so dA0 with X) and dW1, db1, ..., dW{L}, db{L}")
    wrong_keys = sorted(k for k in grads if isinstance(k, str) and k.startswith("dA")
                        and k not in {f"dA{l}" for l in range(L)})
    if wrong_keys:
        problems.append(f"grads has the keys {wrong_keys}, but with {L} layers the dA keys are dA0, ..., dA{L - 1}: "
                        f"grads['dA{{l}}'] is the gradient with respect to A^[l], the input of layer l + 1")
    for key, numeric in measured["gradients"].items():
        if key in grads:
            problems += _one_gradient_problems(f"grads[{key!r}]", grads[key], numeric)
    return problems


def gradient_problems(measured, value):
    """Compare the gradients a backward pass returned with finite-difference estimates.

    Parameters
    ----------
    measured : dict
        ``"returns"``: ``"tuple"`` (the function returns the gradients in
        the order of ``"gradients"``) or ``"dict"`` (it returns a dict with
        their names as keys, as ``L_model_backward``'s ``grads``);
        ``"function"``: the function's name, for messages; ``"gradients"``:
        a dict from each gradient's name to its estimate, an ndarray of the
        shape of what it is the gradient of (see :func:`numerical_gradient`).
    value : object
        What the backward pass returned.

    Returns
    -------
    problems : list of str
        One sentence per gradient that is missing, has the wrong shape, or
        disagrees with its estimate; empty when all agree.
    """
    if measured["returns"] == "dict":
        return _dict_problems(measured, value)
    return _tuple_problems(measured, value)
