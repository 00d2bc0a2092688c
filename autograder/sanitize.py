"""Sanitize step of ``nbgrader autograde``: repair what students did to the cells.

nbgrader's own preprocessors fail a whole submission on input we want to
grade anyway (measured with nbgrader 0.9.6):

* ``DeduplicateIds`` leaves an empty ``nbgrader`` dict on a duplicated cell,
  and the next preprocessor stops with ``KeyError: 'grade_id'``;
* ``OverwriteCells.add_missing_cells`` puts a deleted test cell back after the
  solution or test cell that preceded it in the source, and stops with a
  ``KeyError`` when that neighbour is another kind of cell (a locked demo cell);
* ``OverwriteCells`` restores a changed ``locked`` flag and ``points``, but not
  ``grade`` or ``solution``: a test cell a student marked ``"solution": true``
  (or ``"grade": false``) fails with ``RuntimeError: Inconsistent checksums``,
  because the checksum it recomputes covers those flags. A cell whose
  ``grade_id`` is not in the gradebook loses only its ``grade_id`` and then
  fails ``CheckCellMetadata`` ("nbgrader cell does not have a grade_id").
"""

from __future__ import annotations

from nbgrader.preprocessors import DeduplicateIds, OverwriteCells

SCHEMA_VERSION = 3  # nbgrader 0.9's cell metadata schema


class DropDuplicateIds(DeduplicateIds):
    """Keep the last cell of each id; the others become ordinary cells, as do cells without an id.

    Unlike nbgrader's own step, every cell with an id counts, whatever its
    flags say (they are reset from the gradebook later, so a copy of a test
    cell marked ``"grade": false`` would otherwise become a second test cell),
    and nbgrader metadata without a ``grade_id`` (which stops nbgrader's step
    with ``KeyError: 'grade_id'``) is removed.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        meta = cell.metadata.get("nbgrader")
        if meta is None:
            return cell, resources
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        if not isinstance(grade_id, str):
            self.log.warning("A cell has nbgrader metadata without a grade_id: it is graded as an ordinary cell")
            del cell.metadata["nbgrader"]
        elif grade_id in self.grade_ids:  # cells come last to first (see DeduplicateIds.preprocess)
            self.log.warning("Cell with id '%s' exists multiple times!", grade_id[:100])
            del cell.metadata["nbgrader"]
        else:
            self.grade_ids.add(grade_id)
        return cell, resources


class RestoreMissingTests(OverwriteCells):
    """Reset every cell's nbgrader flags from the gradebook; put back deleted test cells.

    A cell whose ``grade_id`` is a source cell of the gradebook gets back all
    its flags (``grade``, ``solution``, ``locked``, ``task``, ``points``,
    ``cell_type``, the schema version) before nbgrader's own checks run, which
    then restore its source and checksum as usual. A cell that claims an id the
    gradebook does not know, or nbgrader flags without any id, becomes an
    ordinary cell: it was never part of the assignment, so it is not graded.
    """

    def preprocess(self, nb, resources):
        self._flags = None  # read from the gradebook once per notebook, on first use
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        meta = cell.metadata.get("nbgrader")
        if meta is not None:
            grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
            flags = self._gradebook_flags().get(grade_id) if isinstance(grade_id, str) else None
            if flags is None:
                self.log.warning("Cell %d has nbgrader metadata the gradebook does not know (grade_id %r): "
                                 "it is graded as an ordinary cell", cell_index, str(grade_id)[:100])
                del cell.metadata["nbgrader"]
                return cell, resources
            for key in sorted(set(meta) - set(flags) - {"checksum"}):
                self.report_change(grade_id, key, None, meta[key])
            for key, value in flags.items():
                if meta.get(key) != value and not (key == "cell_type" and key not in meta):
                    self.report_change(grade_id, key, value, meta.get(key))
            cell.metadata["nbgrader"] = dict(flags)  # nbgrader sets the checksum from the gradebook next
        return super().preprocess_cell(cell, resources, cell_index)

    def _gradebook_flags(self) -> dict[str, dict]:
        """``{grade_id: nbgrader metadata}`` of every source cell of the notebook, as the gradebook has it."""
        if self._flags is None:
            source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
            grades = {cell.name: cell.max_score for cell in source_nb.grade_cells}
            tasks = {cell.name: cell.max_score for cell in source_nb.task_cells}
            solutions = {cell.name for cell in source_nb.solution_cells}
            self._flags = {}
            for cell in source_nb.source_cells:
                flags = {"grade": cell.name in grades, "grade_id": cell.name, "locked": bool(cell.locked),
                         "schema_version": SCHEMA_VERSION, "solution": cell.name in solutions,
                         "task": cell.name in tasks, "cell_type": cell.cell_type}
                if cell.name in grades or cell.name in tasks:
                    flags["points"] = grades.get(cell.name, tasks.get(cell.name))
                self._flags[cell.name] = flags
        return self._flags

    def add_missing_grade_cells(self, nb, resources):
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source_ids = [cell.name for cell in source_nb.source_cells]
        solution_ids = {cell.name for cell in source_nb.solution_cells}
        source_by_id = {cell.name: cell for cell in source_nb.source_cells}
        for grade_cell in source_nb.grade_cells:
            present = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
            if grade_cell.name in present:
                continue
            self.log.warning("Missing test cell %s: adding it back", grade_cell.name)
            cell = self.missing_cell_transform(source_by_id[grade_cell.name], grade_cell.max_score,
                                               is_solution=grade_cell.name in solution_ids)
            earlier = source_ids[: source_ids.index(grade_cell.name)]
            anchors = [present.index(name) for name in reversed(earlier) if name in present]
            nb.cells.insert(anchors[0] + 1 if anchors else 0, cell)
        return nb, resources
