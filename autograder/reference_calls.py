"""Proxied reference calls, run away from the grader: a limited child process and a size budget.

While an exercise that ``uses`` other graded functions is graded, the sandbox
worker replaces those functions with proxies, and each proxy asks the grader
to run the reference solution on arguments that student code chose (see
"Exercises that build on each other" in ``autograder/README.md``). Two things
keep such a request from costing the grader more than the case it belongs to:

* :class:`ArgumentBudget` refuses, before anything runs, arguments much larger
  than the case being graded (``initialize_parameters(10**5, 10**5, 1)`` or a
  forged ``num_iterations``), with a sentence the student can act on.
* :class:`ReferenceRunner` runs what is accepted in a separate child process
  with an address-space and a CPU limit, and a wall-clock deadline on every
  call. A call that runs too long kills the child (:class:`ReferenceTimeout`);
  one that allocates too much fails there with ``MemoryError``. The grader's
  own memory holds only the arguments and the (plain-data) reply.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import resource
import select
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from autograder import transport
from autograder.isolation import die_with_parent

if TYPE_CHECKING:
    from utils.checks import Case

__all__ = ["ArgumentBudget", "ReferenceRunner", "ReferenceTimeout"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
_BOOT = ("import sys; sys.path.insert(0, sys.argv[1]); from autograder.reference_calls import _child_main; "
         "_child_main(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))")
# One BLAS thread: the calls are small, and threads would only add to the child's address space.
_CHILD_ENV = {"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


class ReferenceTimeout(Exception):
    """A reference call did not answer before its deadline; its child process was killed."""


class _ChildLost(Exception):
    """The child closed its pipe, died, or sent something that is not a reply."""


class _PastDeadline(Exception):
    """A read or write on the child's pipes did not complete before the deadline."""


# ---------------------------------------------------------------------------
# The grader's side


