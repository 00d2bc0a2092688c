"""Build the generated parts of the course from ``utils/`` and ``source/``.

``python -m autograder build`` runs four steps for every assignment:

1. **student files**: the ``utils`` package students get with the notebook
   (helpers and public tests as data, :mod:`autograder.student_files`) is
   written into ``source/<a>/``, where nbgrader picks it up;
2. **solutions**: each solution cell of ``source/<a>/<a>.ipynb`` receives the
   source of its reference function from ``utils`` (written once, there);
3. **answer keys**: the source notebook runs top to bottom (nbclient) and is
   saved with its outputs as ``notebooks/<a>.ipynb``; what each demo cell
   prints is copied into the "Expected output" cell after it, in both files,
   with the digits that depend on the processor masked
   (:mod:`autograder.kernel_digits`, which also writes nbval's sanitize file);
4. **release**: ``nbgrader generate_assignment`` runs in a scratch course and
   its student version (notebook and student files) is copied to
   ``release/<a>/``.

A quiz (:mod:`autograder.quiz_notebooks`) is built the same way, except that its
source notebook is written whole from ``utils/quizzes/<quiz>.py`` first and has
no solution to sync: its answer key is the source notebook with the key
written into the answer cells.

It also writes the students' Jupyter configuration, ``release/jupyter/``
(:mod:`autograder.student_environment`).

Tests rebuild each step and fail when a committed file differs.
"""

from __future__ import annotations

import inspect
import shutil
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode

from autograder import kernel_digits
from autograder.assignments import ASSIGNMENTS, COURSE_ITEMS, QUIZZES, Assignment
from autograder.nbgrader_cli import nbgrader
from autograder.quiz_notebooks import quiz_notebook, with_key
from autograder.student_environment import write_student_environment
from autograder.student_files import PACKAGE, write_student_files

ROOT = Path(__file__).resolve().parent.parent
EXPECTED_TAG = "expected-output"
EXPECTED_HEADING = "**Expected output**"
VOLATILE_TAG = "nbval-ignore-output"  # timings: nbval does not compare them, and a rebuild keeps them


def source_notebook(name: str) -> Path:
    return ROOT / "source" / name / f"{name}.ipynb"


def answer_key(name: str) -> Path:
    return ROOT / "notebooks" / f"{name}.ipynb"


def solution_cell_source(function) -> str:
    """Text of the solution cell that defines ``function``."""
    return f"# GRADED FUNCTION: {function.__name__}\n\n" + inspect.getsource(function).rstrip() + "\n"


def sync_solutions(nb: NotebookNode, assignment: Assignment) -> list[str]:
    """Write each reference function into its solution cell; return the names whose cell changed."""
    changed = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        exercise = assignment.exercises().get(meta.get("grade_id")) if meta.get("solution") else None
        if exercise is not None:
            text = solution_cell_source(exercise.reference)
            if cell.source != text:
                cell.source = text
                changed.append(exercise.name)
    return changed


