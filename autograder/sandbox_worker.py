"""The process that runs a student's notebook code during grading.

It is started by :mod:`autograder.sandbox`, receives the notebook's code cells
over a pipe, confines itself (:mod:`autograder.isolation`), runs the cells,
then answers requests to call one of the student's functions on given inputs,
or to read the values of some variables (a quiz's answers).
It only ever sends back plain data (:mod:`autograder.transport`): it never
sees an expected value, so nothing that runs here can change a score except
the values the student's functions return.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import linecache
import os
import sys
import traceback
import warnings
from typing import Any

from IPython.core.inputtransformer2 import TransformerManager

from autograder import isolation, transport
from autograder.isolation import Limits
from utils.checks import describe_error, global_reads

_MISSING = object()


class _BoundedText(io.TextIOBase):
    """A text sink that keeps the first ``limit`` characters written to it."""

    def __init__(self, limit: int):
        self.limit, self.parts, self.size, self.truncated = limit, [], 0, False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        room = self.limit - self.size
        if len(text) > room:
            self.truncated = True
        kept = text[: max(room, 0)]
        self.parts.append(kept)
        self.size += len(kept)
        return len(text)

    def getvalue(self) -> str:
        note = f"\n[output truncated after {self.limit} characters]" if self.truncated else ""
        return "".join(self.parts) + note


class _NoMagics:
    """Stand-in for IPython's shell: magics and shell commands do nothing at grading time."""

    def run_line_magic(self, *args: Any, **kwargs: Any) -> None:
        return None

    def run_cell_magic(self, *args: Any, **kwargs: Any) -> None:
        return None

    def system(self, *args: Any, **kwargs: Any) -> None:
        return None

    def getoutput(self, *args: Any, **kwargs: Any) -> list:
        return []


def _compile_cell(source: str, filename: str) -> Any:
    """Compile a cell's code, and keep its lines where tracebacks look them up (as IPython does for its cells).

    Without them a report's traceback shows "<cell 13>, line 4:" with no code.
    """
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    return compile(source, filename, "exec")


def _student_traceback(error: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith("<cell")]
    lines = [f"  {f.filename}, line {f.lineno}: {f.line}" for f in frames[-3:]]
    return "\n".join(lines)


class Worker:
    """Runs cells and calls functions in one namespace, reporting over two pipes."""

    def __init__(self, inbox: io.BufferedReader, outbox: io.BufferedWriter, output_limit: int):
        self.inbox, self.outbox, self.output_limit = inbox, outbox, output_limit
        self.namespace: dict[str, Any] = {"__name__": "__main__", "get_ipython": _NoMagics}
        self.transformer = TransformerManager()

    def send(self, message: dict) -> None:
        transport.send(self.outbox, message)

    @contextlib.contextmanager
    def _captured(self):
        sink = _BoundedText(self.output_limit)
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            warnings.simplefilter("always")
            yield sink, caught

    def run_cell(self, index: int, source: str) -> None:
        self.send({"event": "cell_start", "index": index})
        error = None
        with self._captured() as (sink, caught):
            try:
                code = _compile_cell(self.transformer.transform_cell(source), f"<cell {index}>")
                exec(code, self.namespace)
            except BaseException as exc:  # noqa: BLE001 - student code may raise anything, SystemExit included
                error = describe_error(exc) + ("\n" + _student_traceback(exc) if _student_traceback(exc) else "")
        self.send({"event": "cell_done", "index": index, "stdout": sink.getvalue(),
                   "error": self._shorten(error), "warnings": [self._shorten(w) for w in _warning_lines(caught)]})

    def _shorten(self, text: str | None) -> str | None:
        """An error or warning text within the output limit (an exception's message can be any size)."""
        if text is None or len(text) <= self.output_limit:
            return text
        return text[: self.output_limit] + f"\n[truncated after {self.output_limit} characters]"

    def _reference_proxy(self, name: str):
        def reference(*args: Any, **kwargs: Any) -> Any:
            self.send({"event": "reference_call", "name": name, "args": list(args), "kwargs": kwargs})
            reply = transport.receive(self.inbox)
            if reply.get("error"):
                raise _same_error(str(reply["error"]), str(reply.get("message", "")))
            return reply["value"]

        reference.__name__ = name
        return reference

    def call(self, request: dict) -> None:
        name, args, kwargs = request["name"], list(request["args"]), request["kwargs"]
        function = self.namespace.get(name)
        if not callable(function):
            self.send({"event": "result", "error": f"NameError: {name} is not defined when your notebook runs "
                       "top to bottom (did the cell that defines it raise an error?)", "stdout": "", "warnings": []})
            return
        saved = {dep: self.namespace.get(dep, _MISSING) for dep in request["uses"]}
        self.namespace.update({dep: self._reference_proxy(dep) for dep in request["uses"]})
        value, error = None, None
        with self._captured() as (sink, caught):
            try:
                value = function(*args, **kwargs)
            except BaseException as exc:  # noqa: BLE001
                error = self._shorten(describe_error(exc))
            finally:
                for dep, old in saved.items():
                    if old is _MISSING:
                        self.namespace.pop(dep, None)
                    else:
                        self.namespace[dep] = old
        message = {"event": "result", "value": value, "args_after": args, "error": error,
                   "stdout": sink.getvalue(), "warnings": [self._shorten(w) for w in _warning_lines(caught)],
                   "global_reads": _global_reads(function)}
        try:
            self.send(message)
        except transport.TransportError as exc:
            self.send({"event": "result", "error": f"the returned value cannot be checked ({exc})",
                       "stdout": sink.getvalue(), "warnings": []})


    def read(self, request: dict) -> None:
        """Send the values of the variables named in ``request``; a name the notebook never set is left out.

        A set (a select-all answer) travels as the list of its items, which
        plain data can carry, under ``{"set": [...]}``; any other value as
        ``{"value": value}``.
        """
        values = {name: _readable(self.namespace[name]) for name in request["names"][:MAX_READ]
                  if isinstance(name, str) and name in self.namespace}
        try:
            self.send({"event": "values", "values": values})
        except transport.TransportError:
            self.send({"event": "values", "values": {n: {"unreadable": type(self.namespace[n]).__name__}
                                                     for n in values}})


