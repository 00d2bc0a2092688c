"""What a student has written so far: functions that still hold their ``= None`` placeholders.

A released exercise keeps one ``name = None`` line for every value the
student computes, between ``### START CODE HERE ###`` and
``### END CODE HERE ###``. Until those lines are replaced, the function
returns None (or raises from the code after the region), so a demo cell that
uses it cannot show anything useful. :func:`ready` lets such a cell say so in
one line instead of raising, so that *Run All* on a fresh notebook only stops
at the test cells; :func:`placeholders` tells the public tests to say "not
written yet" rather than only "wrong".

Detection reads the function's source, which IPython keeps for every cell. A
function whose source cannot be read counts as written.
"""

from __future__ import annotations

import inspect
import re
import types
from typing import Any, Callable

START_MARKER = "### START CODE HERE ###"
END_MARKER = "### END CODE HERE ###"
# The stub lines autograder/stubs.py writes: ``a = None`` or ``a, b = None, None``.
_PLACEHOLDER = re.compile(r"^\s*[^=#]+=\s*None(\s*,\s*None)*\s*(#.*)?$")


def placeholders(function: Callable) -> list[str]:
    """The ``= None`` placeholder lines still in the code region of ``function``.

    Parameters
    ----------
    function : callable
        A function defined in the notebook.

    Returns
    -------
    lines : list of str
        The placeholder lines, stripped; empty when none is left or the
        source cannot be read.
    """
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return []
    found, inside = [], False
    for line in source.splitlines():
        if START_MARKER in line:
            inside = True
        elif END_MARKER in line:
            inside = False
        elif inside and _PLACEHOLDER.match(line):
            found.append(line.strip())
    return found


def unfinished(function: Callable) -> list[str]:
    """Names of ``function`` and of the notebook functions it calls (at any depth) that hold placeholders.

    Parameters
    ----------
    function : callable
        A function defined in the notebook.

    Returns
    -------
    names : list of str
        In the order they are found, ``function`` itself first if it is
        unfinished.
    """
    names: list[str] = []
    seen: set[int] = set()
    pending = [function]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        if placeholders(current):
            names.append(current.__name__)
        pending += _notebook_callees(current)
    return names


def _notebook_callees(function: Callable) -> list[Callable]:
    """The functions ``function`` reads from its own namespace (the notebook's), not those of modules."""
    code, namespace = getattr(function, "__code__", None), getattr(function, "__globals__", None)
    if code is None or not isinstance(namespace, dict):
        return []
    names, codes = [], [code]
    while codes:
        current = codes.pop()
        names += current.co_names
        codes += [c for c in current.co_consts if isinstance(c, types.CodeType)]
    return [namespace[n] for n in dict.fromkeys(names)
            if isinstance(namespace.get(n), types.FunctionType) and namespace[n].__globals__ is namespace]


def _listing(names: list[str]) -> str:
    quoted = [f"`{n}`" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def ready(*functions: Callable, **values: Any) -> bool:
    """Whether a demo cell can run: every function written, every value set; else print why not.

    Parameters
    ----------
    *functions : callable
        Notebook functions the cell uses; the notebook functions they call
        are checked too.
    **values : object
        Results of ungraded exercises the cell uses, by name: still None
        means not done yet.

    Returns
    -------
    ok : bool
        True when nothing is missing. Otherwise False, after printing one
        line that names what to finish first.
    """
    functions_left = list(dict.fromkeys(n for f in functions for n in unfinished(f)))
    values_left = [name for name, value in values.items() if value is None]
    if not functions_left and not values_left:
        return True
    parts = []
    if functions_left:
        verb = "is" if len(functions_left) == 1 else "are"
        parts.append(f"{_listing(functions_left)} {verb} not written yet (`= None` placeholders left)")
    if values_left:
        verb = "is" if len(values_left) == 1 else "are"
        parts.append(f"{_listing(values_left)} {verb} still None")
    several = len(functions_left) + len(values_left) > 1
    finish = "Finish them above, run their cells" if several else "Finish it above, run its cell"
    print(f"Not run yet: {' and '.join(parts)}. {finish}, then run this cell again.")
    return False
