"""Plausible wrong solutions, and correct ones written differently, for every graded function.

One module per notebook, named like its reference module in ``utils``, holds
``MUTANTS = {exercise: {"buggy": [...], "correct": [...], "edge": [...]}}``.
Each entry is the code a student writes between the START and END CODE HERE
markers (for a solution cell outside a function, the whole region).
``"edge"`` (optional) holds buggy code whose bug only an edge case of the
exercise reveals (``Exercise.edge_cases``: one example, a layer of one unit,
several outputs, an odd image shape, integer inputs); an exercise with no
such mutant is named in the module's ``NO_EDGE_MUTANT``, with the reason.
``tests/test_mutants.py`` grades them all with plain nbgrader and checks that
a buggy or edge one loses points on its own exercise only, and that a correct
one gets full marks; ``tests/test_edge_cases.py`` checks in-process that each
edge mutant passes every public and hidden case and fails an edge case.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from autograder.assignments import ASSIGNMENTS

KINDS = ("buggy", "correct", "edge")


def _module(assignment: str) -> ModuleType:
    reference_module = ASSIGNMENTS[assignment].exercises_module.rsplit(".", 1)[1]
    return importlib.import_module(f"tests.mutants.{reference_module}")


def mutants(assignment: str) -> dict[str, dict[str, list[str]]]:
    """``{exercise: {"buggy": [...], "correct": [...], "edge": [...]}}`` of one assignment ("edge" may be absent)."""
    return _module(assignment).MUTANTS


def no_edge_mutant(assignment: str) -> dict[str, str]:
    """``{exercise: why no edge-only bug is plausible}`` of one assignment."""
    return _module(assignment).NO_EDGE_MUTANT


def mutant_students(assignment: str):
    """``(student_id, exercise, code, is_correct)`` for every mutant of an assignment; edge mutants are buggy."""
    for exercise, variants in mutants(assignment).items():
        for kind in KINDS:
            for i, code in enumerate(variants.get(kind, ())):
                yield f"mutant-{exercise}-{kind}{i}", exercise, code, kind == "correct"
