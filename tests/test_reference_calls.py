"""Proxied reference calls run in a limited child process, and arguments far larger than the case are refused."""

import contextlib
import copy
import functools
import gc
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from autograder.assignments import ASSIGNMENTS
from autograder.reference_calls import ArgumentBudget, ReferenceRunner, ReferenceTimeout
from utils import deep_nn, planar
from utils import logistic_regression as lr
from utils import python_basics as basics
from utils.checks import Case
from utils.exercises import grading_cases
from utils.exercises.logistic_regression import EXERCISES as LOGISTIC
from utils.exercises.planar import EXERCISES as PLANAR

EXERCISES = {(a.name, e.name): e for a in ASSIGNMENTS.values() for e in a.exercises().values()}
PUBLIC_CASES = [(key, i) for key, e in EXERCISES.items() for i in range(len(e.public_cases()))]
USING_OTHERS = [key for key, e in EXERCISES.items() if e.uses]
PROPAGATE_CASE = LOGISTIC["propagate"].public_cases()[0]


def soon(seconds=30.0):
    return time.monotonic() + seconds


def same(a, b):
    """Equal values of the same types all the way down (floats to 1e-12, for BLAS thread counts)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and np.allclose(a, b, rtol=1e-12, atol=0, equal_nan=True)
    if isinstance(a, (np.generic, float)):
        return bool(np.allclose(a, b, rtol=1e-12, atol=0, equal_nan=True))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def gone(pid):
    """The process has exited (a zombie that no one has reaped yet counts: it runs nothing)."""
    try:
        os.kill(pid, 0)
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (ProcessLookupError, FileNotFoundError):
        return True
    return state == "Z"


@pytest.fixture(scope="module")
def runner():
    references = {f"{a}.{name}": e.reference for (a, name), e in EXERCISES.items()}
    with ReferenceRunner(references) as box:
        yield box


# ---------------------------------------------------------------------------
# The runner


@pytest.mark.parametrize("key, index", PUBLIC_CASES, ids=[f"{a}.{n}-{i}" for (a, n), i in PUBLIC_CASES])
def test_runner_returns_what_the_reference_returns(runner, key, index):
    exercise = EXERCISES[key]
    case = exercise.public_cases()[index]
    with contextlib.redirect_stdout(io.StringIO()):
        expected = exercise.reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
    reply = runner.call(f"{key[0]}.{key[1]}", list(case.args), case.kwargs, soon())
    assert set(reply) == {"value"}
    assert same(expected, reply["value"])


@pytest.mark.parametrize("function, args", [
    (lr.propagate, [np.zeros((3, 1)), 0.0, np.zeros((2, 4)), np.zeros((1, 4))]),  # ValueError: shapes not aligned
    (planar.layer_sizes, [1, 2]),  # AttributeError: ints have no shape
    (deep_nn.linear_activation_forward, [np.ones((2, 3)), np.ones((1, 2)), np.ones((1, 1)), "tanh"]),
    (basics.sigmoid, ["a string"]),  # numpy's private _UFuncNoLoopError comes back as UFuncTypeError
    (deep_nn.update_parameters, [{"W1": np.ones(2), "b1": np.ones(2)}, {}, 0.1]),  # KeyError: no dW1
])
def test_an_exception_in_the_reference_is_an_error_reply(function, args):
    with pytest.raises(Exception) as raised:
        function(*copy.deepcopy(args))
    public = next(c.__name__ for c in type(raised.value).__mro__ if not c.__name__.startswith("_"))
    with ReferenceRunner({"f": function, "sigmoid": lr.sigmoid}) as box:
        assert box.call("sigmoid", [0.0], {}, soon()) == {"value": 0.5}
        pid = box.pid
        assert box.call("f", args, {}, soon()) == {"error": public, "message": str(raised.value)}
        assert box.pid == pid  # an answer, not a failure: the same child goes on
        assert box.call("sigmoid", [0.0], {}, soon()) == {"value": 0.5}


def test_a_call_past_its_deadline_is_killed_and_the_next_call_works():
    with ReferenceRunner({"optimize": lr.optimize, "propagate": lr.propagate}) as box:
        assert "value" in box.call("propagate", list(PROPAGATE_CASE.args), {}, soon())  # the child is running
        pid, started = box.pid, time.monotonic()
        with pytest.raises(ReferenceTimeout):
            box.call("optimize", list(PROPAGATE_CASE.args), {"num_iterations": 10**9}, started + 1.0)
        assert time.monotonic() - started < 2.0  # within the deadline plus 1 s
        assert box.pid is None and gone(pid)
        reply = box.call("propagate", list(PROPAGATE_CASE.args), {}, soon())
        assert same(reply["value"], lr.propagate(*PROPAGATE_CASE.args))
        assert box.pid != pid


def test_a_deadline_that_passes_while_the_child_starts_is_a_timeout():
    with ReferenceRunner({"sigmoid": lr.sigmoid}) as box:
        with pytest.raises(ReferenceTimeout):
            box.call("sigmoid", [0.0], {}, time.monotonic() + 0.001)
        assert box.pid is None
        assert box.call("sigmoid", [0.0], {}, soon()) == {"value": 0.5}


@pytest.mark.parametrize("sizes", [(20_000, 20_000, 1), (100_000, 100_000, 1)])
def test_an_allocation_over_the_limit_fails_in_the_child_not_in_the_grader(sizes):
    """3 GB and 80 GB asked for by a few bytes of arguments: the child's 2 GiB address space refuses them.

    The bound: the grader's peak resident memory (``ru_maxrss``) grows by less
    than 64 MiB over the call; it holds only the arguments and the error reply.
    The first size would fit in this machine's memory, so without the limit
    the child (or the grader, as before) would really allocate it.
    """
    with ReferenceRunner({"initialize_parameters": planar.initialize_parameters}) as box:
        box.call("initialize_parameters", [2, 4, 1], {}, soon())  # start-up is not what is measured
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        reply = box.call("initialize_parameters", list(sizes), {}, soon())
        grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert reply["error"] == "MemoryError"
    assert reply["message"].startswith("Unable to allocate")  # raised by the reference, under the limit
    assert grown_kib < 64 * 1024


def test_a_result_over_the_transport_limit_is_an_error_reply():
    """6000 x 6000 weights fit in the child (288 MB) but not in one message (256 MiB)."""
    with ReferenceRunner({"initialize_parameters": planar.initialize_parameters}) as box:
        box.call("initialize_parameters", [2, 4, 1], {}, soon())
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        reply = box.call("initialize_parameters", [6000, 6000, 1], {}, soon(60))
        grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        assert reply["error"] == "ValueError"
        assert reply["message"].startswith("The result of initialize_parameters cannot be sent back (")
        assert grown_kib < 64 * 1024
        assert "value" in box.call("initialize_parameters", [2, 4, 1], {}, soon())


def test_a_result_nested_too_deeply_is_an_error_reply():
    with ReferenceRunner({"loads": json.loads}) as box:
        reply = box.call("loads", ["[" * 100 + "]" * 100], {}, soon())
        assert reply["error"] == "ValueError" and "cannot be sent back" in reply["message"]
        assert box.call("loads", ["[[1]]"], {}, soon()) == {"value": [[1]]}


@pytest.mark.parametrize("function, args, cpu_seconds, words", [
    (os.abort, [], 60, "was stopped by SIGABRT"),
    (os._exit, [3], 60, "ended its process (exit code 3)"),
    (lr.optimize, [*PROPAGATE_CASE.args, 10**9], 1, "used up its 1 s of CPU time"),
])
def test_a_child_that_dies_gives_an_error_reply_and_is_replaced(function, args, cpu_seconds, words):
    """A dead child is a ``RuntimeError`` reply that says how it ended; the next call starts a new child."""
    with ReferenceRunner({"f": function, "sigmoid": lr.sigmoid}, cpu_seconds=cpu_seconds) as box:
        assert box.call("sigmoid", [0.0], {}, soon()) == {"value": 0.5}
        pid, started = box.pid, time.monotonic()
        reply = box.call("f", args, {}, soon())
        assert time.monotonic() - started < 15
        assert reply == {"error": "RuntimeError",
                         "message": f"The reference solution of f stopped without an answer: it {words}."}
        assert gone(pid)
        assert box.call("sigmoid", [0.0], {}, soon()) == {"value": 0.5}


@pytest.mark.parametrize("function, args, expected", [
    (resource.getrlimit, [resource.RLIMIT_AS], (2 * 2**30, 2 * 2**30)),
    (resource.getrlimit, [resource.RLIMIT_CORE], (0, 0)),
    (os.getenv, ["OPENBLAS_NUM_THREADS"], "1"),
    (os.getenv, ["OMP_NUM_THREADS"], "1"),
    (os.getsid, [0], "own session"),
])
def test_the_child_runs_under_its_limits(function, args, expected):
    with ReferenceRunner({"f": function}) as box:
        value = box.call("f", args, {}, soon())["value"]
        if expected == "own session":
            assert value == box.pid != os.getsid(0)
        else:
            assert value == expected


def test_the_references_prints_do_not_reach_the_grader(capfd):
    """capfd sees the grader's file descriptors 1 and 2, which a child would inherit."""
    case = LOGISTIC["model"].public_cases()[0]
    lr.model(*copy.deepcopy(case.args), **case.kwargs, print_cost=True)
    assert "Accuracy" in capfd.readouterr().out  # it does print, when run here
    with ReferenceRunner({"model": lr.model, "sigmoid": lr.sigmoid, "print": print}) as box:
        assert "value" in box.call("model", list(case.args), {**case.kwargs, "print_cost": True}, soon())
        assert "value" in box.call("sigmoid", [np.array([-1000.0])], {}, soon())  # warns of an overflow in exp
        # more than the child's output buffer, so it would be written out even though the child is killed later
        assert box.call("print", ["x" * 100_000], {}, soon()) == {"value": None}
    assert capfd.readouterr() == ("", "")


