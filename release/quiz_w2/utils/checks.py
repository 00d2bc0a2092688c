"""The comparison engine shared by the public tests and the trusted grader.

A :class:`Case` is one call of a graded function. An :class:`Expectation`
says what that call should return and what is known about wrong answers on
it: the values that known mistakes return (each with a hint) and extra checks
of the returned value (see :func:`run_property`). :func:`judge` compares what
a student's function did (an :class:`Outcome`) with an expectation and says,
in plain words, what differs.

Types follow one policy, the course's "numbers are judged by their value":

- where a number is expected, any real number passes with the right value
  (a Python int or float, a NumPy integer or floating scalar, an array of
  shape ``()``); ``True``/``False`` are not numbers here. So ``b = 0`` and
  ``b = 0.0`` both start a bias at zero, and a cost may be a NumPy float.
- where an array is expected, it must be an ``ndarray`` of exactly the
  expected shape; its dtype may be bool, int or float, so 0/1 predictions
  pass as ``bool``, ``int`` or ``float`` arrays. A ``(1, 1)`` array is not a
  number, and a list is not an array.
- dicts must have the same keys; a tuple and a list of the same items are
  the same (a function may return either).

Both sides call :func:`judge` with the same kind of expectation. The grader
builds it in its own process from the reference solution
(``utils/exercises``, never shipped to students); a student's release holds
it as stored data, computed from the reference when the release was built
(``utils/public_tests.py``). So a public check gives the student exactly the
verdict and messages the grader gives on the same case.
"""

from __future__ import annotations

import contextlib
import copy
import dis
import importlib
import inspect
import textwrap
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from utils.plain_data import Opaque, SelfReference

# Relative and absolute tolerance for comparing floating-point results.
RTOL = 1e-6
ATOL = 1e-8
# How points follow from checks (see :func:`score` and autograder/README.md, "Scoring").
SCORING_POLICIES = ("all_or_nothing", "proportional")


@dataclass
class Case:
    """One call of a graded function: ``function(*args, **kwargs)``."""

    args: tuple
    kwargs: dict = field(default_factory=dict)
    label: str = ""

    def describe(self) -> str:
        """Short description of the inputs, for messages."""
        if self.label:
            return self.label
        parts = [_describe_value(a) for a in self.args]
        parts += [f"{k}={_describe_value(v)}" for k, v in self.kwargs.items()]
        return ", ".join(parts)


@dataclass
class Outcome:
    """What a call of the student's function produced.

    ``error`` is a one-line description of an exception raised by the call
    (``None`` if it returned, see :func:`describe_error`); ``args_after``
    holds the arguments as they were after the call, to detect in-place
    modification. ``failed_call`` describes the call of another graded
    function that raised that error (see :func:`describe_call`), and
    ``global_reads`` names the notebook's variables the function read (see
    :func:`global_reads`).
    """

    value: Any = None
    args_after: tuple | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    failed_call: str | None = None
    global_reads: list[str] = field(default_factory=list)


@dataclass
class KnownResult:
    """What one known mistake gives on one case: a value, or an error (see :func:`describe_error`).

    ``args_after`` holds the arguments as the mistake left them, when it
    changed them (an in-place update), and is ``None`` otherwise.
    """

    hint: str
    value: Any = None
    error: str | None = None
    args_after: tuple | None = None


@dataclass
class Expectation:
    """What one case should give, and what is known about wrong answers on it.

    Parameters
    ----------
    expected : object
        The reference solution's result.
    known_mistakes : callable
        ``known_mistakes() -> list of KnownResult``: what each known mistake
        gives on this case. Called only when the student's result is wrong,
        so the grader computes them only when they are needed.
    error_hints : sequence of (str, str)
        ``(part of an error message, hint)``: a call that raises an error
        containing the part earns the hint.
    properties : sequence of (str, object)
        ``(check, measured)`` pairs for :func:`run_property`: extra checks of
        the returned value that need no reference result.
    """

    expected: Any
    known_mistakes: Callable[[], Sequence[KnownResult]] = list
    error_hints: Sequence[tuple[str, str]] = ()
    properties: Sequence[tuple[str, Any]] = ()


@dataclass
class CaseResult:
    """The verdict on one case: ``problems`` is empty when it passed."""

    case: Case
    problems: list[str]
    hints: list[str]
    warnings: list[str]

    @property
    def passed(self) -> bool:
        return not self.problems


