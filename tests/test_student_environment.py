"""The students' Jupyter configuration (``release/jupyter/``) hides the instructor's tools and keeps theirs.

Nothing is started: a subprocess with ``JUPYTER_CONFIG_DIR=release/jupyter``
asks Jupyter's own machinery what a ``jupyter lab`` started that way would
load: the server extensions ``ServerApp`` enables after reading every config
file, and the JupyterLab plugins ``jupyterlab_server``'s page config disables.
Both settings of ``JUPYTER_PREFER_ENV_PATH`` are tried, because in a virtual
environment Jupyter reads the environment's config before the user's. The
plugin ids are checked against the installed nbgrader labextension, so a
misspelt id (which Jupyter would silently ignore) fails. That the Assignment
List lists the course's releases with this configuration is proven in
``tests/test_exchange.py``; the cut-off cells of Validate in ``tests/test_validate.py``;
the same probe in the students' own environment (``release/requirements.txt``
alone) in ``tests/test_release_alone.py``.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from importlib.metadata import requires
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from jupyter_core.paths import jupyter_path

from autograder.build import ROOT
from autograder.student_environment import (HIDDEN_LAB_PLUGINS, HIDDEN_SERVER_EXTENSIONS, NBGRADER_PLUGINS,
                                            STUDENT_LAB_PLUGINS, STUDENT_SERVER_EXTENSIONS)

STUDENT_CONFIG = ROOT / "release" / "jupyter"

# What `jupyter lab` would load, for each (JUPYTER_CONFIG_DIR, JUPYTER_PREFER_ENV_PATH) given as JSON in argv[1].
# Jupyter reads both variables each time it looks for config files, so one process can try several.
PROBE = """
import json, os, sys
from jupyter_core.paths import jupyter_path
from jupyter_server.serverapp import ServerApp
from jupyterlab.commands import get_app_dir
from jupyterlab_server.config import get_page_config

results = []
for config_dir, prefer_env in json.loads(sys.argv[1]):
    os.environ.update(JUPYTER_CONFIG_DIR=config_dir, JUPYTER_PREFER_ENV_PATH=prefer_env)
    server = ServerApp()
    server.load_config_file()
    server.find_server_extensions()
    page = get_page_config(jupyter_path("labextensions"), os.path.join(get_app_dir(), "settings"))
    disabled = page["disabledExtensions"]  # the list the page gets (merged from every labconfig folder)
    if isinstance(disabled, dict):
        disabled = [name for name, off in disabled.items() if off]
    results.append({"server": server.jpserver_extensions, "disabled": sorted(disabled)})
