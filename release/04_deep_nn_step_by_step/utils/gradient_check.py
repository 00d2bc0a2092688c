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
        is called on perturbed copies, in float64.
    epsilon : float
        Size of the step in each direction, relative to the entry: entry
        ``i`` moves by ``h_i = epsilon * max(1, |x_i|)``, so that the step
        is neither lost in rounding nor too coarse whatever the size of x.

    Returns
    -------
    gradient : ndarray of the same shape as x
        Entry ``i`` is ``(f(x + h_i e_i) - f(x - h_i e_i)) / (2 h_i)``, in float64.
    """
    x = np.array(x, dtype=np.float64)
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = epsilon * max(1.0, abs(float(x[index])))
        plus = x.copy()
        plus[index] += step
        minus = x.copy()
        minus[index] -= step
        step = (plus[index] - minus[index]) / 2  # the step actually taken, after rounding
        gradient[index] = (float(f(plus)) - float(f(minus))) / (2 * step)
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
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    if scale == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / scale)


# A correct gradient agrees with its finite-difference estimate to about 1e-8 (relative difference) on
# the cases the grader draws, which keep every ReLU pre-activation away from its kink and the output
# sigmoid away from saturation (see utils/exercises/deep_nn.py and benchmarks/property_sweep.py).
# Every mistake we know of is off by more than 1e-2.
GRADIENT_TOLERANCE = 1e-3
# Gaps below this, relative to the largest entry of the two gradients (and at least this in absolute
# terms), are rounding error whatever the relative difference: for gradients that are nearly 0.
GRADIENT_ATOL = 1e-7


def _as_float_array(value):
    """``value`` as a float64 array, or None when it holds no real numbers."""
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "biuf":
        return None
    return value.astype(np.float64)


def _one_gradient_problems(name, got, numeric):
    """Problems of one returned gradient against its finite-difference estimate.

    Only the entries whose estimate is a finite number are checked (an
    estimate is never NaN on the grader's cases, but a check must not fail
    correct code where it could not measure). Never raises on NaN, inf, empty
    or zero-size arrays.
    """
    if not isinstance(got, np.ndarray):
        return [f"{name} should be an array, got {type(got).__name__}: it could not be gradient-checked"]
    try:
        if np.asarray(numeric).dtype.kind == "c":
            raise TypeError("complex numbers are not real numbers")
        numeric = np.asarray(numeric, dtype=np.float64)
    except (TypeError, ValueError):  # no estimate to compare with: nothing was measured
        return []
    if got.shape != numeric.shape:
        return [f"gradient check: {name} has shape {got.shape}, but what it is the gradient of has shape {numeric.shape}"]
    values = _as_float_array(got)
    if values is None:
        return [f"{name} has dtype {got.dtype}: expected numbers, so it could not be gradient-checked"]
    measured = np.isfinite(numeric)
    broken = measured & ~np.isfinite(values)
    if broken.any():
        index = tuple(int(i) for i in np.argwhere(broken)[0])
        return [f"gradient check: {name} contains {values[index]} (NaN or inf) at index {index}, "
                f"where the numerical estimate is about {numeric[index]:.6g}"]
    if not measured.any():
        return []
    got_part, numeric_part = values[measured], numeric[measured]
    with np.errstate(all="ignore"):  # norms of huge values overflow to inf: the difference is then NaN
        difference = relative_difference(got_part, numeric_part)
        gap = np.abs(got_part - numeric_part)
        largest = max(float(np.max(np.abs(got_part))), float(np.max(np.abs(numeric_part))), 1.0)
    if not np.isfinite(difference) or (difference > GRADIENT_TOLERANCE and float(gap.max()) > GRADIENT_ATOL * largest):
        worst = tuple(int(i) for i in np.argwhere(measured)[int(np.argmax(gap))])
        return [
            (f"gradient check: {name} disagrees with the numerical estimate by a relative difference of "
             f"{difference:.3g} (a correct gradient stays below {GRADIENT_TOLERANCE:g}); largest gap "
             f"{gap.max():.3g} at index {worst}: expected about {numeric[worst]:.6g}, got {values[worst]:.6g}")
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
