"""Trusted grading: the nbgrader preprocessor that replaces ``Execute``.

Stock nbgrader runs the test cells in the student's kernel, so a student cell
can redefine whatever the tests use. :class:`GradeInSandbox` never runs test
cells. It runs the student's other code cells in a sandbox
(:mod:`autograder.sandbox`), calls each graded function there on the public
cases and on hidden cases drawn now from a fresh seed, and compares the
returned values with the reference solution in this process. It then writes
each test cell's output itself: a report on stdout and the score as an
``execute_result``, which nbgrader's ``SaveAutoGrades`` records.
"""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path
from typing import Any

import numpy as np
from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import is_grade
from traitlets import Bool, Float, Integer, Unicode

from autograder.assignments import ASSIGNMENTS
from autograder.isolation import Limits
from autograder.sandbox import CellRun, Sandbox, SandboxConfig
from utils.checks import CaseResult, format_results, judge, score
from utils.data import configured_data_dir
from utils.exercises import Exercise, expectation

SKIP_TAG = "skip-grading"
TEST_PREFIX = "test_"


def cells_to_run(nb: NotebookNode) -> list[tuple[int, str]]:
    """Index and source of the code cells run at grading time: not test cells, not ``skip-grading``."""
    return [(i, c.source) for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and not is_grade(c) and SKIP_TAG not in c.metadata.get("tags", [])]


def grade_exercise(sandbox: Sandbox, exercise: Exercise, rng: np.random.Generator) -> list[CaseResult]:
    """Run the public and hidden cases of one exercise through the sandbox."""
    results = []
    timed_out = False
    for case in exercise.public_cases() + exercise.hidden_cases(rng):
        if timed_out:
            results.append(CaseResult(case, ["not run: an earlier check of this function did not finish"], [], []))
            continue
        outcome, _ = sandbox.call(exercise.name, case, exercise.uses)
        results.append(judge(expectation(exercise, case), case, outcome))
        timed_out = outcome.error is not None and outcome.error.startswith("the call ")
    sandbox.mark_graded(exercise.name)
    return results


def _report(name: str, results: list[CaseResult], earned: float, points: float, seed: int, public: int) -> str:
    public_checks = "Check 1 is the public test" if public == 1 else f"Checks 1-{public} are the public tests"
    lines = [f"Graded by the course autograder: {earned:g} of {points:g} points.",
             f"{public_checks}; the others use inputs drawn at grading time (seed {seed}).",
             format_results(name, results)]
    return "\n".join(lines) + "\n"


def _set_score(cell: NotebookNode, report: str, earned: float) -> None:
    cell.outputs = [
        new_output("stream", name="stdout", text=report),
        new_output("execute_result", data={"text/plain": repr(float(earned))}, execution_count=None),
    ]


def _cell_outputs(run: CellRun | None) -> list[NotebookNode]:
    if run is None:
        return []
    text = run.stdout + (f"\n[at grading time] {run.error}\n" if run.error else "")
    return [new_output("stream", name="stdout", text=text)] if text.strip() else []


