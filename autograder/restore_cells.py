"""Put back test cells a student deleted, wherever the cells around them are.

nbgrader's ``OverwriteCells.add_missing_cells`` inserts a missing test cell
after the solution or test cell that preceded it in the source, and fails the
whole submission (``KeyError``) when that neighbour is another kind of cell,
such as a locked demo cell. This version places it after the nearest earlier
source cell still present in the submission, or first if there is none.
"""

from __future__ import annotations

from nbgrader.preprocessors import OverwriteCells


class RestoreMissingTests(OverwriteCells):
    """``OverwriteCells`` whose re-added test cells never abort a submission."""

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
