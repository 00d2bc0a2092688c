"""A student's values, texts or cell metadata cannot crash their own grading.

The grader judges whatever plain data the sandbox worker sends back. A value
the checks cannot handle, a text too long or not valid UTF-8, or a grade
cell whose nbgrader flags the student changed must cost at most the check
(or cell) concerned: the submission still gets a report and a score.

The unit tests drive :func:`autograder.grade.grade_exercise` and
``GradeInSandbox._run_notebook`` and ``_grade_all`` with a fake sandbox whose calls return crafted
outcomes; the end-to-end tests (marked ``e2e``) grade submissions with
changed flags through plain ``nbgrader autograde``.
"""

from __future__ import annotations

import json

import nbformat
import numpy as np
import pytest

import autograder.grade as grade
import utils.checks
from autograder.assignments import ASSIGNMENTS
from autograder.build import ROOT, source_notebook
from autograder.demo import exercise_scores
from autograder.grade import REPORT_LIMIT, GradeInSandbox, bounded_text, grade_exercise
from autograder.nbgrader_cli import nbgrader
from autograder.sandbox import CellRun, SandboxConfig
from autograder.submissions import replace_solution, solution_cell, write_submission
from tests.conftest import make_course
from utils.checks import Case, Outcome, call_locally
from utils.exercises import Exercise, Mistake, Property
from utils.plain_data import Opaque

LIMIT = SandboxConfig().output_limit
RNG = np.random.default_rng(0)


def valid_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# -- the text helper -------------------------------------------------------------------------------------------

def test_short_valid_text_is_left_alone():
    assert bounded_text("hello\nworld", 20) == "hello\nworld"
    assert bounded_text("é" * 20, 20) == "é" * 20


def test_long_text_is_cut_to_the_limit_with_a_visible_note():
    text = bounded_text("x" * 30_000_000, LIMIT)
    assert len(text) <= LIMIT
    assert text.startswith("x" * 1000)
    assert "[... truncated" in text and "30,000,000" in text


def test_lone_surrogates_become_replacement_characters():
    text = bounded_text("a\ud800b\udfffc", 100)
    assert text == "a\ufffdb\ufffdc" and valid_utf8(text)


def test_values_that_are_not_text_are_shown():
    class Unprintable:
        def __str__(self):
            raise RuntimeError("no")

    assert bounded_text(5, 10) == "5"
    assert bounded_text(None, 10) == "None"
    assert "Unprintable" in bounded_text(Unprintable(), 100)


# -- grade_exercise with a fake sandbox --------------------------------------------------------------------------

class FakeSandbox:
    """What grade_exercise needs of a sandbox: ``call`` returns crafted outcomes; ``mark_graded`` is recorded.

    ``tamper(call_number, case, honest_outcome)`` returns the outcome the fake worker sends; by default
    the honest outcome of the reference solution.
    """

    def __init__(self, references, tamper=None, runs=None):
        self.references, self.tamper, self.runs = references, tamper, runs or {}
        self.calls, self.graded, self.problems, self.config = 0, [], [], SandboxConfig()

    def run_cells(self):
        return self.runs

    def call(self, name, case, uses=()):
        honest = call_locally(self.references[name], case)
        outcome = self.tamper(self.calls, case, honest) if self.tamper else honest
        self.calls += 1
        return outcome, ""

    def mark_graded(self, name):
        self.graded.append(name)


def _successor(n):
    return n + 1


def _gradient_free_measure(case):
    return 0


COUNT = Exercise("successor", _successor, public_cases=lambda: [Case((1,))],
                 hidden_cases=lambda rng: [Case((int(n),)) for n in rng.integers(0, 100, 3)],
                 mistakes=[Mistake("Add one to n.", lambda n: n)])
WITH_PROPERTY = Exercise("successor", _successor, public_cases=lambda: [Case((1,)), Case((2,))],
                         hidden_cases=lambda rng: [],
                         properties=[Property(_gradient_free_measure, "utils.gradient_check:gradient_problems")])


def _grade(exercise, tamper):
    sandbox = FakeSandbox({exercise.name: exercise.reference}, tamper)
    results = grade_exercise(sandbox, exercise, np.random.default_rng(1))
    assert sandbox.graded == [exercise.name]
    return results


def _first_call(value=None, **fields):
    """A tamper function: the first call returns ``Outcome(value, **fields)``, the others are honest."""
    return lambda number, case, honest: Outcome(value=value, **fields) if number == 0 else honest


def test_a_giant_int_fails_its_own_check_and_grading_goes_on():
    results = _grade(COUNT, _first_call(10**400))
    assert [r.passed for r in results] == [False, True, True, True]
    assert "an int of about 401 digits" in results[0].problems[0]


