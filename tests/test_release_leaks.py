"""Nothing a student gets holds an answer.

Every file under ``release/`` is read the way a curious student would: code
and notebooks are parsed, and each statement is compared with the graded
functions' reference solutions and with every function of ``utils/exercises``
(hidden-case generators, wrong implementations behind the hints). Names are
normalised away, so renaming variables does not hide a copy. A release may
give an earlier notebook's functions as helpers (``allowed_references``:
notebook 5 gets notebook 4's), never its own or a later notebook's.
"""

from __future__ import annotations

import ast
import inspect
import io
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from autograder.assignments import ASSIGNMENTS
from autograder.build import ROOT
from autograder.stubs import END_MARKER, START_MARKER
from autograder.student_files import student_modules

NAMES = list(ASSIGNMENTS)
CODE_ARCHIVES = {".pyc", ".pyo", ".pyd", ".so", ".whl", ".egg", ".zip", ".tar", ".gz", ".bz2", ".xz", ".pkl",
                 ".pickle", ".joblib"}


class _Anonymous(ast.NodeTransformer):
    """Replace variable and argument names by ``_``, so a copy with other names still matches.

    The names of called functions stay (``forward_propagation(...)``): a
    copied solution keeps calling the course's functions, and keeping them
    tells a solution from ordinary code of the same shape.
    """

    def visit_Call(self, node):
        func = node.func if isinstance(node.func, ast.Name) else self.visit(node.func)
        node.args = [self.visit(a) for a in node.args]
        node.keywords = [self.visit(k) for k in node.keywords]
        node.func = func
        return node

    def visit_Name(self, node):
        return ast.copy_location(ast.Name(id="_", ctx=node.ctx), node)

    def visit_arg(self, node):
        node.arg = "_"
        node.annotation = None
        return node


def normalised(node: ast.AST) -> str:
    """The text of a statement or expression with its variable names replaced by ``_``."""
    return ast.unparse(_Anonymous().visit(ast.parse(ast.unparse(node))))


def _statements(body: list[ast.stmt]) -> list[str]:
    return [normalised(s) for s in body if not _is_docstring(s)]


def blocks(tree: ast.AST) -> list[list[str]]:
    """Every block of statements in ``tree`` (module, function, loop and branch bodies), normalised."""
    found = []
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                found.append(_statements(body))
    return found


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def holds(released: list[list[str]], sequence: list[str]) -> bool:
    """Whether some released block holds ``sequence`` as consecutive statements."""
    n = len(sequence)
    return any(block[i:i + n] == sequence for block in released for i in range(len(block) - n + 1))


def solution_statements(function) -> list[str]:
    """The statements of the part of a reference function the student writes (between the markers)."""
    lines = inspect.getsource(function).split("\n")
    start = next(i for i, line in enumerate(lines) if START_MARKER in line)
    end = next(i for i, line in enumerate(lines) if END_MARKER in line)
    region = textwrap.dedent("\n".join(lines[start + 1:end]))
    return _statements(ast.parse(region).body)


