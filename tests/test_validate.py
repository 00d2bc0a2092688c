"""What a student sees when a public test fails: the report, in the notebook and in nbgrader's Validate.

A copy of the notebook-1 release gets the answer key's solutions, except for
one exercise written with a known mistake. Executed as JupyterLab would run
it, the failing test cell shows the report as its error output and nothing
else (no traceback through the course's code); ``nbgrader validate`` counts
that cell as failed and prints the same report as the reason.

Validate and its time limit (:mod:`autograder.course_validation`): a cell the
limit cut off is a failed cell, named in the report, even when it is not
graded. Proved on the hook alone (no kernel) and with ``nbgrader validate``
on a copy of notebook 5 with the answer key, under the students' configuration
with a limit of a few seconds, which cuts off its training cells.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook, new_output
from nbgrader.preprocessors import Execute
from nbgrader.utils import compute_checksum
from nbgrader.validator import Validator

from autograder.build import ROOT, source_notebook
from autograder.course_validation import CUT_OFF_MESSAGE, FailCutOffCells
from autograder.nbgrader_cli import nbgrader
from autograder.submissions import replace_solution, solution_cell
from utils.data import configured_data_dir

ASSIGNMENT = "01_python_basics"
MISSING_KEEPDIMS = "x_norm = np.linalg.norm(x, axis=1)\nx_normalized = x / x_norm"  # cannot broadcast (2, 3) / (2,)
TRAINING = "05_deep_nn_application"
SHORT_LIMIT = 10  # seconds: well above the imports and data loading, well below a training run (32 s when quiet)


@pytest.fixture(scope="module")
def student_copy(tmp_path_factory):
    """A release folder, copied alone, whose notebook has every answer right but normalizeRows."""
    key = replace_solution(nbformat.read(source_notebook(ASSIGNMENT), as_version=4), "normalizeRows", MISSING_KEEPDIMS)
    return release_with_solutions(tmp_path_factory.mktemp("student") / ASSIGNMENT, key)


def release_with_solutions(folder, key):
    """A copy of the release in ``folder`` whose solution cells are those of the notebook ``key``; its path."""
    shutil.copytree(ROOT / "release" / folder.name, folder)
    path = folder / f"{folder.name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cell.source = solution_cell(key, meta["grade_id"]).source
    nbformat.write(nb, path)
    return path


def _test_cell(nb, name):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"test_{name}")


@pytest.mark.e2e
def test_the_failing_test_cell_shows_the_report_and_nothing_else(student_copy):
    nb = nbformat.read(student_copy, as_version=4)
    NotebookClient(nb, timeout=120, allow_errors=True, resources={"metadata": {"path": str(student_copy.parent)}}).execute()
    errors = [o for o in _test_cell(nb, "normalizeRows").outputs if o.output_type == "error"]
    assert len(errors) == 1 and errors[0].ename == "PublicCheckFailed"
    shown = "\n".join(errors[0].traceback)
    assert shown.startswith("normalizeRows: 0 of 1 check passed.")
    assert "keepdims=True" in shown  # the hint of a mistake that raises
    assert "Traceback" not in shown and "File " not in shown and str(ROOT) not in shown
    assert not any(o.output_type == "stream" for o in _test_cell(nb, "normalizeRows").outputs)  # shown once
    others = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("test_")
              and c is not _test_cell(nb, "normalizeRows")]
    assert others and all("All tests passed." in "".join(o.get("text", "") for o in c.outputs) for c in others)


@pytest.mark.e2e
def test_validate_fails_the_cell_and_gives_the_report_as_the_reason(student_copy):
    result = nbgrader("validate", str(student_copy), cwd=student_copy.parent, check=False)
    output = result.stdout + result.stderr
    assert "The following cell failed" in output
    assert "normalizeRows: 0 of 1 check passed." in output
    assert "keepdims=True" in output
    assert "see the report above" not in output
    assert output.count("The following cell failed") == 1, output


# --- cells cut off by Validate's time limit ---------------------------------------------------


def _cell(source: str, **nbgrader_meta) -> nbformat.NotebookNode:
    cell = new_code_cell(source)
    if nbgrader_meta:
        cell.metadata["nbgrader"] = {"schema_version": 3, "grade": False, "solution": False, "locked": False,
                                     **nbgrader_meta}
        if nbgrader_meta.get("locked"):
            cell.metadata.nbgrader["checksum"] = compute_checksum(cell)
    return cell


def _interrupted(cell, index: int, hook: FailCutOffCells, ename: str) -> None:
    """What ``Execute`` leaves after stopping ``cell``: the interruption's traceback, then the hook runs."""
    cell.outputs = [new_output("stream", name="stdout", text="iteration 0\n"),
                    new_output("error", ename="KeyboardInterrupt", evalue="", traceback=["KeyboardInterrupt"])]
    hook(cell=cell, cell_index=index, execute_reply={"content": {"status": "error", "ename": ename}})


