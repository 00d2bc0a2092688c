"""What students and instructors read after grading: the student's own figures, and the feedback summary.

Two steps, both plugged into nbgrader's preprocessor lists by
``autograder/nbgrader_config.py`` (see autograder/README.md, "Feedback"):

* :class:`KeepOwnOutputs` (``autograde``, sanitizing): the grader does not run
  cells tagged ``skip-grading`` (training for show, plots), so their outputs
  would be empty in the autograded notebook and in the feedback. This step
  keeps what the student's own run left there, under a note saying so, and
  only what is safe to show: PNG images and plain text, bounded in size, never
  anything that nbgrader could read as a score.
* :class:`CourseGetGrades` and :class:`FeedbackSummary` (``generate_feedback``):
  the summary at the top of the feedback names each exercise with its score,
  and the score the grader writes as a test cell's last output (which
  ``SaveAutoGrades`` needs) is not repeated as a stray ``Out[ ]: 1.0``.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from pathlib import Path

import nbgrader
from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors import ClearOutput, GetGrades, NbGraderPreprocessor
from nbgrader.utils import is_grade, is_solution

from autograder.grade import OUTPUT_LIMIT, SKIP_TAG, TEST_PREFIX, bounded_text

TEMPLATES = Path(__file__).parent / "templates"
FEEDBACK_TEMPLATE = "course_feedback"  # the folder under TEMPLATES
FEEDBACK_TEMPLATE_FILE = "feedback.html.j2"
FORMGRADE_TEMPLATE = "course_formgrade"
FORMGRADE_TEMPLATE_FILE = "formgrade.html.j2"
# nbgrader's own templates, which the course's feedback template extends.
NBGRADER_TEMPLATES = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"

OWN_RUN_NOTE = ("From your own run: the grader does not run this cell, "
                "so this is what the notebook you submitted showed.")
OWN_RUN_CLASS = "course-own-run"
# Bounds on what a submission may carry into its autograded notebook and feedback.
MAX_IMAGES_PER_CELL = 4
MAX_IMAGE_CHARS = 2**20  # base64 characters of one PNG (about 750 kB); the course's figures take 20-500 kB
MAX_IMAGE_CHARS_PER_NOTEBOOK = 4 * 2**20  # notebook 3, the most, keeps about 860,000
MAX_TEXT_CHARS_PER_NOTEBOOK = 10 * OUTPUT_LIMIT  # the course's skipped cells print at most about 2,000 per notebook
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_BASE64 = re.compile(r"[A-Za-z0-9+/=\s]*")


def _png(data: object) -> str | None:
    """``data`` as a notebook's base64 PNG if it is one (so it is safe in an ``<img src>``), else ``None``."""
    if isinstance(data, list):  # nbformat allows a multi-line string as a list of lines
        data = "".join(x for x in data if isinstance(x, str))
    if not isinstance(data, str) or len(data) > MAX_IMAGE_CHARS or not _BASE64.fullmatch(data):
        return None
    try:
        raw = base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    return data if raw.startswith(PNG_SIGNATURE) else None


def _text(value: object) -> str:
    return "".join(x for x in value if isinstance(x, str)) if isinstance(value, list) else str(value or "")


@dataclass
class Budget:
    """What a notebook's kept outputs may still take: base64 characters of PNG images, characters of text."""

    image_chars: int = MAX_IMAGE_CHARS_PER_NOTEBOOK
    text_chars: int = MAX_TEXT_CHARS_PER_NOTEBOOK