class ReferenceRunner:
    """Runs reference functions in a separate, resource-limited child process, one call at a time.

    The child is started on the first :meth:`call` (most exercises never
    proxy anything), in its own process group, with its output discarded, and
    dies with the grader. Requests and replies are :mod:`autograder.transport`
    frames, so only plain data crosses in either direction.

    Parameters
    ----------
    references : dict of str to callable
        The functions that may be called, by name. Each must be a module-level
        function: the child imports it by ``__module__`` and ``__qualname__``.
    memory_bytes : int
        Address-space limit of the child (``RLIMIT_AS``). An allocation
        beyond it raises ``MemoryError`` in the reference, which comes back as
        an error reply.
    cpu_seconds : int
        CPU time each call may use (``RLIMIT_CPU``, moved up before every call
        so that a long-lived child is not killed by the total of many small
        calls). Normally the wall-clock deadline of :meth:`call` ends a long
        call first; this limit is the backstop.

    Raises
    ------
    ValueError
        If a reference cannot be imported back by module and qualified name
        (a lambda, a nested function, a function defined in ``__main__``, or
        a module attribute that was replaced).
    """

    def __init__(self, references: dict[str, Callable], memory_bytes: int = 2 * 2**30, cpu_seconds: int = 60):
        self._locations = {name: _location(name, function) for name, function in references.items()}
        self.memory_bytes, self.cpu_seconds = int(memory_bytes), int(cpu_seconds)
        self._process: subprocess.Popen | None = None
        self._to_child = self._from_child = -1

    @property
    def pid(self) -> int | None:
        """Process id of the running child, or ``None`` if there is none."""
        return None if self._process is None else self._process.pid

    # -- life cycle -----------------------------------------------------------
    def __enter__(self) -> ReferenceRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        # A runner dropped without close() must not leave its child running until the grader exits.
        if getattr(self, "_process", None) is not None:
            try:
                self.close()
            except Exception:  # at interpreter exit modules may be gone; the death signal covers that case
                pass

    def close(self) -> None:
        """Kill the child, if any. The runner stays usable: the next call starts a new one."""
        if self._process is None:
            return
        if self._process.returncode is None:  # not yet reaped, so its process group id cannot have been reused
            try:
                os.killpg(self._process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._process.kill()  # in case it is not in that group; Popen checks it has not been reaped
        os.close(self._to_child)  # and without its request pipe a live child would end on its own
        os.close(self._from_child)
        self._process.wait()
        self._process, self._to_child, self._from_child = None, -1, -1

    def _start(self, deadline: float) -> None:
        requests_r, requests_w = os.pipe()
        replies_r, replies_w = os.pipe()
        spec = json.dumps({"references": self._locations, "memory_bytes": self.memory_bytes,
                           "cpu_seconds": self.cpu_seconds})
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-c", _BOOT, str(PROJECT_ROOT), spec, str(requests_r), str(replies_w)],
                pass_fds=(requests_r, replies_w), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, cwd="/", env=_CHILD_ENV, start_new_session=True,
                preexec_fn=die_with_parent,
            )
        except BaseException:
            os.close(requests_w)
            os.close(replies_r)
            raise
        finally:
            os.close(requests_r)
            os.close(replies_w)
        self._to_child, self._from_child = requests_w, replies_r
        os.set_blocking(requests_w, False)  # so a write never blocks past the deadline
        try:
            ready = self._receive(deadline)
        except _ChildLost as lost:
            reason = self._end_reason()
            self.close()
            raise RuntimeError(f"The reference runner's child process could not start: it {reason}.") from lost
        if ready.get("ready") is not True:
            self.close()
            raise RuntimeError(f"The reference runner's child process could not start:\n{ready.get('failed')}")

    # -- calls ----------------------------------------------------------------
    def call(self, name: str, args: list, kwargs: dict, deadline: float) -> dict:
        """Run the reference ``name(*args, **kwargs)`` in the child.

        Parameters
        ----------
        name : str
            One of the names given to the constructor.
        args, kwargs : list, dict
            Plain data (as decoded from the sandbox worker's request).
        deadline : float
            A :func:`time.monotonic` value. Starting the child, if needed,
            counts towards it.

        Returns
        -------
        dict
            ``{"value": v}``, or ``{"error": type_name, "message": text}``
            when the reference raised (its type name, such as ``ValueError``
            on bad shapes or ``MemoryError`` over the memory limit; a private
            numpy class is named by its first public base), with type
            ``ValueError`` when the arguments or the result cannot cross the
            transport (over its size or nesting caps), or with type
            ``RuntimeError`` when the child died during the call (for example
            at the CPU limit): the message then says how it ended, and the
            next call starts a new child.

        Raises
        ------
        KeyError
            If ``name`` is not one of the references.
        ReferenceTimeout
            If the deadline passed. The child has been killed; the next call
            starts a new one.
        RuntimeError
            If a new child could not start (a broken installation, not
            anything the arguments did).
        """
        if name not in self._locations:
            raise KeyError(f"{name!r} is not one of this runner's references")
        try:
            request = transport.frame({"name": name, "args": list(args), "kwargs": dict(kwargs)})
        except (transport.TransportError, MemoryError) as error:
            return {"error": "ValueError", "message": f"The arguments of {name} cannot be passed on ({error})."}
        if len(request) - transport.HEADER.size > transport.MAX_MESSAGE_BYTES:
            return {"error": "ValueError", "message": f"The arguments of {name} cannot be passed on (over "
                    f"{transport.MAX_MESSAGE_BYTES // 2**20} MiB)."}
        try:
            if self._process is None:
                self._start(deadline)
            self._send(request, deadline)
            reply = self._receive(deadline)
        except _PastDeadline:
            self.close()
            raise ReferenceTimeout(f"the reference {name} did not finish in time") from None
        except _ChildLost:
            message = f"The reference solution of {name} stopped without an answer: it {self._end_reason()}."
            self.close()
            return {"error": "RuntimeError", "message": message}
        except BaseException:  # e.g. KeyboardInterrupt mid-exchange: a later call must not read this call's reply
            self.close()
            raise
        if "value" in reply or isinstance(reply.get("error"), str):
            return reply
        self.close()  # our own child sent something that is not a reply: do not trust it further
        return {"error": "RuntimeError", "message": f"The reference solution of {name} sent no usable answer."}

    # -- pipe I/O with deadlines ------------------------------------------------
    def _send(self, data: bytes, deadline: float) -> None:
        view = memoryview(data)
        while view:
            _wait(self._to_child, select.POLLOUT, deadline)
            try:
                view = view[os.write(self._to_child, view):]
            except BlockingIOError:  # the pipe filled up between poll and write
                continue
            except OSError:  # EPIPE: the child is gone
                raise _ChildLost from None

    def _read(self, size: int, deadline: float) -> bytes:
        chunks, remaining = [], size
        while remaining:
            _wait(self._from_child, select.POLLIN, deadline)
            chunk = os.read(self._from_child, min(remaining, 1 << 20))
            if not chunk:
                raise _ChildLost
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def _receive(self, deadline: float) -> dict:
        (size,) = transport.HEADER.unpack(self._read(transport.HEADER.size, deadline))
        if size > transport.MAX_MESSAGE_BYTES:  # the child checks this too; never buffer more than the cap
            raise _ChildLost
        try:
            message = transport.decode(self._read(size, deadline))
        except transport.TransportError:
            raise _ChildLost from None
        if not isinstance(message, dict):
            raise _ChildLost
        return message

    def _end_reason(self) -> str:
        """How the child ended, in words that finish "it ...", for the error reply."""
        try:
            code = self._process.wait(timeout=1) if self._process is not None else None
        except subprocess.TimeoutExpired:  # alive, but it closed its pipe: close() kills it
            code = None
        if code is None:
            return "broke the connection"
        if code < 0:
            name = signal.Signals(-code).name
            if name == "SIGXCPU":
                return f"used up its {self.cpu_seconds} s of CPU time"
            if name == "SIGKILL":
                return "was killed (out of memory?)"
            return f"was stopped by {name}"
        return f"ended its process (exit code {code})"


