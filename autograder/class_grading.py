"""``course grade``: grade every submission of a class in parallel on Dask.

The flow, for each assignment (see autograder/README.md, "Grading a class"):

1. **Plan** (client): list ``submitted/<student>/<assignment>/``; a submission
   whose files are unchanged since its last grading, and whose grades are
   still in the gradebook, is skipped unless ``force``.
2. **Grade** (workers): one Dask task per submission,
   :func:`autograder.grading_task.grade_submission`, on a ``LocalCluster`` or
   an existing scheduler. Tasks get and return plain data.
3. **Record** (client, one at a time, as results arrive): nbgrader's own
   ``Autograde`` converter runs in this process with the worker's graded
   notebook in place of the sanitize step and the rest of the course's
   autograde preprocessors (``SaveAutoGrades`` on), so ``autograded/`` and
   ``gradebook.db`` hold what ``nbgrader autograde`` would write. Only this
   process writes the gradebook.
4. **Report** (client): ``reports/<assignment>/scores.csv`` and ``report.html``
   from one record per submission, kept in ``reports/<assignment>/records/``.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import re
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from tqdm import tqdm
from traitlets.config import Config, PyFileConfigLoader

from autograder.class_report import REPORTS_DIR, write_reports
from autograder.grade import TEST_PREFIX
from autograder.grading_task import (Bundle, ReasonedAutograde, Submission, TaskResult, definitions_snapshot,
                                     failure_reason, fingerprint, grade_submission, quiet_log, quiet_nbgrader,
                                     split_preprocessors)

CONFIG_FILE = "nbgrader_config.py"
RECORDS = "records"


class GradingFailed(Exception):
    """The worker could not grade the submission; the message says why."""


@dataclass
class Planned:
    """A submission to grade: the student, the submitted folder, and the fingerprint of its files.

    The files are read again when the task is sent (:func:`_submit`), so a
    large class is never held in memory at once; the fingerprint is then that
    of the files sent.
    """

    student: str
    folder: Path
    fingerprint: str


@dataclass
class RunSummary:
    """What one ``course grade`` run did, per assignment."""

    graded: dict[str, list[str]] = field(default_factory=dict)
    failed: dict[str, list[str]] = field(default_factory=dict)
    skipped: dict[str, list[str]] = field(default_factory=dict)
    lost: dict[str, list[str]] = field(default_factory=dict)  # tasks the cluster could not run: retried next time
    seconds: float = 0.0

    def count(self, kind: str) -> int:
        """How many submissions of every assignment were ``kind``: graded, failed, skipped or lost."""
        return sum(len(students) for students in getattr(self, kind).values())

    def line(self) -> str:
        """The one-line summary printed at the end."""
        count = self.count
        parts = [f"graded {count('graded')}", f"failed {count('failed')}", f"unchanged {count('skipped')}"]
        if count("lost"):
            parts.append(f"not graded {count('lost')} (the cluster lost them: run again)")
        where = ", ".join(f"reports/{a}/" for a in self.graded)
        return f"course grade: {', '.join(parts)} in {self.seconds:.0f} s; scores and reports in {where}"


def load_course_config(course: Path) -> Config:
    """The configuration ``nbgrader autograde`` would read from ``course/nbgrader_config.py``."""
    if not (course / CONFIG_FILE).is_file():
        raise FileNotFoundError(f"{course / CONFIG_FILE} not found: run course grade in the course folder "
                                "(where nbgrader_config.py is), or pass --course")
    config = PyFileConfigLoader(CONFIG_FILE, path=str(course)).load_config()
    config.CourseDirectory.root = str(course)
    return config


def _read_folder(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def submitted_students(coursedir: CourseDirectory, assignment: str) -> dict[str, Path]:
    """``{student: submitted folder}`` of every submission of ``assignment``, found as nbgrader finds them."""
    pattern = re.compile(coursedir.format_path(coursedir.submitted_directory, "(?P<student>[^/]+)", assignment,
                                               escape=True) + "$")
    found = {}
    for folder in sorted(Path(coursedir.root).glob(
            os.path.relpath(coursedir.format_path(coursedir.submitted_directory, "*", assignment), coursedir.root))):
        match = pattern.match(str(folder))
        if match and folder.is_dir():
            found[match["student"]] = folder
    return found


def records_dir(course: Path, assignment: str) -> Path:
    return course / REPORTS_DIR / assignment / RECORDS


def read_record(course: Path, assignment: str, student: str) -> dict | None:
    path = records_dir(course, assignment) / f"{student}.json"
    return json.loads(path.read_text()) if path.is_file() else None


def _graded_in_gradebook(coursedir: CourseDirectory, assignment: str) -> set[str]:
    """Students whose submission of ``assignment`` has every grade cell scored in the gradebook."""
    with Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
        try:
            submissions = gradebook.find_assignment(assignment).submissions
        except MissingEntry:
            return set()
        return {s.student_id for s in submissions
                if s.notebooks and all(g.auto_score is not None or g.manual_score is not None
                                       for nb in s.notebooks for g in nb.grades)}


def plan(coursedir: CourseDirectory, assignment: str, force: bool) -> tuple[list[Planned], list[str]]:
    """The submissions to grade, and the students skipped because nothing changed since their grading."""
    course = Path(coursedir.root)
    in_gradebook = set() if force else _graded_in_gradebook(coursedir, assignment)
    todo, skipped = [], []
    for student, folder in submitted_students(coursedir, assignment).items():
        planned = Planned(student, folder, fingerprint(_read_folder(folder)))
        record = None if force else read_record(course, assignment, student)
        unchanged = record is not None and record.get("fingerprint") == planned.fingerprint
        if unchanged and (record["status"] == "failed" or student in in_gradebook):
            skipped.append(student)
        else:
            todo.append(planned)
    return todo, skipped


def make_bundle(coursedir: CourseDirectory, config: Config, assignment: str) -> Bundle:
    """What every worker needs to grade ``assignment``: config, gradebook definitions, student release."""
    gradebook = Path(coursedir.root) / "gradebook.db"
    release = Path(coursedir.format_path(coursedir.release_directory, ".", assignment))
    if not gradebook.is_file() or not release.is_dir():
        raise FileNotFoundError(f"{assignment}: no gradebook.db or no {release}: run "
                                f"`nbgrader generate_assignment {assignment}` first")
    return Bundle(assignment, config, definitions_snapshot(gradebook), _read_folder(release))


class UseGradedNotebook(NbGraderPreprocessor):
    """The sanitize step of the recording converter: the notebook as the worker graded it."""

    def preprocess(self, nb, resources):
        result: TaskResult = resources["course_grade"]
        notebook_id = resources["nbgrader"]["notebook"]
        if result.status != "graded" or notebook_id not in result.notebooks:
            raise GradingFailed(result.reason or f"the worker returned no graded {notebook_id}.ipynb")
        resources.setdefault("outputs", {}).update(result.outputs.get(notebook_id, {}))
        return nbformat.reads(result.notebooks[notebook_id], as_version=4), resources


class _RecordAutograde(ReasonedAutograde):
    """nbgrader's converter recording one worker result in this course's gradebook and ``autograded/``."""

    def __init__(self, result: TaskResult, **kwargs) -> None:
        super().__init__(**kwargs)
        self.result = result

    def init_single_notebook_resources(self, notebook_filename: str) -> dict:
        resources = super().init_single_notebook_resources(notebook_filename)
        resources["course_grade"] = self.result
        return resources


def _recording_config(config: Config, assignment: str, student: str) -> Config:
    recording = copy.deepcopy(config)  # Config() copies only the top level; its sections are shared
    recording.CourseDirectory.assignment_id = assignment
    recording.CourseDirectory.student_id = student
    recording.CourseDirectory.notebook_id = "*"
    recording.Autograde.sanitize_preprocessors = [UseGradedNotebook]
    recording.Autograde.autograde_preprocessors = split_preprocessors(config)[1]
    recording.BaseConverter.force = True
    return recording


def record_result(config: Config, assignment: str, result: TaskResult, log: logging.Logger) -> str:
    """Write one worker result into the gradebook and ``autograded/`` as ``nbgrader autograde`` does.

    Returns "" when the submission is graded, else the reason it is not. A
    submission nbgrader cannot grade leaves what ``nbgrader autograde`` leaves:
    the submission in the gradebook without scores, no autograded notebook.
    """
    recording = _recording_config(config, assignment, result.student)
    coursedir = CourseDirectory(config=recording)
    converter = _RecordAutograde(result, coursedir=coursedir, config=recording, log=log)
    cwd = os.getcwd()
    try:
        with quiet_nbgrader():
            converter.start()
    except Exception as error:  # noqa: BLE001 - NbGraderException or worse: one submission never stops the class
        first = converter.first_error or error
        return str(first) if isinstance(first, GradingFailed) else failure_reason(first)
    finally:
        os.chdir(cwd)
    return "" if result.status == "graded" else result.reason


def gradebook_scores(coursedir: CourseDirectory, assignment: str, student: str) -> dict[str, list[float]]:
    """``{exercise: [score, max_score]}`` of a student's graded test cells, as the gradebook has them."""
    scores = {}
    with Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.name.startswith(TEST_PREFIX):
                    scores[grade.name.removeprefix(TEST_PREFIX)] = [grade.score, grade.max_score]
    return scores


