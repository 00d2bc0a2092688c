"""The graded-class fixture (tests/conftest.py): workers share each class and grade others rather than wait."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import tests.conftest as conftest

CLASSES = ("a1", "a2", "a3")


class _Graded:
    """What ``grade_class`` returns, as far as ``_graded_once`` reads it."""

    autograde_log, autograde_exit_code = "log", 0


def _worker(shared: Path, name: str, asks: tuple[str, ...], first_done, log) -> None:
    """Ask for ``asks`` in turn as an xdist worker would; a1's grading lasts until another class is graded."""

    def grade_class(root: Path, assignment: str) -> _Graded:
        log.put((name, assignment))
        if assignment == "a1":
            # held until the other worker has graded another class; without that, it fails after a minute
            assert first_done.wait(60), "the other worker waited instead of grading another class"
        else:
            first_done.set()
        return _Graded()

    conftest.grade_class = grade_class
    for assignment in asks:
        conftest._graded_once(shared, assignment, CLASSES)


def test_a_worker_grades_the_next_class_while_another_grades_the_one_it_asks_for(tmp_path):
    context = multiprocessing.get_context("fork")
    first_done, log = context.Event(), context.Queue()
    one = context.Process(target=_worker, args=(tmp_path, "one", ("a1",), first_done, log))
    one.start()
    assert log.get(timeout=60) == ("one", "a1")  # "one" holds a1's lock now
    two = context.Process(target=_worker, args=(tmp_path, "two", CLASSES, first_done, log))
    two.start()
    for process in (one, two):
        process.join(120)
        assert process.exitcode == 0
    graded = [log.get(timeout=5) for _ in range(len(CLASSES) - 1)]
    assert log.empty()
    # "two" asked for a1 first, found it taken, and graded a2 (then a3) instead of waiting; nothing twice
    assert graded == [("two", "a2"), ("two", "a3")]
    for assignment in CLASSES:
        assert json.loads((tmp_path / f"course-{assignment}.json").read_text())["log"] == "log"
