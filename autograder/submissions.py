"""Make submissions for demos and tests: answer keys, untouched releases, edited solutions."""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from autograder.stubs import END_MARKER, START_MARKER


def solution_cell(nb: NotebookNode, grade_id: str) -> NotebookNode:
    """The solution cell with nbgrader id ``grade_id``."""
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return cell
    raise KeyError(f"no cell with grade_id {grade_id!r}")


def replace_solution(nb: NotebookNode, grade_id: str, code: str) -> NotebookNode:
    """Put ``code`` between the START and END CODE HERE markers of one solution cell.

    ``code`` is written without indentation; it takes the indentation of the
    markers. Returns ``nb``, changed in place.
    """
    cell = solution_cell(nb, grade_id)
    lines = cell.source.split("\n")
    start = next(i for i, line in enumerate(lines) if START_MARKER in line)
    end = next(i for i, line in enumerate(lines) if END_MARKER in line)
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    body = textwrap.indent(textwrap.dedent(code).strip("\n"), indent).split("\n")
    cell.source = "\n".join(lines[: start + 1] + body + lines[end:])
    return nb


def write_submission(course: Path, student: str, assignment: str, nb: NotebookNode) -> Path:
    """Save ``nb`` as ``submitted/<student>/<assignment>/<assignment>.ipynb`` in ``course``."""
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{assignment}.ipynb"
    nbformat.write(nb, path)
    return path
