"""Tests that prove the tests: every mutant is graded with plain nbgrader in its assignment's class."""

import pytest

from autograder.assignments import ASSIGNMENTS
from tests.mutants import mutant_students, mutants

ALL_MUTANTS = [(a, *m) for a in ASSIGNMENTS for m in mutant_students(a)]


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_every_graded_function_has_enough_mutants(assignment):
    for name in ASSIGNMENTS[assignment].exercises():
        assert len(mutants(assignment)[name]["buggy"]) >= 3, name
        assert len(mutants(assignment)[name]["correct"]) >= 1, name


@pytest.mark.parametrize("assignment, student, exercise, code, correct", ALL_MUTANTS,
                         ids=[f"{a}/{s}" for a, s, *_ in ALL_MUTANTS])
def test_mutant(graded, assignment, student, exercise, code, correct):
    graded_class = graded(assignment)
    scores = graded_class.scores(student)
    others = {name: s for name, s in scores.items() if name != exercise}
    assert all(score == maximum for score, maximum in others.values()), others
    score, maximum = scores[exercise]
    if correct:
        assert score == maximum, graded_class.report(student, exercise)
    else:
        assert score < maximum
        assert "FAIL" in graded_class.report(student, exercise)
