"""How a quiz answer is written down, and the check a quiz's answer cells run.

Every quiz question has one answer cell that sets a variable (``q3 = 'b'``)
and one locked cell after it that calls :func:`record`. That call checks the
*form* of the answer only: one letter of the options, a set of letters, a
shape written as a tuple, or a number. It never says whether the answer is
right: the key is not in the notebook or in anything shipped with it. The
course grader reads the answers when it grades the submission and compares
them with the key in its own process.

The grader runs :func:`format_problem` on the answers it reads, so a student
sees the same message at home, in Validate and in the feedback.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any

KINDS = ("one", "any", "shape", "number")


class AnswerFormatError(ValueError):
    """An answer that is missing, or not written in the form its question asks for."""


@dataclass(frozen=True)
class AnswerFormat:
    """The form of one question's answer.

    Parameters
    ----------
    kind : str
        ``"one"``: a single letter among ``letters``; ``"any"``: a set of
        letters among ``letters`` (select all that apply; the empty set is an
        answer too); ``"shape"``: a tuple of whole numbers, such as ``(3, 1)``;
        ``"number"``: an int or a float.
    letters : str
        The options' letters, in order, for ``"one"`` and ``"any"``.
    """

    kind: str
    letters: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")

    def describe(self) -> str:
        """The form in words, as the answer cells' comments and the messages say it."""
        options = _or_list(self.letters)
        return {"one": f"one letter: {options}",
                "any": f"a set of letters among {options}, such as {{'{self.letters[0]}'}}" if self.letters else "",
                "shape": "a shape, written as a tuple of whole numbers such as (3, 1)",
                "number": "a number, such as 12 or 0.5"}[self.kind]


def _or_list(letters: str) -> str:
    quoted = [repr(letter) for letter in letters]
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else "".join(quoted)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_whole(item: Any) -> bool:
    return isinstance(item, Integral) and not isinstance(item, bool)


def format_problem(value: Any, answer_format: AnswerFormat) -> str | None:
    """What is wrong with the form of ``value``, in words; ``None`` when it has the form asked for.

    An answer that is still ``None`` is "not answered yet". Letters may be
    written in either case.
    """
    if value is None:
        return f"not answered yet: replace None with {answer_format.describe()}"
    kind, letters = answer_format.kind, answer_format.letters
    if kind == "one":
        if not isinstance(value, str):
            return f"{_shown(value)} is a {type(value).__name__}; write {answer_format.describe()}"
        if value.strip().lower() not in letters or len(value.strip()) != 1:
            return f"{_shown(value)} is not one of the letters; write {answer_format.describe()}"
    elif kind == "any":
        if not isinstance(value, (set, frozenset)):
            return f"{_shown(value)} is a {type(value).__name__}; write {answer_format.describe()}"
        wrong = sorted(_shown(item) for item in value
                       if not isinstance(item, str) or len(item.strip()) != 1 or item.strip().lower() not in letters)
        if wrong:
            return f"{', '.join(wrong)} in your set {'is' if len(wrong) == 1 else 'are'} not among the letters; " \
                   f"write {answer_format.describe()}"
    elif kind == "shape":
        if not isinstance(value, tuple) or not all(_is_whole(n) and n >= 0 for n in value):
            return f"{_shown(value)} is not a tuple of whole numbers; write {answer_format.describe()}"
    elif not isinstance(value, Real) or isinstance(value, bool) or not math.isfinite(value):
        return f"{_shown(value)} is not a finite number; write {answer_format.describe()}"
    return None


def normalized(value: Any, answer_format: AnswerFormat) -> Any:
    """The answer in one canonical form: a lower-case letter, a frozenset of them, a tuple of ints, or a float.

    Raises
    ------
    AnswerFormatError
        If ``value`` does not have the form asked for (:func:`format_problem`).
    """
    problem = format_problem(value, answer_format)
    if problem is not None:
        raise AnswerFormatError(problem)
    kind = answer_format.kind
    if kind == "one":
        return value.strip().lower()
    if kind == "any":
        return frozenset(item.strip().lower() for item in value)
    if kind == "shape":
        return tuple(int(n) for n in value)
    return float(value)


def record(name: str, value: Any, *, one_of: str = "", any_of: str = "", shape: bool = False,
           number: bool = False) -> None:
    """Check the form of the answer ``value`` of question ``name`` and say what was recorded.

    Exactly one of ``one_of``, ``any_of`` (the options' letters), ``shape`` or
    ``number`` gives the form. Whether the answer is right is only known when
    the quiz is graded.

    Raises
    ------
    AnswerFormatError
        If the answer is missing or not in the form asked for, with a message
        that says which form to use.
    """
    answer_format = format_of(one_of=one_of, any_of=any_of, shape=shape, number=number)
    answer = normalized_or_raise(name, value, answer_format)
    shown = "{" + ", ".join(repr(a) for a in sorted(answer)) + "}" if answer_format.kind == "any" else repr(answer)
    if answer_format.kind == "any" and not answer:
        shown = "set() (no option)"
    print(f"{name}: answer recorded: {shown}. Whether it is right is known once the quiz is graded.")


def format_of(*, one_of: str = "", any_of: str = "", shape: bool = False, number: bool = False) -> AnswerFormat:
    """The :class:`AnswerFormat` a :func:`record` call names."""
    given = [kind for kind, on in (("one", one_of), ("any", any_of), ("shape", shape), ("number", number)) if on]
    if len(given) != 1:
        raise ValueError("give exactly one of one_of, any_of, shape or number")
    return AnswerFormat(given[0], one_of or any_of)


def normalized_or_raise(name: str, value: Any, answer_format: AnswerFormat) -> Any:
    """:func:`normalized`, with the question's name at the start of the message."""
    try:
        return normalized(value, answer_format)
    except AnswerFormatError as error:
        raise AnswerFormatError(f"{name}: {error}") from None
