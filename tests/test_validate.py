"""What a student sees when a public test fails: the report, in the notebook and in nbgrader's Validate.

A copy of the notebook-1 release gets the answer key's solutions, except for
one exercise written with a known mistake. Executed as JupyterLab would run
it, the failing test cell shows the report as its error output and nothing
else (no traceback through the course's code); ``nbgrader validate`` counts
that cell as failed and prints the same report as the reason.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.build import ROOT, source_notebook
from autograder.nbgrader_cli import nbgrader
from autograder.submissions import replace_solution, solution_cell

ASSIGNMENT = "01_python_basics"
MISSING_KEEPDIMS = "x_norm = np.linalg.norm(x, axis=1)\nx_normalized = x / x_norm"  # cannot broadcast (2, 3) / (2,)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def student_copy(tmp_path_factory):
    """A release folder, copied alone, whose notebook has every answer right but normalizeRows."""
    folder = tmp_path_factory.mktemp("student") / ASSIGNMENT
    shutil.copytree(ROOT / "release" / ASSIGNMENT, folder)
    path = folder / f"{ASSIGNMENT}.ipynb"
    key = replace_solution(nbformat.read(source_notebook(ASSIGNMENT), as_version=4), "normalizeRows", MISSING_KEEPDIMS)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cell.source = solution_cell(key, meta["grade_id"]).source
    nbformat.write(nb, path)
    return path


def _test_cell(nb, name):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"test_{name}")


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


def test_validate_fails_the_cell_and_gives_the_report_as_the_reason(student_copy):
    result = nbgrader("validate", str(student_copy), cwd=student_copy.parent, check=False)
    output = result.stdout + result.stderr
    assert "The following cell failed" in output
    assert "normalizeRows: 0 of 1 check passed." in output
    assert "keepdims=True" in output
    assert "see the report above" not in output
    assert output.count("The following cell failed") == 1, output