def test_the_child_starts_on_the_first_call_and_closing_ends_it():
    box = ReferenceRunner({"sigmoid": lr.sigmoid})
    assert box.pid is None
    with box:
        assert box.call("sigmoid", [0.0], {}, soon()) == {"value": 0.5}
        pid = box.pid
        assert pid is not None and not gone(pid)
    assert box.pid is None and gone(pid)


def test_a_runner_dropped_without_closing_ends_its_child():
    box = ReferenceRunner({"sigmoid": lr.sigmoid})
    assert box.call("sigmoid", [0.0], {}, soon()) == {"value": 0.5}
    pid = box.pid
    del box
    gc.collect()
    assert gone(pid)


GRADER_THAT_DIES = """
import os, threading, time
from autograder.reference_calls import ReferenceRunner
from utils import logistic_regression as lr
from utils.exercises.logistic_regression import EXERCISES
PROPAGATE_CASE = EXERCISES["propagate"].public_cases()[0]
box = ReferenceRunner({"optimize": lr.optimize})
box.call("optimize", list(PROPAGATE_CASE.args), {}, time.monotonic() + 30)
print(box.pid, flush=True)
threading.Timer(0.5, os.kill, (os.getpid(), 9)).start()
box.call("optimize", list(PROPAGATE_CASE.args), {"num_iterations": 10**9}, time.monotonic() + 60)
"""


