"""Run a student's notebook in a confined worker process and call its functions.

:class:`Sandbox` is the grader's side of the boundary. It starts
:mod:`autograder.sandbox_worker` with a scratch folder, the student release of
the assignment as the only course files it can import or read (so student
code sees at grading time exactly what the student has), and wall-clock
deadlines on every exchange. A worker that hangs, crashes, exits or runs out
of memory is killed and replaced; only the cell or call that caused it is lost.
"""

from __future__ import annotations

import copy
import inspect
import os
import select
import shutil
import signal
import site
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from autograder import transport
from autograder.cgroups import Cgroup, CgroupUnavailable
from autograder.isolation import Limits, die_with_parent, landlock_abi
from autograder.policy import PROJECT_ROOT, SCRATCH, WORKER_KIT, JailPolicy, jail_problem
from autograder.reference_calls import ArgumentBudget, ReferenceRunner, ReferenceTimeout
from utils.checks import Case, Outcome, describe_call, error_line, failed_call

# The worker imports its own code from the first folder and the release's utils from the second.
_BOOT = ("import sys; sys.path[:0] = sys.argv[1:3]; from autograder.sandbox_worker import main; "
         "main(int(sys.argv[3]), int(sys.argv[4]))")


class IsolationUnavailable(RuntimeError):
    """The sandbox could not be confined and the configuration requires it."""


@dataclass
class SandboxConfig:
    """How student code is confined and how long it may run."""

    limits: Limits = field(default_factory=Limits)
    notebook_timeout: float = 120.0
    call_timeout: float = 20.0
    output_limit: int = 20_000
    max_restarts: int = 4
    require_isolation: bool = True
    data_dir: str | None = None
    jail: bool = True
    reference_memory_bytes: int = 2 * 2**30


@dataclass
class CellRun:
    """What one code cell did at grading time."""

    index: int
    stdout: str = ""
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


class UnreadableCourseFiles(RuntimeError):
    """The release or data folder cannot be read by the sandbox's unprivileged user."""


class WorkerFailed(Exception):
    """The worker died, hung or sent garbage."""


def _read_only_roots() -> list[str]:
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             "/usr", "/lib", "/lib64", "/bin", "/etc", "/sys/devices/system/cpu",
             "/proc/self", "/proc/cpuinfo", "/proc/meminfo", "/dev/urandom", "/dev/zero"}
    roots.update(site.getsitepackages())
    roots.update(p for p in sysconfig.get_paths().values())
    return sorted({str(Path(r).resolve()) for r in roots if Path(r).exists()} | {r for r in roots if Path(r).exists()})


def seed_font_cache(config_dir: Path) -> None:
    """Give the worker a copy of the grader's matplotlib font list.

    Without it, the first ``import matplotlib.pyplot`` in every sandbox
    rebuilds the list, which costs about half a second per submission;
    the grader builds it once (importing ``font_manager`` writes it).
    """
    try:
        import matplotlib
        import matplotlib.font_manager  # noqa: F401 - builds the cache file if missing
    except ImportError:
        return
    config_dir.mkdir(parents=True, exist_ok=True)
    for font_list in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
        shutil.copy(font_list, config_dir)


def _text(value: Any) -> str:
    """Text from the worker, or nothing: a forged message may put any plain value where text belongs."""
    return value if isinstance(value, str) else ""


def _texts(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)][:20] if isinstance(value, list) else []


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:  # real-time and unknown signals have no name
        return f"signal {number}"


def _answer_value(sent: Any) -> Any:
    """A value from the worker's ``read`` answer: ``{"set": items}`` or ``{"value": value}``."""
    if not isinstance(sent, dict) or "unreadable" in sent:
        type_name = "".join(ch for ch in _text(sent.get("unreadable"))[:100] if ch.isalnum() or ch == "_") \
            if isinstance(sent, dict) else ""
        stand_in = type(type_name or "object", (transport.Opaque,), {})  # named like the value's type, as in plain data
        return stand_in(f"<a {type_name or 'value'} too large to read>")
    if isinstance(sent.get("set"), list):
        try:
            return frozenset(sent["set"])
        except TypeError:  # items that cannot be in a set are shown by their text
            return frozenset(repr(item) for item in sent["set"])
    return sent.get("value")


