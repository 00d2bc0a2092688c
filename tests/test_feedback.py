"""What a student reads after grading: report wording, warnings by origin, kept figures, the feedback summary.

These tests run in-process (no nbgrader command); the feedback HTML that plain
``nbgrader generate_feedback`` writes is tested in tests/test_grading_e2e.py.
"""

from __future__ import annotations

import base64
import re

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from autograder.feedback import (
    MAX_IMAGE_CHARS,
    MAX_IMAGES_PER_CELL,
    MAX_TEXT_CHARS_PER_NOTEBOOK,
    OWN_RUN_NOTE,
    PNG_SIGNATURE,
    Budget,
    FeedbackSummary,
    KeepOwnOutputs,
    own_outputs,
)
from autograder.grade import OUTPUT_LIMIT, SKIP_TAG, _report, _which_checks
from utils.checks import Case, CaseResult, call_locally, judge
from utils.exercises import expectation
from utils.exercises.python_basics import EXERCISES

PNG = base64.b64encode(PNG_SIGNATURE + b"\x00" * 64).decode()


def _result(passed: bool, warnings: list[str]) -> CaseResult:
    return CaseResult(Case((1,)), [] if passed else ["the result has wrong values"], [], warnings)


@pytest.mark.parametrize("public, total, sentence", [
    (1, 2, "Check 1 is the public test you ran in the notebook; check 2 uses an input drawn at grading time (seed 7)."),
    (1, 6, "Check 1 is the public test you ran in the notebook; checks 2 to 6 use inputs drawn at grading time "
           "(seed 7)."),
    (2, 3, "Checks 1 and 2 are the public tests you ran in the notebook; check 3 uses an input drawn at grading time "
           "(seed 7)."),
    (3, 5, "Checks 1 to 3 are the public tests you ran in the notebook; checks 4 and 5 use inputs drawn at grading "
           "time (seed 7)."),
    (0, 4, "Checks 1 to 4 use inputs drawn at grading time (seed 7)."),
    (2, 2, "Checks 1 and 2 are the public tests you ran in the notebook."),
])
def test_the_report_names_the_public_and_hidden_checks_for_every_count(public, total, sentence):
    assert _which_checks(public, total, 7) == sentence
    assert not re.search(r"\b(\d+)-\1\b", sentence)  # never "Checks 1-1"


def test_warnings_come_last_labelled_by_origin_and_only_when_they_matter():
    results = [_result(True, ["UserWarning: mine"]), _result(True, ["RuntimeWarning: overflow encountered in exp"]),
               _result(False, ["RuntimeWarning: invalid value encountered in divide", "UserWarning: mine"])]
    report = _report("f", results, 0.0, 1.0, 7, public=1, problems=["Your notebook stopped while it was run."])
    lines = report.splitlines()
    own = lines.index("  Warnings from your code on the public tests (they do not cost points):")
    hidden = next(i for i, line in enumerate(lines) if line.startswith("  Warnings from your code on the grader's"))
    assert lines[own + 1] == "    UserWarning: mine"
    assert lines[hidden + 1:] == ["    RuntimeWarning: invalid value encountered in divide"]  # no repeat of "mine"
    assert "overflow" not in report  # a passing check on a hidden input: the warning does not matter
    checks = [i for i, line in enumerate(lines) if "] check " in line]
    assert max(checks) < lines.index("Your notebook stopped while it was run.") < own < hidden
    assert report.startswith("Graded by the course autograder: 0 of 1 point. ")


def test_a_correct_sigmoid_warns_only_on_the_graders_large_inputs_and_the_report_says_nothing_of_it():
    exercise = EXERCISES["sigmoid"]
    large = Case((np.array([-800.0, 0.0, 800.0]),), label="large inputs")
    cases = exercise.public_cases() + [large]
    results = [judge(expectation(exercise, c), c, call_locally(exercise.reference, c)) for c in cases]
    assert all(r.passed for r in results) and results[-1].warnings  # np.exp(800) overflows, correctly
    report = _report("sigmoid", results, 1.0, 1.0, 7, len(exercise.public_cases()))
    assert "Warning" not in report