def _wait(fd: int, event: int, deadline: float) -> None:
    """Block until ``fd`` is ready for ``event`` or raise :class:`_PastDeadline`.

    ``poll`` rather than ``select``: it has no limit on the value of ``fd``.
    """
    poller = select.poll()
    poller.register(fd, event)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _PastDeadline
        events = poller.poll(max(1, math.ceil(left * 1000)))
        if events:
            if events[0][1] & event:
                return
            raise _ChildLost  # POLLHUP or POLLERR without data: the child closed its end
        # nothing yet: loop to recheck the deadline (poll's timeout is rounded up to whole milliseconds)


def _location(name: str, function: Callable) -> list[str]:
    """``[module, qualname]`` of a reference, checked to import back to the same object."""
    module, qualname = getattr(function, "__module__", None), getattr(function, "__qualname__", None)
    if isinstance(module, str) and isinstance(qualname, str) and module != "__main__":
        try:
            if _resolve(module, qualname) is function:
                return [module, qualname]
        except (ImportError, AttributeError):
            pass
    raise ValueError(f"The reference {name!r} ({function!r}) is not a module-level function that a separate "
                     "process can import by its module and qualified name.")


def _resolve(module: str, qualname: str) -> Any:
    target = importlib.import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


# ---------------------------------------------------------------------------
# The child's side


def _child_main(spec_json: str, requests_fd: int, replies_fd: int) -> None:
    """Answer reference calls until the grader closes the request pipe."""
    spec = json.loads(spec_json)
    _limit_resources(spec["memory_bytes"], spec["cpu_seconds"])
    inbox, outbox = os.fdopen(requests_fd, "rb"), os.fdopen(replies_fd, "wb")
    try:
        functions = {name: _resolve(*where) for name, where in spec["references"].items()}
    except Exception:  # a broken installation: say why, for the grader's RuntimeError
        transport.send(outbox, {"failed": traceback.format_exc(limit=5)})
        return
    transport.send(outbox, {"ready": True})
    while True:
        try:
            request = transport.receive(inbox)
        except EOFError:
            return
        _allow_cpu(spec["cpu_seconds"])
        outbox.write(_answer(functions, request))
        outbox.flush()


def _limit_resources(memory_bytes: int, cpu_seconds: int) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a reference killed at a limit leaves no core file
    _allow_cpu(cpu_seconds)  # importing the references counts too


def _allow_cpu(seconds: int) -> None:
    """Let the next call use ``seconds`` of CPU time beyond what the child has used so far.

    Only the soft limit moves (SIGXCPU, which ends the process); the hard
    limit is left as inherited, because lowering it could not be undone.
    """
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(usage.ru_utime + usage.ru_stime) + seconds
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _answer(functions: dict[str, Callable], request: Any) -> bytes:
    """The framed reply to one request: the value, or the error it raised or met on the way back."""
    name = request.get("name") if isinstance(request, dict) else None
    try:
        reply = {"value": functions[name](*request["args"], **request["kwargs"])}
    except Exception as error:  # the reference rejects the arguments: that is an answer too
        reply = {"error": _public_type_name(error), "message": str(error)}
    try:
        payload = transport.frame(reply)
    except MemoryError:  # the child's own limit, while encoding
        del reply
        return transport.frame({"error": "MemoryError", "message": f"The result of {name} cannot be sent back "
                                "(it is too large)."})
    except Exception as error:  # over one of the transport's caps (size, nesting, ...): its words say which
        del reply
        return transport.frame({"error": "ValueError",
                                "message": f"The result of {name} cannot be sent back ({error})."})
    if len(payload) - transport.HEADER.size > transport.MAX_MESSAGE_BYTES:  # the grader would refuse to read it
        size = len(payload)
        del payload, reply
        return transport.frame({"error": "ValueError", "message": f"The result of {name} cannot be sent back "
                                f"({size / 2**20:.0f} MiB; the limit is {transport.MAX_MESSAGE_BYTES // 2**20} MiB)."})
    return payload


