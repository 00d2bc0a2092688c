"""The comparison engine says precisely what differs, and nothing when nothing does."""

import math

import numpy as np
import pytest

from utils.checks import (
    Case,
    Expectation,
    KnownResult,
    Outcome,
    PublicCheckFailed,
    call_locally,
    compare,
    format_results,
    judge,
    score,
)
from utils.exercises import Exercise, Mistake, Property, expectation
from utils.exercises.python_basics import EXERCISES
from utils.public_tests import load_public_tests, run_public_checks

check = load_public_tests("01_python_basics")

NONE_ADVICE = "did you replace every `= None` placeholder and return the value?"


def test_equal_values_have_no_problems():
    assert compare(np.ones((2, 3)), np.ones((2, 3))) == []
    assert compare({"dw": np.zeros((2, 1)), "db": 0.5}, {"dw": np.zeros((2, 1)), "db": 0.5}) == []
    assert compare((1.0, np.ones(2)), (1.0, np.ones(2))) == []


@pytest.mark.parametrize("expected, got, phrase", [
    (np.ones((2, 3)), [[1, 1, 1], [1, 1, 1]], "expected a numpy ndarray, got list"),
    (np.ones((3, 1)), np.ones(3), "expected (3, 1), got (3,)"),
    (np.ones(3), np.array([1.0, np.nan, 1.0]), "NaN or inf) at index (1,)"),
    (np.ones(3), np.array([1.0, 1.0, 1.5]), "max absolute error 0.5 at index (2,)"),
    (0.0, True, "expected a number, got bool"),
    (1.0, np.ones(1), "expected a number, got ndarray of shape (1,)"),
    ({"dw": 1.0, "db": 1.0}, {"dw": 1.0}, "missing the keys ['db']"),
    ((1.0, 2.0), (1.0,), "should have 2 items, got 1"),
    (np.ones(2), None, "is None"),
])
def test_each_kind_of_difference_is_named(expected, got, phrase):
    problems = compare(expected, got)
    assert problems and phrase in problems[0]


@pytest.mark.parametrize("expected", [np.float64(0.5), np.array(0.5), np.ones(2), 0.5])
def test_a_placeholder_none_wrapped_by_template_code_is_reported_as_none(expected):
    # Template code after a stub's region (notebook 2's propagate, notebook 4's compute_cost) runs
    # np.squeeze(np.array(cost)) on cost = None, which makes a 0-d object array, not a wrong type.
    for wrapped in (np.squeeze(np.array(None)), np.array([None, None], dtype=object)):
        problems = compare((expected, {"dw": expected}), (wrapped, {"dw": wrapped}))
        assert problems == [f"result[0] is None: {NONE_ADVICE}", f"result[1]['dw'] is None: {NONE_ADVICE}"]


def test_an_object_array_holding_values_is_not_taken_for_none():
    assert "is None" not in compare(np.ones(2), np.array([None, 1.0], dtype=object))[0]


def test_an_int_too_large_for_a_float_is_a_wrong_value_not_a_crash():
    big = 10**400  # float(big) raises OverflowError
    assert compare(3, big) == ["result has the wrong value: expected 3, got an int of about 401 digits"]
    assert compare(np.int64(3), -big) == ["result has the wrong value: expected 3, got an int of about 401 digits"]
    assert compare({"n": 1, "m": 2.0}, {"n": big, "m": 2.0}) == [
        "result['n'] has the wrong value: expected 1, got an int of about 401 digits"]
    assert compare(big, big) == []
    huge = 10**5000  # past Python's 4300-digit limit, repr(huge) raises ValueError
    assert compare("text", huge) == ["result should be 'text', got an int of about 5001 digits"]


def test_first_differing_index_is_reported():
    problems = compare(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 2.0], [3.5, 4.0]]))
    assert "first difference at index (1, 0): expected 3, got 3.5" in problems[0]


def test_in_place_modification_is_a_problem():
    case = Case((np.ones(3),))
    outcome = Outcome(value=2 * np.ones(3), args_after=(np.zeros(3),))
    result = judge(Expectation(2 * np.ones(3)), case, outcome)
    assert not result.passed and "modified in place" in result.problems[0]


def test_known_mistake_earns_its_hint_only_when_the_result_is_wrong():
    known = [KnownResult("did you add instead of multiply?", value=np.ones(3) + 2)]
    wrong = Expectation(2 * np.ones(3), known_mistakes=lambda: known)
    case = Case((np.ones(3),))
    result = judge(wrong, case, Outcome(value=np.ones(3) + 2, args_after=case.args))
    assert result.hints == ["did you add instead of multiply?"]
    # On an input where the mistake happens to give the right answer, nothing is wrong and no hint shows.
    right = Expectation(np.ones(3) + 2, known_mistakes=lambda: known)
    assert judge(right, case, Outcome(value=np.ones(3) + 2, args_after=case.args)).hints == []


