"""The quiz notebooks, written from ``utils/quizzes/<quiz>.py``.

``source/<quiz>/<quiz>.ipynb`` is generated whole: a heading, then for each
question its prompt and lettered options, an optional code cell to run, an
answer cell (an nbgrader solution cell holding ``qN = None``) and a locked
grade cell that checks the answer's form (:func:`utils.answer_formats.record`).
The key is not in it, so it is not in the release or the gradebook either.
The answer key ``notebooks/<quiz>.ipynb`` is the same notebook with the key
written into the answer cells, run top to bottom by the build.
"""

from __future__ import annotations

import string
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from utils.answer_formats import AnswerFormat
from utils.progress import END_MARKER, START_MARKER
from utils.quizzes import Question, key, load, questions

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
HOW_TO_ANSWER = """\
**How to answer.** Each question has an answer cell: replace `None` with your answer and run the cell, then run the \
check cell under it. The check only looks at the *form* of your answer (one letter, a set of letters, a tuple, a \
number) and tells you what it recorded; whether the answer is right is only known once the quiz is graded.

- *One answer*: a letter, as a string, such as `'b'`.
- *Select all that apply*: a set of letters, such as `{'a', 'c'}`. You earn a share of the points for each right \
option you choose, each wrong option you choose takes one such share away, and the score never goes below zero.
- *A shape*: a tuple, such as `(4, 1)`. A one-dimensional array of length 4 has the shape `(4,)`.
- *A number*: an int or a float, such as `12` or `0.25`.

Where a question comes with code, run it and look at what it does before you answer: working it out first, then \
checking, is the point.\
"""


def _meta(grade_id: str, *, solution: bool = False, grade: bool = False, points: float | None = None) -> dict:
    """nbgrader's metadata of a cell: answer cells are solutions, check cells are graded and locked."""
    meta = {"grade": grade, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def prompt_markdown(number: int, question: Question) -> str:
    """The question's heading, prompt and lettered options."""
    lines = [f"## Question {number}", "", question.prompt]
    if question.options:
        lines.append("")
        lines += [f"- **({letter})** {option}" for letter, option in zip(string.ascii_lowercase, question.options)]
    if question.answer_format.kind == "any":
        lines += ["", "*Select all that apply.*"]
    return "\n".join(lines)


def answer_literal(value: Any, answer_format: AnswerFormat) -> str:
    """The key as the answer cell writes it: ``'b'``, ``{'a', 'c'}``, ``(2, 3)``, ``12`` or ``0.5``."""
    if answer_format.kind == "any":
        return "{" + ", ".join(repr(letter) for letter in sorted(value)) + "}"
    if answer_format.kind == "number" and float(value).is_integer():
        return str(int(value))
    return repr(value)


def answer_cell_source(name: str, question: Question, answer: str = "None") -> str:
    """The answer cell: the form to use on the marker line, then ``name = answer``."""
    return f"{START_MARKER} ({question.answer_format.describe()})\n{name} = {answer}\n{END_MARKER}"


def check_cell_source(name: str, question: Question) -> str:
    """The locked grade cell: :func:`utils.answer_formats.record` with the question's form."""
    form = question.answer_format
    argument = {"one": f'one_of="{form.letters}"', "any": f'any_of="{form.letters}"', "shape": "shape=True",
                "number": "number=True"}[form.kind]
    return f'record("{name}", {name}, {argument})'


def quiz_notebook(quiz: str) -> NotebookNode:
    """The source notebook of ``quiz``: every answer cell holds ``None``."""
    module = load(quiz)
    cells = [new_markdown_cell(f"# {module.TITLE}\n\n{module.INTRO}\n\n{HOW_TO_ANSWER}"),
             new_code_cell("import numpy as np\n\nfrom utils.answer_formats import record", metadata=_meta("imports"))]
    for number, (name, question) in enumerate(questions(quiz).items(), start=1):
        cells.append(new_markdown_cell(prompt_markdown(number, question)))
        if question.code:
            cells.append(new_code_cell(question.code, metadata=_meta(f"code_{name}")))
        cells.append(new_code_cell(answer_cell_source(name, question), metadata=_meta(name, solution=True)))
        cells.append(new_code_cell(check_cell_source(name, question),
                                   metadata=_meta(f"test_{name}", grade=True, points=question.points)))
    for index, cell in enumerate(cells):
        cell.id = f"cell-{index:03d}"  # stable ids, so a rebuild of unchanged questions changes nothing
    return new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})


def with_key(nb: NotebookNode, quiz: str) -> NotebookNode:
    """A copy of the quiz notebook ``nb`` with the key written into its answer cells."""
    filled = nbformat.from_dict(nb)
    by_id = questions(quiz)
    for cell in filled.cells:
        name = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and name in by_id:
            question = by_id[name]
            cell.source = answer_cell_source(name, question, answer_literal(key(question), question.answer_format))
    return filled
