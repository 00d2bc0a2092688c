"""The files a student gets beside an assignment's notebook: a ``utils`` package and the public tests.

The student package holds the course modules the notebook imports, and what
those import in turn (data loading, plotting, activations, the comparison
engine...), copied from ``utils/``, plus the public tests as plain data
(:mod:`autograder.public_data`). It never holds a module of reference
solutions, except one the assignment gives as helpers
(``allowed_references``: notebook 5 gets notebook 4's functions), and never
``utils/exercises`` (hidden-case generators and wrong implementations) or
``utils/quizzes`` (the quizzes' keys). A quiz's package holds what its
notebook imports (:mod:`utils.answer_formats`) and what the grader's sandbox
worker imports from a release: it has no public tests.

``build`` writes these files into ``source/<a>/`` (generated, not committed),
so that nbgrader's own ``generate_assignment`` copies them into the release,
as it does with every file beside a source notebook.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import nbformat
from IPython.core.inputtransformer2 import TransformerManager

from autograder.assignments import ASSIGNMENTS, QUIZZES, reference_modules
from autograder.public_data import public_suite_bytes
from utils.public_tests import data_file

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "utils"
# What the grader's sandbox worker imports from the release it grades (autograder/sandbox_worker.py).
WORKER_NEEDS = ("utils.checks", "utils.plain_data")
# Modules every release of a notebook needs: the public tests, and what they read and judge with.
ALWAYS = ("utils.public_tests", *WORKER_NEEDS)
# Instructor-side packages: no module of theirs ever ships.
NEVER_SHIPPED = (f"{PACKAGE}.exercises", f"{PACKAGE}.quizzes")
# Files that modules read at run time (the sample photo of "try your own image").
RESOURCES = {"utils.data": ("images",)}
INIT_TEXT = '''"""The course's helpers for this assignment: loading data, plotting, and the public tests.

Generated from the course's code when the assignment was released: edit nothing here.
"""
'''


class ReleaseLeak(RuntimeError):
    """A student release would contain something students must not get."""


def imported_modules(source: str) -> set[str]:
    """Dotted names of the ``utils`` modules a piece of Python (or notebook cell) imports."""
    tree = ast.parse(TransformerManager().transform_cell(source))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in names if name.startswith(PACKAGE + ".") and _module_file(name).is_file()}


def _module_file(module: str) -> Path:
    return ROOT.joinpath(*module.split(".")).with_suffix(".py")


def _property_modules(assignment: str) -> set[str]:
    if assignment in QUIZZES:
        return set()
    checks = {p.check for e in ASSIGNMENTS[assignment].exercises().values() for p in e.properties}
    return {check.split(":")[0] for check in checks}


def student_modules(assignment: str) -> list[str]:
    """The ``utils`` modules the assignment's students get, sorted.

    Raises
    ------
    ReleaseLeak
        If one of them holds reference solutions the assignment does not give,
        or comes from ``utils.exercises``.
    """
    nb = nbformat.read(ROOT / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    wanted = set(WORKER_NEEDS if assignment in QUIZZES else ALWAYS) | _property_modules(assignment)
    for cell in nb.cells:
        if cell.cell_type == "code":
            wanted |= imported_modules(cell.source)
    modules: set[str] = set()
    while wanted:
        module = wanted.pop()
        if module not in modules:
            modules.add(module)
            wanted |= imported_modules(_module_file(module).read_text())
    allowed = set(ASSIGNMENTS[assignment].allowed_references) if assignment in ASSIGNMENTS else set()
    forbidden = (reference_modules() - allowed) & modules
    forbidden |= {m for m in modules if m.startswith(NEVER_SHIPPED)}
    if forbidden:
        raise ReleaseLeak(f"{assignment} would ship {sorted(forbidden)}, which hold answers")
    stand_ins = _graded_function_stand_ins(assignment, modules - allowed)
    if stand_ins:
        raise ReleaseLeak(f"{assignment} would ship {stand_ins}: functions named like exercises it grades, which a "
                          "student could import instead of writing them")
    return sorted(modules)


def _graded_function_stand_ins(assignment: str, modules: set[str]) -> list[str]:
    """``module.name`` of every top-level function in ``modules`` named like one of the assignment's exercises."""
    if assignment in QUIZZES:
        return []
    graded = set(ASSIGNMENTS[assignment].exercises())
    found = []
    for module in sorted(modules):
        tree = ast.parse(_module_file(module).read_text())
        found += [f"{module}.{node.name}" for node in tree.body
                  if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in graded]
    return found


def write_student_files(assignment: str, folder: Path) -> Path:
    """Write the student package of ``assignment`` into ``folder``; return the package folder."""
    package = folder / PACKAGE
    shutil.rmtree(package, ignore_errors=True)
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(INIT_TEXT)
    for module in student_modules(assignment):
        shutil.copyfile(_module_file(module), package / _module_file(module).name)
        for resource in RESOURCES.get(module, ()):
            shutil.copytree(ROOT / PACKAGE / resource, package / resource)
    if assignment in QUIZZES:
        return package
    target = package / data_file(assignment).relative_to(data_file(assignment).parent.parent)
    target.parent.mkdir()
    target.write_bytes(public_suite_bytes(assignment))
    return package
