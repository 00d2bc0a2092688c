"""What notebook 3 (planar classification with one hidden layer) gives students: the sigmoid.

The output unit of notebook 3's network is a sigmoid. Students get it here,
ready to call as ``sigmoid(Z2)``, as the course's own notebook gives it, so
that code written for the course runs unchanged. It returns the activation
alone; notebook 4's ``utils.activations.sigmoid`` returns ``(A, cache)``
instead, because its layers keep a cache for the backward pass.

This module holds no reference solution (notebook 3 grades no ``sigmoid``),
so it ships with the notebook 3 release; ``utils.planar`` calls it too, so the
answer key and the students use one definition.
"""

import numpy as np


def sigmoid(x):
    """The sigmoid function, elementwise: ``1 / (1 + exp(-x))``.

    Parameters
    ----------
    x : ndarray of any shape
        The values, for example the pre-activations ``Z2`` of the output
        layer. A Python number works too.

    Returns
    -------
    s : ndarray of the same shape as x
        The sigmoid of each value, between 0 and 1 (a number for a number).
    """
    s = 1 / (1 + np.exp(-x))
    return s
