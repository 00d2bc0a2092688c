"""How nbgrader's Validate runs the course's notebooks: a time limit that fits them, and honest about cut-offs.

Validate (``nbgrader validate`` and the Validate button of JupyterLab) runs the
notebook top to bottom with nbgrader's ``Execute`` preprocessor, which stops
any cell after ``Execute.timeout`` seconds (30 by default), and then reports
only the *graded* test cells. Notebook 5 trains two networks in ungraded cells
(the 4-layer one about 32 s on a quiet 2-core machine, minutes on a busy one), so stock
Validate cut both off, the six cells using their results failed, and it still
said "Success!", because the test cells check the functions on small examples.

Two changes, here so that the instructor's and the students' configurations
share them (the build copies this file into ``release/jupyter/``, whose
``nbgrader_config.py`` loads it; it therefore imports only nbgrader and nbformat):

* :data:`CELL_TIMEOUT` gives each cell about ten times what notebook 5's
  longest cell takes on the reference machine;
* :class:`FailCutOffCells`, a hook of ``Execute`` (the Validator's list of
  preprocessors is not configurable), turns every cell the time limit stopped
  into a failed check, so Validate reports it (its source, and that it was
  stopped after so many seconds) instead of "Success!".
"""

from __future__ import annotations

import textwrap

from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from nbgrader.utils import compute_checksum

CELL_TIMEOUT = 300  # seconds per cell; notebook 5's 4-layer training takes about 32 s (README, Training speed)
MESSAGE_WIDTH = 80  # the Validator's report is 90 characters wide, its error text indented by 4
CUT_OFF_MESSAGE = (
    "Validate stopped this cell after {timeout} seconds, its time limit for one cell, so the cell did not finish "
    "and the cells that use its results may have failed too. Make it faster (an endless loop?), or ask your "
    "instructor to raise the limit."
)


class FailCutOffCells:
    """nbclient's ``on_cell_error`` hook for Validate's ``Execute``: a cell stopped at the time limit fails.

    nbgrader's ``Execute`` answers a cell that ran out of time with an error
    reply named like ``Execute.error_on_timeout`` (and leaves the
    ``KeyboardInterrupt`` traceback of the interruption in its outputs); the
    Validator, though, only looks at graded cells. Such a cell therefore
    becomes a graded cell worth 0 points, which the Validator counts as failed
    because it holds an error; its error outputs are replaced by one that says
    what happened, and a locked cell whose checksum was intact gets the
    checksum of its new metadata, so it is not reported as "changed". Nothing
    is saved: the Validator only reads the executed copy.
    """

    def __init__(self, timeout: int) -> None:
        self.timeout = timeout
        self.timeout_name = Execute().error_on_timeout["ename"]

    def __call__(self, cell, cell_index: int, execute_reply: dict) -> None:
        if execute_reply["content"].get("ename") != self.timeout_name:
            return
        meta = cell.metadata.setdefault("nbgrader", NotebookNode())  # a cell the student added has none
        intact = "checksum" in meta and "grade_id" in meta and meta["checksum"] == compute_checksum(cell)
        meta.update(grade=True, solution=False, points=0)
        meta.setdefault("grade_id", f"cut-off-cell-{cell_index}")
        if intact:
            meta["checksum"] = compute_checksum(cell)
        message = CUT_OFF_MESSAGE.format(timeout=self.timeout)
        # Wrapped, because the Validator cuts every line of its report at 90 characters.
        shown = textwrap.fill(f"{self.timeout_name}: {message}", width=MESSAGE_WIDTH)
        cell.outputs = [o for o in cell.outputs if o.output_type != "error"] + [
            new_output("error", ename=self.timeout_name, evalue=message, traceback=shown.split("\n"))]


def configure_validate(c, timeout: int = CELL_TIMEOUT) -> None:
    """Give Validate ``timeout`` seconds per cell and make it fail a cell it stops, in the traitlets config ``c``.

    Both settings are scoped to the Validator's ``Execute`` (traitlets' nested
    config), so a stock ``autograde`` keeps its own limit.
    """
    c.Validator.Execute.timeout = timeout
    c.Validator.Execute.on_cell_error = FailCutOffCells(timeout)
