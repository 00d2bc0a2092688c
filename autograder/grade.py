"""Trusted grading: the nbgrader preprocessor that replaces ``Execute``.

Stock nbgrader runs the test cells in the student's kernel, so a student cell
can redefine whatever the tests use. :class:`GradeInSandbox` never runs test
cells. It runs the student's other code cells in a sandbox
(:mod:`autograder.sandbox`), calls each graded function there on the public
cases and on hidden cases drawn now from a fresh seed, and compares the
returned values with the reference solution in this process. It then writes
each test cell's output itself: a report on stdout and the score as an
``execute_result``, which nbgrader's ``SaveAutoGrades`` records.

A quiz notebook is run the same way; then its answers are read from the
sandbox as plain data and marked against the key here
(:mod:`autograder.quiz_grading`).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
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
from traitlets import Bool, Enum, Float, Integer, Unicode

from autograder.assignments import ASSIGNMENTS, COURSE_ITEMS, QUIZZES
from autograder.isolation import Limits
from autograder.quiz_grading import marked_answer, read_answers
from autograder.sandbox import CellRun, Sandbox, SandboxConfig
from utils.checks import SCORING_POLICIES, Case, CaseResult, Expectation, Outcome, format_results, judge, score
from utils.data import configured_data_dir
from utils.exercises import Exercise, expectation, grading_cases
from utils.quizzes import RIGHT

SKIP_TAG = "skip-grading"
TEST_PREFIX = "test_"
# Text from the worker (what a cell or call printed, error messages, warnings) is cut to the sandbox's
# output_limit; a test cell's report, which quotes several such texts, to REPORT_LIMIT_FACTOR times that.
OUTPUT_LIMIT = SandboxConfig.output_limit
REPORT_LIMIT_FACTOR = 4
REPORT_LIMIT = REPORT_LIMIT_FACTOR * OUTPUT_LIMIT
_SURROGATES = re.compile("[\ud800-\udfff]")
logger = logging.getLogger(__name__)


def cells_to_run(nb: NotebookNode) -> list[tuple[int, str]]:
    """Index and source of the code cells run at grading time: not test cells, not ``skip-grading``."""
    return [(i, c.source) for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and not is_grade(c) and SKIP_TAG not in c.metadata.get("tags", [])]


def bounded_text(text: Any, limit: int) -> str:
    """``text`` made fit for a notebook output or ``.grading.json``: at most ``limit`` characters, valid UTF-8.

    Longer text keeps its beginning and ends with a visible "[... truncated
    ...]" note, which counts towards the limit (a limit shorter than the note
    gives the note alone). Lone surrogates, which UTF-8 cannot encode (so
    nbformat could not save the notebook), become U+FFFD. Anything that is not
    a ``str`` is shown with ``str()`` first.
    """
    if not isinstance(text, str):
        try:
            text = str(text)
        except Exception:  # noqa: BLE001 - str() of a huge int is refused, for instance
            text = f"<{type(text).__name__} that cannot be shown>"
    if len(text) > limit:
        note = f"\n[... truncated: {len(text):,} characters in all ...]\n"
        text = text[:max(limit - len(note), 0)] + note
    return text if text.isascii() else _SURROGATES.sub("\ufffd", text)


def _unchecked(error: BaseException) -> str:
    """The problem recorded for a check the grader could not carry out (our words, no student text)."""
    return f"could not be checked: the grader could not examine this result ({type(error).__name__})"


def _clean_outcome(outcome: Outcome, limit: int) -> Outcome:
    """The worker's texts in an outcome, bounded; the value and arguments are left as they came."""
    error = None if outcome.error is None else bounded_text(outcome.error, limit)
    warnings = outcome.warnings if isinstance(outcome.warnings, (list, tuple)) else []
    return dataclasses.replace(outcome, error=error, warnings=[bounded_text(w, limit) for w in warnings[:20]])