def test_the_child_dies_with_the_grader():
    """The grader is killed while its child computes, so the child never reads the end of its request pipe."""
    grader = subprocess.run([sys.executable, "-c", GRADER_THAT_DIES], cwd=Path(__file__).parent.parent,
                            capture_output=True, text=True, timeout=60)
    pid = int(grader.stdout)
    deadline = time.monotonic() + 5
    while not gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(pid)


def test_the_cpu_limit_holds_per_call_not_for_the_life_of_the_child():
    """Five calls of about 0.6 s of CPU each, under a 1 s limit: each is within it, their total is not."""
    started = time.process_time()
    lr.optimize(*PROPAGATE_CASE.args, num_iterations=2000)
    iterations = int(2000 * 0.6 / max(time.process_time() - started, 1e-3))
    with ReferenceRunner({"optimize": lr.optimize}, cpu_seconds=1) as box:
        replies = [box.call("optimize", list(PROPAGATE_CASE.args), {"num_iterations": iterations}, soon())
                   for _ in range(5)]
        assert all("value" in reply for reply in replies), replies


def test_only_its_references_can_be_called():
    with ReferenceRunner({"sigmoid": lr.sigmoid}) as box, pytest.raises(KeyError):
        box.call("propagate", list(PROPAGATE_CASE.args), {}, soon())
    assert box.pid is None


def _nested():
    def inner(x):
        return x
    return inner


@pytest.mark.parametrize("make", [lambda: (lambda x: x), _nested, lambda: functools.partial(lr.sigmoid),
                                  lambda: np.frompyfunc(abs, 1, 1)])
def test_a_reference_must_import_back_by_name(make):
    with pytest.raises(ValueError, match="module-level function"):
        ReferenceRunner({"f": make()})


def test_a_replaced_module_attribute_is_refused(monkeypatch):
    original = lr.sigmoid
    monkeypatch.setattr(lr, "sigmoid", lambda z: z)
    with pytest.raises(ValueError, match="module-level function"):
        ReferenceRunner({"sigmoid": original})


# ---------------------------------------------------------------------------
# The budget