def test_a_mistake_that_raises_earns_its_hint_when_the_student_raises_the_same_error():
    exercise = EXERCISES["normalizeRows"]
    case = exercise.public_cases()[0]  # 2 rows, 3 columns: dividing by a (2,) norm cannot broadcast
    no_keepdims = call_locally(lambda x: x / np.linalg.norm(x, axis=1), case)
    assert no_keepdims.error is not None and "broadcast" in no_keepdims.error
    result = judge(expectation(exercise, case), case, no_keepdims)
    assert any("keepdims=True" in hint for hint in result.hints), result.hints


def test_warnings_are_reported_but_do_not_fail():
    case = Case((np.ones(3),))
    outcome = Outcome(value=2 * np.ones(3), args_after=case.args, warnings=["RuntimeWarning: overflow"])
    assert judge(Expectation(2 * np.ones(3)), case, outcome).passed


def test_score_follows_the_scoring_policy():
    case = Case((1,))
    results = [judge(Expectation(2), case, Outcome(value=v, args_after=(1,))) for v in (2, 2, 3)]
    assert score(results, 3, "proportional") == 2.0
    assert score(results, 3, "all_or_nothing") == score(results, 3) == 0.0
    assert score(results[:2], 3, "all_or_nothing") == score(results[:2], 3, "proportional") == 3.0
    with pytest.raises(ValueError, match="unknown scoring policy"):
        score(results, 3, "generous")


def test_the_report_counts_checks_in_plain_english():
    case = Case((1,))
    one = [judge(Expectation(2), case, Outcome(value=3))]
    two = one + [judge(Expectation(2), case, Outcome(value=2))]
    assert format_results("f", one).startswith("f: 0 of 1 check passed.")
    assert format_results("f", two).startswith("f: 1 of 2 checks passed.")


def test_public_check_passes_the_reference_and_fails_a_mistake(capsys):
    check("normalizeRows", EXERCISES["normalizeRows"].reference)
    assert "All tests passed." in capsys.readouterr().out
    with pytest.raises(PublicCheckFailed) as failure:
        check("normalizeRows", lambda x: x / np.linalg.norm(x, axis=0, keepdims=True))
    assert "use axis=1" in failure.value.report
    assert capsys.readouterr().out == ""  # the report is the exception's, shown once


def test_a_failed_public_check_renders_as_its_report_alone():
    """In a notebook, IPython shows ``_render_traceback_`` instead of a traceback through the course's code."""
    with pytest.raises(PublicCheckFailed) as failure:
        check("sigmoid", lambda x: 1 / (1 + math.exp(-x)))
    lines = failure.value._render_traceback_()
    assert lines[0] == "sigmoid: 0 of 2 checks passed."
    assert all(len(line) <= 80 for line in lines)  # nbgrader's Validate cuts longer lines
    assert "use np.exp" in " ".join(lines)
    assert not any("File " in line or "site-packages" in line for line in lines)