print(json.dumps(results))
"""
CASES = {"student, env first": (STUDENT_CONFIG, "1"), "student, user first": (STUDENT_CONFIG, "0"),
         "no config": (None, "1")}


def probe(python: str, cases: list[tuple[Path, str]], tmp: Path, env: dict[str, str] | None = None) -> list[dict]:
    """What ``jupyter lab`` of ``python``'s environment would load for each ``(config folder, prefer env)``.

    Nothing else of Jupyter's is set in the environment (``env``, default
    this process's), as in a student's shell.
    """
    env = {k: v for k, v in (env or os.environ).items() if not k.startswith("JUPYTER")}
    env.update(JUPYTER_DATA_DIR=str(tmp / "data"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"))
    cases_json = json.dumps([(str(folder), prefer) for folder, prefer in cases])
    result = subprocess.run([python, "-c", PROBE, cases_json], env=env, capture_output=True, text=True, cwd=tmp,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def assert_student_tools_only(loaded: dict) -> None:
    """The instructor's server extensions and lab plugins are off, the student's on."""
    server, disabled = loaded["server"], set(loaded["disabled"])
    for name in HIDDEN_SERVER_EXTENSIONS:
        assert server.get(name) is False, (name, server)
    for name in STUDENT_SERVER_EXTENSIONS:
        assert server.get(name) is True, (name, server)
    assert set(HIDDEN_LAB_PLUGINS) <= disabled, disabled
    assert not set(STUDENT_LAB_PLUGINS) & disabled, disabled


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> dict[str, dict]:
    """``{case: what jupyter lab would load}`` for each of :data:`CASES`, from one subprocess of this environment.

    "no config" is an empty configuration folder.
    """
    tmp = tmp_path_factory.mktemp("jupyter")
    (tmp / "empty-config").mkdir()
    cases = [(folder or tmp / "empty-config", prefer) for folder, prefer in CASES.values()]
    return dict(zip(CASES, probe(sys.executable, cases, tmp)))


def installed_nbgrader_plugin_ids() -> set[str]:
    """The plugin ids of the installed nbgrader JupyterLab extension, read from its built JavaScript."""
    for root in jupyter_path("labextensions"):
        static = Path(root, *NBGRADER_PLUGINS.split("/"), "static")
        if static.is_dir():
            text = "".join(p.read_text(errors="replace") for p in static.glob("*.js"))
            # Each plugin's id is a string literal there (in an `id:` field or a variable it reads).
            return set(re.findall(r'"(' + re.escape(NBGRADER_PLUGINS) + r':[\w-]+)"', text))
    raise AssertionError(f"the {NBGRADER_PLUGINS} labextension is not installed")


def test_the_plugin_ids_are_nbgraders_own():
    ids = installed_nbgrader_plugin_ids()
    assert set(HIDDEN_LAB_PLUGINS) | set(STUDENT_LAB_PLUGINS) <= ids, ids


@pytest.mark.e2e
@pytest.mark.parametrize("case", ["student, env first", "student, user first"])
def test_jupyter_with_the_student_config_hides_the_instructor_tools(loaded, case):
    assert_student_tools_only(loaded[case])


@pytest.mark.e2e
def test_without_the_student_config_jupyter_shows_the_instructor_tools(loaded):
    """The baseline: nbgrader turns its instructor tools on for everyone, so the student config is what hides them."""
    server, disabled = loaded["no config"]["server"], set(loaded["no config"]["disabled"])
    assert all(server.get(name) is True for name in HIDDEN_SERVER_EXTENSIONS), server
    assert not set(HIDDEN_LAB_PLUGINS) & disabled, disabled


def test_the_student_nbgrader_config_sets_the_course_the_exchange_and_validate(tmp_path, monkeypatch):
    """Loaded as nbgrader loads it (traitlets' Python config loader), with and without ``COURSE_EXCHANGE_DIR``."""
    from traitlets.config.loader import PyFileConfigLoader

    from autograder.course_validation import CELL_TIMEOUT, FailCutOffCells
    from autograder.nbgrader_config import COURSE_ID

    monkeypatch.delenv("COURSE_EXCHANGE_DIR", raising=False)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(STUDENT_CONFIG)).load_config()
    assert config.CourseDirectory.course_id == COURSE_ID
    assert Path(config.Exchange.root) == ROOT / "exchange"
    assert config.Validator.Execute.timeout == CELL_TIMEOUT
    # A copy of the course's class (the student config loads release/jupyter/course_validation.py).
    assert type(config.Validator.Execute.on_cell_error).__name__ == FailCutOffCells.__name__

    monkeypatch.setenv("COURSE_EXCHANGE_DIR", str(tmp_path / "hub-exchange"))
    config = PyFileConfigLoader("nbgrader_config.py", path=str(STUDENT_CONFIG)).load_config()
    assert Path(config.Exchange.root) == tmp_path / "hub-exchange"


def _installed_with(distribution: str) -> set[str]:
    """``distribution`` and everything pip installs with it here (its requirements, recursively, no extras)."""
    found, todo = set(), [distribution]
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name not in found:
            found.add(name)
            for requirement in map(Requirement, requires(name) or ()):
                if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                    todo.append(requirement.name)
    return found


def test_the_student_config_needs_only_nbgrader_from_the_release_requirements():
    """Its Python files import the standard library and what installing nbgrader installs."""
    required = {re.split(r"[<>=!~ ]", line, maxsplit=1)[0].lower()
                for line in (ROOT / "release" / "requirements.txt").read_text().splitlines()
                if line.strip() and not line.startswith("#")}
    assert "nbgrader" in required
    nbgrader_needs = _installed_with("nbgrader")
    for path in STUDENT_CONFIG.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            for top in {name.split(".")[0] for name in names} - set(sys.stdlib_module_names) - {"__future__"}:
                assert top in required | nbgrader_needs, f"{path.name} imports {top}"


def test_the_readmes_give_validates_limit_and_the_course():
    from autograder.course_validation import CELL_TIMEOUT
    from autograder.nbgrader_config import COURSE_ID

    assert f"up to {CELL_TIMEOUT} seconds" in (ROOT / "README.md").read_text()
    release_readme = (ROOT / "release" / "README.md").read_text()
    assert f"{CELL_TIMEOUT} s per" in release_readme and f"`{COURSE_ID}`" in release_readme