def _display(data: dict, kind: str = "display_data") -> nbformat.NotebookNode:
    """An output as a submission may hold it: not validated, with metadata a renderer would copy into the page."""
    output = {"output_type": kind, "data": data, "metadata": {"image/png": {"width": '1" onerror="alert(1)'}}}
    return nbformat.from_dict(output | ({"execution_count": 3} if kind == "execute_result" else {}))


def test_own_outputs_keep_png_and_plain_text_only():
    outputs = [new_output("stream", name="stdout", text="Iteration 0: cost = 0.69\n"),
               _display({"image/png": PNG, "text/plain": "<Figure>", "text/html": "<script>alert(1)</script>"}),
               _display({"text/html": "<img src=x onerror=alert(1)>", "application/javascript": "alert(1)"}),
               _display({"text/plain": "0.75"}, "execute_result"),
               new_output("error", ename="ValueError", evalue="x", traceback=["..."])]
    kept = own_outputs(outputs, Budget())
    assert kept[0].data["text/plain"] == f"[{OWN_RUN_NOTE}]"
    assert [o.output_type for o in kept] == ["display_data", "stream", "display_data", "stream"]
    assert kept[1].text == "Iteration 0: cost = 0.69\n" and kept[3].text == "0.75\n"
    assert set(kept[2].data) == {"image/png", "text/plain"} and kept[2].data["image/png"] == PNG
    assert all(not o.get("metadata") for o in kept[1:])
    assert "alert" not in str(kept) and "ValueError" not in str(kept)


@pytest.mark.parametrize("data", [
    base64.b64encode(b"GIF89a" + b"\x00" * 64).decode(),  # not a PNG
    PNG[:-4] + '"><script>',  # would leave the src attribute
    "A" * (MAX_IMAGE_CHARS + 4),  # too large
    12345,
])
def test_own_outputs_refuse_what_is_not_a_bounded_png(data):
    budget = Budget()
    assert own_outputs([_display({"image/png": data})], budget) == [] and budget == Budget()


