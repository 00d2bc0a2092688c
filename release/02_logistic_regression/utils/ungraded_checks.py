"""Checks of the ungraded exercises: the sizes and preparation of the datasets.

They compare what the student computed with the dataset itself, so they need
no reference solution and ship with the notebooks that use them
(notebook 2: :func:`check_sizes`, :func:`check_flattened`,
:func:`check_standardized`; notebook 3: :func:`check_dataset_shapes`). Each
prints one line when all is well, one line when the exercise is not done yet
(every value still None, so that *Run All* on a fresh notebook goes on), and
otherwise raises :class:`~utils.checks.PublicCheckFailed`, whose report names
what differs.
"""

from __future__ import annotations

import functools

import numpy as np

from utils.checks import PublicCheckFailed, compare
from utils.data import load_cat_dataset
from utils.toy_data import load_planar_dataset


@functools.lru_cache(maxsize=1)
def _cat_data():
    return load_cat_dataset()


def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _verdict(title: str, problems: list[str], hints: list[str], given: dict) -> None:
    """Print that all is well or that nothing is done yet, or raise PublicCheckFailed whose report says what is not."""
    if all(value is None for value in given.values()):
        names = ", ".join(f"`{name}`" for name in given)
        print(f"{title}: not done yet ({names} still None). Replace the placeholders above, run that cell, "
              "then run this cell again.")
        return
    if not problems:
        print(f"{title}: all checks passed.")
        return
    lines = [f"{title}: something is not right."] + [f"  - {p}" for p in problems]
    lines += [f"  hint: {h}" for h in dict.fromkeys(hints)]
    raise PublicCheckFailed("\n".join(lines))


def check_sizes(m_train, m_test, num_px):
    """Check the three sizes of the cat dataset the student read from the array shapes.

    Parameters
    ----------
    m_train : int
        Number of training pictures.
    m_test : int
        Number of test pictures.
    num_px : int
        Height (and width) of one picture, in pixels.

    Raises
    ------
    PublicCheckFailed
        If a value is wrong; its report says what differs.
    """
    train_x, _, test_x, _, _ = _cat_data()
    expected = {"m_train": train_x.shape[0], "m_test": test_x.shape[0], "num_px": train_x.shape[1]}
    got = {"m_train": m_train, "m_test": m_test, "num_px": num_px}
    problems, hints = [], []
    for name, value in expected.items():
        problems += compare(value, got[name], name)
        if isinstance(got[name], tuple):
            hints.append(f"{name} is one number: pick one entry of the shape tuple, e.g. X.shape[0].")
    if _is_int(num_px) and num_px == train_x[0].size:
        hints.append("num_px is the height (= width) of one picture in pixels, not the number of values in it.")
    if (_is_int(m_train) and m_train == train_x.shape[1]) or (_is_int(m_test) and m_test == test_x.shape[1]):
        hints.append("The number of pictures is the first entry of the shape: X.shape[0].")
    _verdict("Dataset sizes", problems, hints, got)


def check_flattened(train_set_x_flatten, test_set_x_flatten):
    """Check that the pictures were unrolled into columns, one picture per column.

    Parameters
    ----------
    train_set_x_flatten : ndarray of shape (num_px * num_px * 3, m_train)
        The flattened training pictures.
    test_set_x_flatten : ndarray of shape (num_px * num_px * 3, m_test)
        The flattened test pictures.

    Raises
    ------
    PublicCheckFailed
        If a shape or a value is wrong; its report says what differs, with a hint.
    """
    train_x, _, test_x, _, _ = _cat_data()
    problems, hints = [], []
    for name, orig, got in (("train_set_x_flatten", train_x, train_set_x_flatten),
                            ("test_set_x_flatten", test_x, test_set_x_flatten)):
        m = orig.shape[0]
        found = compare(orig.reshape(m, -1).T, got, name)
        problems += found
        if not found:
            continue
        if compare(orig.reshape(-1, m), got) == []:
            hints.append(
                "X.reshape(-1, m) has the right shape but the wrong content: reshape fills the array row by row, "
                "so each column mixes pixels from many different pictures. First give each picture its own row, "
                "then transpose: X.reshape(X.shape[0], -1).T.")
        elif compare(orig.T.reshape(-1, m), got) == []:
            hints.append(
                "X.T.reshape(-1, m) keeps the pictures apart, but unrolls each one in a different order from "
                "the rest of the course (and from image2vector in notebook 1). Use X.reshape(X.shape[0], -1).T.")
        elif isinstance(got, np.ndarray) and got.shape == (m, orig[0].size):
            hints.append("That is one picture per row; the course puts one example per column. Transpose it (.T).")
    _verdict("Flattened pictures", problems, hints,
             {"train_set_x_flatten": train_set_x_flatten, "test_set_x_flatten": test_set_x_flatten})


def check_standardized(train_set_x, test_set_x):
    """Check that the flattened pictures were divided by 255.

    Parameters
    ----------
    train_set_x : ndarray of shape (num_px * num_px * 3, m_train)
        The standardized training pictures, values between 0 and 1.
    test_set_x : ndarray of shape (num_px * num_px * 3, m_test)
        The standardized test pictures.

    Raises
    ------
    PublicCheckFailed
        If a shape or a value is wrong; its report says what differs, with a hint.
    """
    train_x, _, test_x, _, _ = _cat_data()
    problems, hints = [], []
    for name, orig, got in (("train_set_x", train_x, train_set_x), ("test_set_x", test_x, test_set_x)):
        flat = orig.reshape(orig.shape[0], -1).T
        found = compare(flat / 255, got, name)
        problems += found
        if not found or not isinstance(got, np.ndarray) or got.shape != flat.shape:
            continue
        if compare(flat, got) == []:
            hints.append("The values still go from 0 to 255: divide the flattened pictures by 255.")
        elif compare((flat // 255).astype(float), got) == []:
            hints.append("// is integer division and rounds nearly every pixel down to 0: use / 255.")
        elif compare(flat / 256, got) == []:
            hints.append("A pixel value goes up to 255, so divide by 255 (not 256).")
        elif got.min() < 0:
            hints.append("Here standardizing just means dividing by 255 (the largest pixel value), without "
                         "subtracting a mean.")
    _verdict("Standardized pictures", problems, hints, {"train_set_x": train_set_x, "test_set_x": test_set_x})


def check_dataset_shapes(shape_X, shape_Y, m):
    """Check the ungraded exercise on the flower dataset: its shapes and its number of examples.

    Parameters
    ----------
    shape_X : tuple of int
        The shape of ``X``.
    shape_Y : tuple of int
        The shape of ``Y``.
    m : int
        The number of examples.

    Raises
    ------
    PublicCheckFailed
        If a value differs; its report says which.
    """
    state = np.random.get_state()  # the loader seeds numpy's global generator: leave the student's as it was
    X, Y = load_planar_dataset()
    np.random.set_state(state)
    expected = {"shape_X": X.shape, "shape_Y": Y.shape, "m": X.shape[1]}
    given = {"shape_X": shape_X, "shape_Y": shape_Y, "m": m}
    problems = [f"{name} should be {value}, got {given[name]!r}"
                for name, value in expected.items() if compare(value, given[name])]
    _verdict("The flower dataset", problems, [], given)