MAX_READ = 100  # variables in one read: a quiz has about ten answers
MAX_SET_ITEMS = 100  # items of a set sent back: a select-all answer has a few letters


def _readable(value: Any) -> dict:
    if isinstance(value, (set, frozenset)):
        return {"set": list(value)[:MAX_SET_ITEMS]}
    return {"value": value}


def _same_error(type_name: str, message: str) -> Exception:
    """An exception like the one the reference raised in the grader, so the student sees what they would at home.

    A built-in type is raised as itself (``ValueError``); any other type as an
    exception class of the same name.
    """
    builtin = getattr(builtins, type_name, None)
    if isinstance(builtin, type) and issubclass(builtin, Exception):
        return builtin(message)
    name = "".join(ch for ch in type_name if ch.isalnum() or ch == "_") or "Error"
    return type(name, (Exception,), {})(message)


def _global_reads(function: Any) -> list[str]:
    try:
        return global_reads(function)
    except Exception:  # noqa: BLE001 - a callable whose code cannot be read reads nothing we can name
        return []


def _warning_lines(caught: list) -> list[str]:
    return sorted({f"{w.category.__name__}: {w.message}" for w in caught})


def _confine(setup: dict) -> list[str]:
    protections = isolation.apply_resource_limits(Limits(**setup["limits"]))
    if not setup["jailed"] and isolation.leave_network():  # in the jail the network namespace is bwrap's
        protections.append("no network (private network namespace)")
    if isolation.leave_session_keyring():
        protections.append("a session keyring of its own")
    protections += isolation.restrict_filesystem(setup["read_only"], setup["read_write"])
    return protections


def _is_hidden(path: str, hidden_roots: list[str]) -> bool:
    """A path inside the course, but not inside the Python environment (``./run`` puts ``.venv`` there)."""
    environments = {os.path.realpath(sys.prefix), sys.prefix}
    inside_environment = any(path == env or path.startswith(env + os.sep) for env in environments)
    return not inside_environment and any(path.startswith(root) for root in hidden_roots)


def _isolate_imports(lib_dir: str, hidden_roots: list[str]) -> None:
    """Let ``import utils`` find only the grading copy, never the course's own files."""
    sys.path[:] = [lib_dir] + [p for p in sys.path if not _is_hidden(p, hidden_roots)]
    sys.meta_path[:] = [f for f in sys.meta_path if not type(f).__module__.startswith("__editable__")]
    for name in [m for m in sys.modules if m == "utils" or m.startswith("utils.")]:
        del sys.modules[name]
    sys.path_importer_cache.clear()


def main(inbox_fd: int, outbox_fd: int) -> None:
    inbox, outbox = os.fdopen(inbox_fd, "rb"), os.fdopen(outbox_fd, "wb")
    setup = transport.receive(inbox)
    protections = _confine(setup)
    _isolate_imports(setup["lib_dir"], setup["hidden_roots"])
    os.chdir(setup["workdir"])
    worker = Worker(inbox, outbox, setup["output_limit"])
    worker.send({"event": "ready", "protections": protections})
    for index, source in setup["cells"]:
        worker.run_cell(index, source)
    worker.send({"event": "cells_done"})
    while True:
        request = transport.receive(inbox)
        if request.get("op") == "call":
            worker.call(request)
        elif request.get("op") == "read":
            worker.read(request)
        else:
            break
