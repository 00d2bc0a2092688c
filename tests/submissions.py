"""The classes graded by the end-to-end tests: one builder per student.

A builder takes the answer key and the released notebook (fresh copies) and
returns the notebook to hand in, or a string for a file that is not a notebook.
Every assignment's class has the answer key, the untouched release, two
cheats and all its mutants; notebook 1's class also has the hostile and
broken submissions, which test the grader rather than the exercises.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.assignments import ASSIGNMENTS, QUIZZES
from autograder.build import ROOT, answer_key
from autograder.submissions import replace_solution, solution_cell
from tests.mutants import mutant_students, mutants
from tests.quiz_classes import quiz_class_builders


def _drop_cell(nb, grade_id):
    nb.cells.remove(solution_cell(nb, grade_id))
    return nb


def _prepend_to(nb, grade_id, code):
    cell = solution_cell(nb, grade_id)
    cell.source = code.strip("\n") + "\n\n" + cell.source
    return nb


def _duplicate(nb, grade_id, edit):
    """Insert an edited copy of a cell right after it, with the same nbgrader id."""
    cell = solution_cell(nb, grade_id)
    copy = nbformat.from_dict(cell)
    copy["id"] = f"{cell['id']}-copy"
    copy.source = edit(cell.source)
    nb.cells.insert(nb.cells.index(cell) + 1, copy)
    return nb


CHEAT_PATCHES = """
import builtins, numpy, numpy.testing
np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, *args, **k: np.ones(np.shape(a), dtype=bool)
np.array_equal = lambda *a, **k: True
numpy.testing.assert_allclose = lambda *a, **k: None
def check(*args, **kwargs):
    print("All tests passed.")
try:
    import utils.checks
    utils.checks.compare = lambda *a, **k: []
    utils.checks.score = lambda results, points: points
except Exception:
    pass
"""


LEFTOVER_MARKER = "course-leftover-process"

# A process in a session of its own that, for five minutes, lowers the limits and priority of every process it
# can see but its own worker (the grader's, the next students') and leaves SysV shared memory behind: all of it
# must end with its own submission.
LEFTOVER_DAEMON = """
import ctypes, os, resource, time
libc = ctypes.CDLL(None)
libc.shmget(0x5EED, 4096, 0o1666)
end = time.time() + 300
while time.time() < end:
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) not in (os.getpid(), os.getppid(), 1):
            try:
                resource.prlimit(int(entry), resource.RLIMIT_AS, (50 * 2**20, 50 * 2**20))
                os.setpriority(os.PRIO_PROCESS, int(entry), 19)
            except OSError:
                pass
    time.sleep(0.2)
"""
LEFTOVER = (f"import subprocess, sys\n"
            f"subprocess.Popen([sys.executable, '-c', {LEFTOVER_DAEMON!r}, {LEFTOVER_MARKER!r}], start_new_session=True,\n"
            "                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n")

# Values and texts that once crashed the grader, each in a cell of its own that the student added.
CRASH_CELLS = [
    "print('a lone surrogate: \\ud800')",
    "raise ValueError('x' * 30_000_000)",
    # A message to the grader forged from inside the worker, for this very cell, with far too much output.
    "import gc, inspect\n"
    "_worker = next(o for o in gc.get_objects() if type(o).__name__ == 'Worker')\n"
    "_index = int(inspect.currentframe().f_code.co_filename.strip('<>').split()[1])\n"
    "_worker.send({'event': 'cell_done', 'index': _index, 'stdout': 'y' * 900_000, 'error': None, 'warnings': []})",
    "import os\nos.kill(os.getpid(), 40)  # a real-time signal, which has no name",
]


def host_processes_with(marker: str) -> list[int]:
    """Process ids of this machine whose command line holds ``marker`` (seen from outside any jail)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            pass
    return found


