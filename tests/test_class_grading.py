"""``course grade`` end to end: the same class graded by plain nbgrader, a local cluster and a real Dask cluster.

One small class of notebook 1 (answer key, untouched release, a buggy mutant,
cheats, a leftover process, a deleted test cell, a file that is not JSON) is
handed in to three copies of one course with a fixed seed:

* ``plain``: ``nbgrader autograde``, as the README's plain steps do;
* ``local``: ``course grade --workers 2`` from the command line;
* ``cluster``: ``grade_class`` against a ``dask scheduler`` with two ``dask
  worker`` processes started here, one of which is killed while it grades.
"""

from __future__ import annotations

import csv
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.build import source_notebook
from autograder.class_grading import grade_class, records_dir
from autograder.grading_task import definitions_snapshot
from autograder.nbgrader_cli import nbgrader
from autograder.submissions import write_submission
from tests.conftest import make_course
from tests.submissions import LEFTOVER_MARKER, class_builders, host_processes_with

pytestmark = pytest.mark.e2e

ASSIGNMENT = "01_python_basics"
BUGGY = next(s for s in class_builders(ASSIGNMENT) if s.startswith("mutant-") and "-buggy" in s)
STUDENTS = ("answer-key", "untouched", BUGGY, "cheat-monkeypatch", "aa-hostile-leftover", "deleted-test-cell",
            "duplicated-solution-cell", "not-a-notebook")
BROKEN = "not-a-notebook"
SEED = "\nc.GradeInSandbox.seed = 20261130\n"


