"""Course-style stubs for the student version of a notebook.

nbgrader's ``ClearSolutions`` replaces a solution region with one
``raise NotImplementedError()``. The course instead keeps the
``### START CODE HERE ###`` and ``### END CODE HERE ###`` lines and leaves one
``name = None`` line for every assignment the student has to write.
"""

from __future__ import annotations

import ast
import textwrap

from nbgrader.preprocessors import ClearSolutions
from traitlets import Unicode

from utils.progress import END_MARKER, START_MARKER  # the markers students see, defined once on their side
STUB_COMMENT = "# stub:"


def stub_lines(region: list[str]) -> list[str]:
    """The stub lines that replace a solution region.

    Every top-level assignment ``a = ...`` (or ``a, b = ...``) becomes
    ``a = None`` (``a, b = None, None``). A statement that is not an
    assignment needs an explicit stub: a trailing ``# stub: <line>`` comment on
    its first line gives the text to show instead.

    Parameters
    ----------
    region : list of str
        The solution lines, with their indentation.

    Returns
    -------
    stubs : list of str
        The replacement lines, indented like the region.
    """
    body = textwrap.dedent("\n".join(region))
    indent = region[0][: len(region[0]) - len(region[0].lstrip())] if region else ""
    lines = body.splitlines()
    stubs = []
    for statement in ast.parse(body).body:
        first_line = lines[statement.lineno - 1]
        if STUB_COMMENT in first_line:
            stubs.append(first_line.split(STUB_COMMENT, 1)[1].strip())
        elif isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = statement.targets[0] if isinstance(statement, ast.Assign) else statement.target
            names = [ast.unparse(t) for t in targets.elts] if isinstance(targets, ast.Tuple) else [ast.unparse(targets)]
            stub = f"{', '.join(names)} = {', '.join(['None'] * len(names))}"
            if stub not in stubs:
                stubs.append(stub)
        else:
            raise ValueError(f"cannot derive a stub for line {first_line.strip()!r}: add a '{STUB_COMMENT} ...' comment")
    return [indent + s for s in stubs]


class CourseStubs(ClearSolutions):
    """``ClearSolutions`` that writes the course's ``name = None`` stubs."""

    begin_solution_delimeter = Unicode(START_MARKER).tag(config=True)
    end_solution_delimeter = Unicode(END_MARKER).tag(config=True)

    def _replace_solution_region(self, cell, language):
        if cell.cell_type != "code":
            return False  # instructions may quote the markers; only code is stubbed
        lines = cell.source.split("\n")
        output, region, in_region, replaced = [], [], False, False
        for line in lines:
            if self.begin_solution_delimeter in line:
                if in_region:
                    raise RuntimeError(f"nested {START_MARKER} in cell:\n{cell.source}")
                in_region, replaced, region = True, True, []
                output.append(line)
            elif self.end_solution_delimeter in line and in_region:
                output += stub_lines(region)
                output.append(line)
                in_region = False
            elif in_region:
                region.append(line)
            else:
                output.append(line)
        if in_region:
            raise RuntimeError(f"{START_MARKER} without {END_MARKER} in cell:\n{cell.source}")
        cell.source = "\n".join(output)
        return replaced
