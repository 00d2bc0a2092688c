"""End-to-end: an nbgrader exchange round trip, from release to grades, with the course's own configuration.

Stock nbgrader exchange commands move an assignment through the course-local
exchange (``<course>/exchange``, :mod:`autograder.exchange`), with the
instructor in a scratch course and each student in a home folder of their own:

1. instructor (course root, course config, no extra flags):
   ``nbgrader release_assignment`` copies ``release/<a>/`` into
   ``exchange/dl-course/outbound/<a>/``;
2. students "key" and "blank" run with the students' configuration
   (``JUPYTER_CONFIG_DIR=release/jupyter``, :mod:`autograder.student_environment`)
   and no course or exchange flags: ``nbgrader list`` shows the release (what
   JupyterLab's Assignment List shows), ``nbgrader fetch_assignment`` copies it
   into their home; the fetched folder must equal ``release/<a>/`` byte for byte;
3. "key" pastes the answer key's solution cells into the fetched notebook,
   "blank" changes nothing; both run ``nbgrader submit`` (into ``inbound/``);
4. instructor: ``nbgrader collect`` (into ``submitted/``, with the
   ``timestamp.txt`` that ``submit`` wrote) and ``nbgrader autograde``; the key
   gets full marks on every exercise and the untouched notebook gets nothing,
   and the gradebook records each submission's time from ``timestamp.txt``.

nbgrader behaviour this has to accommodate (all with documented options):

* The exchange root must be mode 0o777 (``release_assignment`` warns and
  chmods otherwise); ``./run setup`` creates it so (``ensure_exchange``), and
  the test checks that ``release_assignment`` finds nothing to change.
* ``submit`` names a submission after ``pwd.getpwuid(os.getuid())``, not
  ``$USER``, so under one account (root here) every student would be "root".
  Each student therefore submits with ``--student <name>``
  (``CourseDirectory.student_id``).
* ``collect`` compares that name with the Unix owner of the submission and
  warns of a "cheating attempt" when they differ (always, under one account);
  ``--ExchangeCollect.check_owner=False`` turns the check off. (The warning
  text names ``CollectApp.check_owner``, which does not exist.)
* ``submit`` keeps a copy under ``$JUPYTER_DATA_DIR/nbgrader_cache``, i.e.
  ``~/.local/share/jupyter``, so each student gets their own ``HOME``.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import nbformat
import pytest

from nbgrader.api import Gradebook
from nbgrader.utils import parse_utc

from autograder.assignments import ASSIGNMENTS
from autograder.build import ROOT, source_notebook
from autograder.demo import exercise_scores
from autograder.exchange import EXCHANGE_ENV, EXCHANGE_MODE, ensure_exchange
from autograder.nbgrader_cli import nbgrader
from autograder.nbgrader_config import COURSE_ID
from tests.conftest import make_course
STUDENTS = ("key", "blank")

# Files nbgrader itself adds to a submission: ``submit`` writes them into the
# inbound copy (and its cache), and ``collect`` carries them into submitted/.
# ``release_assignment`` and ``fetch_assignment`` add nothing, so the fetched
# folder is compared with the release without ignoring any file.
SUBMIT_ADDED = {"timestamp.txt", "submission_secret.txt"}


def tree(folder: Path, ignore: frozenset[str] | set[str] = frozenset()) -> dict[str, bytes]:
    """``{relative path: bytes}`` of every file below ``folder``, minus the names in ``ignore``."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name not in ignore}


def as_student(monkeypatch: pytest.MonkeyPatch, home: Path, config: Path, *args: str):
    """Run ``nbgrader <args>`` in ``home``, with ``HOME`` (and so the jupyter data dirs) there.

    ``JUPYTER_CONFIG_DIR`` is ``config``, the students' configuration, as the
    README tells students to start Jupyter.
    """
    with monkeypatch.context() as env:
        env.setenv("HOME", str(home))
        env.setenv("JUPYTER_CONFIG_DIR", str(config))
        for var in ("JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_CONFIG_PATH"):
            env.delenv(var, raising=False)
        return nbgrader(*args, cwd=home)