def release_files(name: str) -> list[Path]:
    """The files of ``release/<name>/`` that git tracks (what a clone and an exchange hand out)."""
    listed = subprocess.run(["git", "ls-files", "-z", f"release/{name}"], cwd=ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    return [ROOT / path for path in listed if path]


def code_trees(path: Path) -> list[ast.AST]:
    """The parsed code of a Python file, or of each code cell of a notebook."""
    if path.suffix == ".py":
        return [ast.parse(path.read_text())]
    if path.suffix == ".ipynb":
        return [ast.parse(TransformerManager().transform_cell(cell.source))
                for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]
    return []


def later_or_same(name: str) -> list[str]:
    """Assignments whose answers release ``name`` must not hold: itself and every later one."""
    return NAMES[NAMES.index(name):]


@pytest.fixture(scope="module")
def released_code() -> dict[str, list[list[str]]]:
    """``{assignment: every block of statements in its release}``."""
    return {name: [b for p in release_files(name) for tree in code_trees(p) for b in blocks(tree)] for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_no_release_holds_a_reference_solution(name, released_code):
    given = set(ASSIGNMENTS[name].allowed_references)
    leaks = []
    for later in later_or_same(name):
        for exercise in ASSIGNMENTS[later].exercises().values():
            if exercise.reference.__module__ in given:
                continue
            if holds(released_code[name], solution_statements(exercise.reference)):
                leaks.append(f"{later}: {exercise.name}")
    assert not leaks, f"release/{name} holds the solutions of {leaks}"


@pytest.mark.parametrize("name", NAMES)
def test_no_release_holds_the_exercise_definitions(name, released_code):
    """Hidden-case generators and the wrong implementations behind hints stay with the instructor."""
    leaks = []
    released_text = {normalised(tree) for p in release_files(name) for tree in code_trees(p)}
    for path in sorted((ROOT / "utils" / "exercises").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef):
                body = _statements(node.body)
                leaked = len(body) > 1 and holds(released_code[name], body)
            elif isinstance(node, ast.Lambda):
                text = normalised(node.body)
                leaked = len(text) > 40 and any(text in released for released in released_text)
            else:
                continue
            if leaked:
                leaks.append(f"{path.name}:{node.lineno}")
    assert not leaks, f"release/{name} holds code of utils/exercises: {leaks}"


def test_the_leak_detector_finds_a_renamed_copy():
    """The check above would fail on a release that held a solution with other variable names."""
    exercise = ASSIGNMENTS["01_python_basics"].exercises()["normalizeRows"]
    renamed = "def tidy(m):\n    size = np.linalg.norm(m, ord=2, axis=1, keepdims=True)\n    out = m / size\n    return out\n"
    assert holds(blocks(ast.parse(renamed)), solution_statements(exercise.reference))
    assert not holds(blocks(ast.parse(renamed.replace("axis=1", "axis=0"))), solution_statements(exercise.reference))


@pytest.mark.parametrize("name", NAMES)
def test_releases_ship_no_compiled_or_archived_code(name):
    files = release_files(name)
    assert files
    assert not [p for p in files if p.suffix in CODE_ARCHIVES or "__pycache__" in p.parts]
    for path in files:
        if path.suffix == ".npz":
            _assert_plain_arrays(path)


def _assert_plain_arrays(path: Path) -> None:
    """An ``.npz`` of the release holds ``.npy`` arrays of numbers and text only, readable without pickle."""
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            assert member.endswith(".npy"), member
            array = np.lib.format.read_array(io.BytesIO(archive.read(member)), allow_pickle=False)
            assert array.dtype.kind in "biufcSU", (member, array.dtype)


@pytest.mark.parametrize("name", NAMES)
def test_a_release_gives_only_helpers_and_earlier_notebooks(name):
    shipped = {p.stem for p in (ROOT / "release" / name / "utils").glob("*.py")}
    assert shipped == {m.split(".")[-1] for m in student_modules(name)} | {"__init__"}
    assert not (ROOT / "release" / name / "utils" / "exercises").exists()
    reference_modules = {e.reference.__module__ for a in NAMES for e in ASSIGNMENTS[a].exercises().values()}
    shipped_references = {f"utils.{stem}" for stem in shipped} & reference_modules
    earlier = {e.reference.__module__ for a in NAMES[:NAMES.index(name)] for e in ASSIGNMENTS[a].exercises().values()}
    assert shipped_references <= set(ASSIGNMENTS[name].allowed_references) <= earlier


def test_release_requirements_cover_every_import_of_the_releases():
    """What the releases import is either the standard library, their own utils, or release/requirements.txt."""
    import_names = {"sklearn": "scikit-learn", "PIL": "pillow", "IPython": "ipykernel"}
    required = {line.split(">")[0].split("=")[0].strip().lower()
                for line in (ROOT / "release" / "requirements.txt").read_text().splitlines()
                if line.strip() and not line.startswith("#")}
    missing = set()
    for name in NAMES:
        for path in release_files(name):
            if path.suffix not in (".py", ".ipynb"):
                continue
            sources = ([path.read_text()] if path.suffix == ".py" else
                       [TransformerManager().transform_cell(c.source)
                        for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"])
            for source in sources:
                tree = ast.parse(source)
                optional = {id(n) for t in ast.walk(tree) if isinstance(t, ast.Try) and _catches_import_error(t)
                            for stmt in t.body for n in ast.walk(stmt)}
                for node in ast.walk(tree):
                    if id(node) in optional:
                        continue
                    modules = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                               [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
                    for module in modules:
                        top = module.split(".")[0]
                        if top == "utils" or top in sys.stdlib_module_names:
                            continue
                        if import_names.get(top, top).lower() not in required:
                            missing.add(f"{top} ({path.relative_to(ROOT)})")
    assert not missing, sorted(missing)


def _catches_import_error(node: ast.Try) -> bool:
    """An import inside ``try: ... except ImportError`` is optional: the code works without it."""
    return any(isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
               for h in node.handlers)


@pytest.mark.parametrize("name", NAMES)
def test_no_given_helper_stands_in_for_a_graded_function(name):
    # utils.activations.sigmoid would pass notebook 1's and 2's sigmoid exercise if their releases held it.
    graded = set(ASSIGNMENTS[name].exercises())
    for path in (ROOT / "release" / name / "utils").glob("*.py"):
        if f"utils.{path.stem}" in ASSIGNMENTS[name].allowed_references:
            continue
        defined = {node.name for node in ast.parse(path.read_text()).body if isinstance(node, ast.FunctionDef)}
        assert not defined & graded, (path, defined & graded)


def test_the_build_refuses_a_helper_that_stands_in_for_a_graded_function(monkeypatch):
    from autograder import student_files

    original = student_files.imported_modules
    monkeypatch.setattr(student_files, "imported_modules",
                        lambda source: original(source) | {"utils.activations"})
    with pytest.raises(student_files.ReleaseLeak, match="utils.activations.sigmoid"):
        student_files.student_modules("02_logistic_regression")
