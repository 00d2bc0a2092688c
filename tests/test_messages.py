"""What a failed check says points at the actual mistake: true hints, inner calls, notebook globals, loops, types.

Every message here is produced by :func:`utils.checks.judge` on both sides of
the boundary (the student's public tests and the grader), so the parity tests
of ``tests/test_public_tests.py`` carry these words into the graded reports;
the end-to-end ones are in ``tests/test_grading_e2e.py``.
"""

import numpy as np
import pytest

from utils.checks import (
    Case,
    Expectation,
    KnownResult,
    Outcome,
    call_locally,
    compare,
    describe_call,
    global_reads,
    judge,
    self_reference,
    shows_mistake,
)
from utils.exercises import expectation
from utils.exercises.planar import EXERCISES as PLANAR
from utils.exercises.python_basics import EXERCISES as BASICS
from utils.plain_data import decode, encode


def _hints(expected, got, mistakes, args=(1,)):
    known = [KnownResult(hint, value=value) for hint, value in mistakes.items()]
    return judge(Expectation(expected, known_mistakes=lambda: known), Case(args), Outcome(value=got, args_after=args))


# --- Hints only when true -----------------------------------------------------------------------


def test_a_hint_is_not_shown_where_the_mistake_gives_the_right_answer():
    # The mistake gives the reference's own value on this case, so it cannot be what went wrong.
    result = _hints(np.ones(3), np.zeros(3), {"keepdims": np.ones(3)})
    assert not result.passed and result.hints == []


def test_in_place_division_does_not_earn_the_keepdims_hint():
    exercise = BASICS["normalizeRows"]
    # With one row, dividing by the norms without keepdims gives the right answer: that hint would be false.
    one_row = Case((np.array([[3.0, 4.0, 12.0]]),), label="one row")

    def in_place(x):
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        return x

    result = judge(expectation(exercise, one_row), one_row, call_locally(in_place, one_row))
    assert not result.passed and "modified in place" in result.problems[0]
    assert not any("keepdims" in hint for hint in result.hints), result.hints


def test_a_partial_form_of_a_known_mistake_earns_its_hint():
    initialize = PLANAR["initialize_parameters"]
    case = Case((3, 2, 1))
    right = expectation(initialize, case).expected
    only_w2_unscaled = dict(right, W2=right["W2"] * 100)
    result = judge(expectation(initialize, case), case, Outcome(value=only_w2_unscaled, args_after=case.args))
    assert any("0.01" in hint for hint in result.hints), result.hints
    # A value wrong in W2 in some other way does not show the mistake.
    other = dict(right, W2=right["W2"] + 1)
    assert judge(expectation(initialize, case), case, Outcome(value=other, args_after=case.args)).hints == []


@pytest.mark.parametrize("got, shows", [
    ({"a": 2, "b": 1}, True),  # the mistake in a, b right
    ({"a": 2, "b": 3}, True),  # the whole mistake
    ({"a": 2, "b": 5}, False),  # b wrong in another way
    ({"a": 1, "b": 1}, False),  # right
    ((2, 1), False),  # another type
])
def test_shows_mistake_entry_by_entry(got, shows):
    assert shows_mistake({"a": 2, "b": 3}, got, {"a": 1, "b": 1}) is shows


def test_shows_mistake_looks_inside_nested_results():
    expected = (np.zeros(2), {"Z": np.zeros(2), "A": np.ones(2)})
    mistake = (np.ones(2), {"Z": np.ones(2), "A": np.ones(2)})
    assert shows_mistake(mistake, (np.zeros(2), {"Z": np.ones(2), "A": np.ones(2)}), expected)
    assert not shows_mistake(mistake, (np.zeros(2), {"Z": np.full(2, 7.0), "A": np.ones(2)}), expected)


# --- Errors inside a call of another graded function --------------------------------------------


def test_an_error_inside_a_called_graded_function_names_what_was_passed():
    namespace = {"np": np}
    exec(
        "def forward(X, parameters):\n"
        "    return np.dot(parameters['W1'], X)\n"
        "def model(X, Y):\n"
        "    parameters = {'W1': np.ones((4, 3))}\n"
        "    return forward(X, parameters)\n",
        namespace,
    )
    case = Case((np.ones((2, 5)), np.ones((1, 5))))
    outcome = call_locally(namespace["model"], case, uses=["forward"])
    message = judge(Expectation(np.ones((4, 5))), case, outcome).problems[0]
    assert message.startswith("your function raised ValueError: shapes (4,3) and (2,5) not aligned")
    assert ("when it called `forward` with X of shape (2, 5) and parameters holding W1 of shape (4, 3); "
            "check what it passes there") in message
    assert namespace["forward"].__name__ == "forward" and namespace["forward"].__code__.co_name == "forward"


def test_an_error_the_function_raises_itself_names_no_inner_call():
    namespace = {}
    exec("def helper(x):\n    return x\ndef f(x):\n    helper(x)\n    raise KeyError('own')\n", namespace)
    outcome = call_locally(namespace["f"], Case((1,)), uses=["helper"])
    assert outcome.failed_call is None
    assert judge(Expectation(1), Case((1,)), outcome).problems == ["your function raised KeyError: 'own'"]


