"""The task unit of ``course grade``: one submission graded on a Dask worker.

A task receives plain data, the submitted files of one student's assignment,
and returns plain data, the files ``nbgrader autograde`` writes for it
(the graded notebook and its ``.grading.json``). It never sees the course's
``gradebook.db``: the worker runs nbgrader's own ``Autograde`` converter, with
the course's configuration, in a private scratch course that holds

* a copy of the gradebook with the assignment's definitions only (no student,
  no grade: :func:`definitions_snapshot`), which the sanitize step reads to
  repair cells, and
* the assignment's student release, which the sandbox shows student code.

The converter runs the autograde preprocessors up to, not including,
``SaveAutoGrades``; the client runs the rest against the real gradebook
(:mod:`autograder.class_grading`). A worker process grades one submission at a
time, so nbgrader's imports and start-up are paid once per worker process.
"""

from __future__ import annotations

import atexit
import copy
import hashlib
import logging
import os
import shutil
import socket
import sqlite3
import tempfile
import threading
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from nbgrader.converters import Autograde
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import SaveAutoGrades
from sqlalchemy.exc import SAWarning
from traitlets.config import Config

from autograder.grade import bounded_text

# nbgrader's tables that hold students and their work; the rest define the assignments.
STUDENT_TABLES = ("comment", "grade", "submitted_notebook", "submitted_assignment", "student")
REASON_LIMIT = 300


@dataclass(frozen=True)
class Bundle:
    """What every task of one assignment shares; sent to each worker once.

    Attributes
    ----------
    assignment : str
        The assignment's id.
    config : traitlets.config.Config
        The course's nbgrader configuration, as the client loaded it.
    definitions : bytes
        A SQLite gradebook with the assignment definitions only.
    release : dict of str to bytes
        The student release of the assignment: path relative to its folder -> contents.
    """

    assignment: str
    config: Config
    definitions: bytes
    release: dict[str, bytes]

    @property
    def digest(self) -> str:
        """Identifies the definitions and the release, so a worker writes them again only when they change."""
        return fingerprint({**self.release, "\0definitions": self.definitions})


@dataclass(frozen=True)
class Submission:
    """One student's submitted folder of one assignment: relative path -> contents."""

    student: str
    files: dict[str, bytes]


@dataclass
class TaskResult:
    """What a task sends back: the autograded notebooks, or why the submission could not be graded.

    ``notebooks`` maps each notebook's id to the text nbgrader wrote for it;
    ``outputs`` maps it to the extra files its preprocessors asked to write
    beside it (the grader's ``<notebook>.grading.json``).
    """

    student: str
    status: str  # "graded" or "failed"
    reason: str = ""
    notebooks: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, dict[str, bytes]] = field(default_factory=dict)
    seconds: float = 0.0
    worker: str = ""


def fingerprint(files: dict[str, bytes]) -> str:
    """Identifies a set of files by their names and bytes (a submitted folder, a release)."""
    hasher = hashlib.sha256()
    for name in sorted(files):
        hasher.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return hasher.hexdigest()


def split_preprocessors(config: Config) -> tuple[list, list]:
    """The autograde preprocessors run on a worker, and those the client runs (``SaveAutoGrades`` on)."""
    default = Autograde.class_traits()["autograde_preprocessors"].default()
    preprocessors = list(config.Autograde.get("autograde_preprocessors", default))
    if SaveAutoGrades not in preprocessors:
        raise ValueError("c.Autograde.autograde_preprocessors has no SaveAutoGrades: course grade records grades "
                         "with it, so it must be in the list")
    at = preprocessors.index(SaveAutoGrades)
    return preprocessors[:at], preprocessors[at:]


def definitions_snapshot(gradebook: Path) -> bytes:
    """A copy of ``gradebook`` (SQLite) without students, submissions, grades or comments."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "definitions.db"
        source, target = sqlite3.connect(f"file:{gradebook}?mode=ro", uri=True), sqlite3.connect(copy)
        try:
            source.backup(target)
            for table in STUDENT_TABLES:
                target.execute(f"DELETE FROM {table}")  # noqa: S608 - table names are ours
            target.commit()
            target.execute("VACUUM")
        finally:
            source.close()
            target.close()
        return copy.read_bytes()


def failure_reason(error: BaseException) -> str:
    """Why a submission could not be graded, in one line an instructor can act on."""
    name = type(error).__name__
    if name == "NotJSONError" or isinstance(error, UnicodeDecodeError):
        return "the notebook is not a valid JSON notebook file"
    lines = str(error).strip().splitlines()
    return bounded_text(f"{name}: {lines[0] if lines else ''}".rstrip(": "), REASON_LIMIT)


class ReasonedAutograde(Autograde):
    """nbgrader's converter, remembering the first error it met: nbgrader logs errors and raises a generic one."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.first_error: BaseException | None = None

    def convert_single_notebook(self, notebook_filename: str) -> None:
        try:
            super().convert_single_notebook(notebook_filename)
        except Exception as error:
            self.first_error = self.first_error or error
            raise


