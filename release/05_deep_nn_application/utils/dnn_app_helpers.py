"""What notebook 5 (a deep network on the cat pictures) gives students: an initializer, predictions, a plot.

These helpers are not graded. They live here, and not in ``utils.dnn_app``
(the reference solutions, which are replaced by a stub at grading time), so
that the graded ``L_layer_model`` can call :func:`initialize_parameters_deep_scaled`
both in the notebook and in the grader's sandbox. The course's own notebook
calls that initializer ``initialize_parameters_deep``, so it is given under
that name too (notebook 5 does not import notebook 4's initializer of the
same name).

The network is the one of notebook 4, [LINEAR -> RELU] x (L - 1) -> LINEAR ->
SIGMOID; its forward pass is ``utils.deep_nn.L_model_forward``.
"""

import numpy as np

from utils.deep_nn import L_model_forward
from utils.plotting import show_images


def initialize_parameters_deep_scaled(layer_dims):
    """Random weights scaled by ``1 / sqrt(n_{l-1})`` and zero biases, for a network of any depth.

    Unlike ``utils.deep_nn.initialize_parameters_deep`` (seed 3, weights times
    0.01), this initializer keeps the pre-activations of every layer of a
    similar size, however wide the layer before it: each weight of layer l is
    divided by the square root of the number of inputs of that layer. With
    12288 inputs per picture, weights times 0.01 would make the signal shrink
    layer after layer and training stall. In notebook 5 it is also called
    ``initialize_parameters_deep``, the course's name for it there.

    Parameters
    ----------
    layer_dims : list of int
        ``[n_0, n_1, ..., n_L]``: the number of units of each layer, the input
        layer first.

    Returns
    -------
    parameters : dict
        For l = 1, ..., L: ``"W{l}"`` of shape (n_l, n_{l-1}), drawn from a
        standard normal distribution after ``np.random.seed(1)`` (layer 1
        first) and divided by ``sqrt(n_{l-1})``, and ``"b{l}"`` of shape
        (n_l, 1), zeros.
    """
    np.random.seed(1)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


# The course's name for this initializer in notebook 5, so that code written for the course runs unchanged.
# An alias, not a second function: one definition, and ``is`` tells the two names are the same initializer.
initialize_parameters_deep = initialize_parameters_deep_scaled


def predict(X, y, parameters):
    """Labels predicted by a trained network, and their accuracy (printed).

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        The examples, one per column.
    y : ndarray of shape (1, m)
        Their true labels, 0 or 1 (only used for the accuracy).
    parameters : dict
        ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"`` of a trained network.

    Returns
    -------
    p : ndarray of shape (1, m)
        The predictions as floats: 1.0 where the network's output is above
        0.5, otherwise 0.0.
    """
    probabilities, _ = L_model_forward(X, parameters)
    p = (probabilities > 0.5).astype(float)
    accuracy = float(np.mean(p == y))
    print(f"Accuracy: {accuracy} ({100 * accuracy:.2f} %)")
    return p


def print_mislabeled_images(classes, X, y, p):
    """Show, in one figure, every picture whose predicted label differs from its true label.

    Parameters
    ----------
    classes : ndarray of shape (2,)
        The class names as bytes (``classes[label]``), as from
        ``utils.data.load_cat_dataset``.
    X : ndarray of shape (n_x, m)
        The pictures as columns of ``num_px * num_px * 3`` values between 0
        and 1 (the standardized data).
    y : ndarray of shape (1, m)
        The true labels.
    p : ndarray of shape (1, m)
        The predicted labels, as from :func:`predict`.

    Returns
    -------
    fig : matplotlib Figure or None
        The figure, or None when every picture is labelled right.
    """
    wrong = np.flatnonzero(np.ravel(p) != np.ravel(y))
    if wrong.size == 0:
        print("Every picture is labelled right.")
        return None
    num_px = round(np.sqrt(X.shape[0] / 3))
    images = X[:, wrong].T.reshape(-1, num_px, num_px, 3)
    names = [name.decode("utf-8") if isinstance(name, bytes) else str(name) for name in classes]
    titles = [f"#{i}: a {names[int(np.ravel(y)[i])]},\npredicted {names[int(np.ravel(p)[i])]}" for i in wrong]
    return show_images(images, titles, columns=min(5, wrong.size))