def _judge_safely(expected: Expectation, case: Case, outcome: Outcome, limit: int,
                  log: logging.Logger) -> CaseResult:
    """:func:`judge`, except that a comparison, hint or extra check that raises fails this check only.

    The failed check says "could not be checked"; when the plain comparison
    still works, its problems are kept, so the report still says what differs.
    """
    try:
        result = judge(expected, case, outcome)
    except Exception as error:  # noqa: BLE001 - a value the checks cannot handle fails its own check
        log.warning("A check of %s could not be carried out (%s: %s)", bounded_text(case.describe(), 200),
                    type(error).__name__, bounded_text(error, 200))
        try:
            problems = judge(Expectation(expected.expected), case, outcome).problems
        except Exception:  # noqa: BLE001 - the comparison itself is what failed
            problems = []
        result = CaseResult(case, problems + [_unchecked(error)], [], outcome.warnings)
    return CaseResult(case, [bounded_text(p, limit) for p in result.problems],
                      [bounded_text(h, limit) for h in result.hints], result.warnings)


def grade_exercise(sandbox: Sandbox, exercise: Exercise, rng: np.random.Generator,
                   output_limit: int = OUTPUT_LIMIT, log: logging.Logger | None = None) -> list[CaseResult]:
    """Run the public and hidden cases of one exercise through the sandbox.

    Only ``sandbox.call(name, case, uses)`` and ``sandbox.mark_graded(name)``
    are used. The worker's texts are cut to ``output_limit`` characters. A
    check that fails in the grader (see :func:`_judge_safely`) costs that check
    only; failures of the sandbox and of the reference solution (course bugs,
    not the student's) still stop the grading of the submission.
    """
    log = log or logger
    results = []
    timed_out = False
    for case in grading_cases(exercise, rng):
        if timed_out:
            results.append(CaseResult(case, ["not run: an earlier check of this function did not finish"], [], []))
            continue
        outcome, _ = sandbox.call(exercise.name, case, exercise.uses)
        outcome = _clean_outcome(outcome, output_limit)
        results.append(_judge_safely(expectation(exercise, case), case, outcome, output_limit, log))
        timed_out = outcome.error is not None and outcome.error.startswith("the call ")
    sandbox.mark_graded(exercise.name)
    return results


_SCORING_WORDS = {"all_or_nothing": "The points are earned when every check passes.",
                  "proportional": "The points are shared out among the checks."}


def _score_words(earned: float, points: float) -> str:
    """The first line of every report: "Graded by the course autograder: 1 of 2 points"."""
    return f"Graded by the course autograder: {earned:g} of {points:g} {'point' if points == 1 else 'points'}"


def _checks_range(first: int, last: int) -> str:
    """Checks ``first`` to ``last`` in words: "check 3", "checks 1 and 2", "checks 3 to 8"."""
    if first == last:
        return f"check {first}"
    return f"checks {first} and {last}" if last == first + 1 else f"checks {first} to {last}"


def _which_checks(public: int, total: int, seed: int) -> str:
    """The sentence that says which checks are the notebook's public tests and which use hidden inputs."""
    parts = []
    if public:
        verb = "is the public test" if public == 1 else "are the public tests"
        parts.append(f"{_checks_range(1, public)} {verb} you ran in the notebook")
    if total > public:
        verb = "uses an input" if total == public + 1 else "use inputs"
        parts.append(f"{_checks_range(public + 1, total)} {verb} drawn at grading time (seed {seed})")
    sentence = "; ".join(parts) or f"No checks were run (seed {seed})"
    return sentence[0].upper() + sentence[1:] + "."


def _warning_lines(results: list[CaseResult], public: int) -> list[str]:
    """The report's warnings, labelled by where they came from; warnings that do not matter are left out.

    Warnings on the public cases come from the student's code on the inputs
    they ran at home, so they are always shown. Warnings on the grader's
    hidden inputs are shown only for checks that failed, where they may
    explain the failure: a correct function can warn on the large inputs the
    grader chooses (``np.exp`` overflows in a textbook sigmoid), and such a
    warning would only alarm a student whose check passed.
    """
    own = list(dict.fromkeys(w for r in results[:public] for w in r.warnings))
    hidden = list(dict.fromkeys(w for r in results[public:] if not r.passed for w in r.warnings if w not in own))
    lines = []
    if own:
        lines.append("  Warnings from your code on the public tests (they do not cost points):")
        lines += [f"    {w}" for w in own]
    if hidden:
        lines.append("  Warnings from your code on the grader's inputs, in checks that failed (they may explain "
                     "the failure; they do not cost points):")
        lines += [f"    {w}" for w in hidden]
    return lines