def execute(nb: NotebookNode, timeout: int = 600) -> NotebookNode:
    """Run a copy of ``nb`` top to bottom in a fresh kernel and return it."""
    executed = nbformat.from_dict(nb)
    client = NotebookClient(executed, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    client.execute()
    return executed


def printed_text(cell: NotebookNode) -> str:
    """What a code cell printed: its stdout and its result's plain text."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream" and output.name == "stdout":
            parts.append(output.text)
        elif output.output_type == "execute_result":
            parts.append(output.data.get("text/plain", "") + "\n")
    return "".join(parts).rstrip("\n")


def expected_output_markdown(text: str) -> str:
    """The "Expected output" cell for what a demo cell printed, processor-dependent digits masked."""
    masked = kernel_digits.mask(text)
    note = f"\n\n{kernel_digits.NOTE}" if masked != text else ""
    return f"{EXPECTED_HEADING}\n\n```text\n{masked}\n```{note}"


def write_nbval_sanitize_file() -> Path:
    path = ROOT / "notebooks" / kernel_digits.SANITIZE_FILE
    path.write_text(kernel_digits.sanitize_config())
    return path


def expected_output_pairs(nb: NotebookNode) -> list[tuple[int, int]]:
    """(demo cell, expected-output cell) index pairs: each tagged cell follows its demo."""
    pairs = []
    for i, cell in enumerate(nb.cells):
        if EXPECTED_TAG in cell.metadata.get("tags", []):
            if i == 0 or nb.cells[i - 1].cell_type != "code":
                raise ValueError(f"expected-output cell {i} must follow a code cell")
            pairs.append((i - 1, i))
    return pairs


def fill_expected_outputs(nb: NotebookNode, executed: NotebookNode) -> None:
    for demo, expected in expected_output_pairs(nb):
        text = expected_output_markdown(printed_text(executed.cells[demo]))
        nb.cells[expected].source = text
        executed.cells[expected].source = text


def keep_volatile_outputs(executed: NotebookNode, previous_path: Path) -> None:
    """Reuse the committed outputs of unchanged timing cells, so a rebuild changes nothing."""
    if not previous_path.exists():
        return
    previous = {c.get("id"): c for c in nbformat.read(previous_path, as_version=4).cells}
    for cell in executed.cells:
        old = previous.get(cell.get("id"))
        if VOLATILE_TAG in cell.metadata.get("tags", []) and old is not None and old.source == cell.source:
            cell.outputs = old.outputs


def build_answer_key(assignment: Assignment) -> None:
    path = source_notebook(assignment.name)
    nb = nbformat.read(path, as_version=4)
    sync_solutions(nb, assignment)
    executed = execute(nb)
    keep_volatile_outputs(executed, answer_key(assignment.name))
    fill_expected_outputs(nb, executed)
    nbformat.write(nb, path)
    answer_key(assignment.name).parent.mkdir(exist_ok=True)
    nbformat.write(executed, answer_key(assignment.name))


def write_quiz_source(quiz: str) -> Path:
    """Write ``source/<quiz>/<quiz>.ipynb`` from the quiz's questions (no key in it)."""
    path = source_notebook(quiz)
    path.parent.mkdir(exist_ok=True)
    nbformat.write(quiz_notebook(quiz), path)
    return path


def build_quiz_answer_key(quiz: str) -> None:
    executed = execute(with_key(nbformat.read(source_notebook(quiz), as_version=4), quiz))
    answer_key(quiz).parent.mkdir(exist_ok=True)
    nbformat.write(executed, answer_key(quiz))


def prepare_course_source(name: str, course: Path) -> Path:
    """Put the assignment's source notebook and fresh student files into ``course/source/<name>/``."""
    folder = course / "source" / name
    shutil.copytree(ROOT / "source" / name, folder, ignore=shutil.ignore_patterns(PACKAGE, "__pycache__"))
    write_student_files(name, folder)
    return folder


def generate_release(name: str, destination: Path) -> Path:
    """Run ``nbgrader generate_assignment`` in a scratch course; copy the result to ``destination/name``."""
    with tempfile.TemporaryDirectory(prefix="course-release-") as scratch:
        course = Path(scratch)
        prepare_course_source(name, course)
        shutil.copy(ROOT / "nbgrader_config.py", course)
        nbgrader("generate_assignment", name, "--force", cwd=course)
        target = destination / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(course / "release" / name, target)
    return target


def build(names: list[str] | None = None) -> None:
    """Rebuild solutions, answer keys and releases (all assignments and quizzes by default)."""
    write_nbval_sanitize_file()
    for name in names or list(COURSE_ITEMS):
        if name in QUIZZES:
            print(f"[build] {name}: quiz notebook", flush=True)
            write_quiz_source(name)
        print(f"[build] {name}: student files", flush=True)
        write_student_files(name, ROOT / "source" / name)
        print(f"[build] {name}: {'answer key' if name in QUIZZES else 'solutions and answer key'}", flush=True)
        if name in QUIZZES:
            build_quiz_answer_key(name)
        else:
            build_answer_key(ASSIGNMENTS[name])
        print(f"[build] {name}: release", flush=True)
        generate_release(name, ROOT / "release")
    print(f"[build] students' Jupyter configuration: {write_student_environment()}", flush=True)
