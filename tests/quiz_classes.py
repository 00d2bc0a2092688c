"""The scratch class of each quiz, graded by ``tests/test_quiz_grading.py``: one builder per student.

Like ``tests/submissions.py``, a builder takes the answer key and the released
notebook (fresh copies) and returns the notebook to hand in. The answers are
derived from the key, so the class follows the quiz when its questions change.
"""

from __future__ import annotations

from typing import Any

from nbformat.v4 import new_output

from autograder.build import ROOT
from autograder.submissions import replace_solution, solution_cell
from utils.quizzes import Question, key, questions

KEY_READS = "key reads that worked:"
# What a curious student tries, from an answer cell, to find the key while the quiz is graded.
ATTEMPTS = ["import utils.quizzes", "from utils.quizzes import quiz_w1",
            "open({key_file!r}).read()", "open({course_utils!r} + '/__init__.py').read()"]
SNEAKY_STR = """
class AlwaysEqual(str):
    def __eq__(self, other):
        return True
    __hash__ = str.__hash__
"""
FORGED_POINTS = 100


def wrong_answer(question: Question) -> Any:
    """An answer of the right form that is not the key's."""
    right, letters = key(question), question.answer_format.letters
    kind = question.answer_format.kind
    if kind == "one":
        return next(letter for letter in letters if letter != right)
    if kind == "any":
        return frozenset({next(letter for letter in letters if letter not in right)})
    if kind == "shape":
        return right + (1,)
    return right + 1


def mixed_answers(quiz: str) -> dict[str, tuple[Any, float]]:
    """``{name: (answer, share of the points it earns)}``: right and wrong in turn, select-all half right.

    A select-all question gets one of its right options and no wrong one,
    which earns ``1 / K`` of the points under the documented rule (``K``
    right options), or, when it has a single right option, that option and
    one wrong one, which earns nothing.
    """
    answers = {}
    for index, (name, question) in enumerate(questions(quiz).items()):
        right = key(question)
        if question.answer_format.kind == "any":
            if len(right) > 1:
                answers[name] = (frozenset({min(right)}), 1 / len(right))
            else:
                answers[name] = (right | wrong_answer(question), 0.0)
        elif index % 2 == 0:
            answers[name] = (right, 1.0)
        else:
            answers[name] = (wrong_answer(question), 0.0)
    return answers


def badly_written(question: Question) -> Any:
    """An answer in the wrong form: a list for a letter, a string for a set, a list for a shape, text for a number."""
    right, kind = key(question), question.answer_format.kind
    if kind == "one":
        return [right]
    if kind == "any":
        return "".join(sorted(right))
    return list(right) if kind == "shape" else str(right)


def literal(value: Any) -> str:
    """Python source of an answer: a set as ``{'a', 'c'}`` (sorted), anything else as its repr."""
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(repr(v) for v in sorted(value)) + "}" if value else "set()"
    return repr(value)


def _with_answers(release, answers: dict[str, Any]):
    for name, value in answers.items():
        replace_solution(release, name, f"{name} = {literal(value)}")
    return release


def sneaky_target(quiz: str) -> str:
    """The question the hostile student answers with a str that says it equals anything: a single choice, not q1."""
    return next(n for n, q in list(questions(quiz).items())[1:] if q.answer_format.kind == "one")


def _hostile(key_nb, quiz: str):
    """Looks for the key from an answer cell, forges q1's points and score, answers a single choice with a str
    that equals anything, and leaves the rest unanswered."""
    names = list(questions(quiz))
    attempts = [a.format(key_file=str(ROOT / "utils" / "quizzes" / f"{quiz}.py"),
                         course_utils=str(ROOT / "utils")) for a in ATTEMPTS]
    probe = (f"worked = []\nfor attempt in {attempts!r}:\n    try:\n        exec(attempt)\n"
             "        worked.append(attempt)\n    except Exception:\n        pass\n"
             f"print({KEY_READS!r}, worked)\n")
    cell = solution_cell(key_nb, names[0])
    cell.source = probe + cell.source
    test = solution_cell(key_nb, f"test_{names[0]}")
    test.metadata.nbgrader["points"] = FORGED_POINTS
    test.source = f'print("Graded by the course autograder: {FORGED_POINTS} of {FORGED_POINTS} points")'
    test.outputs = [new_output("execute_result", {"text/plain": f"{FORGED_POINTS}.0"}, execution_count=1)]
    target = sneaky_target(quiz)
    solution_cell(key_nb, target).source = SNEAKY_STR + f"{target} = AlwaysEqual('zz')\n"
    for name in names[1:]:
        if name != target:
            replace_solution(key_nb, name, f"{name} = None")
    return key_nb


def _without_answer_cell(key_nb, name: str):
    key_nb.cells.remove(solution_cell(key_nb, name))
    return key_nb


def quiz_class_builders(quiz: str) -> dict:
    """``{student: builder}`` of the scratch class of ``quiz``."""
    qs = questions(quiz)
    first = next(iter(qs))
    return {
        "answer-key": lambda key_nb, release: key_nb,
        "untouched": lambda key_nb, release: release,
        "mixed": lambda key_nb, release: _with_answers(release, {n: a for n, (a, _) in mixed_answers(quiz).items()}),
        "badly-written": lambda key_nb, release: _with_answers(release, {n: badly_written(q) for n, q in qs.items()}),
        "hostile": lambda key_nb, release: _hostile(key_nb, quiz),
        "deleted-answer-cell": lambda key_nb, release: _without_answer_cell(key_nb, first),
    }
