"""How long grading a whole class takes: ``course grade`` on Dask against nbgrader.

Usage (from the course root)::

    python -m benchmarks.class_grading --students N [--baseline-students K] [--assignments A ...] [--keep DIR]

A synthetic class of N students hands in every assignment: mostly answer keys
and mutants (``tests/submissions.py``'s ``class_builders``, cycled through in a
fixed order), some untouched releases, and a few hostile submissions (endless
loops, broken files, cheats). The same class is then graded by

* **stock nbgrader**: serial ``nbgrader autograde`` with nbgrader's own
  ``Execute`` (``benchmarks.grading_speed.STOCK_CONFIG``), which runs every cell;
* **plain autograde**: serial ``nbgrader autograde`` with the course grader;
* **course grade** with 1 and with 2 local Dask workers (``--force``).

The two nbgrader runs are slow, so they grade the first K students only
(``--baseline-students``, default min(N, 40)); figures per notebook make the
runs comparable, and their totals for N students are extrapolated (marked so).
Every run grades its own copy of the class. No pass/fail: figures only, beside
the targets of issue 12.
"""

from __future__ import annotations

import argparse
import math
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.assignments import ASSIGNMENTS
from autograder.build import source_notebook
from autograder.nbgrader_cli import nbgrader
from autograder.submissions import write_submission
from benchmarks.grading_speed import release_course, use_stock_execute

# The kind of each student's submissions, by student number modulo its length: mostly answer keys and mutants,
# with an untouched release and a hostile submission early, so that even a class of six has every kind.
KIND_CYCLE = ("answer-key", "mutant", "answer-key", "untouched", "mutant",
              "hostile", "answer-key", "mutant", "answer-key", "mutant")
# Hostile submissions, from the builders of tests/submissions.py, in the order they are handed out. The class of
# notebook 1 has the endless loop and the broken file; every class has the cheats and the crash triggers. The
# leftover daemon (``aa-hostile-leftover``) is left out: it renices every process it sees for five minutes.
HOSTILE = ("hostile-loop", "not-a-notebook", "cheat-monkeypatch", "hostile-crash-triggers", "hostile-exit",
           "cheat-import-reference", "hostile-memory", "cheat-read-files")

# The targets of issue 12.
TARGET_STUDENTS = 200
TARGET_ASSIGNMENTS = 5
TARGET_SECONDS = 8 * 60
TARGET_SCALING = 1.7
TARGET_VS_STOCK = 10.0


def student_id(index: int, n_students: int) -> str:
    """``student-007``: zero-padded, so that nbgrader's name order is the students' order."""
    return f"student-{index:0{max(3, len(str(n_students - 1)))}d}"


def mutant_builders(assignment: str) -> list[str]:
    """Names of the builders of ``assignment``'s mutant students, in their fixed order."""
    from tests.mutants import mutant_students

    return [student for student, *_ in mutant_students(assignment)]


def class_plan(n_students: int, assignments: list[str]) -> dict[str, dict[str, tuple[str, str]]]:
    """``{assignment: {student: (kind, builder)}}``: which submission each student hands in.

    ``kind`` is one of ``KIND_CYCLE``; ``builder`` names the builder in
    ``class_builders(assignment)``. Mutants and hostile submissions are handed
    out in turn, so the class is the same on every run.
    """
    from tests.submissions import class_builders

    plan = {}
    for assignment in assignments:
        builders = class_builders(assignment)
        turns = {"answer-key": ["answer-key"], "untouched": ["untouched"], "mutant": mutant_builders(assignment),
                 "hostile": [name for name in HOSTILE if name in builders]}
        handed_out = Counter()
        plan[assignment] = {}
        for index in range(n_students):
            kind = KIND_CYCLE[index % len(KIND_CYCLE)]
            plan[assignment][student_id(index, n_students)] = (kind, turns[kind][handed_out[kind] % len(turns[kind])])
            handed_out[kind] += 1
    return plan


def hand_in(course: Path, plan: dict[str, dict[str, tuple[str, str]]]) -> None:
    """Write every planned submission into ``course/submitted/`` (the assignments are released there)."""
    from tests.submissions import class_builders

    for assignment, students in plan.items():
        builders = class_builders(assignment)
        key = nbformat.read(source_notebook(assignment), as_version=4)
        release = nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", as_version=4)
        for student, (_, builder) in students.items():
            submission = builders[builder](nbformat.from_dict(key), nbformat.from_dict(release))
            if isinstance(submission, str):  # a file that is not a notebook
                folder = course / "submitted" / student / assignment
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{assignment}.ipynb").write_text(submission)
            else:
                write_submission(course, student, assignment, submission)


def copy_class(master: Path, target: Path, students: list[str], stock: bool = False) -> Path:
    """A copy of the class in ``master`` keeping only ``students``, with nbgrader's ``Execute`` if ``stock``."""
    shutil.copytree(master, target)
    for folder in (target / "submitted").iterdir():
        if folder.name not in students:
            shutil.rmtree(folder)
    use_stock_execute(target, stock)
    return target


@dataclass
class Run:
    """One grading run: what graded, how many notebooks, wall-clock seconds."""

    label: str
    notebooks: int
    seconds: float

    @property
    def per_notebook(self) -> float:
        return self.seconds / self.notebooks