def paste_solutions(notebook: Path, key: Path) -> int:
    """Copy the source of each solution cell of ``key`` into the cell with its grade_id in ``notebook``."""
    solutions = {}
    for cell in nbformat.read(key, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            solutions[meta["grade_id"]] = cell.source
    nb = nbformat.read(notebook, as_version=4)
    pasted = 0
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cell.source = solutions[meta["grade_id"]]
            pasted += 1
    nbformat.write(nb, notebook)
    return pasted


@pytest.mark.e2e
@pytest.mark.parametrize("assignment", ["01_python_basics", "05_deep_nn_application"])
def test_exchange_round_trip(tmp_path, monkeypatch, assignment):
    monkeypatch.delenv(EXCHANGE_ENV, raising=False)  # the course-local exchange, as configured by default
    course = make_course(tmp_path / "course", assignment)
    release = course / "release" / assignment
    student_config = shutil.copytree(ROOT / "release" / "jupyter", course / "release" / "jupyter")
    exchange = ensure_exchange(course)  # what ./run setup does in the course root
    assert exchange == course / "exchange" and stat.S_IMODE(exchange.stat().st_mode) == EXCHANGE_MODE

    # Instructor releases, with the course config alone: no exchange flag, nothing to create or fix.
    released = nbgrader("release_assignment", assignment, cwd=course)
    assert "exchange directory" not in released.stdout + released.stderr, released.stderr
    assert tree(exchange / COURSE_ID / "outbound" / assignment) == tree(release)

    # Each student sees the release in the list and fetches it into their own home; the copy is the release.
    homes = {}
    for student in STUDENTS:
        homes[student] = home = tmp_path / "home" / student
        home.mkdir(parents=True)
        listed = as_student(monkeypatch, home, student_config, "list")
        assert f"{COURSE_ID} {assignment}" in listed.stdout + listed.stderr, listed.stderr
        as_student(monkeypatch, home, student_config, "fetch_assignment", assignment)
        fetched = tree(home / assignment)
        assert fetched.keys() == tree(release).keys()
        assert fetched == tree(release)

    # "key" hands in the answer key's solutions, "blank" the untouched release.
    notebook = homes["key"] / assignment / f"{assignment}.ipynb"
    assert paste_solutions(notebook, source_notebook(assignment)) > 0
    for student in STUDENTS:
        as_student(monkeypatch, homes[student], student_config, "submit", assignment, f"--student={student}")
    inbound = sorted(p.name.split("+")[0] for p in (exchange / COURSE_ID / "inbound").iterdir())
    assert inbound == sorted(STUDENTS)

    # Instructor collects and grades.
    collected = nbgrader("collect", assignment, "--ExchangeCollect.check_owner=False", cwd=course)
    assert "cheating attempt" not in collected.stdout + collected.stderr
    for student in STUDENTS:
        submitted = course / "submitted" / student / assignment
        assert SUBMIT_ADDED <= {p.name for p in submitted.iterdir()}
        assert tree(submitted, SUBMIT_ADDED) == tree(homes[student] / assignment)
    nbgrader("autograde", assignment, "--force", cwd=course)

    key = exercise_scores(course, assignment, "key")
    assert set(key) == set(ASSIGNMENTS[assignment].exercises())
    assert all(maximum > 0 and score == maximum for score, maximum in key.values()), key
    blank = exercise_scores(course, assignment, "blank")
    assert set(blank) == set(key)
    assert sum(score for score, _ in blank.values()) == 0, blank

    # The gradebook holds the time each student submitted, as submit wrote it.
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student in STUDENTS:
            written = (course / "submitted" / student / assignment / "timestamp.txt").read_text()
            recorded = gradebook.find_submission(assignment, student).timestamp
            assert recorded is not None and recorded == parse_utc(written), (student, recorded, written)