def test_a_cut_off_cell_fails_validation_whatever_kind_of_cell_it_is():
    timeout_name = Execute().error_on_timeout["ename"]
    hook = FailCutOffCells(timeout=7)
    locked = _cell("train()", grade_id="train", locked=True)
    tampered = _cell("plot()", grade_id="plot", locked=True)
    solution = _cell("def f():\n    while True: pass", grade_id="f", solution=True)
    added = _cell("while True: pass")  # a cell the student added: no nbgrader metadata
    other_error = _cell("1 / 0", grade_id="ratio", locked=True)
    nb = new_notebook(cells=[locked, tampered, solution, added, other_error])
    tampered.source = "plot(everything)"
    for index, cell in enumerate(nb.cells[:4]):
        _interrupted(cell, index, hook, timeout_name)
    _interrupted(other_error, 4, hook, "ZeroDivisionError")

    validator = Validator()
    assert validator._get_failed_cells(nb) == [locked, tampered, solution, added]
    assert validator._get_changed_cells(nb) == [tampered]  # the hook hides no change a student made
    for cell in (locked, solution, added):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert len(errors) == 1 and errors[0].ename == timeout_name
        assert errors[0].evalue == CUT_OFF_MESSAGE.format(timeout=7)
        assert all(len(line) <= 80 for line in errors[0].traceback)  # Validate cuts longer lines
        assert "iteration 0" in cell.outputs[0].text  # what it printed before is kept
    assert not other_error.metadata.nbgrader["grade"]  # other errors are left to nbgrader


@pytest.fixture(scope="module")
def training_copy(tmp_path_factory):
    """Notebook 5's release with the answer key, and the students' configuration with a short time limit."""
    scratch = tmp_path_factory.mktemp("validate-training")
    path = release_with_solutions(scratch / TRAINING, nbformat.read(source_notebook(TRAINING), as_version=4))
    config = shutil.copytree(ROOT / "release" / "jupyter", scratch / "jupyter")
    with (config / "nbgrader_config.py").open("a") as file:
        file.write(f"_validation.configure_validate(c, timeout={SHORT_LIMIT})\n")
    return path, config


@pytest.mark.e2e
def test_validate_reports_the_training_cells_it_cut_off(training_copy, monkeypatch):
    path, config = training_copy
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(config))
    # The copy is outside the repository, so the notebook finds the data only through the variable; without
    # the data the training cells would not train at all, and nothing would be cut off.
    monkeypatch.setenv("COURSE_DATA_DIR", str(configured_data_dir()))
    result = nbgrader("validate", str(path), cwd=path.parent, check=False)
    output = result.stdout + result.stderr
    assert "Success" not in output, output
    assert "VALIDATION FAILED" in output, output
    failed = output.split("The following cell failed:")[1:]
    trainings = [c for c in nbformat.read(path, as_version=4).cells
                 if c.metadata.get("nbgrader", {}).get("grade_id") in ("train_two_layer", "train_L_layer")]
    cut_off = [part for part in failed if f"stopped this cell after {SHORT_LIMIT} seconds" in part]
    # The 4-layer run takes 32 s on a quiet machine, so it is always cut off; the 2-layer one usually.
    assert any(trainings[-1].source.splitlines()[0] in part for part in cut_off), output
    assert all(any(c.source.splitlines()[0] in part for c in trainings) for part in cut_off), output
    assert "check(" not in output  # the graded test cells themselves pass
