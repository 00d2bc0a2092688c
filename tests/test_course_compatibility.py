"""Each release gives what the course's own notebooks give, so code written for the course runs unchanged.

The course's templates use ``copy.deepcopy`` in notebooks 2, 3 and 4, notebook
3's helpers give a ``sigmoid`` that returns the values alone, and notebook 5
calls its scaled initializer ``initialize_parameters_deep``. Here the import
cell of each committed release notebook runs in a fresh Python whose only
``utils`` is the release's own (as at a student's desk), and the names are
then used the way the course's code uses them. ``tests/test_mutants.py`` grades
whole solutions written that way (the "course's way" correct mutants) with
plain nbgrader.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import nbformat
import pytest

from autograder.build import ROOT

# Run after the import cell; prints what the course's code would rely on, as JSON.
PROBES = {
    "02_logistic_regression": """
        w = np.zeros((3, 1))
        w_copy = copy.deepcopy(w)
        w_copy -= 1.0  # the course's optimize updates its copy; the caller's w must stay zeros
        facts = {"copy": copy.__name__, "caller_unchanged": bool((w == 0).all())}
    """,
    "03_planar_classification": """
        Z2 = np.array([[-2.0, 0.0, 3.0]])
        A2 = sigmoid(Z2)
        parameters = {"W1": np.ones((2, 2))}
        W1 = copy.deepcopy(parameters["W1"])
        W1 -= 1.0
        facts = {"copy": copy.__name__, "caller_unchanged": bool((parameters["W1"] == 1).all()),
                 "sigmoid_type": type(A2).__name__, "sigmoid_shape": list(A2.shape),
                 "sigmoid_values": A2.tolist(), "sigmoid_module": sigmoid.__module__,
                 "expected": (1 / (1 + np.exp(-Z2))).tolist()}
    """,
    "04_deep_nn_step_by_step": """
        params = {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1))}
        parameters = copy.deepcopy(params)
        parameters["W1"] -= 1.0
        facts = {"copy": copy.__name__, "caller_unchanged": bool((params["W1"] == 1).all())}
    """,
    "05_deep_nn_application": """
        parameters = initialize_parameters_deep([5, 4, 3])
        np.random.seed(1)
        facts = {"same": initialize_parameters_deep is initialize_parameters_deep_scaled,
                 "module": initialize_parameters_deep.__module__,
                 "W1_scaled": bool(np.array_equal(parameters["W1"], np.random.randn(4, 5) / np.sqrt(5))),
                 "keys": list(parameters)}
    """,
}

EXPECTED = {
    "02_logistic_regression": {"copy": "copy", "caller_unchanged": True},
    "03_planar_classification": {"copy": "copy", "caller_unchanged": True, "sigmoid_type": "ndarray",
                                 "sigmoid_shape": [1, 3], "sigmoid_module": "utils.planar_helpers"},
    "04_deep_nn_step_by_step": {"copy": "copy", "caller_unchanged": True},
    "05_deep_nn_application": {"same": True, "module": "utils.dnn_app_helpers", "W1_scaled": True,
                               "keys": ["W1", "b1", "W2", "b2"]},
}


def _import_cell(assignment: str) -> str:
    nb = nbformat.read(ROOT / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    return next(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "imports")


def _run_in_release(assignment: str, code: str) -> dict:
    """Run ``code`` in a fresh Python in ``release/<assignment>/``, which then imports its own ``utils`` only."""
    folder = ROOT / "release" / assignment
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["MPLBACKEND"] = "Agg"
    script = ("import sys\nsys.path.insert(0, '.')\n" + code
              + "\nimport json, utils\nfacts['utils_file'] = utils.__file__\nprint(json.dumps(facts))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("assignment", list(PROBES))
def test_the_release_gives_what_the_courses_code_uses(assignment):
    facts = _run_in_release(assignment, _import_cell(assignment) + "\n" + textwrap.dedent(PROBES[assignment]))
    assert facts.pop("utils_file").startswith(str(ROOT / "release" / assignment / "utils"))
    if assignment == "03_planar_classification":
        # the values alone, equal to the formula: not notebook 4's (A, cache) pair
        assert facts.pop("sigmoid_values") == facts.pop("expected")
    assert facts == EXPECTED[assignment]


def test_notebook_5_does_not_import_notebook_4s_initializer():
    # Its import cell takes the step-by-step functions from utils.deep_nn, but not initialize_parameters_deep:
    # that name must stay the scaled initializer of utils.dnn_app_helpers.
    facts = _run_in_release("05_deep_nn_application", _import_cell("05_deep_nn_application")
                            + "\nimport utils.deep_nn\n"
                            "facts = {'nb4': initialize_parameters_deep is utils.deep_nn.initialize_parameters_deep}")
    assert facts == {"nb4": False, "utils_file": facts["utils_file"]}
