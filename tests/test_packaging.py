"""Project files agree with each other; docstrings use one shape grammar."""

import importlib
import inspect
import pkgutil
import re
import tomllib

import pytest
import yaml

import utils
from autograder.assignments import ASSIGNMENTS
from autograder.build import ROOT

SHAPE_LINE = re.compile(r"^\s*(\w+) : ndarray\b(.*)$")
SHAPE_GRAMMAR = re.compile(r"^ of (shape \([^()]*\)|any shape|the same shape as \w+)$")


def _names(requirements):
    return {re.split(r"[<>=!~ ]", r, maxsplit=1)[0].strip().lower() for r in requirements}


def test_environment_yml_lists_the_pyproject_dependencies():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in environment["dependencies"] if isinstance(d, str) and not d.startswith(("python", "pip"))]
    from_pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    conda += [d.split("#")[0].strip() for d in from_pip if not d.startswith("-e")]
    assert _names(conda) == _names(pyproject["project"]["dependencies"])
    conda_specs = {re.sub(r"\s", "", d) for d in conda}
    assert conda_specs == {re.sub(r"\s", "", d) for d in pyproject["project"]["dependencies"]}


def _utils_modules():
    for info in pkgutil.walk_packages(utils.__path__, prefix="utils."):
        yield importlib.import_module(info.name)


def _public_functions():
    for module in _utils_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                yield f"{module.__name__}.{name}", function


@pytest.mark.parametrize("name, function", list(_public_functions()), ids=[n for n, _ in _public_functions()])
def test_docstring_array_shapes_follow_the_grammar(name, function):
    doc = inspect.getdoc(function)
    assert doc, f"{name} has no docstring"
    for line in doc.splitlines():
        match = SHAPE_LINE.match(line)
        if match:
            assert SHAPE_GRAMMAR.match(match.group(2)), f"{name}: {line.strip()!r} should read 'x : ndarray of shape (n, m)'"


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_reference_functions_document_parameters_and_returns(assignment):
    for exercise in ASSIGNMENTS[assignment].exercises().values():
        doc = inspect.getdoc(exercise.reference)
        assert doc and "Parameters" in doc and "Returns" in doc, exercise.name
