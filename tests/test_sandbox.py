"""The sandbox confines student code and survives anything it does."""

import os
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder.assignments import ASSIGNMENTS
from autograder.build import ROOT, answer_key
from autograder.grade import cells_to_run
from autograder.sandbox import Sandbox, SandboxConfig
from utils import python_basics as ref
from utils.checks import Case, judge
from utils.exercises import expectation

CELLS = [
    (0, "import numpy as np"),
    (1, "def read(path):\n    return open(path).read()"),
    (2, "def write(path):\n    open(path, 'w').write('x')\n    return 1"),
    (3, "def connect(port):\n    import socket\n    socket.create_connection(('127.0.0.1', port), timeout=1)\n    return 1"),
    (4, "def kill_parent(x):\n    import os, signal\n    os.kill(os.getppid(), signal.SIGTERM)\n    return 1"),
    (5, "def spin(x):\n    import signal\n    signal.signal(signal.SIGINT, signal.SIG_IGN)\n    while True:\n        pass"),
    (6, "def leave(x):\n    import os\n    os._exit(0)"),
    (7, "def hog(x):\n    return np.ones((100_000, 100_000))"),
    (8, "def cheat(x):\n    from utils.python_basics import sigmoid as reference\n    return reference(x)"),
    (9, "def double(x):\n    return 2 * x"),
    (10, "def derivative(x):\n    s = sigmoid(x)\n    return s * (1 - s)"),
    (11, "print('hello from the notebook')"),
]


@pytest.fixture(scope="module")
def sandbox():
    config = SandboxConfig(call_timeout=3, notebook_timeout=20)
    with Sandbox(CELLS, config, ROOT / "release" / "01_python_basics", {"sigmoid": ref.sigmoid}) as box:
        box.run_cells()
        yield box


def call(box, name, *args):
    outcome, _ = box.call(name, Case(args))
    return outcome


def test_cells_run_and_print(sandbox):
    assert sandbox.cell_runs[11].stdout == "hello from the notebook\n"


@pytest.mark.parametrize("path", [ROOT / "utils" / "python_basics.py", ROOT / "source", ROOT / "pyproject.toml"])
def test_course_files_are_invisible(sandbox, path):
    # They are not in the jail at all; without the jail, Landlock would refuse them (PermissionError).
    assert "FileNotFoundError" in call(sandbox, "read", str(path)).error


def test_writes_outside_scratch_are_refused(sandbox, tmp_path):
    release = ROOT / "release" / "01_python_basics"
    assert "Read-only file system" in call(sandbox, "write", str(release / "escaped")).error
    assert not (release / "escaped").exists()
    assert call(sandbox, "write", str(tmp_path / "escaped")).error is not None
    assert not (tmp_path / "escaped").exists()


def test_no_network(sandbox):
    assert call(sandbox, "connect", 22).error is not None


def test_no_signals_to_the_grader(sandbox):
    assert "PermissionError" in call(sandbox, "kill_parent", 0).error


@pytest.mark.parametrize("name, phrase", [("spin", "did not finish in time"), ("leave", "ended the Python process"),
                                          ("hog", "MemoryError")])
def test_hostile_calls_fail_alone(sandbox, name, phrase):
    assert phrase in call(sandbox, name, 0).error
    assert np.array_equal(call(sandbox, "double", np.arange(3)).value, [0, 2, 4])


def test_student_code_sees_the_release_and_nothing_else_of_the_course(sandbox):
    # The release's helpers are importable and readable, as on the student's machine ...
    assert "def judge" in call(sandbox, "read", str(ROOT / "release" / "01_python_basics" / "utils" / "checks.py")).value
    # ... and the reference module, which no release of notebook 1 holds, does not exist.
    assert "No module named 'utils.python_basics'" in call(sandbox, "cheat", np.ones(2)).error


def test_reference_proxy_only_after_its_exercise_is_graded(sandbox):
    case = Case((np.array([0.0, 1.0]),))
    outcome, _ = sandbox.call("derivative", case, uses=("sigmoid",))
    assert "NameError" in outcome.error  # sigmoid not yet graded: no proxy
    sandbox.mark_graded("sigmoid")
    outcome, _ = sandbox.call("derivative", case, uses=("sigmoid",))
    np.testing.assert_allclose(outcome.value, ref.sigmoid_derivative(case.args[0]))


def test_protections_are_listed(sandbox):
    assert any(p.startswith("Landlock") for p in sandbox.protections)
    assert any("memory" in p for p in sandbox.protections)


def test_missing_dataset_is_reported_and_the_functions_are_still_graded(tmp_path):
    # The grader's data directory is empty: the loading cell fails with the loader's message,
    # and the graded functions, which the grader checks on its own inputs, still pass.
    name = "02_logistic_regression"
    assignment = ASSIGNMENTS[name]
    exercises = assignment.exercises()
    cells = cells_to_run(nbformat.read(answer_key(name), as_version=4))
    tmp_path.chmod(0o755)  # as a course's data folder is: the sandbox's unprivileged user reads it
    config = SandboxConfig(call_timeout=10, notebook_timeout=60, data_dir=str(tmp_path))
    references = {n: e.reference for n, e in exercises.items()}
    with Sandbox(cells, config, ROOT / "release" / name, references) as box:
        errors = [run.error for run in box.run_cells().values() if run.error]
        assert any("Cannot find the dataset file 'train_catvnoncat.h5'" in error for error in errors), errors
        for exercise in exercises.values():
            case = exercise.public_cases()[0]
            outcome, _ = box.call(exercise.name, case, exercise.uses)
            assert judge(expectation(exercise, case), case, outcome).passed, exercise.name
            box.mark_graded(exercise.name)


def test_the_python_environment_stays_importable_inside_the_course(tmp_path):
    # ./run puts .venv inside the course root: its packages must stay importable, the course's files not.
    from autograder.sandbox_worker import _is_hidden

    environment = sys.prefix
    course = str(Path(environment).parent)
    assert not _is_hidden(os.path.join(environment, "lib", "python3.11", "site-packages"), [course])
    assert _is_hidden(os.path.join(course, "utils"), [course])
    assert _is_hidden(course, [course])


def test_an_error_inside_a_proxied_reference_reads_as_it_would_at_home(sandbox):
    # The student's function passes the reference a wrong input: they see the reference's own error type.
    sandbox.mark_graded("sigmoid")
    outcome, _ = sandbox.call("derivative", Case(("not a number",)), uses=("sigmoid",))
    assert outcome.error.startswith("TypeError: "), outcome.error