def build_record(course: Path, coursedir: CourseDirectory, assignment: str, planned: Planned, result: TaskResult,
                 reason: str) -> dict:
    """The per-submission record kept in ``reports/<assignment>/records/`` and shown in the reports."""
    summary = None
    for outputs in result.outputs.values():
        for name, data in outputs.items():
            if name.endswith(".grading.json"):
                summary = json.loads(data)
    scores = {} if reason else gradebook_scores(coursedir, assignment, planned.student)
    return {
        "assignment": assignment, "student": planned.student, "status": "failed" if reason else "graded",
        "reason": reason, "scores": scores,
        "total": None if reason else sum(s for s, _ in scores.values()),
        "max_total": None if reason else sum(m for _, m in scores.values()),
        "seed": None if summary is None else summary.get("seed"), "seconds": result.seconds,
        "worker": result.worker, "fingerprint": planned.fingerprint, "summary": summary,
    }


def write_record(course: Path, record: dict) -> None:
    folder = records_dir(course, record["assignment"])
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{record['student']}.json.partial"
    partial.write_text(json.dumps(record, indent=1))
    partial.replace(folder / f"{record['student']}.json")  # atomic: a record is whole or absent


@contextmanager
def dask_client(workers: int | None, scheduler: str | None) -> Iterator:
    """A Dask client: of the cluster at ``scheduler``, or of a new ``LocalCluster`` of ``workers`` processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    workers = workers or len(os.sched_getaffinity(0))
    # One thread per process: nbgrader's converter changes the working directory, which threads share.
    # No memory limit from Dask: the sandbox limits student code, and the nanny would count it twice.
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, memory_limit=0,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def grade_class(course: Path, assignments: list[str], workers: int | None = None, scheduler: str | None = None,
                force: bool = False, progress: bool = True) -> RunSummary:
    """Grade every submission of ``assignments`` in ``course``; see the module docstring.

    Parameters
    ----------
    course : Path
        The course root, where ``nbgrader_config.py`` and ``gradebook.db`` are.
    assignments : list of str
        Assignment ids, each generated with ``nbgrader generate_assignment``.
    workers : int or None
        Worker processes of the local cluster (default: the number of cores).
    scheduler : str or None
        Address of an existing Dask scheduler (``tcp://host:8786``); ``workers`` is then unused.
    force : bool
        Grade every submission again, changed or not.
    progress : bool
        Show a tqdm progress bar on stderr.
    """
    from distributed import as_completed

    started = time.perf_counter()
    course = Path(course).resolve()
    config = load_course_config(course)
    coursedir = CourseDirectory(config=config)
    log = quiet_log("course.grade.record")
    summary = RunSummary()
    plans = {a: plan(coursedir, a, force) for a in assignments}
    bundles = {a: make_bundle(coursedir, config, a) for a in assignments if plans[a][0]}
    for assignment, (_, skipped) in plans.items():
        summary.skipped[assignment] = skipped
        summary.graded[assignment], summary.failed[assignment], summary.lost[assignment] = [], [], []
    total = sum(len(todo) for todo, _ in plans.values())
    if total:
        with dask_client(workers, scheduler) as client:
            shared = {a: client.scatter(b, broadcast=True, hash=False) for a, b in bundles.items()}
            queue = deque((a, planned) for a, (todo, _) in plans.items() for planned in todo)
            # A few tasks per worker at a time: the class's files never sit in the scheduler all at once.
            window = 2 * max(1, len(client.scheduler_info()["workers"]))
            running = as_completed()
            futures = {}
            while queue and len(futures) < window:
                _submit(client, queue.popleft(), shared, futures, running)
            bar = tqdm(total=total, unit="submission", desc="course grade", disable=not progress, smoothing=0.1)
            for future in running:
                assignment, planned = futures.pop(future)
                if queue:
                    _submit(client, queue.popleft(), shared, futures, running)
                _record_one(course, coursedir, config, assignment, planned, future, summary, log)
                future.release()
                bar.update()
                bar.set_postfix(failed=summary.count("failed"), refresh=False)
            bar.close()
    for assignment in assignments:
        students = submitted_students(coursedir, assignment)
        records = [r for r in (read_record(course, assignment, s) for s in students) if r is not None]
        write_reports(course, assignment, records)
    summary.seconds = time.perf_counter() - started
    return summary


def _submit(client, item: tuple[str, Planned], shared: dict, futures: dict, running) -> None:
    """Send one submission's files to the cluster as a grading task."""
    assignment, planned = item
    files = _read_folder(planned.folder)
    planned.fingerprint = fingerprint(files)
    future = client.submit(grade_submission, Submission(planned.student, files), shared[assignment], pure=False,
                           key=f"grade-{assignment}-{planned.student}-{planned.fingerprint[:12]}")
    futures[future] = item
    running.add(future)


def _record_one(course, coursedir, config, assignment, planned, future, summary, log) -> None:
    from distributed import KilledWorker

    try:
        result: TaskResult = future.result()
    except (KilledWorker, OSError) as error:  # the cluster failed (a worker died too often): graded next run
        logging.getLogger("course.grade").error("%s/%s was not graded: %s: %s", assignment, planned.student,
                                                type(error).__name__, error)
        summary.lost[assignment].append(planned.student)
        return
    except Exception as error:  # noqa: BLE001 - the task itself raised: a course bug, reported with the submission
        result = TaskResult(planned.student, "failed", reason=f"the grading task raised {failure_reason(error)}")
    reason = record_result(config, assignment, result, log)
    write_record(course, build_record(course, coursedir, assignment, planned, result, reason))
    (summary.failed if reason else summary.graded)[assignment].append(planned.student)
