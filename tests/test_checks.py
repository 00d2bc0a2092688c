"""The comparison engine says precisely what differs, and nothing when nothing does."""

import numpy as np
import pytest

from utils.checks import Case, Exercise, Mistake, Outcome, PublicCheckFailed, compare, judge_case, run_public_checks, score
from utils.exercises.python_basics import EXERCISES


def test_equal_values_have_no_problems():
    assert compare(np.ones((2, 3)), np.ones((2, 3))) == []
    assert compare({"dw": np.zeros((2, 1)), "db": 0.5}, {"dw": np.zeros((2, 1)), "db": 0.5}) == []
    assert compare((1.0, np.ones(2)), (1.0, np.ones(2))) == []


@pytest.mark.parametrize("expected, got, phrase", [
    (np.ones((2, 3)), [[1, 1, 1], [1, 1, 1]], "expected a numpy ndarray, got list"),
    (np.ones((3, 1)), np.ones(3), "expected (3, 1), got (3,)"),
    (np.ones(3), np.array([1.0, np.nan, 1.0]), "NaN or inf) at index (1,)"),
    (np.ones(3), np.array([1.0, 1.0, 1.5]), "max absolute error 0.5 at index (2,)"),
    (0.0, 0, "expected a float, got int"),
    (1.0, np.ones(1), "expected a number, got ndarray of shape (1,)"),
    ({"dw": 1.0, "db": 1.0}, {"dw": 1.0}, "missing the keys ['db']"),
    ((1.0, 2.0), (1.0,), "should have 2 items, got 1"),
    (np.ones(2), None, "is None"),
])
def test_each_kind_of_difference_is_named(expected, got, phrase):
    problems = compare(expected, got)
    assert problems and phrase in problems[0]


def test_first_differing_index_is_reported():
    problems = compare(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 2.0], [3.5, 4.0]]))
    assert "first difference at index (1, 0): expected 3, got 3.5" in problems[0]


def _exercise(mistakes=()):
    return Exercise("double", lambda x: 2 * x, lambda: [Case((np.ones(3),))], lambda rng: [], mistakes=mistakes)


def test_in_place_modification_is_a_problem():
    case = Case((np.ones(3),))
    outcome = Outcome(value=2 * np.ones(3), args_after=(np.zeros(3),))
    result = judge_case(_exercise(), case, outcome, 2 * np.ones(3))
    assert not result.passed and "modified in place" in result.problems[0]


def test_known_mistake_earns_its_hint():
    exercise = _exercise([Mistake("did you add instead of multiply?", function=lambda x: x + 2)])
    case = Case((np.ones(3),))
    result = judge_case(exercise, case, Outcome(value=np.ones(3) + 2, args_after=case.args), 2 * np.ones(3))
    assert result.hints == ["did you add instead of multiply?"]


def test_warnings_are_reported_but_do_not_fail():
    case = Case((np.ones(3),))
    outcome = Outcome(value=2 * np.ones(3), args_after=case.args, warnings=["RuntimeWarning: overflow"])
    assert judge_case(_exercise(), case, outcome, 2 * np.ones(3)).passed


def test_score_is_the_share_of_passed_cases():
    case = Case((1,))
    results = [judge_case(_exercise(), case, Outcome(value=v, args_after=(1,)), 2) for v in (2, 2, 3)]
    assert score(results, 3) == 2.0


def test_public_check_passes_the_reference_and_fails_a_mistake(capsys):
    run_public_checks(EXERCISES["normalizeRows"], EXERCISES["normalizeRows"].reference)
    assert "All tests passed." in capsys.readouterr().out
    with pytest.raises(PublicCheckFailed):
        run_public_checks(EXERCISES["normalizeRows"], lambda x: x / np.linalg.norm(x, axis=0, keepdims=True))
    assert "use axis=1" in capsys.readouterr().out


def test_math_exp_on_an_array_gets_a_hint(capsys):
    import math

    with pytest.raises(PublicCheckFailed):
        run_public_checks(EXERCISES["sigmoid"], lambda x: 1 / (1 + math.exp(-x)))
    assert "use np.exp" in capsys.readouterr().out


def test_public_tests_refuse_to_run_inside_stock_autograding(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(RuntimeError, match="did not load the course configuration"):
        run_public_checks(EXERCISES["L1"], EXERCISES["L1"].reference)


def test_dependencies_are_graded_before_their_users():
    names = list(EXERCISES)
    for position, exercise in enumerate(EXERCISES.values()):
        assert all(dep in names[:position] for dep in exercise.uses), exercise.name


def test_properties_add_their_problems_to_a_case():
    def sums_to_one(case, value):
        return [] if np.isclose(np.sum(value), 1) else [f"the result sums to {np.sum(value):.3g}, not 1"]

    def explodes(case, value):
        raise ValueError("cannot look at this")

    exercise = Exercise("normalize", lambda x: x / x.sum(), lambda: [], lambda rng: [], properties=[sums_to_one])
    case = Case((np.array([1.0, 3.0]),))
    good = judge_case(exercise, case, Outcome(value=np.array([0.25, 0.75]), args_after=case.args), np.array([0.25, 0.75]))
    assert good.passed
    # A property can fail a value that equals the expected one (here the "expected" value is wrong on purpose).
    bad = judge_case(exercise, case, Outcome(value=np.array([1.0, 3.0])), np.array([1.0, 3.0]))
    assert bad.problems == ["the result sums to 4, not 1"]
    exercise.properties = [explodes]
    broken = judge_case(exercise, case, Outcome(value=np.array([0.25, 0.75])), np.array([0.25, 0.75]))
    assert broken.problems == ["the result could not be checked (ValueError: cannot look at this)"]