def test_the_budget_of_a_case():
    # propagate's public case: w (2, 1), b, X (2, 3), Y (1, 3) of ints 0 and 1: 12 scalars, largest size 3
    assert ArgumentBudget.for_case(PROPAGATE_CASE) == ArgumentBudget(max_elements=32 * 12 + 4096, max_int=2 * 3 + 4096)
    # bools are not ints, floats are not bounded, numpy integers and integer arrays are
    assert ArgumentBudget.for_case(Case((True, 1e9, None), {"n": 5})).max_int == 2 * 5 + 4096
    assert ArgumentBudget.for_case(Case((True, 1e9))).max_int == 4096
    assert ArgumentBudget.for_case(Case((np.int64(-40),))).max_int == 2 * 40 + 4096
    assert ArgumentBudget.for_case(Case((np.array([7, -300]),))).max_int == 2 * 300 + 4096
    # 20 elements, 2 floats, and the key "W1": every leaf that is not an array counts as one
    assert ArgumentBudget.for_case(Case(({"W1": np.zeros((4, 5))}, [1.0, 2.0]))).max_elements == 32 * 23 + 4096


INIT_CASE = PLANAR["initialize_parameters"].public_cases()[0]
OPTIMIZE_CASE = LOGISTIC["optimize"].public_cases()[0]


@pytest.mark.parametrize("case, args, kwargs, words", [
    (INIT_CASE, [10**5, 10**5, 1], {}, ["argument 1", "integer 100,000", "at most 4,104 here"]),
    (INIT_CASE, [2, np.int64(-10**5), 1], {}, ["argument 2", "integer 100,000"]),
    (INIT_CASE, [np.array([10**5, 10**5]), 4, 1], {}, ["argument 1", "integer 100,000"]),
    (OPTIMIZE_CASE, list(OPTIMIZE_CASE.args), {"num_iterations": 10**9},
     ["argument num_iterations", "integer 1,000,000,000", "at most 4,396 here"]),
    (PROPAGATE_CASE, [np.zeros((2, 1)), 0.0, np.zeros((2, 10**5)), np.zeros((1, 3))], {},
     ["more than 4,480 numbers", "passed in argument 3"]),
    (PROPAGATE_CASE, [np.zeros((2, 1)), 1e300, np.zeros((2, 2237)), np.zeros((1, 3)), 0.5], {},
     ["more than 4,480 numbers", "passed in argument 5"]),  # one over
    (PROPAGATE_CASE, [[0.5] * 5000], {}, ["more than 4,480 numbers", "passed in argument 1"]),
    (PROPAGATE_CASE, [4102, -4103], {}, ["argument 2", "integer 4,103", "at most 4,102 here"]),  # one over
    (PROPAGATE_CASE, [], {"parameters": {"W1": np.zeros((100, 100))}}, ["passed in argument parameters"]),
])
def test_the_budget_refuses_arguments_far_larger_than_the_case(case, args, kwargs, words):
    refusal = ArgumentBudget.for_case(case).refusal(args, kwargs)
    assert refusal is not None and refusal.startswith("The reference solution was not run: ")
    for word in words:
        assert word in refusal


@pytest.mark.parametrize("args, kwargs", [
    ([np.zeros((2, 1)), 1e300, np.zeros((2, 2237)), np.zeros((1, 3))], {}),  # 4,480 numbers exactly; floats unbounded
    ([4102, -4102, True], {"flag": False, "rate": 1e12}),  # at the int limit; bools are not ints
])
def test_the_budget_accepts_arguments_within_it(args, kwargs):
    assert ArgumentBudget.for_case(PROPAGATE_CASE).refusal(args, kwargs) is None


SEEDS = range(5)


@pytest.mark.parametrize("key", USING_OTHERS, ids=[f"{a}.{n}" for a, n in USING_OTHERS])
def test_the_budget_accepts_every_call_the_reference_makes(monkeypatch, key):
    """Graded as the grader grades, the reference's own calls of the functions it uses are all within budget."""
    exercise = EXERCISES[key]
    module = sys.modules[exercise.reference.__module__]
    # drawn before patching: some case generators call the reference module themselves
    cases = [c for s in SEEDS for c in grading_cases(exercise, np.random.default_rng(s))]
    current, called, refusals = {}, [], []

    def recorder(name, real):
        def proxy(*args, **kwargs):
            refusal = current["budget"].refusal(args, kwargs)
            if refusal is not None:
                refusals.append(f"{name} on {current['case'].describe()}: {refusal}")
            called.append(name)
            return real(*args, **kwargs)
        return proxy

    for name in exercise.uses:
        monkeypatch.setattr(module, name, recorder(name, getattr(module, name)))
    for case in cases:
        current.update(budget=ArgumentBudget.for_case(case), case=case)
        with contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"):
            exercise.reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
    assert refusals == []
    assert set(called) == set(exercise.uses)  # every dependency went through the recorder