def _report(name: str, results: list[CaseResult], earned: float, points: float, seed: int, public: int,
            scoring: str = "all_or_nothing", problems: list[str] | tuple[str, ...] = ()) -> str:
    """The text of an exercise's test cell: score, which checks are public, each check, problems, then warnings.

    The checks are written by :func:`format_results`, as the student's public
    test writes them at home, without its warnings section: the warnings come
    last here, labelled by :func:`_warning_lines`.
    """
    lines = [f"{_score_words(earned, points)}. {_SCORING_WORDS[scoring]}",
             _which_checks(public, len(results), seed),
             format_results(name, [dataclasses.replace(r, warnings=[]) for r in results])]
    lines += list(problems) + _warning_lines(results, public)
    return "\n".join(lines) + "\n"


def _failed_checks(results: list[CaseResult], limit: int) -> list[list[str]]:
    """The problems of the failed checks, for ``.grading.json``: at most about ``limit`` characters in all."""
    failed, used = [], 0
    for result in results:
        if result.passed:
            continue
        if used > limit:
            failed.append(["[... more failed checks left out ...]"])
            break
        failed.append(list(result.problems))
        used += sum(len(p) for p in result.problems)
    return failed


def _failed_hints(results: list[CaseResult], most: int = 10) -> list[str]:
    """The distinct hints shown on failed checks, first seen first, for ``.grading.json`` (class reports count them)."""
    return list(dict.fromkeys(h for r in results if not r.passed for h in r.hints))[:most]


def _set_score(cell: NotebookNode, report: str, earned: float, limit: int = REPORT_LIMIT) -> None:
    cell.outputs = [
        new_output("stream", name="stdout", text=bounded_text(report, limit)),
        new_output("execute_result", data={"text/plain": repr(float(earned))}, execution_count=None),
    ]