class Sandbox:
    """One submission's notebook, run in a confined worker.

    Parameters
    ----------
    cells : list of (int, str)
        Index and source of the code cells to run, in order.
    config : SandboxConfig
        Limits and timeouts.
    release_dir : Path
        The student release of the assignment (``release/<a>/``): its
        ``utils`` package is the only one student code can import, and
        nothing else of the course can be read.
    references : dict of str to callable
        Reference functions that graded code may call through a proxy
        (see :meth:`call`), by name.
    """

    def __init__(self, cells: list[tuple[int, str]], config: SandboxConfig, release_dir: Path,
                 references: dict[str, Callable]):
        self.cells, self.config, self.references = list(cells), config, references
        self.reference_runner = ReferenceRunner(references, memory_bytes=config.reference_memory_bytes)
        if not (Path(release_dir) / "utils").is_dir():
            raise FileNotFoundError(
                f"The student release {release_dir} is missing or has no utils/ folder, and student code is graded "
                "with exactly what students get. Run `nbgrader generate_assignment <assignment> --force` first.")
        self.lib_dir = Path(release_dir).resolve()
        self.scratch = Path(tempfile.mkdtemp(prefix="course-grading-"))
        self.workdir = self.scratch / "work"
        self.workdir.mkdir()
        seed_font_cache(self.workdir / ".matplotlib")
        self.process: subprocess.Popen | None = None
        self.protections: list[str] = []
        self.cell_runs: dict[int, CellRun] = {}
        self.skipped_cells: set[int] = set()
        self.graded: set[str] = set()
        self.restarts = 0
        self.problems: list[str] = []
        self.missing: list[str] = []
        self.cgroup: Cgroup | None = None
        self.jailed = False

    # -- life cycle -------------------------------------------------------
    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._kill()
        self.reference_runner.close()
        if self.cgroup is not None:
            self.cgroup.remove()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def _kill(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        if self.cgroup is not None:  # anything that left the worker's process group and namespace
            self.cgroup.kill_all()
        for fd in (self._to_worker, self._from_worker):
            os.close(fd)
        self.process = None

    def _start(self) -> None:
        if self.restarts > self.config.max_restarts:
            raise WorkerFailed("grading stopped after too many crashes or timeouts")
        if self.process is None and self.restarts == 0:
            self._prepare_layers()
        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        with open(self.scratch / "worker.log", "ab") as log:
            self.process = subprocess.Popen(
                self._command(cmd_r, res_w), pass_fds=(cmd_r, res_w), stdin=subprocess.DEVNULL, stdout=log,
                stderr=log, cwd=self.workdir, env=self._environment(), start_new_session=True,
                preexec_fn=self._enter_layers,
            )
        os.close(cmd_r)
        os.close(res_w)
        self._to_worker, self._from_worker = cmd_w, res_r
        os.set_blocking(cmd_w, False)
        self._send(self._setup_message(), time.monotonic() + 30)
        ready = self._receive(time.monotonic() + 30)
        self.protections = self._outer_protections() + [str(p) for p in ready.get("protections", [])][:20]
        if not any(p.startswith("Landlock") for p in self.protections):
            self.missing.append(f"Landlock (kernel ABI {landlock_abi()}; needs Linux 5.13 or newer)")
        if self.config.require_isolation and self.missing:
            self._kill()
            raise IsolationUnavailable(
                "Student code would be graded without these protections: " + "; ".join(self.missing)
                + ". Fix the machine (see autograder/README.md, 'The sandbox'), or set "
                "c.GradeInSandbox.require_isolation = False to grade with what is available.")

    def _prepare_layers(self) -> None:
        """Decide once per submission which outer layers this machine gives: the jail, the cgroup."""
        problem = jail_problem() if self.config.jail else "the jail is turned off (SandboxConfig.jail)"
        self.jailed = problem is None
        if self.jailed and (unreadable := self._policy().unreadable_folders()):
            raise UnreadableCourseFiles(
                f"Student code runs as an unprivileged user, who cannot read {', '.join(unreadable)}. "
                "Make them readable to all (chmod o+rx) and grade again.")
        if problem:
            self.missing.append(f"bubblewrap jail ({problem})")
        try:
            limits = self.config.limits
            self.cgroup = Cgroup.create(limits.memory_bytes, limits.processes)
        except CgroupUnavailable as error:
            self.missing.append(f"cgroup limits for the worker and its children together ({error})")

    def _enter_layers(self) -> None:
        """Runs in the new process before ``exec``: join the cgroup, die with the grader."""
        if self.cgroup is not None:
            self.cgroup.enter()
        die_with_parent()

    def _policy(self) -> JailPolicy:
        data_dir = self.config.data_dir if self.config.data_dir and Path(self.config.data_dir).is_dir() else None
        return JailPolicy(str(self.lib_dir), str(Path(data_dir).resolve()) if data_dir else None,
                          [str(f) for f in (self.workdir / ".matplotlib").glob("fontlist-*.json")],
                          self.config.limits.disk_bytes)

    def _command(self, cmd_r: int, res_w: int) -> list[str]:
        kit = WORKER_KIT if self.jailed else str(PROJECT_ROOT)
        program = [sys.executable, "-I", "-c", _BOOT, kit, str(self.lib_dir), str(cmd_r), str(res_w)]
        return self._policy().command(program) if self.jailed else program

    def _environment(self) -> dict[str, str]:
        if self.jailed:
            return {}  # bwrap sets the worker's environment from scratch (--clearenv, --setenv)
        env = {"PATH": "/usr/bin:/bin", "HOME": str(self.workdir), "TMPDIR": str(self.workdir),
               "MPLBACKEND": "Agg", "MPLCONFIGDIR": str(self.workdir / ".matplotlib"),
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}
        if self.config.data_dir:
            env["COURSE_DATA_DIR"] = self.config.data_dir
        return env

    def _outer_protections(self) -> list[str]:
        layers = self._policy().description() if self.jailed else []
        return layers + ([self.cgroup.description] if self.cgroup is not None else [])

    def _setup_message(self) -> dict:
        runnable = [(i, s) for i, s in self.cells if i not in self.skipped_cells]
        if self.jailed:
            policy = self._policy()
            read_only, read_write, workdir = policy.read_only_paths(), policy.writable_paths(), SCRATCH
        else:
            read_only = _read_only_roots() + [str(self.lib_dir)]
            if self.config.data_dir and Path(self.config.data_dir).is_dir():
                read_only.append(str(Path(self.config.data_dir).resolve()))
            read_write, workdir = [str(self.workdir)], str(self.workdir)
        return {"cells": [list(c) for c in runnable], "limits": asdict(self.config.limits),
                "read_only": read_only, "read_write": read_write, "lib_dir": str(self.lib_dir),
                "workdir": workdir, "hidden_roots": [str(PROJECT_ROOT)], "jailed": self.jailed,
                "output_limit": self.config.output_limit}

    # -- pipe I/O with deadlines -------------------------------------------
    def _send(self, message: Any, deadline: float) -> None:
        view = memoryview(transport.frame(message))
        while view:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([], [self._to_worker], [], remaining)[1]:
                raise WorkerFailed("timeout")
            try:
                view = view[os.write(self._to_worker, view):]
            except (BrokenPipeError, OSError):
                raise WorkerFailed("crashed") from None

    def _read(self, size: int, deadline: float) -> bytes:
        chunks, remaining = [], size
        while remaining:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_worker], [], [], left)[0]:
                raise WorkerFailed("timeout")
            chunk = os.read(self._from_worker, min(remaining, 1 << 20))
            if not chunk:
                raise WorkerFailed("crashed")
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def _receive(self, deadline: float) -> dict:
        (size,) = transport.HEADER.unpack(self._read(transport.HEADER.size, deadline))
        if size > transport.MAX_MESSAGE_BYTES:
            raise WorkerFailed("sent a message over the size limit")
        try:
            message = transport.decode(self._read(size, deadline))
        except transport.TransportError as error:
            raise WorkerFailed(str(error)) from None
        if not isinstance(message, dict):
            raise WorkerFailed("sent a malformed message")
        return message

    def _exit_code(self) -> int | None:
        """The worker's exit status, allowing a moment for a process whose pipe just closed to end."""
        if self.process is None:
            return None
        try:
            return self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return None

    def _exit_reason(self, failure: WorkerFailed) -> str:
        if str(failure) == "timeout":
            return "did not finish in time (an endless loop?)"
        code = self._exit_code()
        if code is not None and self.jailed and code > 128:
            code = 128 - code  # bwrap reports a worker killed by signal N as exit status 128 + N
        if code is not None and code < 0:
            name = _signal_name(-code)
            return {"SIGXCPU": "used up its CPU time", "SIGKILL": "was killed (out of time or memory)"}.get(
                name, f"was stopped by {name}")
        if code is not None:
            return f"ended the Python process (exit code {code})"
        return f"broke the grading connection ({failure})"

    # -- running the notebook ---------------------------------------------
    def run_cells(self) -> dict[int, CellRun]:
        """Run the notebook's cells; a cell that hangs or kills the worker is skipped on a restart."""
        while True:
            current = None
            try:
                self._start()
                expected = iter([i for i, _ in self.cells if i not in self.skipped_cells])
                deadline = time.monotonic() + self.config.notebook_timeout
                while True:
                    message = self._receive(deadline)
                    event = message.get("event")
                    if event == "cell_start" and current is None and message.get("index") == next(expected, None):
                        current = message["index"]
                    elif event == "cell_done" and current is not None and message.get("index") == current:
                        self.cell_runs[current] = CellRun(current, _text(message.get("stdout")),
                                                          _text(message.get("error")) or None,
                                                          _texts(message.get("warnings")))
                        current = None
                    elif event == "cells_done" and current is None:
                        return self.cell_runs
                    else:  # student code may write to the pipe itself; only the expected order is believed
                        raise WorkerFailed("sent a message out of order")
            except WorkerFailed as failure:
                reason = self._exit_reason(failure)
                self._kill()
                self.restarts += 1
                if current is None:
                    self.problems.append(f"Your notebook {reason} while it was being run for grading.")
                    raise WorkerFailed(reason) from None
                self.skipped_cells.add(current)
                self.cell_runs[current] = CellRun(current, error=f"This cell {reason}; it was skipped for grading.")

    def call(self, name: str, case: Case, uses: tuple[str, ...] = ()) -> tuple[Outcome, str]:
        """Call the student's ``name`` on a copy of ``case``'s inputs in the worker.

        Functions in ``uses`` are replaced, for this call only, by proxies to
        the reference solution; only exercises already graded may be used.

        Returns
        -------
        outcome : Outcome
            The returned value, the arguments after the call, or the error.
        stdout : str
            What the call printed.
        """
        try:
            if self.process is None:
                self.run_cells()
            request = {"op": "call", "name": name, "args": list(copy.deepcopy(case.args)),
                       "kwargs": copy.deepcopy(case.kwargs), "uses": [u for u in uses if u in self.graded]}
            deadline = time.monotonic() + self.config.call_timeout
            budget = ArgumentBudget.for_case(case)
            failures: list[tuple[str, str]] = []
            self._send(request, deadline)
            while True:
                message = self._receive(deadline)
                if message.get("event") == "reference_call":
                    self._answer_reference_call(message, deadline, budget, failures)
                    continue
                if message.get("event") != "result":
                    raise WorkerFailed("sent an unexpected message")
                return self._outcome(message, failures), _text(message.get("stdout"))
        except WorkerFailed as failure:
            reason = self._exit_reason(failure)
            self._kill()
            self.restarts += 1
            return Outcome(error=f"the call {reason}"), ""

    def read_values(self, names: list[str]) -> dict[str, Any]:
        """The values the notebook left in the variables ``names``, as plain data (a quiz's answers).

        A name the notebook never set is missing from the result. A set comes
        back as a ``frozenset`` of its items. A value that plain data cannot
        carry comes back as an :class:`~autograder.transport.Opaque` stand-in
        naming its type.

        Raises
        ------
        WorkerFailed
            If the notebook cannot be run, or the worker does not answer in
            time; its message says what happened, in words.
        """
        if self.process is None:
            self.run_cells()
        try:
            deadline = time.monotonic() + self.config.call_timeout
            self._send({"op": "read", "names": list(names)}, deadline)
            message = self._receive(deadline)
            values = message.get("values") if message.get("event") == "values" else None
            if not isinstance(values, dict):
                raise WorkerFailed("sent an unexpected message")
        except WorkerFailed as failure:
            reason = self._exit_reason(failure)
            self._kill()
            self.restarts += 1
            raise WorkerFailed(reason) from None
        return {name: _answer_value(values[name]) for name in names if name in values}

    @staticmethod
    def _outcome(message: dict, failures: list[tuple[str, str]]) -> Outcome:
        """The worker's result message as an outcome; its fields are believed only as the types they should be."""
        args_after, error = message.get("args_after"), message.get("error")
        error = None if error is None else _text(error) or "an error"
        return Outcome(value=message.get("value"), error=error,
                       args_after=tuple(args_after) if isinstance(args_after, list) else None,
                       warnings=_texts(message.get("warnings")), global_reads=_texts(message.get("global_reads")),
                       failed_call=None if error is None else failed_call(failures, error))

    def _answer_reference_call(self, message: dict, deadline: float, budget: ArgumentBudget,
                               failures: list[tuple[str, str]]) -> None:
        """Run a graded reference for a proxy, in the reference runner, within the call's deadline and budget.

        A call that ends in an error is added to ``failures`` as ``(error line,
        the call in words)``, so the report can say what the student's function
        passed when that error ends its call.
        """
        name, args, kwargs = message.get("name"), message.get("args", []), message.get("kwargs", {})
        if not isinstance(args, list) or not isinstance(kwargs, dict) or not all(isinstance(k, str) for k in kwargs):
            reply = {"error": "TypeError", "message": "malformed call"}
        elif name not in self.graded or name not in self.references:
            reply = {"error": "NameError", "message": f"{name} is not available here"}
        elif (refusal := budget.refusal(args, kwargs)) is not None:
            reply = {"error": "ValueError", "message": refusal}
        else:
            try:
                reply = self.reference_runner.call(name, args, kwargs, deadline)
            except ReferenceTimeout:
                raise WorkerFailed("timeout") from None
        if reply.get("error") and name in self.references:
            failures.append(self._failure(name, args, kwargs, reply))
        self._send(reply, deadline)

    def _failure(self, name: str, args: list, kwargs: dict, reply: dict) -> tuple[str, str]:
        """``(error line, call in words)`` of a reference call that failed; the worker sees that same error line."""
        error = error_line(str(reply["error"]), str(reply.get("message", "")))
        try:
            call = describe_call(name, args, kwargs, inspect.signature(self.references[name]))
        except Exception:  # noqa: BLE001 - arguments the words cannot describe still leave the error itself
            call = f"`{name}`"
        return error, call

    def mark_graded(self, name: str) -> None:
        """Allow later exercises to use the reference of ``name``."""
        self.graded.add(name)
