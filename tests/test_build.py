"""Generated files are up to date with what generates them."""

import json
import re

import nbformat
import pytest

from autograder import kernel_digits
from autograder.assignments import ASSIGNMENTS, COURSE_ITEMS
from autograder.build import (ROOT, answer_key, expected_output_markdown, expected_output_pairs, generate_release,
                              printed_text, solution_cell_source, source_notebook)
from autograder.stubs import END_MARKER, START_MARKER

NAMES = list(ASSIGNMENTS)


def _cells_without_outputs(nb):
    return [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in nb.cells]


@pytest.mark.parametrize("name", NAMES)
def test_solution_cells_are_the_utils_reference(name):
    nb = nbformat.read(source_notebook(name), as_version=4)
    for exercise in ASSIGNMENTS[name].exercises().values():
        cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == exercise.name]
        assert [c.source for c in cells] == [solution_cell_source(exercise.reference)], exercise.name


@pytest.mark.parametrize("name", NAMES)
def test_every_exercise_has_a_test_cell(name):
    nb = nbformat.read(source_notebook(name), as_version=4)
    grade_ids = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells}
    assert {f"test_{e}" for e in ASSIGNMENTS[name].exercises()} <= grade_ids


@pytest.mark.parametrize("name", NAMES)
def test_answer_key_is_the_source_notebook(name):
    source = nbformat.read(source_notebook(name), as_version=4)
    key = nbformat.read(answer_key(name), as_version=4)
    assert _cells_without_outputs(key) == _cells_without_outputs(source)
    assert all(c.execution_count for c in key.cells if c.cell_type == "code"), "answer keys are fully executed"


@pytest.mark.parametrize("name", NAMES)
def test_expected_outputs_are_what_the_answer_key_prints(name):
    # nbval proves the answer key's outputs come from a fresh run; this ties the expected outputs to them.
    key = nbformat.read(answer_key(name), as_version=4)
    pairs = expected_output_pairs(key)
    assert pairs
    for demo, expected in pairs:
        assert key.cells[expected].source == expected_output_markdown(printed_text(key.cells[demo]))


def test_nbval_sanitize_file_is_up_to_date():
    written = (ROOT / "notebooks" / kernel_digits.SANITIZE_FILE).read_text()
    assert written == kernel_digits.sanitize_config(), "run: python -m autograder build"


def _files(folder):
    return {str(p.relative_to(folder)): p for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


@pytest.mark.parametrize("name", list(COURSE_ITEMS))
def test_release_is_up_to_date(name, tmp_path):
    """Every file of ``release/<a>/`` is what a fresh build writes: the notebook, the helpers, the public tests."""
    fresh, committed = _files(generate_release(name, tmp_path)), _files(ROOT / "release" / name)
    assert sorted(fresh) == sorted(committed), "run: python -m autograder build"
    for relative, path in fresh.items():
        if relative.endswith(".ipynb"):
            assert json.loads(path.read_text()) == json.loads(committed[relative].read_text()), relative
        else:
            assert path.read_bytes() == committed[relative].read_bytes(), f"{relative}: run python -m autograder build"


@pytest.mark.parametrize("name", NAMES)
def test_release_has_stubs_and_no_solutions(name):
    release = nbformat.read(ROOT / "release" / name / f"{name}.ipynb", as_version=4)
    text = json.dumps(release)
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    for exercise in ASSIGNMENTS[name].exercises().values():
        cell = next(c for c in release.cells if c.metadata.get("nbgrader", {}).get("grade_id") == exercise.name)
        region = cell.source.split(START_MARKER)[1].split(END_MARKER)[0]
        body = [line.strip() for line in region.split("\n")[1:] if line.strip()]
        assert body and all(re.fullmatch(r".+ = None(, None)*", line) for line in body), body
    assert all(not c.get("outputs") for c in release.cells if c.cell_type == "code")


def test_students_jupyter_config_is_up_to_date():
    """``release/jupyter/`` holds exactly what the build writes, besides what Jupyter writes there when started with it."""
    from autograder.student_environment import FOLDER, JUPYTER_OWN_FILES, student_environment_files

    committed = {relative: path for relative, path in _files(FOLDER).items()
                 if relative.split("/")[0] not in JUPYTER_OWN_FILES}
    fresh = student_environment_files()
    assert sorted(committed) == sorted(fresh), "run: python -m autograder build"
    for relative, text in fresh.items():
        assert committed[relative].read_text() == text, f"release/jupyter/{relative}: run python -m autograder build"
