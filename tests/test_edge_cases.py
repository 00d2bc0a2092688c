"""Edge cases reveal the bugs that the random hidden cases leave to chance, and never fail correct code.

Issue 10: an ``np.squeeze`` on a gradient passes when no layer has one unit
and m > 1; a reshape that hard-codes one image dimension passes when the
drawn image happens to be square. Each exercise's ``edge_cases`` draws such
sizes on every grading. For every edge mutant (``"edge"`` in
``tests/mutants``), judged in-process as the grader judges it, these tests
prove that it passes every public and hidden case of several grading seeds
and fails an edge case of each, so only the edge cases catch it. The
end-to-end grading of the same mutants is in ``tests/test_mutants.py``.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.assignments import ASSIGNMENTS
from tests.mutants import mutants, no_edge_mutant
from tests.test_public_tests import _seeded_call, student_functions
from utils.checks import call_locally, format_results, judge
from utils.exercises import EDGE_LABEL, expectation, grading_cases

SEEDS = range(5)
REFERENCE_SEEDS = range(30)
EDGE_MUTANTS = [(a, name, i) for a in ASSIGNMENTS for name, variants in mutants(a).items()
                for i, _ in enumerate(variants.get("edge", ()))]
EXERCISES = [(a, name) for a in ASSIGNMENTS for name in ASSIGNMENTS[a].exercises()]


def _results(exercise, function, cases):
    return [judge(expectation(exercise, case), case, _seeded_call(function, case)) for case in cases]


def _split_cases(exercise, seed):
    """``(public and hidden cases, edge cases)`` of a grading seed, drawn in the grader's order."""
    rng = np.random.default_rng(seed)
    hidden = exercise.hidden_cases(rng)
    return exercise.public_cases() + hidden, exercise.edge_cases(rng)


@pytest.mark.parametrize("assignment, name, index", EDGE_MUTANTS, ids=[f"{a}/{n}-edge{i}" for a, n, i in EDGE_MUTANTS])
def test_an_edge_mutant_passes_every_other_case_and_fails_an_edge_case(assignment, name, index):
    exercise = ASSIGNMENTS[assignment].exercises()[name]
    function = student_functions(assignment, name)[f"edge {index}"]
    for seed in SEEDS:
        others, edges = _split_cases(exercise, seed)
        results = _results(exercise, function, others)
        assert all(r.passed for r in results), (seed, format_results(name, results))
        results = _results(exercise, function, edges)
        assert not all(r.passed for r in results), (seed, format_results(name, results))


@pytest.mark.parametrize("assignment, name", EXERCISES, ids=[f"{a}/{n}" for a, n in EXERCISES])
def test_the_reference_passes_every_edge_case_over_many_seeds(assignment, name):
    exercise = ASSIGNMENTS[assignment].exercises()[name]
    for seed in REFERENCE_SEEDS:
        for case in exercise.edge_cases(np.random.default_rng(seed)):
            result = judge(expectation(exercise, case), case, call_locally(exercise.reference, case))
            assert result.passed, (seed, case.describe(), result.problems)


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_every_exercise_has_an_edge_mutant_or_says_why_not(assignment):
    names = set(ASSIGNMENTS[assignment].exercises())
    with_mutant = {name for name, variants in mutants(assignment).items() if variants.get("edge")}
    without = set(no_edge_mutant(assignment))
    assert with_mutant | without == names and not with_mutant & without, (with_mutant, without)
    assert all(reason.strip() for reason in no_edge_mutant(assignment).values())


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_edge_cases_say_so_and_come_after_the_hidden_cases(assignment):
    """A student reading a report can tell an edge case; grading draws the hidden cases first, as before."""
    for exercise in ASSIGNMENTS[assignment].exercises().values():
        others, edges = _split_cases(exercise, 0)
        assert all(case.describe().startswith(EDGE_LABEL) for case in edges), exercise.name
        graded = grading_cases(exercise, np.random.default_rng(0))
        assert [c.describe() for c in graded] == [c.describe() for c in others + edges]
