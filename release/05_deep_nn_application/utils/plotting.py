"""Plots the notebooks share: cost curves, decision boundaries, grids of images.

Each function draws on a matplotlib ``Axes`` (a new figure when none is
given) and returns what it drew on, so a notebook can add titles or legends
and a test can read the plotted data back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np


def plot_costs(costs, every=100, label=None, ax=None):
    """Plot a cost curve recorded every ``every`` iterations of gradient descent.

    Parameters
    ----------
    costs : sequence of float
        The recorded costs, the first one at iteration 0.
    every : int
        Iterations between two recorded costs.
    label : str or None
        Legend entry of the curve (several curves can share one ``ax``).
    ax : matplotlib Axes or None
        Where to draw; a new figure when None.

    Returns
    -------
    ax : matplotlib Axes
    """
    if ax is None:
        _, ax = plt.subplots()
    costs = np.ravel(np.asarray(costs, dtype=float))
    ax.plot(np.arange(len(costs)) * every, costs, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    return ax


def decision_grid(X, step=0.01, margin=1.0):
    """The grid of points on which a decision boundary is drawn.

    Parameters
    ----------
    X : ndarray of shape (2, m)
        The data points, one per column.
    step : float
        Distance between neighbouring grid points.
    margin : float
        How far the grid extends beyond the data on every side.

    Returns
    -------
    xx : ndarray of shape (rows, columns)
        First coordinate of every grid point.
    yy : ndarray of shape (rows, columns)
        Second coordinate of every grid point.
    """
    x_min, x_max = X[0].min() - margin, X[0].max() + margin
    y_min, y_max = X[1].min() - margin, X[1].max() + margin
    return np.meshgrid(np.arange(x_min, x_max, step), np.arange(y_min, y_max, step))


def plot_decision_boundary(predict: Callable, X, y, ax=None, step=0.01, margin=1.0):
    """Colour the plane by a classifier's prediction and draw the data on top.

    Parameters
    ----------
    predict : callable
        Takes an ndarray of shape (k, 2), one point per row, and returns the
        k predicted labels (any array shape with k elements). For a model
        that wants one point per column, pass ``lambda points: f(points.T)``.
    X : ndarray of shape (2, m)
        The data points, one per column.
    y : ndarray of shape (1, m)
        Their labels, drawn as the colour of each point.
    ax : matplotlib Axes or None
        Where to draw; a new figure when None.
    step : float
        Resolution of the coloured grid.
    margin : float
        How far the grid extends beyond the data.

    Returns
    -------
    ax : matplotlib Axes
    """
    if ax is None:
        _, ax = plt.subplots()
    xx, yy = decision_grid(X, step, margin)
    labels = np.asarray(predict(np.c_[xx.ravel(), yy.ravel()]), dtype=float).reshape(xx.shape)
    ax.contourf(xx, yy, labels, cmap=plt.cm.Spectral)
    ax.scatter(X[0], X[1], c=np.ravel(y), s=40, cmap=plt.cm.Spectral, edgecolors="k", linewidths=0.3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def show_images(images, titles: Sequence[str], columns=5, size=2.0):
    """Show pictures side by side in a grid, each with a title.

    Parameters
    ----------
    images : ndarray of shape (k, height, width, 3)
        The pictures, with pixel values 0-255 (uint8) or 0-1 (float).
    titles : sequence of str
        One title per picture.
    columns : int
        Pictures per row.
    size : float
        Width and height of one picture, in inches.

    Returns
    -------
    fig : matplotlib Figure
    """
    count = len(images)
    rows = max(1, -(-count // columns))
    title_lines = max((str(t).count("\n") + 1 for t in titles), default=1)
    height = rows * (size + 0.2 * title_lines)
    # A constrained layout leaves room for every title, even two-line ones above a second row.
    fig, axes = plt.subplots(rows, columns, figsize=(size * columns, height), squeeze=False, layout="constrained")
    for ax in axes.ravel():
        ax.axis("off")
    for ax, image, title in zip(axes.ravel(), images, titles):
        ax.imshow(image, interpolation="nearest")
        ax.set_title(title, fontsize=9)
    return fig
