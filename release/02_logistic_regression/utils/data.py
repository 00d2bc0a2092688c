"""Where the course's datasets live, how to load them, and a clear error when they are missing.

The data directory is ``$COURSE_DATA_DIR`` when set, otherwise ``data/``
beside this ``utils`` folder: beside the notebook in a student's assignment
folder, at the root of the course repository for the instructor (where
``./run setup`` fills it from ``../shared/datasets``).

Loaders: :func:`load_cat_dataset` (the cat / non-cat pictures) and
:func:`load_image` (any picture file, resized for the cat models), with
:func:`sample_cat_photo` as a picture that ships with the course.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

COURSE_ROOT = Path(__file__).resolve().parent.parent
ENV_VAR = "COURSE_DATA_DIR"


class DatasetNotFoundError(FileNotFoundError):
    """A dataset file is missing or unreadable; the message says where we looked."""


class DatasetUnreadableError(DatasetNotFoundError):
    """A dataset file exists but is not what it should be (not HDF5, truncated, a key missing)."""


class NotAnImageError(ValueError):
    """A file given as a picture cannot be read as one."""


def configured_data_dir() -> Path:
    """The data directory in use: ``$COURSE_DATA_DIR``, or ``data/`` beside the ``utils`` folder."""
    return Path(os.environ.get(ENV_VAR) or COURSE_ROOT / "data")


def data_path(filename: str) -> Path:
    """Path of a dataset file, or a :class:`DatasetNotFoundError` saying how to provide it.

    Parameters
    ----------
    filename : str
        Name of the file inside the data directory, e.g. ``train_catvnoncat.h5``.

    Returns
    -------
    path : Path
        An existing file.
    """
    directory = configured_data_dir()
    path = directory / filename
    if path.is_file():
        return path
    source = "$" + ENV_VAR if os.environ.get(ENV_VAR) else "the default location (set $" + ENV_VAR + " to change it)"
    raise DatasetNotFoundError(
        f"Cannot find the dataset file {filename!r}.\n"
        f"Looked in: {directory} ({source}).\n"
        f"To fix: copy {filename} into {directory} (in the course repository, `./run setup` does it), "
        f"or set {ENV_VAR} to the folder that holds it."
    )


def _unreadable(filename: str, path: Path, reason: str, keys: tuple[str, ...]) -> DatasetUnreadableError:
    return DatasetUnreadableError(
        f"The dataset file {filename!r} exists but cannot be read: {reason}. "
        f"It should be an HDF5 file holding the datasets {', '.join(keys)}.\n"
        f"Looked in: {path.parent}.\n"
        f"To fix: replace it with a good copy (copy {filename} again from the "
        f"course's shared datasets into {path.parent}), or set {ENV_VAR} to a folder that holds a good copy."
    )


def _read_h5(filename: str, keys: tuple[str, ...]) -> list[np.ndarray]:
    """Read the whole datasets ``keys`` of an HDF5 file of the data directory."""
    import h5py  # imported here, so that data_path works without h5py

    path = data_path(filename)
    try:
        file = h5py.File(path, "r")
    except (OSError, ValueError) as error:
        raise _unreadable(filename, path, f"it is not a valid HDF5 file (h5py: {error})", keys) from None
    with file:
        missing = [key for key in keys if key not in file]
        if missing:
            raise _unreadable(filename, path, f"it has no dataset named {', '.join(map(repr, missing))}", keys) from None
        try:
            return [np.array(file[key][()]) for key in keys]
        except (OSError, ValueError, TypeError) as error:
            raise _unreadable(filename, path, f"reading it failed (h5py: {error})", keys) from None


def load_cat_dataset():
    """Load the cat / non-cat pictures: a training set and a test set.

    The files ``train_catvnoncat.h5`` and ``test_catvnoncat.h5`` are read from
    the data directory (see :func:`data_path`).

    Returns
    -------
    train_set_x_orig : ndarray of shape (m_train, num_px, num_px, 3)
        Training pictures, RGB values 0-255 (uint8).
    train_set_y : ndarray of shape (1, m_train)
        Their labels: 1 for a cat, 0 for anything else.
    test_set_x_orig : ndarray of shape (m_test, num_px, num_px, 3)
        Test pictures.
    test_set_y : ndarray of shape (1, m_test)
        Their labels.
    classes : ndarray of shape (2,)
        The class names as bytes, ``classes[label]``: ``b'non-cat'``, ``b'cat'``.

    Raises
    ------
    DatasetNotFoundError
        If a file is missing, or (as :class:`DatasetUnreadableError`) cannot
        be read; the message says where we looked and how to fix it.
    """
    train_set_x_orig, train_set_y = _read_h5("train_catvnoncat.h5", ("train_set_x", "train_set_y"))
    test_set_x_orig, test_set_y, classes = _read_h5("test_catvnoncat.h5", ("test_set_x", "test_set_y", "list_classes"))
    return (train_set_x_orig, train_set_y.reshape(1, -1), test_set_x_orig, test_set_y.reshape(1, -1), classes)


def load_image(path, num_px=64):
    """Read a picture file and prepare it like the cat dataset.

    The picture is converted to RGB and resized to ``num_px`` x ``num_px``
    pixels (squeezed if it is not square), then unrolled into one column
    and divided by 255, like the standardized dataset.

    Parameters
    ----------
    path : str or Path
        A picture file in any format Pillow reads (PNG, JPEG, ...).
    num_px : int
        Height and width of the resized picture.

    Returns
    -------
    image : ndarray of shape (num_px, num_px, 3)
        The resized picture, RGB values 0-255 (uint8), ready to show.
    x : ndarray of shape (num_px * num_px * 3, 1)
        The same pixels as one column of floats between 0 and 1, ready for
        a model trained on the standardized cat data.

    Raises
    ------
    FileNotFoundError
        If there is no file at ``path``.
    NotAnImageError
        If the file is not a picture Pillow can read.
    """
    from PIL import Image, UnidentifiedImageError

    path = Path(path).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"There is no picture file at {str(path)!r} (looked for it from {Path.cwd()}).")
    try:
        with Image.open(path) as picture:
            picture = picture.convert("RGB").resize((num_px, num_px), Image.Resampling.BICUBIC)
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise NotAnImageError(
            f"The file {str(path)!r} cannot be read as a picture ({type(error).__name__}: {error}). "
            "Give the path of an image file, for example a .jpg or .png photo."
        ) from None
    image = np.asarray(picture, dtype=np.uint8)
    x = image.reshape(1, -1).T / 255
    return image, x


def sample_cat_photo() -> Path:
    """Path of a cat photo that ships with the course (Chelsea, from scikit-image; CC0).

    See ``utils/images/README.md`` for its source and licence.

    Returns
    -------
    path : Path
        A PNG file of 451 x 300 pixels.
    """
    return Path(__file__).resolve().parent / "images" / "chelsea.png"