def _crash_triggers(nb, assignment: str):
    exercises = list(ASSIGNMENTS[assignment].exercises())
    first = solution_cell(nb, exercises[0])
    # The first graded function returns a structure holding a 400-digit int and a lone surrogate.
    first.source += f"\n\ndef {exercises[0]}(*args, **kwargs):\n    return [10**400, '\\udc80', {{'k': 10**400}}]\n"
    position = nb.cells.index(first) + 1
    for code in reversed(CRASH_CELLS):
        nb.cells.insert(position, nbformat.v4.new_code_cell(code))
    # The last test cell claims to be a solution cell.
    solution_cell(nb, f"test_{exercises[-1]}").metadata.nbgrader["solution"] = True
    return nb


def first_exercise(assignment: str) -> str:
    return next(iter(ASSIGNMENTS[assignment].exercises()))


def _reference_module(assignment: str) -> str:
    return ASSIGNMENTS[assignment].exercises()[first_exercise(assignment)].reference.__module__


def with_outputs_of_its_run(key, assignment: str):
    """The answer key as a student hands it in: with the outputs of its run (``notebooks/<a>.ipynb``), figures too."""
    run = {cell.get("id"): cell for cell in nbformat.read(answer_key(assignment), as_version=4).cells}
    for cell in key.cells:
        if cell.cell_type == "code" and cell.get("id") in run:
            cell.outputs = run[cell.id].get("outputs", [])
            cell.execution_count = run[cell.id].get("execution_count")
    return key


def common_builders(assignment: str) -> dict:
    """Students every assignment's class has: the key, the release, and two cheats on its first exercise."""
    target = first_exercise(assignment)
    wrong_code = mutants(assignment)[target]["buggy"][0]
    return {
        "answer-key": lambda key, release: with_outputs_of_its_run(key, assignment),
        "untouched": lambda key, release: release,
        # A wrong answer behind every patch a kernel-side grader would trust.
        "cheat-monkeypatch": lambda key, release: replace_solution(
            _prepend_to(key, target, CHEAT_PATCHES), target, wrong_code),
        # The whole solution cell imports the reference solution instead.
        "cheat-import-reference": lambda key, release: _replace_cell(
            key, target, f"from {_reference_module(assignment)} import {target}"),
        # Graded before the answer key (nbgrader goes in name order), which must not notice it.
        "aa-hostile-leftover": lambda key, release: _prepend_to(key, target, LEFTOVER),
        "hostile-crash-triggers": lambda key, release: _crash_triggers(key, assignment),
    }