def progress(message: str) -> None:
    print(f"[class_grading] {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def time_autograde(course: Path, assignments: list[str], label: str, notebooks: int) -> Run:
    """Serial ``nbgrader autograde`` of every assignment of ``course``."""
    started = time.perf_counter()
    for assignment in assignments:
        progress(f"{label}: nbgrader autograde {assignment}")
        nbgrader("autograde", assignment, "--force", cwd=course, check=False)
    return Run(label, notebooks, time.perf_counter() - started)


def time_course_grade(course: Path, assignments: list[str], workers: int, notebooks: int) -> Run:
    """``python -m autograder grade ASSIGNMENTS --workers W --force`` in ``course``."""
    label = f"course grade, {workers} worker{'s' if workers > 1 else ''}"
    progress(f"{label}: {notebooks} notebooks")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "autograder", "grade", *assignments, "--workers", str(workers), "--force"],
                   cwd=course, check=False, stdout=sys.stderr)
    return Run(label, notebooks, time.perf_counter() - started)


def _ratio(numerator: Run, denominator: Run) -> float:
    """How many times faster ``denominator`` grades a notebook than ``numerator``."""
    return numerator.per_notebook / denominator.per_notebook


def format_table(runs: dict[str, Run], n_students: int, n_assignments: int) -> str:
    """The figures of the runs, their ratios and the issue's targets, as printed.

    Parameters
    ----------
    runs : dict
        ``Run`` by key: ``"stock"``, ``"plain"``, ``"workers1"``, ``"workers2"``.
    n_students, n_assignments : int
        The class; totals of runs that graded fewer notebooks are extrapolated to it.
    """
    class_notebooks = n_students * n_assignments
    lines = [f"Class: {n_students} students x {n_assignments} assignments = {class_notebooks} notebooks",
             "", f"{'run':<28} {'notebooks':>9} {'measured':>10} {'s/notebook':>11} {'total for class':>17}",
             "-" * 80]
    for run in runs.values():
        total = run.per_notebook * class_notebooks
        note = "" if run.notebooks == class_notebooks else "  (extrapolated)"
        lines.append(f"{run.label:<28} {run.notebooks:>9} {run.seconds:>8.1f} s {run.per_notebook:>9.2f} s"
                     f" {total:>15.0f} s{note}")
    two, one = runs["workers2"], runs["workers1"]
    projected = two.per_notebook * TARGET_STUDENTS * TARGET_ASSIGNMENTS
    lines += ["", f"{'ratio (per notebook)':<44} {'measured':>10}   target", "-" * 80,
              f"{'course grade: 2 workers vs 1':<44} {_ratio(one, two):>9.2f}x   >= {TARGET_SCALING}x",
              f"{'course grade (2 workers) vs stock nbgrader':<44} {_ratio(runs['stock'], two):>9.2f}x"
              f"   >= {TARGET_VS_STOCK:g}x",
              f"{'course grade (2 workers) vs plain autograde':<44} {_ratio(runs['plain'], two):>9.2f}x   -",
              f"{f'{TARGET_STUDENTS} x {TARGET_ASSIGNMENTS} notebooks, 2 workers (projected)':<44}"
              f" {projected / 60:>7.1f} min   <= {TARGET_SECONDS / 60:g} min",
              "", "Ratios compare seconds per notebook. Stock and plain nbgrader graded the first "
              f"{runs['stock'].notebooks // n_assignments} students only, whose mix of submissions may differ "
              "from the whole class's; per-notebook figures of a small class include the cluster's start-up."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, required=True, help="students in the synthetic class")
    parser.add_argument("--baseline-students", type=int, default=None,
                        help="students graded by stock and plain nbgrader (default: min(N, 40))")
    parser.add_argument("--assignments", nargs="+", default=list(ASSIGNMENTS), choices=list(ASSIGNMENTS))
    parser.add_argument("--keep", type=Path, default=None, help="build the scratch courses in DIR and keep them")
    args = parser.parse_args(argv)
    baseline = min(args.students, args.baseline_students if args.baseline_students is not None else 40)
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="class-grading-"))
    try:
        plan = class_plan(args.students, args.assignments)
        progress(f"class of {args.students} students: " + ", ".join(
            f"{n} {kind}" for kind, n in Counter(k for s in plan.values() for k, _ in s.values()).items()))
        master = release_course(scratch / "class", args.assignments, stock=False)
        hand_in(master, plan)
        students = list(next(iter(plan.values())))
        n = len(args.assignments)
        runs = {
            "stock": time_autograde(copy_class(master, scratch / "stock", students[:baseline], stock=True),
                                    args.assignments, "stock nbgrader (serial)", baseline * n),
            "plain": time_autograde(copy_class(master, scratch / "plain", students[:baseline]),
                                    args.assignments, "plain autograde (serial)", baseline * n),
        }
        for workers in (1, 2):
            runs[f"workers{workers}"] = time_course_grade(
                copy_class(master, scratch / f"workers{workers}", students), args.assignments, workers,
                args.students * n)
        print(format_table(runs, args.students, n))
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