def _cell_outputs(run: CellRun | None, limit: int = OUTPUT_LIMIT) -> list[NotebookNode]:
    """What a code cell printed and raised at grading time, as one stdout stream of at most ``limit`` characters."""
    if run is None:
        return []
    error = f"When the grader ran this cell, it raised {bounded_text(run.error, limit // 2)}\n" if run.error else ""
    printed = bounded_text(run.stdout, limit - len(error) - 1)
    text = printed + ("\n" if error and printed and not printed.endswith("\n") else "") + error
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
    scoring = Enum(SCORING_POLICIES, default_value="all_or_nothing",
                   help="How an exercise's points follow from its checks: 'all_or_nothing' (every point when every "
                        "check passes, none otherwise) or 'proportional' (the share of checks passed). See "
                        "autograder/README.md, 'Scoring'.").tag(config=True)

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
        if assignment_id not in COURSE_ITEMS:
            raise ValueError(f"No exercises or questions are registered for assignment {assignment_id!r} "
                             "(autograder/assignments.py).")
        quiz = assignment_id in QUIZZES
        exercises = QUIZZES[assignment_id].questions() if quiz else ASSIGNMENTS[assignment_id].exercises()
        seed = self.seed if self.seed is not None else secrets.randbits(48)
        test_cells = {c.metadata.nbgrader["grade_id"]: c for c in nb.cells if c.cell_type == "code" and is_grade(c)}
        code_cells = cells_to_run(nb)
        references = {} if quiz else {name: e.reference for name, e in exercises.items()}
        summary: dict[str, Any] = {"seed": seed, "scoring": self.scoring, "exercises": {}, "seconds": {}}
        started = time.perf_counter()
        config = self._sandbox_config()
        with Sandbox(code_cells, config, self._release_dir(assignment_id), references) as sandbox:
            self._run_notebook(nb, sandbox, summary)
            if quiz:
                self._grade_quiz(sandbox, exercises, test_cells, summary)
            else:
                self._grade_all(sandbox, exercises, test_cells, seed, summary)
            summary["protections"] = [bounded_text(p, config.output_limit) for p in list(sandbox.protections)[:50]]
            summary["missing_protections"] = list(sandbox.missing)
            peak = sandbox.cgroup.peak_memory_bytes() if sandbox.cgroup is not None else None
            summary["peak_memory_mib"] = None if peak is None else round(peak / 2**20, 1)
        summary["seconds"]["total"] = round(time.perf_counter() - started, 3)
        self._zero_unknown_tests(test_cells, exercises)
        nb.metadata["course_grading"] = {"seed": seed, "protections": summary.get("protections", [])}
        resources.setdefault("outputs", {})[f"{resources['nbgrader']['notebook']}.grading.json"] = (
            json.dumps(summary, indent=2).encode())
        return nb, resources

    def _run_notebook(self, nb, sandbox, summary) -> None:
        """Run the notebook's code cells in the sandbox; each cell's output becomes what it did there."""
        runs = {}
        started = time.perf_counter()
        try:
            runs = sandbox.run_cells()
        except Exception as failure:  # noqa: BLE001 - reported per exercise below
            self.log.warning("Notebook could not be run for grading: %s", bounded_text(failure, 1000))
        summary["seconds"]["run_cells"] = round(time.perf_counter() - started, 3)
        ran = {index for index, _ in cells_to_run(nb)}
        for index, run in runs.items():
            if index in ran:  # an index from the worker is believed only for a cell that was sent to it
                nb.cells[index].outputs = _cell_outputs(run, sandbox.config.output_limit)

    def _grade_quiz(self, sandbox, questions, test_cells, summary) -> None:
        """Mark each answer against the key, in this process; the report says right or not, never the key."""
        answers, problem = read_answers(sandbox, list(questions), self.log)
        for name, question in questions.items():
            cell = test_cells.get(TEST_PREFIX + name)
            points = float(cell.metadata.nbgrader.get("points", question.points)) if cell else question.points
            earned, line, result = marked_answer(name, question, answers, points)
            if cell is not None:
                _set_score(cell, f"{_score_words(earned, points)}.\n{line}\n" + (f"{problem}\n" if problem else ""),
                           earned)
            summary["exercises"][name] = {"earned": earned, "points": points, "hints": [],
                                          "failed_checks": [] if result.verdict == RIGHT else [[result.verdict]]}

    def _grade_all(self, sandbox, exercises, test_cells, seed, summary) -> None:
        limit = sandbox.config.output_limit
        seeds = np.random.SeedSequence(seed).spawn(len(exercises))
        for child_seed, (name, exercise) in zip(seeds, exercises.items()):
            rng = np.random.default_rng(child_seed)
            cell = test_cells.get(TEST_PREFIX + name)
            results = grade_exercise(sandbox, exercise, rng, limit, self.log)
            if cell is None:
                continue
            points = float(cell.metadata.nbgrader.get("points", exercise.points))
            try:
                self._write_report(cell, name, exercise, results, points, seed, sandbox.problems, summary, limit,
                                   self.scoring)
            except Exception as error:  # noqa: BLE001 - one exercise's report must not fail the submission
                self.log.error("The report of %s could not be written; it scores 0", name, exc_info=True)
                _set_score(cell, f"{_score_words(0, points)}.\n"
                                 f"{name}: the grader could not write this report ({type(error).__name__}), so "
                                 "this exercise scored 0. Ask your instructor to look at it.\n", 0.0)
                failure = f"the report could not be written ({type(error).__name__})"
                summary["exercises"][name] = {"earned": 0.0, "points": points, "failed_checks": [[failure]]}

    @staticmethod
    def _write_report(cell, name, exercise, results, points, seed, problems, summary, limit, scoring) -> None:
        earned = score(results, points, scoring)
        report = _report(name, results, earned, points, seed, len(exercise.public_cases()), scoring, problems)
        _set_score(cell, report, earned, REPORT_LIMIT_FACTOR * limit)
        summary["exercises"][name] = {"earned": earned, "points": points,
                                      "failed_checks": _failed_checks(results, REPORT_LIMIT_FACTOR * limit),
                                      "hints": _failed_hints(results)}

    def _zero_unknown_tests(self, test_cells: dict, exercises: dict) -> None:
        for grade_id, cell in test_cells.items():
            if grade_id.removeprefix(TEST_PREFIX) not in exercises:
                _set_score(cell, f"No exercise is registered for test cell {grade_id!r}; scored 0. "
                                 "Check autograder/assignments.py.\n", 0.0)
