"""Small two-dimensional datasets, generated on the fly (no files needed).

``load_planar_dataset`` draws the "flower" of notebook 3: two classes of
points arranged in interleaved petals, which no straight line can separate.
``load_extra_datasets`` gives a few other classic shapes from scikit-learn's
generators, to try the same network on. Every dataset follows the course's
layout: one example per column, labels as a row.
"""

from __future__ import annotations

import numpy as np

EXTRA_DATASET_SIZE = 200
EXTRA_DATASET_SEED = 0


def load_planar_dataset():
    """The flower: 400 points in the plane, in two classes of 200.

    The points of class ``j`` (0 or 1) have angles spread over
    ``[3.12 j, 3.12 (j + 1)]`` and radii ``4 sin(4 t)``, both with Gaussian
    noise of standard deviation 0.2. The function sets ``np.random.seed(1)``
    first, so every call returns the same points.

    Returns
    -------
    X : ndarray of shape (2, 400)
        The coordinates, one point per column.
    Y : ndarray of shape (1, 400)
        The labels (uint8, 0 or 1): the first 200 points are class 0.
    """
    np.random.seed(1)
    m = 400  # number of points
    N = m // 2  # points per class
    D = 2  # dimensions of the plane
    a = 4  # length of the longest petal
    X = np.zeros((m, D))
    Y = np.zeros((m, 1), dtype="uint8")
    for j in range(2):
        rows = slice(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2  # angle
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2  # radius
        X[rows] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[rows] = j
    return X.T, Y.T


def load_extra_datasets():
    """Five more two-class datasets of 200 points each, the same on every call.

    They come from scikit-learn's generators with fixed seeds: two noisy
    concentric circles, two noisy interleaved half-moons, six Gaussian blobs
    (labelled by the parity of the blob, so two classes), two classes split
    by the distance from a Gaussian's centre, and uniform random points with
    random labels (no structure at all).

    Returns
    -------
    datasets : dict
        Maps each name (``"noisy_circles"``, ``"noisy_moons"``, ``"blobs"``,
        ``"gaussian_quantiles"``, ``"no_structure"``) to a pair ``(X, Y)``:
        ``X`` of shape (2, 200) with one point per column and ``Y`` of shape
        (1, 200) with the labels (uint8, 0 or 1).
    """
    import sklearn.datasets  # imported here: only this loader needs scikit-learn

    n, seed = EXTRA_DATASET_SIZE, EXTRA_DATASET_SEED
    rng = np.random.default_rng(seed)
    generated = {
        "noisy_circles": sklearn.datasets.make_circles(n_samples=n, factor=0.5, noise=0.3, random_state=seed),
        "noisy_moons": sklearn.datasets.make_moons(n_samples=n, noise=0.2, random_state=seed),
        "blobs": sklearn.datasets.make_blobs(n_samples=n, n_features=2, centers=6, random_state=5),
        "gaussian_quantiles": sklearn.datasets.make_gaussian_quantiles(
            cov=0.5, n_samples=n, n_features=2, n_classes=2, random_state=seed),
        "no_structure": (rng.random((n, 2)), rng.integers(0, 2, size=n)),
    }
    return {name: (points.T.astype(float), (labels % 2).reshape(1, -1).astype("uint8"))
            for name, (points, labels) in generated.items()}
