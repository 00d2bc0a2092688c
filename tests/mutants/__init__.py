"""Plausible wrong solutions, and correct ones written differently, for every graded function.

One module per notebook, named like its reference module in ``utils``, holds
``MUTANTS = {exercise: {"buggy": [...], "correct": [...]}}``. Each entry is the
code a student writes between the START and END CODE HERE markers (for a
solution cell outside a function, the whole region). ``tests/test_mutants.py``
grades them all with plain nbgrader and checks that a buggy one loses points
on its own exercise only, and that a correct one gets full marks.
"""

from __future__ import annotations

import importlib

from autograder.assignments import ASSIGNMENTS


def mutants(assignment: str) -> dict[str, dict[str, list[str]]]:
    """``{exercise: {"buggy": [...], "correct": [...]}}`` of one assignment."""
    reference_module = ASSIGNMENTS[assignment].exercises_module.rsplit(".", 1)[1]
    return importlib.import_module(f"tests.mutants.{reference_module}").MUTANTS


def mutant_students(assignment: str):
    """``(student_id, exercise, code, is_correct)`` for every mutant of an assignment."""
    for exercise, variants in mutants(assignment).items():
        for kind in ("buggy", "correct"):
            for i, code in enumerate(variants[kind]):
                yield f"mutant-{exercise}-{kind}{i}", exercise, code, kind == "correct"
