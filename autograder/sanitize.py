"""Sanitize step of ``nbgrader autograde``: repair what students did to the cells.

Two of nbgrader's own preprocessors fail a whole submission on input we want
to grade anyway (measured with nbgrader 0.9.6):

* ``DeduplicateIds`` leaves an empty ``nbgrader`` dict on a duplicated cell,
  and the next preprocessor stops with ``KeyError: 'grade_id'``;
* ``OverwriteCells.add_missing_cells`` puts a deleted test cell back after the
  solution or test cell that preceded it in the source, and stops with a
  ``KeyError`` when that neighbour is another kind of cell (a locked demo cell).
"""

from __future__ import annotations

from nbgrader.preprocessors import DeduplicateIds, OverwriteCells


class DropDuplicateIds(DeduplicateIds):
    """Keep the last cell of each id; the others become ordinary cells."""

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if "nbgrader" in cell.metadata and not cell.metadata.nbgrader:
            del cell.metadata["nbgrader"]
        return cell, resources


class RestoreMissingTests(OverwriteCells):
    """Put back deleted test cells after the nearest earlier source cell still present."""

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