def test_a_judge_that_raises_fails_that_check_only(monkeypatch):
    real_judge, poison = grade.judge, object()

    def judge(expectation, case, outcome):
        if outcome.value is poison:
            raise OverflowError("int too large to convert to float")
        return real_judge(expectation, case, outcome)

    monkeypatch.setattr(grade, "judge", judge)
    results = _grade(COUNT, _first_call(poison))
    assert [r.passed for r in results] == [False, True, True, True]
    assert results[0].problems == ["could not be checked: the grader could not examine this result (OverflowError)"]


def test_a_property_check_that_raises_fails_the_check_and_keeps_what_the_comparison_found(monkeypatch):
    def run_property(check, measured, value):
        raise TypeError("cannot examine")

    monkeypatch.setattr(utils.checks, "run_property", run_property)
    wrong_then_right = _first_call(5, args_after=None)
    results = _grade(WITH_PROPERTY, wrong_then_right)
    assert not results[0].passed and not results[1].passed
    assert "expected 2, got 5" in results[0].problems[0]
    assert results[0].problems[-1].startswith("could not be checked") and "TypeError" in results[0].problems[-1]
    assert results[1].problems == ["could not be checked: the grader could not examine this result (TypeError)"]


def test_a_hint_that_raises_keeps_the_problems_and_drops_the_hints(monkeypatch):
    def same(a, b):
        raise ValueError("cannot compare")

    monkeypatch.setattr(utils.checks, "same", same)
    results = _grade(COUNT, lambda number, case, honest: Outcome(value=case.args[0]))  # the known mistake
    assert all(not r.passed and not r.hints for r in results)
    assert all("has the wrong value" in r.problems[0] and "could not be checked" in r.problems[-1] for r in results)


def test_worker_texts_in_results_are_bounded_and_valid():
    error = "ValueError: \ud800" + "x" * 50_000
    warnings = ["UserWarning: \udfff" + "w" * 30_000] * 3
    results = _grade(COUNT, _first_call(error=error, warnings=warnings))
    texts = results[0].problems + results[0].warnings
    assert results[0].problems[0].startswith("your function raised ValueError: \ufffdxxx")
    assert all(len(t) <= LIMIT and valid_utf8(t) and "[... truncated" in t for t in texts)
    assert all(r.passed for r in results[1:])


def test_an_opaque_value_with_a_surrogate_gets_a_valid_report():
    results = _grade(COUNT, _first_call(Opaque("<Foo \ud800 object>")))
    report = grade._report("successor", results, 0.75, 1.0, 7, 1)
    assert not results[0].passed and valid_utf8(report)


def test_a_timed_out_call_still_skips_the_rest_of_the_exercise():
    results = _grade(COUNT, _first_call(error="the call did not finish in time (an endless loop?)"))
    assert [r.passed for r in results] == [False] * 4
    assert results[1].problems == ["not run: an earlier check of this function did not finish"]


# -- a whole notebook: cell outputs, reports, summary ------------------------------------------------------------

ASSIGNMENT = "01_python_basics"


