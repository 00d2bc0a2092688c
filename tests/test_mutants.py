"""Tests that prove the tests: every mutant is graded with plain nbgrader in the shared class."""

import pytest

from tests.mutants import MUTANTS, mutant_students

ASSIGNMENT = "01_python_basics"


def test_every_graded_function_has_enough_mutants():
    from autograder.assignments import ASSIGNMENTS

    for name in ASSIGNMENTS[ASSIGNMENT].exercises():
        assert len(MUTANTS[ASSIGNMENT][name]["buggy"]) >= 3, name
        assert len(MUTANTS[ASSIGNMENT][name]["correct"]) >= 1, name


@pytest.mark.parametrize("student, exercise, code, correct", list(mutant_students(ASSIGNMENT)),
                         ids=[s for s, *_ in mutant_students(ASSIGNMENT)])
def test_mutant(graded_class, student, exercise, code, correct):
    scores = graded_class.scores(student)
    others = {name: s for name, s in scores.items() if name != exercise}
    assert all(score == maximum for score, maximum in others.values()), others
    score, maximum = scores[exercise]
    if correct:
        assert score == maximum, graded_class.report(student, exercise)
    else:
        assert score < maximum
        assert "FAIL" in graded_class.report(student, exercise)