def hand_in(root: Path) -> Path:
    """A course with the release generated and :data:`STUDENTS` handed in, graded with a fixed seed."""
    make_course(root, ASSIGNMENT)
    with (root / "nbgrader_config.py").open("a") as config:
        config.write(SEED)
    key = nbformat.read(source_notebook(ASSIGNMENT), as_version=4)
    release = nbformat.read(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    builders = class_builders(ASSIGNMENT)
    for student in STUDENTS:
        submission = builders[student](nbformat.from_dict(key), nbformat.from_dict(release))
        if isinstance(submission, str):
            folder = root / "submitted" / student / ASSIGNMENT
            folder.mkdir(parents=True)
            (folder / f"{ASSIGNMENT}.ipynb").write_text(submission)
        else:
            write_submission(root, student, ASSIGNMENT, submission)
    return root


@pytest.fixture(scope="module")
def handed_in(tmp_path_factory) -> Path:
    return hand_in(tmp_path_factory.mktemp("class") / "course")


def copy_of(course: Path, tmp_path_factory, name: str) -> Path:
    return Path(shutil.copytree(course, tmp_path_factory.mktemp(name) / "course"))


@pytest.fixture(scope="module")
def plain(handed_in, tmp_path_factory) -> Path:
    course = copy_of(handed_in, tmp_path_factory, "plain")
    nbgrader("autograde", ASSIGNMENT, cwd=course, check=False)  # exits 1: one file is not JSON
    return course


@pytest.fixture(scope="module")
def local(handed_in, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    course = copy_of(handed_in, tmp_path_factory, "local")
    result = subprocess.run([sys.executable, "-m", "autograder", "grade", ASSIGNMENT, "--workers", "2"],
                            cwd=course, capture_output=True, text=True, timeout=600)
    return course, result


def cell_scores(course: Path) -> dict[str, dict[str, float | None]]:
    """``{student: {grade cell: auto score}}`` of every submission in the course's gradebook."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {s.student_id: {g.name: g.auto_score for nb in s.notebooks for g in nb.grades}
                for s in gradebook.find_assignment(ASSIGNMENT).submissions}


def grading_summary(course: Path, student: str) -> dict:
    import json

    path = course / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.grading.json"
    return {name: (e["earned"], e["failed_checks"]) for name, e in json.loads(path.read_text())["exercises"].items()}


def test_course_grade_records_the_same_grades_as_plain_nbgrader(plain, local):
    course, result = local
    assert result.returncode == 0, result.stderr
    assert cell_scores(course) == cell_scores(plain)
    assert set(cell_scores(course)) == set(STUDENTS)
    assert all(score is None for score in cell_scores(course)[BROKEN].values())
    graded = [s for s in STUDENTS if s != BROKEN]
    assert {s: grading_summary(course, s) for s in graded} == {s: grading_summary(plain, s) for s in graded}
    assert not (course / "autograded" / BROKEN / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()


def exported_scores(course: Path) -> dict[str, tuple[str, str]]:
    """``{student: (score, max_score)}`` from ``grades.csv`` as ``nbgrader export`` writes it."""
    nbgrader("export", cwd=course)
    with (course / "grades.csv").open(newline="") as file:
        return {row["student_id"]: (row["score"], row["max_score"]) for row in csv.DictReader(file)}


def test_nbgrader_export_reads_the_same_totals_after_course_grade(plain, local):
    assert exported_scores(local[0]) == exported_scores(plain)
    assert exported_scores(local[0])["answer-key"] == ("8.0", "8.0")


def test_the_class_gets_a_range_of_grades(local):
    # Guards the comparison above against a grader that gives everyone the same score.
    totals = {s: sum(v for v in scores.values() if v is not None) for s, scores in cell_scores(local[0]).items()}
    assert totals["answer-key"] == 8 and totals["untouched"] == 0 and 0 < totals[BUGGY] < 8


def test_the_command_line_shows_progress_and_one_summary_line(local):
    _, result = local
    assert "course grade:" in result.stderr and "submission" in result.stderr  # tqdm's bar
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith(f"course grade: graded {len(STUDENTS) - 1}, failed 1, unchanged 0")


def read_scores_csv(course: Path) -> dict[str, dict[str, str]]:
    with (course / "reports" / ASSIGNMENT / "scores.csv").open(newline="") as file:
        return {row["student"]: row for row in csv.DictReader(file)}


def test_scores_csv_agrees_with_the_gradebook(local):
    course, _ = local
    rows, gradebook = read_scores_csv(course), cell_scores(course)
    assert set(rows) == set(STUDENTS)
    for student, cells in gradebook.items():
        row = rows[student]
        if student == BROKEN:
            assert row["status"] == "failed" and "not a valid JSON notebook" in row["reason"]
            continue
        assert row["status"] == "graded" and row["reason"] == ""
        exercise_scores = {name.removeprefix("test_"): score for name, score in cells.items()}
        assert {e: float(row[e]) for e in exercise_scores} == exercise_scores
        assert float(row["total"]) == sum(exercise_scores.values())
        assert int(row["seed"]) == 20261130 and float(row["seconds"]) > 0


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_data(self, data):
        self.text.append(data)


def test_the_report_renders_with_plots_and_the_failed_submission(local):
    course, _ = local
    page = _Page()
    page.feed((course / "reports" / ASSIGNMENT / "report.html").read_text())
    assert page.images and all(i["src"].startswith("data:image/png;base64,") for i in page.images)
    text = " ".join(page.text)
    assert BROKEN in text and "not a valid JSON notebook" in text


def test_no_sandbox_process_outlives_the_grading(local):
    course, _ = local
    assert cell_scores(course)["aa-hostile-leftover"]  # graded, leftover process and all
    assert not host_processes_with(LEFTOVER_MARKER)
    assert not host_processes_with("course-grade-worker-")


def test_a_second_run_grades_only_what_changed(local, tmp_path_factory):
    course = copy_of(local[0], tmp_path_factory, "rerun")
    unchanged = grade_class(course, [ASSIGNMENT], workers=1, progress=False)
    assert unchanged.count("graded") == unchanged.count("failed") == 0
    assert sorted(unchanged.skipped[ASSIGNMENT]) == sorted(STUDENTS)
    key = nbformat.read(source_notebook(ASSIGNMENT), as_version=4)
    write_submission(course, "untouched", ASSIGNMENT, key)  # the student handed in again, finished
    again = grade_class(course, [ASSIGNMENT], workers=1, progress=False)
    assert again.graded[ASSIGNMENT] == ["untouched"] and again.count("skipped") == len(STUDENTS) - 1
    assert sum(cell_scores(course)["untouched"].values()) == 8
    assert float(read_scores_csv(course)["untouched"]["total"]) == 8


def test_workers_get_the_assignment_definitions_without_any_student(local):
    course, _ = local
    import sqlite3
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".db") as copy:
        Path(copy.name).write_bytes(definitions_snapshot(course / "gradebook.db"))
        with sqlite3.connect(copy.name) as db:
            assert db.execute("SELECT count(*) FROM student").fetchone()[0] == 0
            assert db.execute("SELECT count(*) FROM grade").fetchone()[0] == 0
            assert db.execute("SELECT count(*) FROM grade_cells").fetchone()[0] == 8


class DaskCluster:
    """A ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1, as an instructor starts them."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / "scheduler.json"
        dask = [sys.executable, "-m"]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.scheduler = subprocess.Popen(dask + ["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port",
                                                  "0", "--no-dashboard", "--scheduler-file", str(self.file)], **quiet)
        self.workers = [subprocess.Popen(dask + ["distributed.cli.dask_worker", "--scheduler-file", str(self.file),
                                                 "--nthreads", "1", "--no-nanny", "--no-dashboard", "--name", name,
                                                 "--local-directory", str(folder / name)], **quiet)
                        for name in ("worker-a", "worker-b")]

    def address(self) -> str:
        import json

        from distributed import Client

        deadline = time.monotonic() + 60
        while not self.file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(self.file.read_text())["address"]
        with Client(address) as client:
            client.wait_for_workers(2, timeout=60)
        return address

    def stop(self) -> None:
        for process in self.workers + [self.scheduler]:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def cluster(handed_in, local, tmp_path_factory):
    """The class graded on the Dask cluster, with worker-a killed once it has recorded a submission."""
    course = copy_of(handed_in, tmp_path_factory, "cluster")
    dask = DaskCluster(tmp_path_factory.mktemp("dask"))
    try:
        address = dask.address()
        outcome = {}
        run = threading.Thread(target=lambda: outcome.update(summary=grade_class(
            course, [ASSIGNMENT], scheduler=address, progress=False)))
        run.start()
        killed = dask.workers[0].pid
        deadline = time.monotonic() + 300
        while not _graded_by(course, killed) and run.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(killed, signal.SIGKILL)  # mid-run: it has graded one submission and started its next
        run.join(timeout=600)
        return course, outcome["summary"], killed
    finally:
        dask.stop()


def _graded_by(course: Path, pid: int) -> list[str]:
    import json

    folder = records_dir(course, ASSIGNMENT)
    records = [json.loads(p.read_text()) for p in folder.glob("*.json")] if folder.is_dir() else []
    return [r["student"] for r in records if r["worker"].endswith(f":{pid}")]


def test_a_dask_cluster_that_loses_a_worker_grades_every_submission_once(cluster, local):
    course, summary, killed = cluster
    assert summary.count("lost") == 0
    handled = summary.graded[ASSIGNMENT] + summary.failed[ASSIGNMENT]
    assert sorted(handled) == sorted(STUDENTS)  # each exactly once
    assert summary.failed[ASSIGNMENT] == [BROKEN]
    assert 0 < len(_graded_by(course, killed)) < len(STUDENTS)  # the killed worker did grade, before it died
    assert cell_scores(course) == cell_scores(local[0])
    assert read_scores_csv(course).keys() == read_scores_csv(local[0]).keys()


class _Raising:
    """A finished Dask future whose task raised ``error``."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def result(self):
        raise self.error


@pytest.mark.parametrize("error, lost", [(ValueError("boom"), False), ("killed", True)])
def test_a_task_that_raises_is_failed_and_a_lost_one_is_left_for_the_next_run(local, tmp_path_factory, error, lost):
    from distributed import KilledWorker

    from autograder.class_grading import (CourseDirectory, Planned, RunSummary, _record_one, load_course_config,
                                          read_record)

    course = copy_of(local[0], tmp_path_factory, "raising")
    (records_dir(course, ASSIGNMENT) / "answer-key.json").unlink()
    config = load_course_config(course)
    summary = RunSummary(graded={ASSIGNMENT: []}, failed={ASSIGNMENT: []}, lost={ASSIGNMENT: []})
    planned = Planned("answer-key", course / "submitted" / "answer-key" / ASSIGNMENT, "fingerprint")
    dead = SimpleNamespace(address="tcp://127.0.0.1:1")  # the scheduler names the last worker that died
    error = KilledWorker("grade-task", dead, 3) if error == "killed" else error
    _record_one(course, CourseDirectory(config=config), config, ASSIGNMENT, planned, _Raising(error), summary,
                logging.getLogger("test"))
    record = read_record(course, ASSIGNMENT, "answer-key")
    if lost:
        assert summary.lost[ASSIGNMENT] == ["answer-key"] and record is None
    else:
        assert summary.failed[ASSIGNMENT] == ["answer-key"]
        assert record["status"] == "failed" and record["reason"] == "the grading task raised ValueError: boom"
