"""The public tests of an assignment as plain data, computed from the reference at build time.

For every public case of every exercise: the inputs, the reference's result,
what each known mistake returns (or the error it raises) and what each extra
check compares with. :mod:`utils.public_tests` reads them in the student's
release and judges the student's functions with the grader's engine; the
reference solutions stay here.
"""

from __future__ import annotations

from typing import Any

from autograder.assignments import ASSIGNMENTS
from utils.exercises import Exercise, error_hints, known_results, measured_properties, reference_result
from utils.plain_data import Opaque, decode, encode


def _case_data(exercise: Exercise, case) -> dict:
    return {
        "args": tuple(case.args),
        "kwargs": dict(case.kwargs),
        "label": case.describe(),
        "expected": reference_result(exercise, case),
        "mistakes": [{"hint": k.hint, "value": k.value, "error": k.error, "args_after": k.args_after}
                     for k in known_results(exercise, case)],
        "properties": [list(pair) for pair in measured_properties(exercise, case)],
    }


def public_suite(assignment: str) -> dict:
    """Every public case of the assignment's exercises, with what it should give.

    Returns
    -------
    suite : dict
        ``{"assignment": name, "exercises": {exercise: {"cases": [...],
        "error_hints": [...], "uses": [...]}}}``, read by
        :func:`utils.public_tests.cases` and :func:`utils.public_tests.run_public_checks`.
    """
    exercises = ASSIGNMENTS[assignment].exercises()
    return {"assignment": assignment,
            "exercises": {name: {"cases": [_case_data(exercise, case) for case in exercise.public_cases()],
                                 "error_hints": [list(pair) for pair in error_hints(exercise)],
                                 "uses": list(exercise.uses)}
                          for name, exercise in exercises.items()}}


def _opaque_parts(value: Any, where: str) -> list[str]:
    if isinstance(value, Opaque):
        return [f"{where} ({value!r})"]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _opaque_parts(v, f"{where}[{k!r}]")]
    if isinstance(value, (list, tuple)):
        return [p for i, v in enumerate(value) for p in _opaque_parts(v, f"{where}[{i}]")]
    return []


def public_suite_bytes(assignment: str) -> bytes:
    """:func:`public_suite` encoded as plain data; refuses a suite that is not all plain data."""
    data = encode(public_suite(assignment), compress=True)
    opaque = _opaque_parts(decode(data), "suite")
    if opaque:
        raise TypeError(f"public tests of {assignment} must be plain data; these are not: {', '.join(opaque[:5])}")
    return data