def own_outputs(outputs: list, budget: Budget) -> list[NotebookNode]:
    """The outputs of a student's own run that are safe to show, taken out of ``budget``.

    Kept: PNG images (checked to be base64 PNG data, each at most
    ``MAX_IMAGE_CHARS``, at most ``MAX_IMAGES_PER_CELL``) and plain text
    (printed text, and the ``text/plain`` of results; at most ``OUTPUT_LIMIT``
    characters per cell, plus a truncation note), all within what ``budget``
    has left. Everything is rebuilt as ``display_data`` or ``stdout`` without
    metadata: no HTML, JavaScript or other MIME type, no ``execute_result`` or
    ``error`` (nbgrader reads those as a score), no attributes a renderer
    would copy into the page. Returns no outputs when nothing is kept, else a
    note saying where they come from, then the outputs.
    """
    kept: list[NotebookNode] = []
    text, images = "", 0
    for output in outputs[:1000]:
        kind = output.get("output_type") if isinstance(output, dict) else None
        if kind == "stream":
            text += _text(output.get("text"))
            continue
        if kind not in ("display_data", "execute_result") or not isinstance(output.get("data"), dict):
            continue
        png = _png(output["data"].get("image/png"))
        if png is not None and images < MAX_IMAGES_PER_CELL and len(png) <= budget.image_chars:
            if text:
                kept.append(new_output("stream", name="stdout", text=text))
                text = ""
            kept.append(new_output("display_data", data={"image/png": png, "text/plain": "<a figure>"}))
            images, budget.image_chars = images + 1, budget.image_chars - len(png)
        elif "text/plain" in output["data"]:
            text += _text(output["data"]["text/plain"]) + "\n"
    if text:
        kept.append(new_output("stream", name="stdout", text=text))
    room = min(OUTPUT_LIMIT, budget.text_chars)
    for output in [o for o in kept if o.output_type == "stream"]:  # the texts share the room, in order
        if room < 100:
            kept.remove(output)
            continue
        output.text = bounded_text(output.text, room)
        room -= len(output.text)
        budget.text_chars -= len(output.text)
    if not kept:
        return []
    note = new_output("display_data", data={"text/html": f'<p class="{OWN_RUN_CLASS}">{OWN_RUN_NOTE}</p>',
                                            "text/plain": f"[{OWN_RUN_NOTE}]"})
    return [note] + kept


class KeepOwnOutputs(ClearOutput):
    """``ClearOutput`` that keeps the safe part of a ``skip-grading`` cell's outputs from the student's run.

    Run it after ``RestoreMissingTests`` so the cell flags it reads are the
    gradebook's: a test or solution cell never keeps anything, whatever its
    tags. Test cells' outputs are written by the grader in any case.
    """

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        self._budget = Budget()
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int) -> tuple[NotebookNode, dict]:
        keep = (cell.cell_type == "code" and SKIP_TAG in cell.metadata.get("tags", [])
                and not is_grade(cell) and not is_solution(cell))
        outputs = cell.get("outputs", []) if keep and isinstance(cell.get("outputs"), list) else []
        cell, resources = super().preprocess_cell(cell, resources, index)
        if outputs:
            cell.outputs = own_outputs(outputs, self._budget)
        return cell, resources


class CourseGetGrades(GetGrades):
    """nbgrader's ``GetGrades``, which also records whether a comment was written by a person.

    nbgrader gives every untouched solution cell the automatic comment "No
    response."; the summary lists only the comments an instructor wrote.
    """

    def _get_comment(self, cell: NotebookNode, resources: dict) -> None:
        comment = self.gradebook.find_comment(cell.metadata["nbgrader"]["grade_id"], self.notebook_id,
                                              self.assignment_id, self.student_id)
        cell.metadata.nbgrader["comment"] = comment.comment
        cell.metadata.nbgrader["manual_comment"] = bool(comment.manual_comment)


class FeedbackSummary(NbGraderPreprocessor):
    """The summary of the feedback page, one entry per exercise, and test cells without their score output.

    Puts ``resources["course_feedback"]["exercises"]``, a list of dicts with
    ``name``, ``anchor``, ``score``, ``points`` and ``comment_anchor`` (the
    exercise's solution cell, when an instructor commented on it, else
    ``None``), and ``own_run_class``, for the template ``autograder/templates/course_feedback``. Run
    it after ``GetGrades``, which puts the scores in the cells' metadata.
    """

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        commented = {c.metadata.nbgrader["grade_id"] for c in nb.cells
                     if is_solution(c) and c.metadata.nbgrader.get("manual_comment")}
        exercises = []
        for cell in nb.cells:
            if not is_grade(cell) or is_solution(cell):
                continue
            grade_id = cell.metadata.nbgrader["grade_id"]
            name = grade_id.removeprefix(TEST_PREFIX)
            exercises.append({"name": name, "anchor": grade_id, "score": cell.metadata.nbgrader.get("score"),
                              "points": cell.metadata.nbgrader.get("points"),
                              "comment_anchor": f"comment-{name}" if name in commented else None})
            if cell.cell_type == "code":  # the score is in the summary and the cell's heading
                cell.outputs = [o for o in cell.outputs if o.output_type != "execute_result"]
        resources["course_feedback"] = {"exercises": exercises, "own_run_class": OWN_RUN_CLASS}
        return nb, resources