def test_own_outputs_are_bounded():
    many = [_display({"image/png": PNG, "text/plain": "<Figure>"}) for _ in range(MAX_IMAGES_PER_CELL + 3)]
    budget = Budget()
    kept = own_outputs(many, budget)
    assert sum("image/png" in o.get("data", {}) for o in kept) == MAX_IMAGES_PER_CELL
    assert budget.image_chars == Budget().image_chars - MAX_IMAGES_PER_CELL * len(PNG)
    kept = own_outputs(many, Budget(image_chars=len(PNG)))  # the notebook's budget holds one more figure
    assert sum("image/png" in o.get("data", {}) for o in kept) == 1
    long_text = [new_output("stream", name="stdout", text="x" * (3 * OUTPUT_LIMIT))]
    budget = Budget()
    texts = [own_outputs(long_text, budget)[1].text for _ in range(MAX_TEXT_CHARS_PER_NOTEBOOK // OUTPUT_LIMIT)]
    assert all(len(text) <= OUTPUT_LIMIT and "truncated" in text for text in texts)
    assert own_outputs(long_text, budget) == []  # the notebook's text budget is spent


def test_only_cells_the_grader_skips_keep_their_outputs():
    figure = _display({"image/png": PNG, "text/plain": "<Figure>"})
    shown = new_code_cell("plot()", metadata={"tags": [SKIP_TAG]}, outputs=[figure])
    ran = new_code_cell("print(1)", outputs=[new_output("stream", name="stdout", text="1\n")])
    test = new_code_cell("check('f', f)", outputs=[figure, _display({"text/plain": "1.0"}, "execute_result")],
                         metadata={"tags": [SKIP_TAG], "nbgrader": {"grade": True, "grade_id": "test_f", "points": 1,
                                                                      "solution": False, "locked": True}})
    solution = new_code_cell("def f(): ...", outputs=[figure],
                             metadata={"tags": [SKIP_TAG], "nbgrader": {"grade": False, "grade_id": "f",
                                                                          "solution": True, "locked": False}})
    nb, _ = KeepOwnOutputs().preprocess(new_notebook(cells=[shown, ran, test, solution]), {})
    assert [len(c.outputs) for c in nb.cells] == [2, 0, 0, 0]
    assert nb.cells[0].outputs[1].data["image/png"] == PNG


def test_the_summary_names_each_exercise_and_the_score_output_is_dropped():
    def graded_cell(grade_id, score, **flags):
        nbgrader = {"grade": True, "grade_id": grade_id, "points": 2.0, "score": score, "solution": False} | flags
        return new_code_cell("check()", metadata={"nbgrader": nbgrader}, outputs=[
            new_output("stream", name="stdout", text="Graded by the course autograder: ...\n"),
            new_output("execute_result", data={"text/plain": repr(score)}, execution_count=None)])
    solution = new_code_cell("def f(): ...", metadata={"nbgrader": {
        "grade": False, "solution": True, "grade_id": "f", "comment": "Nice", "manual_comment": True}})
    nb = new_notebook(cells=[solution, graded_cell("test_f", 2.0), graded_cell("test_g", 0.5)])
    nb, resources = FeedbackSummary().preprocess(nb, {})
    assert resources["course_feedback"]["exercises"] == [
        {"name": "f", "anchor": "test_f", "score": 2.0, "points": 2.0, "comment_anchor": "comment-f"},
        {"name": "g", "anchor": "test_g", "score": 0.5, "points": 2.0, "comment_anchor": None}]
    assert all(o.output_type == "stream" for c in nb.cells for o in c.outputs)


def test_an_error_at_grading_time_quotes_the_lines_of_the_cells_it_went_through():
    from autograder.sandbox_worker import _compile_cell, _student_traceback

    namespace: dict = {}
    exec(_compile_cell("def f(x):\n    return x['a']\n", "<cell 12>"), namespace)
    with pytest.raises(TypeError) as error:
        exec(_compile_cell("y = 1\nf(None)\n", "<cell 13>"), namespace)
    assert _student_traceback(error.value).splitlines() == [
        "  <cell 13>, line 2: f(None)", "  <cell 12>, line 2: return x['a']"]


def test_the_formgrader_shows_report_lines_wrapped():
    """The formgrader's exporter, configured as nbgrader's formgrader does and then by the course configuration."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader.formgrader import FormgradeExtension
    from traitlets.config import Config

    from autograder.nbgrader_config import configure

    config = FormgradeExtension().build_extra_config()
    course = Config()
    configure(course)
    config.merge(course)
    report = "Graded by the course autograder: 0 of 1 point. " + "expected 0.5, got 0.25 " * 40
    test = new_code_cell("check('f', f)", outputs=[new_output("stream", name="stdout", text=report)],
                         metadata={"nbgrader": {"grade": True, "grade_id": "test_f", "points": 1, "solution": False,
                                                "locked": True, "score": 0}})
    resources = {"assignment_id": "a", "notebook_id": "a", "submission_id": "s", "index": 0, "total": 1,
                 "base_url": "", "student": "s", "last_name": "L", "first_name": "F", "notebook_path": "a.ipynb"}
    page, _ = HTMLExporter(config=config).from_notebook_node(new_notebook(cells=[test]), resources=resources)
    head = page[:page.index("</head>")]
    assert re.search(r"div\.output_area pre[^{]*\{[^}]*white-space: pre-wrap", head)
    assert "Submission 1 / 1" in page and report in page  # nbgrader's formgrade page, with the report


@pytest.mark.parametrize("printed, text", [
    ("", "When the grader ran this cell, it raised TypeError: x\n"),
    ("partial", "partial\nWhen the grader ran this cell, it raised TypeError: x\n"),
    ("a line\n", "a line\nWhen the grader ran this cell, it raised TypeError: x\n"),
])
def test_an_error_at_grading_time_reads_as_a_sentence_after_what_the_cell_printed(printed, text):
    from autograder.grade import _cell_outputs
    from autograder.sandbox import CellRun

    (output,) = _cell_outputs(CellRun(5, printed, "TypeError: x"))
    assert output.text == text
