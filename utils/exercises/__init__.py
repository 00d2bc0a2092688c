"""Exercise definitions: public cases, hidden-case generators, known mistakes.

One module per notebook, named like the notebook's reference module in
``utils``, holds an ``EXERCISES`` registry. This package is instructor-side:
it never ships to students and student code cannot see it while graded. The
grader uses it in its own process (:func:`expectation`); the build turns the
public cases into plain data for the student release
(``autograder/public_data.py``).
"""

from __future__ import annotations

import contextlib
import copy
import io
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from utils.checks import Case, Expectation, KnownResult, describe_error, same


@dataclass
class Mistake:
    """A known mistake and the hint shown when a student's result shows it.

    Either ``function`` is a wrong implementation (the hint is shown when the
    student's function returns what it returns, or raises the same error) or
    ``error_contains`` is part of the error message the mistake raises.
    """

    hint: str
    function: Callable | None = None
    error_contains: str | None = None


@dataclass
class Property:
    """An extra check of a returned value that needs no reference result.

    Parameters
    ----------
    measure : callable
        ``measure(case) -> plain data``: what the check compares with, worked
        out from the inputs alone (for example finite-difference gradients).
        It runs in the grader's process, or at build time for public cases.
    check : str
        ``"module:function"`` of ``function(measured, value) -> list of str``
        in a course module that ships with the assignment (see
        :func:`utils.checks.run_property`).
    """

    measure: Callable[[Case], Any]
    check: str


EDGE_LABEL = "edge case: "


def edge_label(what: str) -> str:
    """The label of an edge case: says so first, so a student reading the report knows which checks they are."""
    return EDGE_LABEL + what


def no_cases(rng: np.random.Generator) -> list[Case]:
    """No cases: the default ``edge_cases`` of an exercise whose hidden cases already cover its edges."""
    return []


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
        from ``rng`` (a ``numpy.random.Generator``), of typical sizes.
    points : float
        Points of the exercise's grade cell.
    mistakes : list of Mistake
        Known mistakes; a result equal to one of them earns its hint.
    uses : tuple of str
        Other graded functions this one calls. At grading time they are
        replaced by the reference, so one mistake costs points only once.
    properties : list of Property
        Extra checks of every returned value, such as a numerical gradient
        check.
    edge_cases : callable
        ``edge_cases(rng) -> list[Case]``: inputs at the edges the docstring
        allows (one example, a layer of one unit, several output units, an
        odd image shape, integer inputs), drawn from ``rng`` after the hidden
        cases and graded with them. The random hidden cases leave these sizes
        to chance (or never draw them); these cases draw them every time, so
        a bug that only they reveal always costs points.
    """

    name: str
    reference: Callable
    public_cases: Callable[[], list[Case]]
    hidden_cases: Callable[[np.random.Generator], list[Case]]
    points: float = 1.0
    mistakes: Sequence[Mistake] = ()
    uses: tuple[str, ...] = ()
    properties: Sequence[Property] = ()
    edge_cases: Callable[[np.random.Generator], list[Case]] = no_cases


def grading_cases(exercise: Exercise, rng: np.random.Generator) -> list[Case]:
    """Every case a submission is graded on, in order: the public, the hidden, then the edge cases.

    The hidden cases are drawn from ``rng`` before the edge cases, so adding
    edge cases leaves the hidden cases of every grading seed as they were.
    """
    hidden = exercise.hidden_cases(rng)
    return exercise.public_cases() + hidden + exercise.edge_cases(rng)


@contextlib.contextmanager
def _quietly():
    """Discard what trusted code prints and warns: it is not the student's output."""
    with contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def reference_result(exercise: Exercise, case: Case) -> Any:
    """The reference solution's result on a private copy of the case."""
    with _quietly():
        return exercise.reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))


def known_results(exercise: Exercise, case: Case) -> list[KnownResult]:
    """What each wrong implementation among the exercise's mistakes gives on the case."""
    results = []
    for mistake in exercise.mistakes:
        if mistake.function is None:
            continue
        args = copy.deepcopy(case.args)
        try:
            with _quietly():
                value = mistake.function(*args, **copy.deepcopy(case.kwargs))
        except Exception as error:  # a mistake that raises is known by its error
            results.append(KnownResult(mistake.hint, error=describe_error(error)))
            continue
        changed = not same(tuple(args), tuple(case.args))  # an in-place update is known by what it did
        results.append(KnownResult(mistake.hint, value=value, args_after=tuple(args) if changed else None))
    return results


def error_hints(exercise: Exercise) -> list[tuple[str, str]]:
    """``(part of an error message, hint)`` of the exercise's mistakes known by their error."""
    return [(m.error_contains, m.hint) for m in exercise.mistakes if m.error_contains]


def measured_properties(exercise: Exercise, case: Case) -> list[tuple[str, Any]]:
    """``(check, measured)`` of every property of the exercise on the case."""
    with _quietly():
        return [(p.check, p.measure(case)) for p in exercise.properties]


def expectation(exercise: Exercise, case: Case) -> Expectation:
    """Everything :func:`utils.checks.judge` needs about a case, computed from the reference now.

    The known mistakes run only if the student's result turns out wrong.
    """
    return Expectation(expected=reference_result(exercise, case),
                       known_mistakes=lambda: known_results(exercise, case),
                       error_hints=error_hints(exercise),
                       properties=measured_properties(exercise, case))