class _WorkerAutograde(ReasonedAutograde):
    """The worker's converter, keeping what it writes: each notebook, and the files its preprocessors add."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.written: dict[str, str] = {}
        self.outputs: dict[str, dict[str, bytes]] = {}

    def write_single_notebook(self, output: str, resources: dict) -> None:
        notebook_id = resources["unique_key"]
        self.written[notebook_id] = output
        self.outputs.setdefault(notebook_id, {}).update(resources.get("outputs") or {})
        super().write_single_notebook(output, resources)


class _Scratch:
    """This worker process's private course folder; one task uses it at a time."""

    lock = threading.Lock()  # nbgrader's converter changes the working directory of the whole process
    root: Path | None = None
    digest: str | None = None

    @classmethod
    def prepare(cls, bundle: Bundle) -> Path:
        if cls.root is None:
            # Inside a Dask worker, its own scratch space, which Dask removes with the worker.
            cls.root = Path(tempfile.mkdtemp(prefix="course-grade-worker-", dir=_dask_local_directory()))
            atexit.register(shutil.rmtree, cls.root, ignore_errors=True)
        for step in ("submitted", "autograded"):
            shutil.rmtree(cls.root / step, ignore_errors=True)
        # The converter records the submission in this copy; a fresh one keeps each task alone.
        (cls.root / "gradebook.db").write_bytes(bundle.definitions)
        if cls.digest != bundle.digest:
            shutil.rmtree(cls.root / "release", ignore_errors=True)
            _write_files(cls.root / "release" / bundle.assignment, bundle.release)
            cls.digest = bundle.digest
        return cls.root


def _dask_local_directory() -> str | None:
    try:
        from distributed import get_worker

        return get_worker().local_directory
    except (ImportError, ValueError):  # not running in a Dask worker
        return None


def _write_files(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = (folder / name).resolve()
        if folder.resolve() not in path.parents:
            raise ValueError(f"refusing to write {name!r} outside {folder}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@contextmanager
def quiet_nbgrader() -> Iterator[None]:
    """Silence SQLAlchemy's autoflush warnings from nbgrader's ``update_or_create_submission`` (plain autograde shows them too)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        yield


def quiet_log(name: str = "course.grade.worker") -> logging.Logger:
    """A converter's log: its errors become a submission's ``reason``, not tracebacks on stderr."""
    log = logging.getLogger(name)
    log.propagate = False
    if not log.handlers:
        log.addHandler(logging.NullHandler())
    return log


def _worker_config(bundle: Bundle, root: Path, student: str) -> Config:
    config = copy.deepcopy(bundle.config)  # Config() copies only the top level; its sections are shared
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    config.CourseDirectory.release_directory = "release"
    config.CourseDirectory.assignment_id = bundle.assignment
    config.CourseDirectory.student_id = student
    config.CourseDirectory.notebook_id = "*"
    config.Autograde.autograde_preprocessors = split_preprocessors(bundle.config)[0]
    config.Autograde.create_student = True
    config.BaseConverter.force = True
    return config


def grade_submission(submission: Submission, bundle: Bundle) -> TaskResult:
    """Grade one submission in this process's scratch course; the Dask task.

    Parameters
    ----------
    submission : Submission
        The student's submitted files.
    bundle : Bundle
        The assignment's configuration, definitions and release.

    Returns
    -------
    TaskResult
        ``status`` "graded" with the autograded folder's files, or "failed"
        with the reason nbgrader's converter stopped.
    """
    with _Scratch.lock:
        started = time.perf_counter()
        root = _Scratch.prepare(bundle)
        config = _worker_config(bundle, root, submission.student)
        coursedir = CourseDirectory(config=config)
        _write_files(Path(coursedir.format_path(coursedir.submitted_directory, submission.student, bundle.assignment)),
                     submission.files)
        converter = _WorkerAutograde(coursedir=coursedir, config=config, log=quiet_log())
        result = TaskResult(submission.student, "graded", worker=f"{socket.gethostname()}:{os.getpid()}")
        cwd = os.getcwd()
        try:
            with quiet_nbgrader():
                converter.start()
            result.notebooks, result.outputs = converter.written, converter.outputs
        except Exception as error:  # noqa: BLE001 - a submission nbgrader cannot grade is reported, never raised
            result.status = "failed"
            result.reason = failure_reason(converter.first_error or error)
        finally:
            os.chdir(cwd)
        result.seconds = round(time.perf_counter() - started, 3)
        return result
