"""End-to-end: an nbgrader exchange round trip, from release to grades.

Stock nbgrader exchange commands move an assignment through a temporary
exchange root, with the instructor in a scratch course and each student in a
home folder of their own:

1. instructor: ``nbgrader release_assignment`` copies ``release/<a>/`` into
   ``<exchange>/dl-course/outbound/<a>/``;
2. students "key" and "blank": ``nbgrader fetch_assignment`` copies it into
   their home; the fetched folder must equal ``release/<a>/`` byte for byte;
3. "key" pastes the answer key's solution cells into the fetched notebook,
   "blank" changes nothing; both run ``nbgrader submit`` (into ``inbound/``);
4. instructor: ``nbgrader collect`` (into ``submitted/``) and
   ``nbgrader autograde``; the key gets full marks on every exercise and the
   untouched notebook gets nothing.

nbgrader behaviour this has to accommodate (all with documented options):

* The exchange root is ``--Exchange.root``; ``release_assignment`` wants it to
  be mode 0o777 (it warns and chmods otherwise), so the test sets that first.
* Students run without the course's ``nbgrader_config.py``, as real students
  do, so they pass ``--course dl-course``; the instructor's commands get the
  course id from the course config.
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
from pathlib import Path

import nbformat
import pytest

from autograder.assignments import ASSIGNMENTS
from autograder.build import source_notebook
from autograder.demo import exercise_scores
from autograder.nbgrader_cli import nbgrader
from tests.conftest import make_course

COURSE_ID = "dl-course"  # c.CourseDirectory.course_id in autograder/nbgrader_config.py
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


def as_student(monkeypatch: pytest.MonkeyPatch, home: Path, *args: str):
    """Run ``nbgrader <args>`` in ``home``, with ``HOME`` (and so the jupyter dirs) there."""
    with monkeypatch.context() as env:
        env.setenv("HOME", str(home))
        for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
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
    course = make_course(tmp_path / "course", assignment)
    release = course / "release" / assignment
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    os.chmod(exchange, 0o777)  # what release_assignment requires of the exchange root
    root = f"--Exchange.root={exchange}"

    # Instructor releases.
    nbgrader("release_assignment", assignment, root, cwd=course)
    assert tree(exchange / COURSE_ID / "outbound" / assignment) == tree(release)

    # Each student fetches into their own home; the copy is the release, file by file.
    homes = {}
    for student in STUDENTS:
        homes[student] = home = tmp_path / "home" / student
        home.mkdir(parents=True)
        as_student(monkeypatch, home, "fetch_assignment", assignment, "--course", COURSE_ID, root)
        fetched = tree(home / assignment)
        assert fetched.keys() == tree(release).keys()
        assert fetched == tree(release)

    # "key" hands in the answer key's solutions, "blank" the untouched release.
    notebook = homes["key"] / assignment / f"{assignment}.ipynb"
    assert paste_solutions(notebook, source_notebook(assignment)) > 0
    for student in STUDENTS:
        as_student(monkeypatch, homes[student], "submit", assignment, "--course", COURSE_ID,
                   f"--student={student}", root)
    inbound = sorted(p.name.split("+")[0] for p in (exchange / COURSE_ID / "inbound").iterdir())
    assert inbound == sorted(STUDENTS)

    # Instructor collects and grades.
    collected = nbgrader("collect", assignment, root, "--ExchangeCollect.check_owner=False", cwd=course)
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
