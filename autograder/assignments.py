"""The course's assignments and quizzes, and where their exercises and questions are defined.

The grader reads these tables, never the submitted notebook, to decide which
exercises or questions a notebook has. The build reads them to decide which
reference modules a release may give students as helpers.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from utils import quizzes
from utils.exercises import Exercise
from utils.quizzes import Question


@dataclass(frozen=True)
class Assignment:
    """One graded notebook.

    Parameters
    ----------
    name : str
        Assignment folder and notebook name, e.g. ``01_python_basics``.
    exercises_module : str
        Module holding the ``EXERCISES`` registry of the notebook.
    allowed_references : tuple of str
        Reference modules of earlier notebooks that the release gives students
        as helpers (the deep-network application builds on the step-by-step
        functions). Any other reference module in a release is a leak.
    """

    name: str
    exercises_module: str
    allowed_references: tuple[str, ...] = ()

    def exercises(self) -> dict[str, Exercise]:
        return importlib.import_module(self.exercises_module).EXERCISES


ASSIGNMENTS = {
    a.name: a
    for a in [
        Assignment("01_python_basics", "utils.exercises.python_basics"),
        Assignment("02_logistic_regression", "utils.exercises.logistic_regression"),
        Assignment("03_planar_classification", "utils.exercises.planar"),
        Assignment("04_deep_nn_step_by_step", "utils.exercises.deep_nn"),
        Assignment("05_deep_nn_application", "utils.exercises.dnn_app", allowed_references=("utils.deep_nn",)),
    ]
}


@dataclass(frozen=True)
class Quiz:
    """One weekly concept quiz; its questions and key are in ``utils/quizzes/<name>.py``.

    Parameters
    ----------
    name : str
        Assignment folder and notebook name, e.g. ``quiz_w1``.
    """

    name: str

    def questions(self) -> dict[str, Question]:
        return quizzes.questions(self.name)


QUIZZES = {name: Quiz(name) for name in quizzes.QUIZ_NAMES}
# Everything the build releases and the grader grades: the five notebooks, then the four quizzes.
COURSE_ITEMS: dict[str, Assignment | Quiz] = {**ASSIGNMENTS, **QUIZZES}


def graded_names(name: str) -> list[str]:
    """The graded exercises of an assignment, or the questions of a quiz, in notebook order."""
    item = COURSE_ITEMS[name]
    return list(item.questions() if isinstance(item, Quiz) else item.exercises())


def reference_modules() -> set[str]:
    """Every module that holds reference solutions of some assignment."""
    return {e.reference.__module__ for a in ASSIGNMENTS.values() for e in a.exercises().values()}

