"""How long grading one correct submission takes: the course's grader against stock nbgrader.

Usage (from the course root)::

    python -m benchmarks.grading_speed [ASSIGNMENT ...] [--repeat N]

For each assignment the answer key is handed in to two scratch courses and
graded with ``nbgrader autograde``:

* **course grader**: the course configuration. Cells tagged ``skip-grading``
  (training runs, plots) are not run and each exercise is checked on small
  inputs in the sandbox;
* **stock nbgrader**: the same course with nbgrader's own ``Execute``
  preprocessor, which runs every cell of the notebook in a kernel, as
  ``nbgrader autograde`` does out of the box. (Its test cells stop at once,
  because the course's checks refuse to run inside an autograding kernel; the
  time is that of executing the whole notebook.)

Both figures include nbgrader's own start-up, which is the same for both
(measured separately as "nbgrader start-up": an autograde with nothing to
grade). The course grader's split comes from the ``.grading.json`` it writes.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import nbformat

from autograder.assignments import ASSIGNMENTS
from autograder.build import ROOT, source_notebook
from autograder.nbgrader_cli import nbgrader
from autograder.submissions import write_submission

STOCK_CONFIG = """
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.preprocessors import AssignLatePenalties, CheckCellMetadata, Execute, LimitOutput, SaveAutoGrades

c.Autograde.autograde_preprocessors = [
    Execute, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata,
]
c.Execute.timeout = 600
"""
STUDENT = "benchmark-key"


def use_stock_execute(root: Path, stock: bool) -> None:
    """Write the course's ``nbgrader_config.py`` into ``root``, with nbgrader's ``Execute`` if ``stock``."""
    config = (ROOT / "nbgrader_config.py").read_text()
    (root / "nbgrader_config.py").write_text(config + (STOCK_CONFIG if stock else ""))


def release_course(root: Path, assignments: list[str], stock: bool) -> Path:
    """A scratch course with the assignments' sources, the course config and a fresh release of each."""
    for assignment in assignments:
        shutil.copytree(ROOT / "source" / assignment, root / "source" / assignment)
    use_stock_execute(root, stock)
    for assignment in assignments:
        nbgrader("generate_assignment", assignment, "--force", cwd=root)
    return root


def make_course(root: Path, assignment: str, stock: bool) -> Path:
    """A scratch course with the assignment released and the answer key handed in."""
    release_course(root, [assignment], stock)
    write_submission(root, STUDENT, assignment, nbformat.read(source_notebook(assignment), as_version=4))
    return root


def timed_autograde(course: Path, assignment: str, student: str = STUDENT) -> float:
    """Wall-clock seconds of one ``nbgrader autograde`` of ``student``."""
    started = time.perf_counter()
    nbgrader("autograde", assignment, "--force", "--student", student, cwd=course, check=False)
    return time.perf_counter() - started


def course_grader_split(course: Path, assignment: str) -> dict[str, float]:
    path = course / "autograded" / STUDENT / assignment / f"{assignment}.grading.json"
    return json.loads(path.read_text())["seconds"]


def measure(assignment: str, repeat: int, scratch: Path, stock: bool = True) -> dict[str, float]:
    """Median seconds of the course grader, its parts, stock nbgrader and nbgrader's start-up."""
    ours = make_course(scratch / f"{assignment}-course", assignment, stock=False)
    stock_course = make_course(scratch / f"{assignment}-stock", assignment, stock=True) if stock else None
    ours_runs, stock_runs, startup_runs, splits = [], [], [], []
    for _ in range(repeat):
        startup_runs.append(timed_autograde(ours, assignment, student="nobody"))
        ours_runs.append(timed_autograde(ours, assignment))
        splits.append(course_grader_split(ours, assignment))
        if stock_course is not None:
            stock_runs.append(timed_autograde(stock_course, assignment))
    return {
        "course": statistics.median(ours_runs),
        "sandbox_run_cells": statistics.median(s["run_cells"] for s in splits),
        "grader_total": statistics.median(s["total"] for s in splits),
        "stock": statistics.median(stock_runs) if stock_runs else float("nan"),
        "startup": statistics.median(startup_runs),
    }


def format_row(assignment: str, figures: dict[str, float]) -> str:
    checks = figures["grader_total"] - figures["sandbox_run_cells"]
    stock = "not run" if math.isnan(figures["stock"]) else f"{figures['stock']:.1f} s"
    return (f"{assignment:<28} {figures['course']:>8.1f} s {stock:>11} {figures['startup']:>9.1f} s"
            f"   {figures['grader_total']:>5.1f} s = {figures['sandbox_run_cells']:.1f} s run cells"
            f" + {checks:.1f} s checks")


HEADER = (f"{'assignment':<28} {'course':>10} {'stock':>11} {'start-up':>11}   course grader inside nbgrader\n"
          + "-" * 110)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("assignments", nargs="*", help="assignment names (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure; the median is printed")
    parser.add_argument("--no-stock", action="store_true", help="skip stock nbgrader (it runs every training cell)")
    args = parser.parse_args(argv)
    print("Seconds to autograde one correct submission (answer key), wall clock, "
          f"median of {args.repeat} run(s):\n")
    print(HEADER, flush=True)
    with tempfile.TemporaryDirectory(prefix="grading-speed-") as scratch:
        for assignment in args.assignments or list(ASSIGNMENTS):
            print(format_row(assignment, measure(assignment, args.repeat, Path(scratch), not args.no_stock)), flush=True)


if __name__ == "__main__":
    main()
