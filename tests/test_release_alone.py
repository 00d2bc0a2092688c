"""Each release folder works on its own, with only ``release/requirements.txt`` installed.

What a student gets is one folder, ``release/<a>/``: the notebook and its
``utils/`` package (helpers and the public tests, stored as data). These tests
prove that this folder is all a student needs besides the third-party packages
of ``release/requirements.txt``:

1. A fresh virtual environment gets exactly those requirements (``pip install
   -r release/requirements.txt``), and in it, outside a release folder,
   ``import utils`` fails: the course's own code is not installed there.
   Its Jupyter, started with the students' settings (``release/jupyter/``),
   shows nbgrader's Assignment List and Validate and hides the instructor's
   tools.
2. Copied alone to a scratch folder, with the datasets in a ``data/`` folder
   beside the notebook (``COURSE_DATA_DIR`` unset) and the answer key's
   solution cells pasted in, the notebook runs top to bottom in that
   environment's kernel without a single error, and every test cell prints
   "All tests passed.".
3. Copied alone and left untouched (every solution still a stub), every test
   cell of a graded exercise fails with ``PublicCheckFailed``, and what the
   notebook shows is the report alone: first that the function is not
   written yet, then "FAIL" and the exercise's name, no traceback through the
   course's code. No other cell fails: demo cells print what to finish first
   (:func:`utils.progress.ready`), so *Run All* only stops at test cells.

A last cell, added to each copy, prints the kernel's ``sys.prefix`` and where
``utils`` was imported from, so each run also proves it used the fresh
environment and the copied ``utils/``.

Notes
-----
The answer key fills every solution cell of the release (``nbgrader``
``solution: true``), not only the graded exercises': later cells need the
ungraded answers too (the dataset sizes of notebook 2, for example).

The environment takes a minute or two to build (pip's cache helps) and is
built once per session, or once per worker under pytest-xdist. Notebook 5
trains two networks (about a minute), so the whole file takes a few minutes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.assignments import ASSIGNMENTS
from autograder.build import ROOT
from autograder.submissions import solution_cell
from utils.data import configured_data_dir

pytestmark = pytest.mark.e2e

REQUIREMENTS = ROOT / "release" / "requirements.txt"
DATASETS = ("train_catvnoncat.h5", "test_catvnoncat.h5")
NOTEBOOK_TIMEOUT = 1800  # seconds for a whole notebook; notebook 5 trains for about a minute

# Added as the last cell of each copy: which Python ran the kernel, which utils it imported.
PROBE = """\
import json, os, sys
import utils
print(json.dumps({"prefix": sys.prefix, "utils": utils.__file__,
                  "course_data_dir": os.environ.get("COURSE_DATA_DIR")}))
