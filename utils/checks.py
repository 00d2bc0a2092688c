"""Checks shared by the public tests in the notebooks and the trusted grader.

An :class:`Exercise` describes one graded function: its reference solution,
the public cases the student sees, a generator of hidden cases drawn at
grading time, and known mistakes that earn a hint. :func:`compare` explains,
in plain words, how a returned value differs from the expected one.

The public test cells call :func:`run_public_checks` in the student's kernel.
The autograder never trusts that kernel: it runs the same cases (and the
hidden ones) through :func:`judge_case` in its own process, on values sent
back from a sandbox (see ``autograder/README.md``).
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

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
class Mistake:
    """A known mistake and the hint shown when a student's result shows it.

    Either ``function`` is a wrong implementation (the hint is shown when the
    student's result equals its result) or ``error_contains`` is part of the
    error message the mistake raises.
    """

    hint: str
    function: Callable | None = None
    error_contains: str | None = None


@dataclass
class Exercise:
    """A graded function, its reference solution and its test cases.

    Parameters
    ----------
    name : str
        Name of the function the student defines.
    reference : callable
        The reference solution, from the notebook's ``utils`` module.
    public_cases : callable
        ``public_cases() -> list[Case]``: fixed inputs shown to the student.
    hidden_cases : callable
        ``hidden_cases(rng) -> list[Case]``: inputs drawn at grading time
        from ``rng`` (a ``numpy.random.Generator``).
    points : float
        Points of the exercise's grade cell.
    mistakes : list of Mistake
        Known mistakes; a result equal to one of them earns its hint.
    uses : tuple of str
        Other graded functions this one calls. At grading time they are
        replaced by the reference, so one mistake costs points only once.
    properties : list of callable
        Extra checks that do not need the reference's result, such as a
        numerical gradient check: ``property(case, value) -> list[str]``
        returns the problems it finds in the value returned for ``case``
        (empty when it holds). They run in the grader's process.
    """

    name: str
    reference: Callable
    public_cases: Callable[[], list[Case]]
    hidden_cases: Callable[[np.random.Generator], list[Case]]
    points: float = 1.0
    mistakes: Sequence[Mistake] = ()
    uses: tuple[str, ...] = ()
    properties: Sequence[Callable[[Case, Any], list[str]]] = ()


@dataclass
class Outcome:
    """What a call of the student's function produced.

    ``error`` is a one-line description of an exception raised by the call
    (``None`` if it returned); ``args_after`` holds the arguments as they
    were after the call, to detect in-place modification.
    """

    value: Any = None
    args_after: tuple | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


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


def _is_real_scalar(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        return value.ndim == 0 and value.dtype.kind in "iuf"
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _is_float_scalar(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        return value.ndim == 0 and value.dtype.kind == "f"
    return isinstance(value, (float, np.floating))


def _type_name(value: Any) -> str:
    if isinstance(value, np.ndarray):
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
        return [f"{name} should be {expected!r}, got {got!r}"]
    return []


def _compare_arrays(expected: np.ndarray, got: Any, name: str) -> list[str]:
    if not isinstance(got, np.ndarray):
        return [f"{name} has the wrong type: expected a numpy ndarray, got {_type_name(got)}"]
    if got.shape != expected.shape:
        return [f"{name} has the wrong shape: expected {expected.shape}, got {got.shape}"]
    if got.dtype.kind not in "biuf":
        return [f"{name} has dtype {got.dtype}; expected numbers"]
    got = got.astype(float)
    bad = ~np.isfinite(got) & np.isfinite(expected)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        return [f"{name} contains {got[index]} (NaN or inf) at index {index}"]
    close = np.isclose(got, expected, rtol=RTOL, atol=ATOL, equal_nan=True)
    if close.all():
        return []
    error = np.abs(got - expected)
    first = tuple(int(i) for i in np.argwhere(~close)[0])
    worst = tuple(int(i) for i in np.unravel_index(np.nanargmax(error), error.shape))
    return [
        f"{name} has wrong values: {int((~close).sum())} of {close.size} differ; "
        f"max absolute error {error[worst]:.3g} at index {worst}; first difference at "
        f"index {first}: expected {expected[first]:.8g}, got {got[first]:.8g}"
    ]


def _compare_scalars(expected: Any, got: Any, name: str) -> list[str]:
    if not _is_real_scalar(got):
        return [f"{name} has the wrong type: expected a number, got {_type_name(got)}"]
    if _is_float_scalar(expected) and not _is_float_scalar(got):
        return [f"{name} has the wrong type: expected a float, got {_type_name(got)} {got!r}"]
    got, expected = float(got), float(expected)
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
        problems.append(f"{name} has unexpected keys {extra}")
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


def _same(a: Any, b: Any) -> bool:
    return not compare(a, b)


def judge_case(exercise: Exercise, case: Case, outcome: Outcome, expected: Any) -> CaseResult:
    """Compare a student's outcome on one case with the reference result.

    Parameters
    ----------
    exercise : Exercise
        The exercise being checked (for its known mistakes).
    case : Case
        The inputs, exactly as they were before the call.
    outcome : Outcome
        What the student's function did with a copy of those inputs.
    expected : object
        The reference function's result on another copy.

    Returns
    -------
    result : CaseResult
    """
    if outcome.error is not None:
        hints = [m.hint for m in exercise.mistakes if m.error_contains and m.error_contains in outcome.error]
        return CaseResult(case, [f"your function raised {outcome.error}"], hints, outcome.warnings)
    problems = compare(expected, outcome.value, name="the result")
    for check_property in exercise.properties:
        problems += _property_problems(check_property, case, outcome.value)
    if outcome.args_after is not None and not problems:
        for i, (before, after) in enumerate(zip(case.args, outcome.args_after)):
            if not _same(before, after):
                problems.append(
                    f"argument {i + 1} was modified in place; work on a copy "
                    "(for example `x = x.copy()` or `x / norm` rather than `x /= norm`)"
                )
    hints = [m.hint for m in exercise.mistakes if problems and _matches_mistake(m, case, outcome.value)]
    return CaseResult(case, problems, hints, outcome.warnings)


def _property_problems(check_property: Callable, case: Case, value: Any) -> list[str]:
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return list(check_property(case, value))
    except Exception as error:  # a value the property cannot even examine is a wrong value
        return [f"the result could not be checked ({type(error).__name__}: {error})"]


def _matches_mistake(mistake: Mistake, case: Case, value: Any) -> bool:
    if mistake.function is None:
        return False
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wrong = mistake.function(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
    except Exception:
        return False
    return _same(wrong, value)


def reference_result(exercise: Exercise, case: Case) -> Any:
    """The reference solution's result on a private copy of the case.

    What the reference prints (costs during training, accuracies) and its
    warnings are discarded: they belong to the expected value, not to the
    student's report.
    """
    with (contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"),
          warnings.catch_warnings()):
        warnings.simplefilter("ignore")
        return exercise.reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))


def call_locally(function: Callable, case: Case) -> Outcome:
    """Call ``function`` on a copy of the case's inputs, recording what happened."""
    args = copy.deepcopy(case.args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = function(*args, **copy.deepcopy(case.kwargs))
        except Exception as error:  # the student's code: any exception is a finding
            return Outcome(error=f"{type(error).__name__}: {error}", warnings=_warning_lines(caught))
    return Outcome(value=value, args_after=args, warnings=_warning_lines(caught))


def _warning_lines(caught: list) -> list[str]:
    lines = []
    for w in caught:
        line = f"{w.category.__name__}: {w.message}"
        if line not in lines:
            lines.append(line)
    return lines


def score(results: Sequence[CaseResult], points: float) -> float:
    """Points earned: the share of passed cases, rounded to hundredths."""
    if not results:
        return 0.0
    return round(points * sum(r.passed for r in results) / len(results), 2)


def format_results(name: str, results: Sequence[CaseResult]) -> str:
    """Human-readable report of the cases of one exercise."""
    passed = sum(r.passed for r in results)
    lines = [f"{name}: {passed} of {len(results)} checks passed."]
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
    """Raised by a public test cell when a check fails."""


class GradeThroughSandbox(RuntimeError):
    """Raised when a public test cell runs inside stock nbgrader autograding."""


def run_public_checks(exercise: Exercise, function: Callable) -> None:
    """Run the public cases of ``exercise`` on ``function`` and print a report.

    Raises
    ------
    PublicCheckFailed
        If any case fails, after printing what differs.
    GradeThroughSandbox
        If called during ``nbgrader autograde``: the course's grader never runs
        test cells in the student's kernel, so getting here means the
        project's nbgrader configuration was not loaded.
    """
    if os.environ.get("NBGRADER_EXECUTION") == "autograde":
        raise GradeThroughSandbox(
            "This test cell ran inside the student's kernel during autograding, which means "
            "nbgrader did not load the course configuration (nbgrader_config.py at the course root). "
            "Scores from such a run cannot be trusted; see autograder/README.md."
        )
    results = []
    for case in exercise.public_cases():
        results.append(judge_case(exercise, case, call_locally(function, case), reference_result(exercise, case)))
    print(format_results(exercise.name, results))
    if not all(r.passed for r in results):
        raise PublicCheckFailed(f"{exercise.name}: some checks failed, see the report above.")
    print("All tests passed.")
