"""The course's nbgrader exchange: a folder inside the course, unless ``COURSE_EXCHANGE_DIR`` names another.

nbgrader hands assignments out and in through an *exchange*, a folder every
account taking part can write: ``release_assignment`` copies a release into
``<exchange>/<course id>/outbound/``, students' ``fetch_assignment`` copy it
from there and ``submit`` into ``inbound/``, and ``collect`` copies the
submissions into ``submitted/``. Stock nbgrader uses ``/srv/nbgrader/exchange``,
which does not exist on most machines (the formgrader then shows a banner on
every page). The course uses ``exchange/`` in the course root instead
(git-ignored), both in the instructor's ``nbgrader_config.py`` and in the
students' ``release/jupyter/nbgrader_config.py``, which the build writes from
the same constants (:mod:`autograder.student_environment`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

EXCHANGE_FOLDER = "exchange"  # inside the course root
EXCHANGE_ENV = "COURSE_EXCHANGE_DIR"  # set it to use another exchange (a JupyterHub's shared one, say)
# What ``nbgrader release_assignment`` demands of the exchange root: everyone may read, write and enter it.
EXCHANGE_MODE = 0o777


def exchange_root(course_root: Path) -> Path:
    """The exchange of the course in ``course_root``: ``$COURSE_EXCHANGE_DIR``, else ``course_root/exchange``."""
    configured = os.environ.get(EXCHANGE_ENV)
    return Path(configured) if configured else Path(course_root) / EXCHANGE_FOLDER


def ensure_exchange(course_root: Path) -> Path:
    """Create the exchange of ``course_root`` with the permissions nbgrader wants, if needed; return it.

    The mode is set explicitly because ``mkdir`` applies the umask.
    """
    root = exchange_root(course_root)
    root.mkdir(parents=True, exist_ok=True)
    if stat.S_IMODE(root.stat().st_mode) != EXCHANGE_MODE:
        root.chmod(EXCHANGE_MODE)
    return root