@pytest.mark.parametrize("args, kwargs, words", [
    ((np.ones((2, 5)),), {"learning_rate": 0.5}, "`f` with X of shape (2, 5) and learning_rate=0.5"),
    (([1, 2], "relu"), {}, "`f` with X, a list of 2 items and learning_rate='relu'"),
    ((1, 2, 3), {}, "`f` with argument 1=1, argument 2=2 and argument 3=3"),  # does not fit the signature
])
def test_describe_call_names_the_arguments(args, kwargs, words):
    def f(X, learning_rate=1.0):
        return X

    import inspect
    assert describe_call("f", args, kwargs, inspect.signature(f)) == words


# --- Notebook globals ----------------------------------------------------------------------------


def _notebook_function(source, **variables):
    namespace = {"np": np, **variables}
    exec(source, namespace)
    return namespace["f"]


def test_reads_of_notebook_variables_are_named_but_modules_and_functions_are_not():
    f = _notebook_function(
        "def helper(z):\n    return z\n"
        "def f(x):\n    return helper(np.dot(W, x) + [b for _ in range(1)][0]) + len(x)\n",
        W=np.ones((2, 2)), b=1.0)
    assert global_reads(f) == ["W", "b"]


def test_a_failing_function_that_reads_notebook_variables_gets_a_hint_saying_so():
    f = _notebook_function("def f(X, Y):\n    return np.sum(X_train) + 0 * np.sum(X)\n", X_train=np.ones((2, 3)))
    case = Case((np.ones((2, 5)), np.ones((1, 5))))
    result = judge(Expectation(5.0), case, call_locally(f, case))
    assert not result.passed
    assert result.hints == ["your function reads the notebook's variable `X_train` rather than its own arguments; "
                            "it is graded on other inputs, so use only what it is given"]


def test_a_passing_function_that_reads_notebook_variables_gets_a_warning_only():
    f = _notebook_function("def f(x):\n    return x * scale\n", scale=2)
    result = judge(Expectation(4), Case((2,)), call_locally(f, Case((2,))))
    assert result.passed and result.hints == []
    assert any("`scale`" in warning for warning in result.warnings)


# --- Values that hold themselves -----------------------------------------------------------------


def test_a_result_that_holds_itself_gets_a_plain_message_on_both_sides_of_the_boundary():
    caches = [(np.ones(2), np.zeros(2))]
    caches.append(caches)
    value = (np.ones((1, 3)), caches)
    expected = Expectation((np.ones((1, 3)), [(np.ones(2), np.zeros(2))] * 2))
    at_home = judge(expected, Case((1,)), Outcome(value=value, args_after=(1,))).problems
    graded = judge(expected, Case((1,)), Outcome(value=decode(encode(value)), args_after=(1,))).problems
    assert at_home == graded == [
        "the result[1][1] is the result[1] itself: a list, tuple or dict that holds itself never ends, so it "
        "cannot be checked (did a list get appended to itself, as in `caches.append(caches)`?)"]


def test_a_value_that_holds_the_same_item_twice_is_not_a_loop():
    shared = [1]
    assert self_reference([shared, shared, {"a": shared}]) is None


# --- Types ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("expected, got", [
    (0.0, 0),  # an int zero where the course writes 0.0
    (0.0, np.float64(0)),
    (0.5, np.array(0.5)),  # an array of shape ()
    (3, 3.0),
    (np.array([[0.0, 1.0]]), np.array([[False, True]])),  # 0/1 predictions as bools
    (np.array([[0.0, 1.0]]), np.array([[0, 1]], dtype=np.uint8)),
    ((1.0, 2.0), [1.0, 2.0]),
])
def test_numbers_are_judged_by_their_value(expected, got):
    assert compare(expected, got) == []


@pytest.mark.parametrize("expected, got, words", [
    (0.0, False, "expected a number, got bool"),
    (0.5, np.array([[0.5]]), "expected a number, got ndarray of shape (1, 1)"),
    (np.array([[0.0, 1.0]]), [[0.0, 1.0]], "expected a numpy ndarray, got list"),
    (np.array([[0.0, 1.0]]), np.array([0.0, 1.0]), "expected (1, 2), got (2,)"),
])
def test_shapes_and_containers_are_part_of_the_answer(expected, got, words):
    assert words in compare(expected, got)[0]


def test_an_in_place_update_earns_its_hint_by_what_it_did_to_the_arguments():
    from utils.exercises.logistic_regression import EXERCISES as LOGISTIC
    optimize = LOGISTIC["optimize"]
    case = optimize.public_cases()[0]
    in_place = next(m for m in optimize.mistakes if "in-place" in m.hint)
    result = judge(expectation(optimize, case), case, call_locally(in_place.function, case))
    assert "modified in place" in result.problems[0] and result.hints == [in_place.hint]
