"""Shared fixtures: a scratch nbgrader course graded once with plain nbgrader commands."""

from __future__ import annotations

import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from autograder.assignments import QUIZZES
from autograder.build import ROOT, answer_key, prepare_course_source, source_notebook
from autograder.demo import exercise_scores
from autograder.nbgrader_cli import nbgrader
from autograder.submissions import write_submission
from tests.submissions import class_builders

# The graded classes the selected tests ask for (pytest_collection_finish), graded ahead by a
# worker that would otherwise wait for another worker's class.
WANTED_CLASSES = pytest.StashKey[tuple]()
GRADED_CLASS = "01_python_basics"  # the assignment of the graded_class fixture

# Short limits keep the hostile submissions quick; the grading logic is the same.
TEST_CONFIG = """
c.GradeInSandbox.notebook_timeout = 20
c.GradeInSandbox.call_timeout = 5
"""


@dataclass
class GradedClass:
    """A scratch course after generate_assignment, autograde, generate_feedback and export."""

    root: Path
    assignment: str
    autograde_log: str
    autograde_exit_code: int

    def scores(self, student: str) -> dict[str, tuple[float, float]]:
        return exercise_scores(self.root, self.assignment, student)

    def autograded(self, student: str) -> nbformat.NotebookNode:
        path = self.root / "autograded" / student / self.assignment / f"{self.assignment}.ipynb"
        return nbformat.read(path, as_version=4)

    def report(self, student: str, exercise: str) -> str:
        for cell in self.autograded(student).cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == f"test_{exercise}":
                return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        raise KeyError(exercise)

    def grading_summary(self, student: str) -> dict:
        path = self.root / "autograded" / student / self.assignment / f"{self.assignment}.grading.json"
        return json.loads(path.read_text())


def make_course(root: Path, assignment: str) -> Path:
    """A scratch course holding the assignment's source, the course config and a fresh release."""
    prepare_course_source(assignment, root)
    (root / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text() + TEST_CONFIG)
    nbgrader("generate_assignment", assignment, "--force", cwd=root)
    return root


def grade_class(root: Path, assignment: str) -> GradedClass:
    """Hand in every submission of ``class_builders(assignment)`` and grade them with plain nbgrader."""
    make_course(root, assignment)
    # A quiz's source notebook has no key: its answer key is the built one, as it ran.
    key = nbformat.read(answer_key(assignment) if assignment in QUIZZES else source_notebook(assignment), as_version=4)
    release = nbformat.read(root / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    for student, build in class_builders(assignment).items():
        submission = build(nbformat.from_dict(key), nbformat.from_dict(release))
        if isinstance(submission, str):  # a file that is not a valid notebook
            folder = root / "submitted" / student / assignment
            folder.mkdir(parents=True)
            (folder / f"{assignment}.ipynb").write_text(submission)
        else:
            write_submission(root, student, assignment, submission)
    result = nbgrader("autograde", assignment, "--force", cwd=root, check=False)
    nbgrader("generate_feedback", assignment, "--force", cwd=root)
    nbgrader("export", cwd=root)
    return GradedClass(root, assignment, result.stdout + result.stderr, result.returncode)


@pytest.fixture(scope="session")
def graded(request, tmp_path_factory):
    """``graded(assignment)``: that assignment graded once per test run for its whole scratch class.

    The xdist workers of one run share the classes: the first worker to ask
    for one grades it in a folder beside the workers' own (under a lock), and
    the others read the same gradebook. A worker that finds the class it asks
    for being graded by another grades the run's next ungraded classes
    meanwhile, so that both cores grade instead of one waiting on the other.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the run's folder, not the worker's
    wanted = request.config.stash.get(WANTED_CLASSES, ())
    classes: dict[str, GradedClass] = {}

    def get(assignment: str) -> GradedClass:
        if assignment not in classes:
            classes[assignment] = _graded_once(shared, assignment, wanted)
        return classes[assignment]

    return get


def _lock(file, wait: bool) -> bool:
    """Take ``file``'s exclusive lock; without ``wait``, False at once if another process holds it."""
    try:
        fcntl.flock(file, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _grade_unless_done(shared: Path, assignment: str) -> None:
    """Grade ``assignment``'s class into ``shared`` unless it is already; the caller holds its lock."""
    root, record = shared / f"course-{assignment}", shared / f"course-{assignment}.json"
    if not record.exists():
        root.mkdir()
        graded_class = grade_class(root, assignment)
        record.write_text(json.dumps({"log": graded_class.autograde_log,
                                      "exit_code": graded_class.autograde_exit_code}))


def _graded_once(shared: Path, assignment: str, wanted: tuple[str, ...] = ()) -> GradedClass:
    """``assignment``'s class graded once in ``shared`` for every worker of the run.

    While another worker holds this class's lock, the classes of ``wanted`` that nobody has
    taken yet are graded here, one at a time, checking in between whether the lock is free.
    """
    with open(shared / f"course-{assignment}.lock", "w") as lock:
        if not _lock(lock, wait=False):
            for other in (a for a in wanted if a != assignment):
                with open(shared / f"course-{other}.lock", "w") as other_lock:
                    if _lock(other_lock, wait=False):
                        _grade_unless_done(shared, other)
                if _lock(lock, wait=False):
                    break
            else:
                _lock(lock, wait=True)
        _grade_unless_done(shared, assignment)
    saved = json.loads((shared / f"course-{assignment}.json").read_text())
    return GradedClass(shared / f"course-{assignment}", assignment, saved["log"], saved["exit_code"])


@pytest.fixture(scope="session")
def graded_class(graded) -> GradedClass:
    """Notebook 1 graded for a whole class of answer keys, mutants, cheats and hostile submissions."""
    return graded(GRADED_CLASS)



@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark ``e2e`` every test that reads a graded class, and start with the files that hold e2e tests.

    pytest-xdist hands out whole files in collection order (``--no-loadscope-reorder`` in
    ``pyproject.toml``; by default it would start with the files that hold the most tests, leaving
    the few long end-to-end tests for last, on one worker while the other idles). The long files
    therefore come first, and the many quick ones fill the gaps at the end.
    """
    for item in items:
        if {"graded", "graded_class"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)
    slow_files = {item.path for item in items if item.get_closest_marker("e2e")}
    items.sort(key=lambda item: item.path not in slow_files)  # stable: each file keeps its order


def pytest_collection_finish(session):
    """Record the graded classes the selected tests ask for (after ``-k``/``-m``), in their order."""
    wanted = {}
    for item in session.items:
        fixtures = set(getattr(item, "fixturenames", ()))
        params = item.callspec.params if hasattr(item, "callspec") else {}
        if "graded_class" in fixtures:
            wanted[GRADED_CLASS] = None
        if "graded" in fixtures and "assignment" in params:
            wanted[params["assignment"]] = None
    session.config.stash[WANTED_CLASSES] = tuple(wanted)