def _public_type_name(error: BaseException) -> str:
    """The name of the error's first public class: numpy raises ``MemoryError`` as ``_ArrayMemoryError``."""
    for cls in type(error).__mro__:
        if not cls.__name__.startswith("_"):
            return cls.__name__
    return "Exception"


# ---------------------------------------------------------------------------
# The size budget


@dataclass(frozen=True)
class ArgumentBudget:
    """How large a proxied reference call's arguments may be while one case is graded.

    Scalars are counted through nested lists, tuples and dicts: an array
    counts its elements, and every other leaf (a number, and also a string,
    ``None``, a dict key) counts as one, so the count also bounds the work of
    passing the arguments on. An int is a Python int (not a bool), a numpy
    integer scalar, or an element of an integer array: any of them can be a
    size (``np.zeros(n)``, ``range(n)``, ``np.zeros(np.array([n, n]))``).
    Floats are not bounded.

    Parameters
    ----------
    max_elements : int
        Most scalars the arguments of one call may hold.
    max_int : int
        Largest absolute value of an int in them.
    """

    max_elements: int
    max_int: int

    @classmethod
    def for_case(cls, case: Case) -> ArgumentBudget:
        """The budget of calls made while ``case`` is graded.

        ``max_elements = 32 * scalars(case) + 4096`` and
        ``max_int = 2 * max(largest |int|, largest array dimension) + 4096``:
        room for the intermediate arrays and counts a correct function passes
        on, and far less than an attack needs.
        """
        elements, largest = 0, 0
        for leaf in _leaves((case.args, case.kwargs)):
            elements += _scalar_count(leaf)
            largest = max(largest, _largest_int(leaf))
            if isinstance(leaf, np.ndarray) and leaf.ndim:
                largest = max(largest, *leaf.shape)
        return cls(max_elements=32 * elements + 4096, max_int=2 * largest + 4096)

    def refusal(self, args: list | tuple, kwargs: dict) -> str | None:
        """Why a call with these arguments is not run, for the student; ``None`` if it may run."""
        elements = 0
        named = [(f"argument {i}", value) for i, value in enumerate(args, 1)]
        named += [(f"argument {key}", value) for key, value in kwargs.items()]
        for where, value in named:
            for leaf in _leaves(value):
                elements += _scalar_count(leaf)
                if elements > self.max_elements:  # checked before any scan of the values
                    return (f"The reference solution was not run: its arguments hold more than {self.max_elements:,} "
                            f"numbers (the limit was passed in {where}), far more than this test gives your "
                            "function. Check the arrays your function passes on.")
                number = _largest_int(leaf)
                if number > self.max_int:
                    return (f"The reference solution was not run: {where} contains the integer {number:,}, far "
                            f"larger than any size or count in this test (at most {self.max_int:,} here). Check "
                            "the values your function passes on.")
        return None


def _leaves(value: Any) -> Iterator[Any]:
    """Everything in ``value`` that is not a list, tuple or dict (dict keys included), depth first."""
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) in (list, tuple):
            stack.extend(reversed(item))
        elif type(item) is dict:
            for key, entry in reversed(list(item.items())):
                stack.extend((entry, key))
        else:
            yield item


def _scalar_count(leaf: Any) -> int:
    return int(leaf.size) if isinstance(leaf, np.ndarray) else 1


def _largest_int(leaf: Any) -> int:
    """The largest absolute value of an int in a leaf (0 if it holds none)."""
    if isinstance(leaf, int) and not isinstance(leaf, bool):
        return abs(leaf)
    if isinstance(leaf, np.integer):
        return abs(int(leaf))
    if isinstance(leaf, np.ndarray) and leaf.dtype.kind in "iu" and leaf.size:
        return max(abs(int(leaf.min())), abs(int(leaf.max())))  # not np.abs: it overflows on the int64 minimum
    return 0