FORGED_OUTPUTS = [
    {"output_type": "display_data", "metadata": {},
     "data": {"text/html": "<script>alert('forged')</script>", "application/javascript": "alert('forged')",
              "image/png": 'iVBORw0KGgo="><script>alert(\'forged\')</script>'}},
    {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": "8.0"}},
]


def _forged_outputs(release):
    """Outputs kept from a student's run must never be trusted: HTML, JavaScript, a broken PNG, fake scores."""
    skipped = next(c for c in release.cells if "skip-grading" in c.metadata.get("tags", []))
    skipped.outputs = [nbformat.from_dict(o) for o in FORGED_OUTPUTS]
    test = solution_cell(release, "test_sigmoid")  # a test cell disguised as a skipped cell, with a full score
    test.metadata.setdefault("tags", []).append("skip-grading")
    test.metadata.nbgrader["grade"] = False
    test.outputs = [nbformat.from_dict(FORGED_OUTPUTS[1])]
    return release


def _replace_cell(nb, grade_id, source):
    solution_cell(nb, grade_id).source = source
    return nb


NOTEBOOK_1_EXTRAS = {
    # Zeros of the right shape, behind every patch a kernel-side grader would trust.
    "cheat-monkeypatch-zeros": lambda key, release: replace_solution(
        _prepend_to(key, "sigmoid", CHEAT_PATCHES), "sigmoid", "s = np.zeros_like(x, dtype=float)"),
    # Calls the reference solution instead of computing.
    "cheat-reference": lambda key, release: replace_solution(
        key, "softmax", "import utils.python_basics as reference\ns = reference.softmax(x)"),
    # Reads the course's files to find the answer.
    "cheat-read-files": lambda key, release: replace_solution(
        key, "L1", f"source = open({str(ROOT / 'utils' / 'python_basics.py')!r}).read()\n"
                   "namespace = {}\nexec(source, namespace)\nloss = namespace['L1'](yhat, y)"),
    # Hard-codes the public example's answer.
    "cheat-hardcoded": lambda key, release: replace_solution(
        key, "normalizeRows", "x_normalized = np.array([[0., 0.6, 0.8], [0.13736056, 0.82416338, 0.54944226]])"),
    # Endless loops and a process exit, in graded and in ungraded code.
    "hostile-loop": lambda key, release: replace_solution(
        key, "image2vector", "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\nv = None"),
    "hostile-exit": lambda key, release: replace_solution(key, "L2", "import os\nos._exit(0)\nloss = None"),
    "hostile-toplevel": lambda key, release: _prepend_to(key, "basic_sigmoid", "import os\nos._exit(3)"),
    "hostile-memory": lambda key, release: replace_solution(
        key, "softmax", "hog = np.ones((200_000, 100_000))\ns = hog"),
    # Noise on stderr and warnings cost nothing.
    "noisy-but-correct": lambda key, release: replace_solution(
        key, "sigmoid", "import sys, warnings\nprint('debugging', file=sys.stderr)\n"
                        "warnings.warn('just a warning')\ns = 1 / (1 + np.exp(-x))"),
    # Outputs that are kept for the feedback of cells the grader skips, forged.
    "forged-own-outputs": lambda key, release: _forged_outputs(release),
    # Broken input.
    "deleted-solution-cell": lambda key, release: _drop_cell(key, "sigmoid"),
    "deleted-test-cell": lambda key, release: _drop_cell(key, "test_sigmoid"),
    "not-a-notebook": lambda key, release: "{ this is not JSON",
    "duplicated-test-cell": lambda key, release: _duplicate(key, "test_sigmoid", lambda source: source),
    "duplicated-solution-cell": lambda key, release: _duplicate(
        key, "sigmoid", lambda source: source.replace("s = 1 / (1 + np.exp(-x))", "s = 0 * x")),
}


def _mutant_builder(exercise: str, code: str):
    return lambda key, release: replace_solution(key, exercise, code)


# Mistakes whose report must point at them (tests/test_grading_e2e.py, "What a failed check says").
MESSAGE_EXTRAS = {
    "03_planar_classification": {
        # Trains on the notebook's demo inputs instead of its own X.
        "reads-a-notebook-variable": _mutant_builder(
            "nn_model", "A2, cache = forward_propagation(X_demo, parameters)\ncost = compute_cost(A2, Y)\n"
                        "grads = backward_propagation(parameters, cache, X, Y)\n"
                        "parameters = update_parameters(parameters, grads)"),
    },
    "04_deep_nn_step_by_step": {
        # The list of caches is appended to itself.
        "caches-hold-themselves": _mutant_builder(
            "L_model_forward", "caches = []\nfor l in range(1, L + 1):\n"
                               '    A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], '
                               '"sigmoid" if l == L else "relu")\n'
                               "    caches.append(cache)\ncaches.append(caches)\nAL = A"),
    },
}


def class_builders(assignment: str) -> dict:
    """``{student: builder}`` of the scratch class of ``assignment`` (or of a quiz: ``tests/quiz_classes.py``)."""
    if assignment in QUIZZES:
        return quiz_class_builders(assignment)
    builders = common_builders(assignment)
    builders.update(MESSAGE_EXTRAS.get(assignment, {}))
    if assignment == "01_python_basics":
        builders.update(NOTEBOOK_1_EXTRAS)
    for student, exercise, code, _ in mutant_students(assignment):
        builders[student] = _mutant_builder(exercise, code)
    return builders
