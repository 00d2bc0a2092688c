"""The weekly concept quizzes: questions, keys, explanations, and how an answer is marked.

Instructor-side, like ``utils/exercises``: nothing here ever ships to
students or is readable by student code while it is graded. One module per
quiz (``quiz_w1`` ... ``quiz_w4``) holds ``TITLE``, ``INTRO`` and
``QUESTIONS``; the build writes the quiz notebook from them (prompts and
``qN = None`` answer cells, no key) and the answer key with the key filled
in. The grader reads a submission's answers as plain data and marks them here,
in its own process (:func:`mark`).

Select-all partial credit
-------------------------
A select-all question gives ``points * max(0, R - W) / K``: ``R`` right
options chosen, ``W`` wrong options chosen, ``K`` right options in all. All
the right options and no wrong one earn every point; each wrong option
cancels one right one; choosing every option earns nothing unless most
options are right; the empty set earns nothing.
"""

from __future__ import annotations

import importlib
import math
import string
from dataclasses import dataclass
from typing import Any

import numpy as np

from utils.answer_formats import AnswerFormat, format_problem, normalized

QUIZ_NAMES = ("quiz_w1", "quiz_w2", "quiz_w3", "quiz_w4")
RIGHT, PARTLY_RIGHT, NOT_RIGHT = "right", "partly right", "not right"


@dataclass(frozen=True)
class FromCode:
    """A key worked out at build time: ``expression`` evaluated after running the question's code.

    So "the shape of ``a + b``" is whatever numpy says it is, never typed.
    """

    expression: str


@dataclass(frozen=True)
class Question:
    """One quiz question.

    Parameters
    ----------
    prompt : str
        Markdown shown above the options.
    answer_format : AnswerFormat
        How the answer is written (:mod:`utils.answer_formats`).
    answer : str, set of str, tuple of int, float or FromCode
        The key: a letter, a set of letters, a shape or a number.
    explanation : str
        Why the key is right; shown in the feedback only if the instructor
        chooses (``QuizExplanations.show``).
    options : tuple of str
        The options, lettered a, b, c... in this order.
    code : str
        Code the student can run in the notebook before answering (a locked
        cell after the prompt); a ``FromCode`` key is evaluated after it.
    points : float
        Points of the question's grade cell.
    tolerance : float
        Relative tolerance of a number answer (0: exact).
    """

    prompt: str
    answer_format: AnswerFormat
    answer: Any
    explanation: str
    options: tuple[str, ...] = ()
    code: str = ""
    points: float = 1.0
    tolerance: float = 0.0


def _letters(options: tuple[str, ...] | list[str]) -> str:
    return string.ascii_lowercase[:len(options)]


def single(prompt: str, options: list[str], answer: str, explanation: str, code: str = "",
           points: float = 1.0) -> Question:
    """A single-choice question: ``answer`` is the letter of its one right option."""
    return Question(prompt, AnswerFormat("one", _letters(options)), answer, explanation, tuple(options), code, points)


def select_all(prompt: str, options: list[str], answer: set[str], explanation: str, code: str = "",
               points: float = 1.0) -> Question:
    """A select-all-that-apply question: ``answer`` is the set of letters of its right options (at least one)."""
    return Question(prompt, AnswerFormat("any", _letters(options)), frozenset(answer), explanation, tuple(options),
                    code, points)


def shape(prompt: str, answer: tuple[int, ...] | FromCode, explanation: str, code: str = "",
          points: float = 1.0) -> Question:
    """A question whose answer is an array's shape, as a tuple."""
    return Question(prompt, AnswerFormat("shape"), answer, explanation, (), code, points)


def number(prompt: str, answer: float | FromCode, explanation: str, code: str = "", points: float = 1.0,
           tolerance: float = 0.0) -> Question:
    """A question whose answer is a number; ``tolerance`` is relative (0 asks for the exact value)."""
    return Question(prompt, AnswerFormat("number"), answer, explanation, (), code, points, tolerance)


def load(quiz: str):
    """The module of ``quiz`` (``"quiz_w1"``): its ``TITLE``, ``INTRO`` and ``QUESTIONS``."""
    if quiz not in QUIZ_NAMES:
        raise KeyError(f"no quiz named {quiz!r}; the quizzes are {', '.join(QUIZ_NAMES)}")
    return importlib.import_module(f"{__name__}.{quiz}")


def questions(quiz: str) -> dict[str, Question]:
    """The questions of ``quiz`` by answer name: ``{"q1": ..., "q2": ...}``."""
    return {f"q{i}": q for i, q in enumerate(load(quiz).QUESTIONS, start=1)}


def key(question: Question) -> Any:
    """The question's right answer in :func:`utils.answer_formats.normalized` form.

    A :class:`FromCode` key runs the question's code (with ``np`` imported)
    and evaluates its expression.
    """
    answer = question.answer
    if isinstance(answer, FromCode):
        namespace: dict[str, Any] = {"np": np}
        exec(question.code, namespace)  # the course's own code, at build and grading time
        answer = eval(answer.expression, namespace)
    return normalized(answer, question.answer_format)


@dataclass(frozen=True)
class Mark:
    """How one answer was marked: the points earned and a verdict that never names the key.

    ``verdict`` is :data:`RIGHT`, :data:`PARTLY_RIGHT`, :data:`NOT_RIGHT`, or
    the answer's format problem (then ``format_ok`` is false).
    """

    earned: float
    verdict: str
    format_ok: bool = True


def mark(question: Question, value: Any) -> Mark:
    """Mark the answer ``value`` (as read from the student's notebook) against the key."""
    problem = format_problem(value, question.answer_format)
    if problem is not None:
        return Mark(0.0, problem, format_ok=False)
    answer, right = normalized(value, question.answer_format), key(question)
    if question.answer_format.kind == "any":
        share = max(0, len(answer & right) - len(answer - right)) / len(right)
        earned = question.points * share
        return Mark(earned, RIGHT if share == 1 else PARTLY_RIGHT if share > 0 else NOT_RIGHT)
    if question.answer_format.kind == "number":
        ok = math.isclose(answer, right, rel_tol=question.tolerance, abs_tol=0.0) or answer == right
    else:
        ok = answer == right
    return Mark(question.points if ok else 0.0, RIGHT if ok else NOT_RIGHT)
