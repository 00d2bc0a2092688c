"""Marking a quiz: the student's answers are read from the sandbox, the key stays in the grader.

:class:`autograder.grade.GradeInSandbox` runs a quiz notebook's cells in the
sandbox like any other, then reads the answer
variables (``q1``, ``q2``... as plain data, :meth:`Sandbox.read_values`) and
marks each against the key of ``utils/quizzes/<quiz>.py`` in this process
(:func:`marked_answer`).
Student code never sees the key, and the report in each grade cell says
right, partly right or not right without naming the right answer.

The explanations of the key are added to the *feedback* only, by
:class:`QuizExplanations`, and only when the instructor chooses
(``c.QuizExplanations.show``; by default once the assignment's due date in
the gradebook has passed).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import is_grade
from traitlets import Enum

from autograder.assignments import QUIZZES
from autograder.sandbox import Sandbox, WorkerFailed
from utils.quizzes import NOT_RIGHT, RIGHT, Mark, Question, mark, questions

def _shown(value: Any) -> str:
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(repr(v) for v in value)) + "}" if value else "set()"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def verdict_line(name: str, answer: Any, result: Mark) -> str:
    """One line on a marked answer: what was read and right / partly right / not right, never the key."""
    if not result.format_ok:
        return f"{name}: {result.verdict}. This answer could not be marked."
    if result.verdict in (RIGHT, NOT_RIGHT):
        return f"{name}: your answer {_shown(answer)} is {result.verdict}."
    return (f"{name}: your answer {_shown(answer)} is {result.verdict} (each right option you chose earns a share "
            "of the points, each wrong one takes a share away).")


def _unset(name: str) -> Mark:
    return Mark(0.0, f"{name} is not set when your notebook runs top to bottom (did its answer cell raise an "
                     "error, or was it deleted?)", format_ok=False)


def read_answers(sandbox: Sandbox, names: list[str], log: logging.Logger) -> tuple[dict[str, Any], str]:
    """The answers the notebook left, and a problem to report when they could not be read at all."""
    try:
        return sandbox.read_values(names), ""
    except WorkerFailed as failure:
        log.warning("The answers could not be read: %s", failure)
        return {}, f"The grader could not read your answers: your notebook {failure}."


def marked_answer(name: str, question: Question, answers: dict[str, Any], points: float) -> tuple[float, str, Mark]:
    """Points earned (out of ``points``, the grade cell's), the report line, and the mark of answer ``name``."""
    result = mark(question, answers[name]) if name in answers else _unset(name)
    earned = points * result.earned / question.points
    return earned, verdict_line(name, answers.get(name), result), result


def _due_date_passed(db_url: str, assignment: str, now: datetime.datetime) -> bool:
    with Gradebook(db_url) as gradebook:
        try:
            due = gradebook.find_assignment(assignment).duedate
        except MissingEntry:
            return False
    return due is not None and now >= due


class QuizExplanations(NbGraderPreprocessor):
    """In a quiz's feedback, the explanation of each question's key, under its report, if the instructor chooses."""

    show = Enum(["never", "after_due_date", "always"], default_value="after_due_date",
                help="When a quiz's feedback shows why each key is right: 'never'; 'after_due_date' (once the "
                     "assignment's due date in the gradebook has passed; never when it has none); or 'always'. The "
                     "explanations usually give the answers away.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        info = resources["nbgrader"]
        quiz = info["assignment"]
        if quiz not in QUIZZES or not self._showing(info["db_url"], quiz):
            return nb, resources
        by_name = questions(quiz)
        for cell in nb.cells:
            name = cell.metadata.get("nbgrader", {}).get("grade_id", "").removeprefix("test_")
            if cell.cell_type == "code" and is_grade(cell) and name in by_name:
                cell.outputs.append(new_output("stream", name="stdout", text=explanation_text(by_name[name])))
        return nb, resources

    def _showing(self, db_url: str, quiz: str) -> bool:
        if self.show == "after_due_date":
            return _due_date_passed(db_url, quiz, datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None))
        return self.show == "always"


def explanation_text(question: Question) -> str:
    return f"Why: {question.explanation}\n"