def _grade_notebook(tamper=None, runs=None):
    nb = nbformat.read(ROOT / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    exercises = ASSIGNMENTS[ASSIGNMENT].exercises()
    sandbox = FakeSandbox({name: e.reference for name, e in exercises.items()}, tamper, runs)
    test_cells = {c.metadata.nbgrader["grade_id"]: c for c in nb.cells
                  if c.metadata.get("nbgrader", {}).get("grade")}
    summary = {"seed": 3, "exercises": {}, "seconds": {}}
    grader = GradeInSandbox()
    grader._run_notebook(nb, sandbox, summary)
    grader._grade_all(sandbox, exercises, test_cells, 3, summary)
    nbformat.validate(nb)
    assert valid_utf8(nbformat.writes(nb)) and valid_utf8(json.dumps(summary, ensure_ascii=False))
    return nb, summary


def _outputs_text(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", []))


def _score(cell):
    return float(next(o for o in cell.outputs if o.output_type == "execute_result").data["text/plain"])


def test_forged_cell_outputs_are_bounded_and_land_only_in_cells_that_ran():
    nb = nbformat.read(ROOT / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    code = grade.cells_to_run(nb)[0][0]
    markdown = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown")
    runs = {code: CellRun(code, "y\ud800" * 15_000_000, "ValueError: \udfff" + "e" * 100_000),
            markdown: CellRun(markdown, "forged"), len(nb.cells) + 5: CellRun(len(nb.cells) + 5, "forged")}
    graded_nb, _ = _grade_notebook(runs=runs)
    text = _outputs_text(graded_nb.cells[code])
    assert len(text) <= LIMIT and text.startswith("y\ufffd")
    assert "\nWhen the grader ran this cell, it raised ValueError: \ufffdeee" in text and text.count("[... truncated") == 2
    assert "outputs" not in graded_nb.cells[markdown]


def test_every_report_is_bounded_even_when_every_call_sends_a_huge_error():
    graded_nb, summary = _grade_notebook(lambda number, case, honest: Outcome(error="E: " + "z" * 1_000_000))
    for cell in graded_nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            report = _outputs_text(cell)
            assert report.startswith("Graded by the course autograder: 0 of")
            assert len(report) <= REPORT_LIMIT and "[... truncated" in report
    # An exercise's failed checks stop once they pass REPORT_LIMIT: at most one check's text (LIMIT) more.
    exercises = len(ASSIGNMENTS[ASSIGNMENT].exercises())
    assert len(json.dumps(summary)) < exercises * (REPORT_LIMIT + 2 * LIMIT)


def test_a_report_that_cannot_be_written_scores_zero_and_the_others_are_graded(monkeypatch):
    real_report = grade._report

    def report(name, *args):
        if name == "sigmoid":
            raise RecursionError("maximum recursion depth exceeded")
        return real_report(name, *args)

    monkeypatch.setattr(grade, "_report", report)
    graded_nb, summary = _grade_notebook()
    scores = {c.metadata.nbgrader["grade_id"]: _score(c) for c in graded_nb.cells
              if c.metadata.get("nbgrader", {}).get("grade")}
    assert scores.pop("test_sigmoid") == 0.0 and set(scores.values()) == {1.0}
    sigmoid = next(c for c in graded_nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_sigmoid")
    assert "could not write this report (RecursionError)" in _outputs_text(sigmoid)
    assert summary["exercises"]["sigmoid"]["earned"] == 0.0 and summary["exercises"]["softmax"]["earned"] == 1.0


# -- end to end: grade cells whose nbgrader flags a student changed -----------------------------------------------

def _flags(nb, grade_id, **changes):
    solution_cell(nb, grade_id).metadata.nbgrader.update(changes)
    return nb


def _extra_cell(nb, nbgrader_metadata):
    nb.cells.insert(3, nbformat.v4.new_code_cell("extra = 1", metadata={"nbgrader": nbgrader_metadata}))
    return nb


WRONG_SIGMOID = "s = 1 / (1 + np.exp(x))"
FLAGGED_CLASS = {
    # The crash the review found: "RuntimeError: Inconsistent checksums for cell test_sigmoid".
    "test-cell-marked-solution": lambda key: _flags(key, "test_sigmoid", solution=True),
    "test-cell-flags-changed": lambda key: _flags(replace_solution(key, "sigmoid", WRONG_SIGMOID), "test_sigmoid",
                                                  grade=False, solution=True, locked=False, points=100,
                                                  schema_version=1),
    # nbgrader stops with "MissingEntry: No such grade cell" here.
    "solution-cell-marked-test": lambda key: _flags(key, "sigmoid", grade=True, points=100, locked=True),
    # And with "KeyError: 'grade_id'" on these two.
    "unknown-test-cell": lambda key: _extra_cell(key, {"grade": True, "grade_id": "test_bonus", "points": 50,
                                                       "solution": False, "locked": True, "schema_version": 3}),
    "test-cell-without-id": lambda key: _extra_cell(key, {"grade": True, "points": 50, "solution": False,
                                                          "locked": True, "schema_version": 3}),
}


@pytest.fixture(scope="module")
def flagged_class(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("flagged") / "course", ASSIGNMENT)
    key = nbformat.read(source_notebook(ASSIGNMENT), as_version=4)
    for student, build in FLAGGED_CLASS.items():
        write_submission(root, student, ASSIGNMENT, build(nbformat.from_dict(key)))
    result = nbgrader("autograde", ASSIGNMENT, "--force", cwd=root, check=False)
    return root, result


def _report_of(root, student, exercise):
    path = root / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(path, as_version=4)
    return _outputs_text(solution_cell(nb, f"test_{exercise}"))


@pytest.mark.e2e
def test_changed_flags_fail_no_submission(flagged_class):
    root, result = flagged_class
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "Inconsistent checksums" not in log and "There was an error processing" not in log


@pytest.mark.e2e
@pytest.mark.parametrize("student", sorted(FLAGGED_CLASS))
def test_a_submission_with_changed_flags_gets_its_real_score_and_reports(flagged_class, student):
    root, _ = flagged_class
    scores = exercise_scores(root, ASSIGNMENT, student)
    assert set(scores) == set(ASSIGNMENTS[ASSIGNMENT].exercises())  # no extra test cell counts
    assert all(maximum == 1.0 for _, maximum in scores.values()), scores  # points come from the gradebook
    wrong = {"sigmoid"} if student == "test-cell-flags-changed" else set()
    assert {name for name, (score, maximum) in scores.items() if score < maximum} == wrong
    for exercise in scores:
        assert _report_of(root, student, exercise).startswith("Graded by the course autograder")
    if wrong:
        assert "FAIL" in _report_of(root, student, "sigmoid") and scores["sigmoid"][0] == 0