"""
PROBE_ID = "release-alone-probe"


# --- the student's environment ------------------------------------------------------------


def student_env(venv: Path, home: Path) -> dict[str, str]:
    """Environment variables of a student's shell with ``venv`` activated.

    Nothing of the course leaks in: no ``PYTHONPATH``, no ``COURSE_DATA_DIR``,
    and Jupyter's and IPython's per-user folders are fresh ones under
    ``home``, so no kernelspec or startup file of this machine is used.
    BLAS runs on one thread, as in the grader's sandbox: on a busy machine
    OpenBLAS's threads make notebook 5's training ten times slower.
    """
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "PYTHON", "IPYTHON", "VIRTUAL_ENV", "CONDA", "COURSE_DATA_DIR"))}
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        VIRTUAL_ENV=str(venv),
        JUPYTER_DATA_DIR=str(home / "jupyter-data"),
        JUPYTER_CONFIG_DIR=str(home / "jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(home / "jupyter-runtime"),
        JUPYTER_PREFER_ENV_PATH="1",
        IPYTHONDIR=str(home / "ipython"),
        MPLCONFIGDIR=str(home / "matplotlib"),
        OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
    )
    return env


def base_python() -> str:
    """The interpreter the fresh environment is made from."""
    return shutil.which("python3.11") or getattr(sys, "_base_executable", sys.executable)


@pytest.fixture(scope="session")
def fresh_venv(tmp_path_factory) -> Path:
    """A new virtual environment holding only ``release/requirements.txt``.

    Built once per session (once per worker under pytest-xdist). Before it is
    used, it is checked that the course's code cannot be imported in it.
    """
    root = tmp_path_factory.mktemp("student-venv")
    venv = root / "venv"
    subprocess.run([base_python(), "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    env = student_env(venv, root / "home")
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                              "-r", str(REQUIREMENTS)], env=env, capture_output=True, text=True)
    assert install.returncode == 0, f"pip install -r {REQUIREMENTS} failed:\n{install.stdout}\n{install.stderr}"

    elsewhere = root / "not-a-release"
    elsewhere.mkdir()
    for module in ("utils", "autograder"):
        result = subprocess.run([str(python), "-c", f"import {module}"], cwd=elsewhere, env=env,
                                capture_output=True, text=True)
        assert result.returncode != 0 and f"ModuleNotFoundError: No module named '{module}'" in result.stderr, (
            f"`import {module}` works in the fresh environment outside a release: the course is installed there\n"
            f"{result.stderr}")
    return venv


# --- a copied release ---------------------------------------------------------------------


def copy_release(assignment: str, dest: Path) -> Path:
    """``release/<assignment>/`` copied alone to ``dest``, with the datasets in ``dest/data``.

    Returns the path of the copied notebook.
    """
    shutil.copytree(ROOT / "release" / assignment, dest, ignore=shutil.ignore_patterns("__pycache__"))
    (dest / "data").mkdir()
    for name in DATASETS:
        shutil.copy(configured_data_dir() / name, dest / "data" / name)  # where setup put them (COURSE_DATA_DIR)
    return dest / f"{assignment}.ipynb"


def grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def paste_answer_key(notebook: Path, assignment: str) -> None:
    """Replace every solution cell of ``notebook`` by the answer key's cell of the same grade_id."""
    key = nbformat.read(ROOT / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    nb = nbformat.read(notebook, as_version=4)
    solutions = [cell for cell in nb.cells if cell.metadata.get("nbgrader", {}).get("solution")]
    graded = set(ASSIGNMENTS[assignment].exercises())
    assert graded <= {grade_id(cell) for cell in solutions}, "a graded exercise has no solution cell in the release"
    for cell in solutions:
        cell.source = solution_cell(key, grade_id(cell)).source
    nbformat.write(nb, notebook)


def execute(notebook: Path, venv: Path, home: Path, allow_errors: bool) -> nbformat.NotebookNode:
    """Run ``notebook`` top to bottom in ``venv``'s own kernel, as a student's Jupyter would.

    A probe cell is added at the end first (see :data:`PROBE`). Returns the
    executed notebook.
    """
    nb = nbformat.read(notebook, as_version=4)
    probe = nbformat.v4.new_code_cell(PROBE)
    probe.metadata["nbgrader"] = {"grade_id": PROBE_ID}
    nb.cells.append(probe)
    nbformat.write(nb, notebook)

    output = notebook.with_name(notebook.stem + ".executed.ipynb")
    command = [str(venv / "bin" / "python"), "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
               f"--ExecutePreprocessor.timeout={NOTEBOOK_TIMEOUT}", "--ExecutePreprocessor.kernel_name=python3",
               "--output", output.name, notebook.name]
    if allow_errors:
        command.append("--allow-errors")
    result = subprocess.run(command, cwd=notebook.parent, env=student_env(venv, home),
                            capture_output=True, text=True, timeout=NOTEBOOK_TIMEOUT + 120)
    assert result.returncode == 0, f"nbconvert failed on {notebook.name}:\n{result.stderr[-5000:]}"
    return nbformat.read(output, as_version=4)


# --- reading an executed notebook ---------------------------------------------------------


def text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")


def errors(cell) -> list:
    return [o for o in cell.get("outputs", []) if o.output_type == "error"]


def describe(cell, index: int) -> str:
    return f"cell {index} ({grade_id(cell) or 'no grade_id'})"


def public_test_cells(nb) -> dict[str, nbformat.NotebookNode]:
    """The notebook's test cells by exercise name."""
    return {grade_id(c).removeprefix("test_"): c for c in nb.cells if (grade_id(c) or "").startswith("test_")}


def assert_ran_in_the_fresh_venv(nb, venv: Path, folder: Path) -> None:
    probe = nb.cells[-1]
    assert grade_id(probe) == PROBE_ID and not errors(probe), errors(probe)
    seen = json.loads(text(probe).strip().splitlines()[-1])
    assert Path(seen["prefix"]).resolve() == venv.resolve(), f"the kernel ran in {seen['prefix']}, not the fresh venv"
    assert Path(seen["utils"]).resolve().is_relative_to(folder.resolve()), f"utils came from {seen['utils']}"
    assert seen["course_data_dir"] is None


# --- the tests ----------------------------------------------------------------------------


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_release_with_the_answer_key_runs_clean_and_passes_its_public_tests(assignment, fresh_venv, tmp_path):
    folder = tmp_path / assignment
    notebook = copy_release(assignment, folder)
    paste_answer_key(notebook, assignment)

    nb = execute(notebook, fresh_venv, tmp_path / "home", allow_errors=False)

    assert_ran_in_the_fresh_venv(nb, fresh_venv, folder)
    failed = [f"{describe(c, i)}: {e.ename}: {e.evalue}" for i, c in enumerate(nb.cells) for e in errors(c)]
    assert not failed, "\n".join(failed)
    tests = public_test_cells(nb)
    assert set(tests) == set(ASSIGNMENTS[assignment].exercises())
    not_passed = {name: text(cell) for name, cell in tests.items() if "All tests passed." not in text(cell)}
    assert not not_passed, not_passed


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_untouched_release_fails_every_public_test_with_the_report_alone(assignment, fresh_venv, tmp_path):
    folder = tmp_path / assignment
    notebook = copy_release(assignment, folder)

    nb = execute(notebook, fresh_venv, tmp_path / "home", allow_errors=True)

    assert_ran_in_the_fresh_venv(nb, fresh_venv, folder)
    tests = public_test_cells(nb)
    for name in ASSIGNMENTS[assignment].exercises():
        assert name in tests, f"no test cell test_{name}"
        outputs = errors(tests[name])
        assert len(outputs) == 1, f"test_{name}: expected one error output, got {tests[name].outputs}"
        error = outputs[0]
        shown = "\n".join(error.traceback)
        assert error.ename == "PublicCheckFailed", f"test_{name}: {error.ename}: {error.evalue}\n{shown}"
        assert "FAIL" in shown and name in shown, f"test_{name} does not show its report:\n{shown}"
        for leak in ("Traceback", "site-packages", 'File "'):
            assert leak not in shown, f"test_{name} shows {leak!r}, not only the report:\n{shown}"
        assert f"{name} is not written yet" in shown or f"{name}, " in shown.splitlines()[0], (
            f"test_{name} does not say first that {name} is not written yet:\n{shown}")
    # Run All goes on past every other cell: demo cells say what to finish first instead of raising.
    tested = {id(cell) for cell in tests.values()}
    others = [f"{describe(c, i)}: {e.ename}: {e.evalue}" for i, c in enumerate(nb.cells) if id(c) not in tested
              for e in errors(c)]
    assert not others, "cells other than the graded tests fail on an untouched notebook:\n" + "\n".join(others)
    waiting = [c for c in nb.cells if "Not run yet: " in text(c) or ": not done yet (" in text(c)]
    assert waiting, "no demo cell said what to finish first"


def test_jupyter_of_the_student_environment_hides_the_instructor_tools(fresh_venv, tmp_path):
    """With ``release/jupyter/`` (``JUPYTER_CONFIG_DIR``), the fresh environment's Jupyter keeps nbgrader's
    Assignment List and Validate and hides the formgrader and Create Assignment (``tests/test_student_environment.py``).
    """
    from tests.test_student_environment import STUDENT_CONFIG, assert_student_tools_only, probe

    (loaded,) = probe(str(fresh_venv / "bin" / "python"), [(STUDENT_CONFIG, "1")], tmp_path,
                      env=student_env(fresh_venv, tmp_path / "home"))
    assert_student_tools_only(loaded)