class GradeInSandbox(NbGraderPreprocessor):
    """Grade every exercise of a notebook with student code confined to a sandbox."""

    seed = Integer(None, allow_none=True,
                   help="Seed of the hidden test inputs; by default a fresh one is drawn for every submission "
                        "and recorded in its report.").tag(config=True)
    notebook_timeout = Float(120.0, help="Wall-clock seconds to run the notebook's code cells.").tag(config=True)
    call_timeout = Float(20.0, help="Wall-clock seconds for one call of a graded function.").tag(config=True)
    cpu_seconds = Integer(300, help="CPU seconds for all student code of one notebook.").tag(config=True)
    memory_mb = Integer(4096, help="Memory of the sandbox in MiB: per process, and for the worker and all its "
                                   "children together where cgroups are available.").tag(config=True)
    processes = Integer(64, help="Processes and threads the sandbox may have at once (cgroup pids limit).").tag(
        config=True)
    disk_mb = Integer(256, help="Size of the sandbox's writable /tmp, in MiB.").tag(config=True)
    require_isolation = Bool(True, help="Refuse to grade unless every protection is in force: the bubblewrap jail, "
                                        "cgroup limits and Landlock (see `protections` in .grading.json)."
                             ).tag(config=True)
    data_dir = Unicode("", help="Data directory readable by student code (default: the course's).").tag(config=True)

    def _sandbox_config(self) -> SandboxConfig:
        limits = Limits(cpu_seconds=self.cpu_seconds, memory_bytes=self.memory_mb * 2**20,
                        processes=self.processes, disk_bytes=self.disk_mb * 2**20)
        return SandboxConfig(limits=limits, notebook_timeout=self.notebook_timeout, call_timeout=self.call_timeout,
                             require_isolation=self.require_isolation,
                             data_dir=self.data_dir or str(configured_data_dir()))

    def _release_dir(self, assignment_id: str) -> Path:
        """The student release of the assignment in this course: what student code may see."""
        course = CourseDirectory(config=self.config)
        return Path(course.format_path(course.release_directory, ".", assignment_id))

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        assignment_id = resources["nbgrader"]["assignment"]
        if assignment_id not in ASSIGNMENTS:
            raise ValueError(f"No exercises are registered for assignment {assignment_id!r} (autograder/assignments.py).")
        assignment = ASSIGNMENTS[assignment_id]
        exercises = assignment.exercises()
        seed = self.seed if self.seed is not None else secrets.randbits(48)
        test_cells = {c.metadata.nbgrader["grade_id"]: c for c in nb.cells if c.cell_type == "code" and is_grade(c)}
        code_cells = cells_to_run(nb)
        references = {name: e.reference for name, e in exercises.items()}
        summary: dict[str, Any] = {"seed": seed, "exercises": {}, "seconds": {}}
        started = time.perf_counter()
        with Sandbox(code_cells, self._sandbox_config(), self._release_dir(assignment_id), references) as sandbox:
            self._grade_all(nb, sandbox, exercises, test_cells, seed, summary)
            summary["protections"] = sandbox.protections
        summary["seconds"]["total"] = round(time.perf_counter() - started, 3)
        self._zero_unknown_tests(test_cells, exercises)
        nb.metadata["course_grading"] = {"seed": seed, "protections": summary.get("protections", [])}
        resources.setdefault("outputs", {})[f"{resources['nbgrader']['notebook']}.grading.json"] = (
            json.dumps(summary, indent=2).encode())
        return nb, resources

    def _grade_all(self, nb, sandbox, exercises, test_cells, seed, summary) -> None:
        runs = {}
        started = time.perf_counter()
        try:
            runs = sandbox.run_cells()
        except Exception as failure:  # noqa: BLE001 - reported per exercise below
            self.log.warning("Notebook could not be run for grading: %s", failure)
        summary["seconds"]["run_cells"] = round(time.perf_counter() - started, 3)
        for index, run in runs.items():
            nb.cells[index].outputs = _cell_outputs(run)
        seeds = np.random.SeedSequence(seed).spawn(len(exercises))
        for child_seed, (name, exercise) in zip(seeds, exercises.items()):
            rng = np.random.default_rng(child_seed)
            cell = test_cells.get(TEST_PREFIX + name)
            results = grade_exercise(sandbox, exercise, rng)
            if cell is None:
                continue
            points = float(cell.metadata.nbgrader.get("points", exercise.points))
            earned = score(results, points)
            report = _report(name, results, earned, points, seed, len(exercise.public_cases()))
            if sandbox.problems:
                report += "\n".join(sandbox.problems) + "\n"
            _set_score(cell, report, earned)
            summary["exercises"][name] = {"earned": earned, "points": points,
                                          "failed_checks": [r.problems for r in results if not r.passed]}

    def _zero_unknown_tests(self, test_cells: dict, exercises: dict) -> None:
        for grade_id, cell in test_cells.items():
            if grade_id.removeprefix(TEST_PREFIX) not in exercises:
                _set_score(cell, f"No exercise is registered for test cell {grade_id!r}; scored 0. "
                                 "Check autograder/assignments.py.\n", 0.0)
