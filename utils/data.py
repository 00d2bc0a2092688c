"""Where the course's datasets live, and a clear error when they are missing.

The data directory is ``$COURSE_DATA_DIR`` when set, otherwise ``data/`` at
the root of the course. ``./run setup`` fills ``data/`` from
``../shared/datasets`` when that folder exists; anyone can instead point
``COURSE_DATA_DIR`` at a folder holding the files.
"""

from __future__ import annotations

import os
from pathlib import Path

COURSE_ROOT = Path(__file__).resolve().parent.parent
ENV_VAR = "COURSE_DATA_DIR"


class DatasetNotFoundError(FileNotFoundError):
    """A dataset file is missing or unreadable; the message says where we looked."""


def configured_data_dir() -> Path:
    """The data directory in use: ``$COURSE_DATA_DIR`` or ``<course root>/data``."""
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
        f"To fix: run `./run setup` to copy the course data there, or copy {filename} into {directory}, "
        f"or set {ENV_VAR} to the folder that holds it."
    )