def _describe_value(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of length {len(value)}"
    if isinstance(value, dict):
        return "dict with keys " + ", ".join(map(repr, value))
    return repr(value)


def describe_error(error: BaseException) -> str:
    """One line naming an exception: its type and the first line of its message."""
    return error_line(type(error).__name__, str(error))


def error_line(type_name: str, message: str) -> str:
    """``"ValueError: first line of the message"``, as :func:`describe_error` writes it."""
    lines = message.strip().splitlines()
    return f"{type_name}: {lines[0] if lines else ''}".strip().rstrip(":")


def describe_call(name: str, args: Sequence, kwargs: dict, signature: inspect.Signature | None = None) -> str:
    """A call of a graded function in words: "`forward_propagation` with X of shape (2, 5) and parameters holding ...".

    Parameters
    ----------
    name : str
        The function called.
    args, kwargs : sequence and dict
        What it was called with.
    signature : inspect.Signature or None
        The function's signature, to name the arguments; without it, or when
        the arguments do not fit it, they are numbered.
    """
    try:
        named = list(signature.bind(*args, **kwargs).arguments.items()) if signature is not None else None
    except TypeError:  # the call does not fit the signature: that may be the very mistake
        named = None
    if named is None:
        named = [(f"argument {i}", a) for i, a in enumerate(args, 1)] + list(kwargs.items())
    parts = [_describe_argument(str(key)[:40], value) for key, value in named[:8]]
    return f"`{name}` with " + (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else
                               parts[0] if parts else "no arguments")


def _describe_argument(name: str, value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"{name} of shape {value.shape}"
    if isinstance(value, dict):
        if value and all(isinstance(v, np.ndarray) for v in value.values()):
            held = [f"{_key_name(k)} of shape {v.shape}" for k, v in list(value.items())[:8]]
            return f"{name} holding " + ", ".join(held) + (", ..." if len(value) > 8 else "")
        return f"{name}, a dict of {len(value)} entries"
    if isinstance(value, (list, tuple)):
        return f"{name}, a {type(value).__name__} of {len(value)} items"
    if value is None or isinstance(value, (bool, int, float, str, np.generic)):
        text = _repr(value)
        return f"{name}={text if len(text) <= 60 else text[:57] + '...'}"
    return f"{name} of type {type(value).__name__[:40]}"


def _key_name(key: Any) -> str:
    return key[:40] if isinstance(key, str) else _repr(key)[:40]


def global_reads(function: Callable) -> list[str]:
    """The notebook variables a function reads: global names bound to data, not to modules, functions or classes.

    A graded function should use only its parameters; one that reads, say,
    the notebook's ``X`` works in the notebook and fails on any other input.
    """
    code, namespace = getattr(function, "__code__", None), getattr(function, "__globals__", None)
    if code is None or not isinstance(namespace, dict):
        return []
    names = {instruction.argval for c in _code_objects(code) for instruction in dis.get_instructions(c)
             if instruction.opname == "LOAD_GLOBAL"}
    return sorted(name for name in names if isinstance(name, str) and not name.startswith("__")
                  and name in namespace and _is_data(namespace[name]))


def _code_objects(code: Any, depth: int = 0) -> list:
    """A code object and the code of the functions, lambdas and comprehensions inside it."""
    nested = [c for const in code.co_consts if inspect.iscode(const) and depth < 20
              for c in _code_objects(const, depth + 1)]
    return [code, *nested]


def _is_data(value: Any) -> bool:
    return not (inspect.ismodule(value) or callable(value))


def self_reference(value: Any, name: str = "the result") -> str | None:
    """Where a list, tuple or dict inside ``value`` holds itself ("the result[1][2] is the result[1] itself").

    ``None`` when nothing does. In the grader such a value arrives with a
    :class:`~utils.plain_data.SelfReference` where the loop closes, and gets
    the same words.
    """
    return _find_loop(value, name, [])


def _find_loop(value: Any, where: str, holders: list[tuple[int, str]]) -> str | None:
    """``holders`` are ``(id, where)`` of the containers from the top down to ``value``'s own."""
    if isinstance(value, SelfReference):
        levels = value.levels
        ancestor = holders[-levels][1] if 0 < levels <= len(holders) else "a container around it"
        return f"{where} is {ancestor} itself"
    if not isinstance(value, (list, tuple, dict)) or len(holders) > 100:
        return None
    for held_id, held_where in holders:
        if held_id == id(value):
            return f"{where} is {held_where} itself"
    holders.append((id(value), where))
    try:
        items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        for key, item in items:
            found = _find_loop(item, f"{where}[{_repr(key)[:40]}]", holders)
            if found:
                return found
        return None
    finally:
        holders.pop()


def _is_real_scalar(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        return value.ndim == 0 and value.dtype.kind in "iuf"
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _is_none(value: Any) -> bool:
    """Whether ``value`` is ``None``, or numpy's wrapping of it (``np.array(None)``, ``np.squeeze`` of that...).

    A stub's ``None`` often passes through template code such as
    ``np.squeeze(np.array(cost))`` before it is returned; it is still the
    placeholder, not a wrong type.
    """
    if value is None:
        return True
    if isinstance(value, np.ndarray) and value.dtype == object and value.size > 0:
        return all(item is None for item in value.flat)
    return isinstance(value, Opaque) and value.only_none  # the same array, after the sandbox's transport


def _type_name(value: Any) -> str:
    if isinstance(value, np.ndarray) or getattr(value, "shape", None) is not None and isinstance(value, Opaque):
        return f"ndarray of shape {value.shape}"
    return type(value).__name__


def compare(expected: Any, got: Any, name: str = "result") -> list[str]:
    """Explain how ``got`` differs from ``expected``; empty when they match.

    Parameters
    ----------
    expected : object
        The reference value: an ndarray, a number, or a dict, tuple or list
        of those.
    got : object
        The value to check.
    name : str
        How the value is called in the messages.

    Returns
    -------
    problems : list of str
        One sentence per difference (wrong type, wrong shape, NaN or inf,
        wrong values with the largest error and the first differing index).
    """
    if expected is not None and _is_none(got):
        return [f"{name} is None: did you replace every `= None` placeholder and return the value?"]
    if isinstance(expected, np.ndarray) and expected.ndim > 0:
        return _compare_arrays(expected, got, name)
    if _is_real_scalar(expected):
        return _compare_scalars(expected, got, name)
    if isinstance(expected, dict):
        return _compare_dicts(expected, got, name)
    if isinstance(expected, (tuple, list)):
        return _compare_sequences(expected, got, name)
    if type(got) is not type(expected) or got != expected:
        return [f"{name} should be {_repr(expected)}, got {_repr(got)}"]
    return []


def _compare_arrays(expected: np.ndarray, got: Any, name: str) -> list[str]:
    """Problems of an array against the expected one; never raises (NaN, inf, empty or odd dtypes included)."""
    if not isinstance(got, np.ndarray):
        return [f"{name} has the wrong type: expected a numpy ndarray, got {_type_name(got)}"]
    if got.shape != expected.shape:
        return [f"{name} has the wrong shape: expected {expected.shape}, got {got.shape}"]
    if got.dtype.kind not in "biuf":
        return [f"{name} has dtype {got.dtype}; expected numbers"]
    got = got.astype(np.float64)
    try:
        if expected.dtype.kind == "c":
            raise TypeError("complex numbers are not real numbers")
        expected = np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):  # a reference array of other things than real numbers
        return [f"{name} has dtype {got.dtype}; expected an array of {expected.dtype}"]
    bad = ~np.isfinite(got) & np.isfinite(expected)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        return [f"{name} contains {got[index]} (NaN or inf) at index {index}"]
    with np.errstate(all="ignore"):
        close = np.isclose(got, expected, rtol=RTOL, atol=ATOL, equal_nan=True)
        if close.all():
            return []
        error = np.abs(got - expected)
    first = tuple(int(i) for i in np.argwhere(~close)[0])
    differing = np.where(~close & ~np.isnan(error), error, -np.inf)  # NaN errors (NaN expected) rank last
    worst = tuple(int(i) for i in np.unravel_index(int(np.argmax(differing)), differing.shape))
    if not differing[worst] > -np.inf:  # every differing entry has a NaN error
        worst = first
    return [
        f"{name} has wrong values: {int((~close).sum())} of {close.size} differ; "
        f"max absolute error {error[worst]:.3g} at index {worst}; first difference at "
        f"index {first}: expected {expected[first]:.8g}, got {got[first]:.8g}"
    ]


def _repr(value: Any) -> str:
    """``repr(value)``, or a description where Python refuses one (an int of more than 4300 digits)."""
    try:
        return repr(value)
    except ValueError:
        return _number(value) if isinstance(value, int) else f"a {type(value).__name__} that cannot be shown"


def _number(value: Any) -> str:
    """A real number for a message: 8 significant digits, or the size of an int too large for a float."""
    try:
        return f"{float(value):.8g}"
    except OverflowError:
        return f"an int of about {int(abs(int(value)).bit_length() * 0.30103) + 1} digits"


def _compare_scalars(expected: Any, got: Any, name: str) -> list[str]:
    if not _is_real_scalar(got):
        return [f"{name} has the wrong type: expected a number, got {_type_name(got)}"]
    try:
        got, expected = float(got), float(expected)
    except OverflowError:  # an int too large for a float: no float is close to it
        if got == expected:
            return []
        return [f"{name} has the wrong value: expected {_number(expected)}, got {_number(got)}"]
    if np.isnan(got) or (np.isinf(got) and not np.isinf(expected)):
        return [f"{name} is {got}: expected {expected:.8g}"]
    if not np.isclose(got, expected, rtol=RTOL, atol=ATOL):
        return [f"{name} has the wrong value: expected {expected:.8g}, got {got:.8g} (error {abs(got - expected):.3g})"]
    return []


def _compare_dicts(expected: dict, got: Any, name: str) -> list[str]:
    if not isinstance(got, dict):
        return [f"{name} has the wrong type: expected a dict, got {_type_name(got)}"]
    missing = [k for k in expected if k not in got]
    extra = [k for k in got if k not in expected]
    problems = []
    if missing:
        problems.append(f"{name} is missing the keys {missing}")
    if extra:
        problems.append(f"{name} has unexpected keys {_repr(extra)}")
    for key in expected:
        if key in got:
            problems += compare(expected[key], got[key], f"{name}[{key!r}]")
    return problems


def _compare_sequences(expected: Sequence, got: Any, name: str) -> list[str]:
    kind = type(expected).__name__
    if not isinstance(got, (tuple, list)):
        return [f"{name} has the wrong type: expected a {kind}, got {_type_name(got)}"]
    if len(got) != len(expected):
        return [f"{name} should have {len(expected)} items, got {len(got)}"]
    problems = []
    for i, (e, g) in enumerate(zip(expected, got)):
        problems += compare(e, g, f"{name}[{i}]")
    return problems


def same(a: Any, b: Any) -> bool:
    """Whether :func:`compare` finds no difference between ``a`` and ``b``."""
    return not compare(a, b)


def run_property(check: str, measured: Any, value: Any) -> list[str]:
    """Problems an extra check finds in a returned value.

    Parameters
    ----------
    check : str
        ``"module:function"`` of a function ``function(measured, value) ->
        list of str`` in a course module that ships with the assignment
        (for example ``utils.gradient_check:gradient_problems``).
    measured : object
        What the check compares with, worked out from the case's inputs by
        the grader or at build time (for example finite-difference gradients).
    value : object
        The value the student's function returned.

    Returns
    -------
    problems : list of str
        Empty when the value passes the check.
    """
    module_name, function_name = check.split(":")
    if not module_name.startswith("utils."):
        raise ValueError(f"checks come from the course's modules, not {module_name!r}")
    function = getattr(importlib.import_module(module_name), function_name)
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return list(function(measured, value))
    except Exception as error:  # a value the check cannot even examine is a wrong value
        return [f"the result could not be checked ({type(error).__name__}: {error})"]


def judge(expectation: Expectation, case: Case, outcome: Outcome) -> CaseResult:
    """Compare a student's outcome on one case with what it should be.

    A known mistake's hint is shown only when it is true on this case: the
    mistake gives another result than the reference here, and the student's
    result shows it, whole or in some of its entries (see
    :func:`shows_mistake`).

    Parameters
    ----------
    expectation : Expectation
        The expected result, known mistakes and extra checks of the case.
    case : Case
        The inputs, exactly as they were before the call.
    outcome : Outcome
        What the student's function did with a copy of those inputs.

    Returns
    -------
    result : CaseResult
    """
    if outcome.error is not None:
        hints = [hint for part, hint in expectation.error_hints if part in outcome.error]
        hints += [m.hint for m in expectation.known_mistakes() if m.error is not None and m.error == outcome.error]
        hints += _global_read_notes(outcome)
        return CaseResult(case, [_raised(outcome)], _unique(hints), outcome.warnings)
    loop = self_reference(outcome.value)
    if loop:
        problems = [f"{loop}: a list, tuple or dict that holds itself never ends, so it cannot be checked "
                    "(did a list get appended to itself, as in `caches.append(caches)`?)"]
    else:
        problems = compare(expectation.expected, outcome.value, name="the result")
        for check, measured in expectation.properties:
            problems += run_property(check, measured, outcome.value)
    if outcome.args_after is not None and not problems:
        for i, (before, after) in enumerate(zip(case.args, outcome.args_after)):
            if not same(before, after):
                problems.append(
                    f"argument {i + 1} was modified in place; work on a copy "
                    "(for example `x = x.copy()` or `x / norm` rather than `x /= norm`)"
                )
    if not problems:
        return CaseResult(case, [], [], outcome.warnings + _global_read_notes(outcome))
    hints = [m.hint for m in expectation.known_mistakes()
             if m.error is None and not loop and _is_true_of(m, outcome, expectation.expected)]
    return CaseResult(case, problems, _unique(hints + _global_read_notes(outcome)), outcome.warnings)


def _raised(outcome: Outcome) -> str:
    if outcome.failed_call:
        return (f"your function raised {outcome.error} when it called {outcome.failed_call}; "
                "check what it passes there")
    return f"your function raised {outcome.error}"


def _global_read_notes(outcome: Outcome) -> list[str]:
    names = [n for n in outcome.global_reads if isinstance(n, str)][:10]
    if not names:
        return []
    listed = ", ".join(f"`{n[:40]}`" for n in names)
    plural = "s" if len(names) > 1 else ""
    return [f"your function reads the notebook's variable{plural} {listed} rather than its own arguments; "
            "it is graded on other inputs, so use only what it is given"]


def _is_true_of(mistake: KnownResult, outcome: Outcome, expected: Any) -> bool:
    """Whether the outcome shows the mistake: in its value, or (for an in-place update) in what it did to its arguments."""
    if shows_mistake(mistake.value, outcome.value, expected):
        return True
    return (mistake.args_after is not None and outcome.args_after is not None
            and same(mistake.value, outcome.value) and same(mistake.args_after, outcome.args_after))


def shows_mistake(mistake: Any, got: Any, expected: Any) -> bool:
    """Whether ``got`` shows a known mistake: as a whole, or in every entry where it is wrong.

    The mistake must give another result than ``expected``, or its hint
    would not be true. A dict, list or tuple shows the mistake when each of
    its wrong entries shows it, so that a mistake made in only some entries
    (only ``W2`` left unscaled) still earns the hint.
    """
    if same(mistake, expected):
        return False
    if same(mistake, got):
        return True
    parts = _matching_parts(expected, mistake, got)
    if parts is None:
        return False
    wrong = [(e, m, g) for e, m, g in parts if not same(e, g)]
    return bool(wrong) and all(shows_mistake(m, g, e) for e, m, g in wrong)


def _matching_parts(expected: Any, mistake: Any, got: Any) -> list[tuple[Any, Any, Any]] | None:
    """The entries of three dicts with the same keys, or three sequences of the same length; else ``None``."""
    if all(isinstance(v, dict) for v in (expected, mistake, got)):
        if not set(expected) == set(mistake) == set(got):
            return None
        return [(expected[k], mistake[k], got[k]) for k in expected]
    if all(isinstance(v, (list, tuple)) for v in (expected, mistake, got)):
        if not len(expected) == len(mistake) == len(got):
            return None
        return list(zip(expected, mistake, got))
    return None


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def call_locally(function: Callable, case: Case, uses: Sequence[str] = ()) -> Outcome:
    """Call ``function`` on a copy of the case's inputs, recording what happened.

    ``uses`` names the other graded functions it calls, looked up in its
    notebook; when one of them raises the error the function ends with, the
    outcome says with what it was called, as the grader does.
    """
    args = copy.deepcopy(case.args)
    failures: list[tuple[str, str]] = []
    with warnings.catch_warnings(record=True) as caught, _recording_failed_calls(function, uses, failures):
        warnings.simplefilter("always")
        try:
            value = function(*args, **copy.deepcopy(case.kwargs))
        except Exception as error:  # the student's code: any exception is a finding
            error_text = describe_error(error)
            return Outcome(error=error_text, warnings=warning_lines(caught), global_reads=global_reads(function),
                           failed_call=failed_call(failures, error_text))
    return Outcome(value=value, args_after=args, warnings=warning_lines(caught), global_reads=global_reads(function))


def failed_call(failures: Sequence[tuple[str, str]], error: str) -> str | None:
    """The description of the last recorded ``(error, call)`` whose error is the one the function ended with.

    Errors are compared on their first 200 characters: the grader's sandbox
    shortens a long error text on its way out.
    """
    return next((call for raised, call in reversed(failures) if raised[:200] == error[:200]), None)


@contextlib.contextmanager
def _recording_failed_calls(function: Callable, uses: Sequence[str], failures: list[tuple[str, str]]):
    """Wrap the graded functions ``function`` calls so that a call that raises is recorded with its arguments."""
    namespace = getattr(function, "__globals__", None)
    wrapped = {name: namespace[name] for name in uses
               if isinstance(namespace, dict) and callable(namespace.get(name))}
    for name, original in wrapped.items():
        namespace[name] = _recorder(name, original, failures)
    try:
        yield
    finally:
        for name, original in wrapped.items():
            namespace[name] = original


def _recorder(name: str, original: Callable, failures: list[tuple[str, str]]) -> Callable:
    def recorded(*args: Any, **kwargs: Any) -> Any:
        try:
            return original(*args, **kwargs)
        except Exception as error:
            failures.append((describe_error(error), describe_call(name, args, kwargs, _signature(original))))
            raise

    recorded.__name__ = name
    return recorded


def _signature(function: Callable) -> inspect.Signature | None:
    try:
        return inspect.signature(function)
    except (TypeError, ValueError):
        return None


def warning_lines(caught: list) -> list[str]:
    """One line per distinct warning, ``Category: message``, in the order they came."""
    return _unique([f"{w.category.__name__}: {w.message}" for w in caught])


def score(results: Sequence[CaseResult], points: float, policy: str = "all_or_nothing") -> float:
    """Points earned on one exercise, rounded to hundredths.

    Parameters
    ----------
    results : sequence of CaseResult
        The verdicts on every case of the exercise.
    points : float
        The exercise's points.
    policy : {"all_or_nothing", "proportional"}
        ``"all_or_nothing"``: every point when every case passed, none
        otherwise. ``"proportional"``: the share of passed cases.
    """
    if policy not in SCORING_POLICIES:
        raise ValueError(f"unknown scoring policy {policy!r}; use one of {SCORING_POLICIES}")
    if not results:
        return 0.0
    passed = sum(r.passed for r in results)
    if policy == "all_or_nothing":
        return float(points) if passed == len(results) else 0.0
    return round(points * passed / len(results), 2)


def _checks(count: int) -> str:
    return f"{count} check" if count == 1 else f"{count} checks"


def format_results(name: str, results: Sequence[CaseResult]) -> str:
    """Human-readable report of the cases of one exercise."""
    passed = sum(r.passed for r in results)
    lines = [f"{name}: {passed} of {_checks(len(results))} passed."]
    for i, result in enumerate(results, 1):
        mark = "ok  " if result.passed else "FAIL"
        lines.append(f"  [{mark}] check {i} ({result.case.describe()})")
        lines += [f"         - {p}" for p in result.problems]
        lines += [f"         hint: {h}" for h in result.hints]
    notes = sorted({w for r in results for w in r.warnings})
    if notes:
        lines.append("  Warnings from your code (they do not cost points):")
        lines += [f"    {w}" for w in notes]
    return "\n".join(lines)


class PublicCheckFailed(AssertionError):
    """A public check found a problem; its message is the whole report.

    In a notebook the report is all the student sees: IPython shows what
    ``_render_traceback_`` returns instead of a traceback through the
    course's code, and nbgrader's Validate shows the same lines.
    """

    def __init__(self, report: str):
        super().__init__(report)
        self.report = report

    def _render_traceback_(self) -> list[str]:
        lines = []
        for line in self.report.splitlines():
            indent = " " * (len(line) - len(line.lstrip()))
            extra = indent + ("  " if line.lstrip().startswith(("-", "hint:")) else "")
            lines += textwrap.wrap(line, width=80, initial_indent="", subsequent_indent=extra,
                                   break_on_hyphens=False, drop_whitespace=True) or [""]
        return lines


class GradeThroughSandbox(RuntimeError):
    """Raised when a public test cell runs inside stock nbgrader autograding."""
