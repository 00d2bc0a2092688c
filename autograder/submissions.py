"""Make submissions for demos and tests: answer keys, untouched releases, edited solutions."""

from __future__ import annotations

import textwrap
from datetime import datetime, timezone
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader.exchange.abc import Exchange

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


def submission_timestamp(when: datetime | None = None) -> str:
    """``when`` (default: now) as ``nbgrader submit`` writes it into ``timestamp.txt``, in UTC."""
    when = when or datetime.now(timezone.utc)
    return when.astimezone(timezone.utc).strftime(Exchange.class_traits()["timestamp_format"].default_value)


def write_submission(course: Path, student: str, assignment: str, nb: NotebookNode,
                     submitted_at: datetime | None = None) -> Path:
    """Save ``nb`` as ``submitted/<student>/<assignment>/<assignment>.ipynb`` in ``course``.

    Beside it goes ``timestamp.txt`` with ``submitted_at`` (default: now), as
    ``nbgrader submit`` and ``collect`` leave it: ``autograde`` records it as the
    submission's time in the gradebook (without it, the time is None).
    """
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{assignment}.ipynb"
    nbformat.write(nb, path)
    (folder / "timestamp.txt").write_text(submission_timestamp(submitted_at))
    return path
