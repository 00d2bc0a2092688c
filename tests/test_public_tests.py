"""The student's public tests give the grader's verdict and messages, from stored data alone.

For every exercise of every assignment, the public cases are judged twice on
the same student function: as the grader judges them (expectations computed
now from the reference, ``utils.exercises.expectation``) and as the student's
notebook judges them (expectations read from the committed release's data
file, ``utils.public_tests``). The functions are the answer key, every mutant
of ``tests/mutants`` (wrong and right ones) and the untouched stub.
"""

from __future__ import annotations

import numpy as np
import nbformat
import pytest

from autograder.assignments import ASSIGNMENTS
from autograder.build import ROOT, source_notebook
from autograder.submissions import replace_solution, solution_cell
from autograder.student_files import PACKAGE
from tests.mutants import mutants
from utils.checks import call_locally, compare, format_results, judge
from utils.exercises import expectation
from utils.plain_data import decode
from utils.public_tests import cases, data_file

EXERCISES = [(a, name) for a in ASSIGNMENTS for name in ASSIGNMENTS[a].exercises()]


def stored_suite(assignment: str) -> dict:
    """The public tests as the committed release holds them."""
    path = ROOT / "release" / assignment / PACKAGE / data_file(assignment).relative_to(data_file(assignment).parent.parent)
    return decode(path.read_bytes())


def student_functions(assignment: str, exercise: str) -> dict:
    """``{label: function}``: the answer key's function, each mutant's, and the stub of the release."""
    key = nbformat.read(source_notebook(assignment), as_version=4)
    release = nbformat.read(ROOT / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    variants = {"answer key": solution_cell(key, exercise).source, "untouched": solution_cell(release, exercise).source}
    for kind, codes in mutants(assignment)[exercise].items():
        for i, code in enumerate(codes):
            variants[f"{kind} {i}"] = solution_cell(replace_solution(nbformat.from_dict(key), exercise, code),
                                                    exercise).source
    base = _answer_key_namespace(key, set(ASSIGNMENTS[assignment].exercises()))
    functions = {}
    for label, source in variants.items():
        namespace = dict(base)
        exec(compile(source, f"<{label}>", "exec"), namespace)  # noqa: S102 - our own test code
        functions[label] = namespace[exercise]
    return functions


def _answer_key_namespace(key, graded: set) -> dict:
    """The imports and every graded function of the answer key, as its later cells see them."""
    namespace: dict = {}
    for cell in key.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade_id") in graded | {"imports"}:
            exec(compile(cell.source, "<answer key>", "exec"), namespace)  # noqa: S102
    return namespace


def _seeded_call(function, case, seed=0, uses=()):
    """The student's side of a call, as ``utils.public_tests`` makes it (``uses``: the graded functions it calls)."""
    np.random.seed(seed)  # a wrong initializer that forgets its seed must draw the same numbers on both sides
    return call_locally(function, case, uses)


@pytest.mark.parametrize("assignment, name", EXERCISES, ids=[f"{a}/{n}" for a, n in EXERCISES])
def test_student_side_verdict_and_messages_equal_the_graders(assignment, name):
    exercise = ASSIGNMENTS[assignment].exercises()[name]
    stored = list(cases(stored_suite(assignment)["exercises"][name]))
    public = exercise.public_cases()
    assert len(stored) == len(public) > 0
    for label, function in student_functions(assignment, name).items():
        grader = [judge(expectation(exercise, case), case, _seeded_call(function, case, uses=exercise.uses))
                  for case in public]
        student = [judge(expected, case, _seeded_call(function, case, uses=exercise.uses)) for case, expected in stored]
        assert [r.passed for r in student] == [r.passed for r in grader], label
        assert format_results(name, student) == format_results(name, grader), label
        if label == "answer key":
            assert all(r.passed for r in student)
        if label == "untouched":
            assert not any(r.passed for r in student), format_results(name, student)


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_stored_inputs_are_the_public_cases(assignment):
    for name, exercise in ASSIGNMENTS[assignment].exercises().items():
        for case, (stored, _) in zip(exercise.public_cases(), cases(stored_suite(assignment)["exercises"][name])):
            assert stored.describe() == case.describe()
            assert stored.args.__class__ is tuple and len(stored.args) == len(case.args)
            assert compare(case.args, stored.args) == [], name
            assert compare(case.kwargs, stored.kwargs) == [], name


def _check_blocks(report: str, count: int) -> list[list[str]]:
    """The lines of checks 1 to ``count`` of a report: each check's verdict line, problems and hints."""
    blocks: list[list[str]] = []
    for line in report.splitlines():
        if line.startswith("  [") and "] check " in line:
            blocks.append([line])
        elif blocks and line.startswith("         "):
            blocks[-1].append(line)
        elif blocks:
            blocks.append([])  # the warnings section or the end of the checks
    return [b for b in blocks if b][:count]


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_the_graded_report_shows_the_students_own_public_verdicts(graded, assignment):
    """Through the real pipeline too: each graded report's public checks read as the student's notebook printed them."""
    graded_class = graded(assignment)
    suite = stored_suite(assignment)
    for name in ASSIGNMENTS[assignment].exercises():
        functions = student_functions(assignment, name)
        students = {"answer key": "answer-key", "untouched": "untouched"}
        students |= {label: f"mutant-{name}-{label.replace(' ', '')}" for label in functions if label[0] in "bce"}
        stored = list(cases(suite["exercises"][name]))
        uses = suite["exercises"][name]["uses"]
        for label, student in students.items():
            mine = format_results(name, [judge(e, c, _seeded_call(functions[label], c, uses=uses)) for c, e in stored])
            if mine != format_results(name, [judge(e, c, _seeded_call(functions[label], c, seed=1, uses=uses))
                                             for c, e in stored]):
                continue  # draws from numpy's global generator without seeding it: its values differ run to run
            theirs = graded_class.report(student, name)
            assert _check_blocks(theirs, len(stored)) == _check_blocks(mine, len(stored)), (student, theirs, mine)
