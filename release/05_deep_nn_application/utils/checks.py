"""The comparison engine shared by the public tests and the trusted grader.

A :class:`Case` is one call of a graded function. An :class:`Expectation`
says what that call should return and what is known about wrong answers on
it: the values that known mistakes return (each with a hint) and extra checks
of the returned value (see :func:`run_property`). :func:`judge` compares what
a student's function did (an :class:`Outcome`) with an expectation and says,
in plain words, what differs.

Both sides call :func:`judge` with the same kind of expectation. The grader
builds it in its own process from the reference solution
(``utils/exercises``, never shipped to students); a student's release holds
it as stored data, computed from the reference when the release was built
(``utils/public_tests.py``). So a public check gives the student exactly the
verdict and messages the grader gives on the same case.
"""

from __future__ import annotations

import copy
import importlib
import textwrap
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from utils.plain_data import Opaque

# Relative and absolute tolerance for comparing floating-point results.
RTOL = 1e-6
ATOL = 1e-8


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
    modification.
    """

    value: Any = None
    args_after: tuple | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class KnownResult:
    """What one known mistake gives on one case: a value, or an error (see :func:`describe_error`)."""

    hint: str
    value: Any = None
    error: str | None = None


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
    message = str(error).strip().splitlines()
    return f"{type(error).__name__}: {message[0] if message else ''}".strip().rstrip(":")


def _is_real_scalar(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        return value.ndim == 0 and value.dtype.kind in "iuf"
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _is_float_scalar(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        return value.ndim == 0 and value.dtype.kind == "f"
    return isinstance(value, (float, np.floating))


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
    if got is None and expected is not None:
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
    if _is_float_scalar(expected) and not _is_float_scalar(got):
        return [f"{name} has the wrong type: expected a float, got {_type_name(got)} {_repr(got)}"]
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
        return CaseResult(case, [f"your function raised {outcome.error}"], _unique(hints), outcome.warnings)
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
    hints = []
    if problems:
        hints = [m.hint for m in expectation.known_mistakes() if m.error is None and same(m.value, outcome.value)]
    return CaseResult(case, problems, _unique(hints), outcome.warnings)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def call_locally(function: Callable, case: Case) -> Outcome:
    """Call ``function`` on a copy of the case's inputs, recording what happened."""
    args = copy.deepcopy(case.args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = function(*args, **copy.deepcopy(case.kwargs))
        except Exception as error:  # the student's code: any exception is a finding
            return Outcome(error=describe_error(error), warnings=warning_lines(caught))
    return Outcome(value=value, args_after=args, warnings=warning_lines(caught))


def warning_lines(caught: list) -> list[str]:
    """One line per distinct warning, ``Category: message``, in the order they came."""
    return _unique([f"{w.category.__name__}: {w.message}" for w in caught])


def score(results: Sequence[CaseResult], points: float) -> float:
    """Points earned: the share of passed cases, rounded to hundredths."""
    if not results:
        return 0.0
    return round(points * sum(r.passed for r in results) / len(results), 2)


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