def test_public_tests_refuse_to_run_inside_stock_autograding(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(RuntimeError, match="did not load the course configuration"):
        run_public_checks("L1", {"cases": [], "error_hints": []}, EXERCISES["L1"].reference)


def test_dependencies_are_graded_before_their_users():
    names = list(EXERCISES)
    for position, exercise in enumerate(EXERCISES.values()):
        assert all(dep in names[:position] for dep in exercise.uses), exercise.name


def sums_to_one(measured, value):
    """A property check for the test below: the result sums to ``measured``."""
    total = float(np.sum(value))
    return [] if np.isclose(total, measured) else [f"the result sums to {total:.3g}, not {measured:g}"]


def explodes(measured, value):
    raise ValueError("cannot look at this")


def test_properties_add_their_problems_to_a_case(monkeypatch):
    import sys
    import types

    module = types.ModuleType("utils.property_for_test")
    module.sums_to_one, module.explodes = sums_to_one, explodes
    monkeypatch.setitem(sys.modules, "utils.property_for_test", module)
    exercise = Exercise("normalize", lambda x: x / x.sum(), lambda: [], lambda rng: [],
                        properties=[Property(lambda case: 1.0, "utils.property_for_test:sums_to_one")])
    case = Case((np.array([1.0, 3.0]),))
    good = judge(expectation(exercise, case), case, Outcome(value=np.array([0.25, 0.75]), args_after=case.args))
    assert good.passed
    # A property can fail a value that equals the expected one (here the "expected" value is wrong on purpose).
    wrong_reference = Expectation(np.array([1.0, 3.0]), properties=[("utils.property_for_test:sums_to_one", 1.0)])
    bad = judge(wrong_reference, case, Outcome(value=np.array([1.0, 3.0])))
    assert bad.problems == ["the result sums to 4, not 1"]
    broken = Expectation(np.array([0.25, 0.75]), properties=[("utils.property_for_test:explodes", None)])
    assert judge(broken, case, Outcome(value=np.array([0.25, 0.75]))).problems == [
        "the result could not be checked (ValueError: cannot look at this)"]


def test_mistakes_known_by_their_error_need_no_function():
    exercise = Exercise("f", lambda x: x, lambda: [], lambda rng: [],
                        mistakes=[Mistake("use np.exp", error_contains="only length-1 arrays")])
    case = Case((np.ones(2),))
    result = judge(expectation(exercise, case), case, Outcome(error="TypeError: only length-1 arrays can be ..."))
    assert result.hints == ["use np.exp"]


# Every comparison is total: degenerate arrays give problems or none, never an exception (issue 10).
NAN = float("nan")
DEGENERATE = [
    np.full(3, NAN), np.full((2, 2), NAN), np.array([NAN, 1.0]), np.array([1.0, NAN]), np.zeros(0),
    np.zeros((0, 3)), np.zeros((3, 0)), np.array([np.inf, -np.inf]), np.array([1e308, -1e308]),
    np.array([True, False]), np.array([1, 2], dtype=np.int64), np.array([1 + 1j, 2]), np.array(["a", "b"]),
    np.array([1.0, None], dtype=object), np.ones(3, dtype=np.float32), np.array(2.0),
]


@pytest.mark.parametrize("expected", DEGENERATE, ids=[f"expected{i}" for i in range(len(DEGENERATE))])
@pytest.mark.parametrize("got", DEGENERATE, ids=[f"got{i}" for i in range(len(DEGENERATE))])
def test_comparisons_never_raise_on_degenerate_arrays(expected, got):
    problems = compare(expected, got)
    assert isinstance(problems, list) and all(isinstance(p, str) for p in problems)


def test_an_all_nan_error_is_reported_not_raised():
    # A known mistake that returns NaN where the student's result holds numbers: every error is NaN.
    problems = compare(np.full(3, NAN), np.ones(3))
    assert problems and "3 of 3 differ" in problems[0] and "first difference at index (0,)" in problems[0]
    problems = compare(np.array([1.0, None], dtype=object), np.ones(2))
    assert problems and "at index (1,)" in problems[0]
    assert compare(np.full(3, NAN), np.full(3, NAN)) == []
    assert compare(np.zeros((0, 3)), np.zeros((0, 3))) == []


def test_hint_matching_survives_a_mistake_that_returns_nan():
    case = Case((np.ones(2),))
    expected = Expectation(np.zeros(2), known_mistakes=lambda: [KnownResult("all NaN", value=np.full(2, NAN)),
                                                                KnownResult("empty", value=np.zeros(0))])
    result = judge(expected, case, Outcome(value=np.ones(2), args_after=case.args))
    assert not result.passed and result.hints == []
    result = judge(expected, case, Outcome(value=np.full(2, NAN), args_after=case.args))
    assert not result.passed and result.hints == ["all NaN"]


@pytest.mark.parametrize("numeric", DEGENERATE, ids=[f"numeric{i}" for i in range(len(DEGENERATE))])
@pytest.mark.parametrize("got", DEGENERATE, ids=[f"got{i}" for i in range(len(DEGENERATE))])
def test_gradient_checks_never_raise_on_degenerate_arrays(numeric, got):
    from utils.gradient_check import gradient_problems
    measured = {"returns": "tuple", "function": "f", "gradients": {"dW": numeric}}
    problems = gradient_problems(measured, (got,))
    assert isinstance(problems, list) and all(isinstance(p, str) for p in problems)


def test_gradient_checks_skip_what_could_not_be_measured_and_catch_the_rest():
    from utils.gradient_check import gradient_problems

    def problems(numeric, got):
        return gradient_problems({"returns": "tuple", "function": "f", "gradients": {"dW": numeric}}, (got,))

    assert problems(np.full((2, 2), NAN), np.ones((2, 2))) == []  # nothing measured: nothing to hold against it
    assert problems(np.array([NAN, 1.0]), np.array([5.0, 1.0])) == []  # only the measured entry counts
    assert "by a relative difference" in problems(np.array([NAN, 1.0]), np.array([1.0, 2.0]))[0]
    assert "(NaN or inf) at index (1,)" in problems(np.array([1.0, 1.0]), np.array([1.0, NAN]))[0]
    assert "relative difference of nan" in problems(np.ones(2), np.array([1e308, 1e308]))[0]
    assert problems(np.zeros((0, 3)), np.zeros((0, 3))) == []
    assert "dtype <U1" in problems(np.ones(2), np.array(["a", "b"]))[0]
    assert problems(np.array([1e-9, 0.0]), np.array([0.0, 1e-9])) == []  # both nearly 0: rounding error
