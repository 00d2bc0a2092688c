"""What the student-facing text of the released notebooks promises, checked against their cells.

Cheap: every test reads committed files (release notebooks, answer keys, the README) only.

**Cells the text invites students to edit.** An *invitation* is a phrase of
a markdown cell of the form ``change `name` ``, ``changing `name` ``,
``edit the list `name` `` or ``set `name` `` (:data:`INVITATION`; one word may
stand between the verb and the name, as "the list"). Its *target* is the first
code cell after that markdown cell that assigns ``name`` (``name = ...``
anywhere in the cell), or if none does, the last one before it ("edit
`hidden_sizes` above"). "Do not change `name`" is no invitation. Every invitation must have a target, and the target
must be editable (no ``"editable": false``, which nbgrader's ``LockCells``
sets on ``locked`` cells). A target that is not a solution cell must be an
ordinary cell (no nbgrader metadata, so nbgrader neither locks it nor
restores it at grading) tagged ``skip-grading`` (so the grader's sandbox
never runs what a student put there, such as the file name of a photo it
does not have). Any sentence that asks to run a cell "again" must hold an
invitation, so an instruction without a named target fails too. Conversely,
the only code cells without nbgrader metadata are such targets, and every
graded test cell stays locked.

**Figures.** Every markdown image (``![alt](...)``) has a non-empty alt text,
every Mermaid diagram has an ``accTitle`` and an ``accDescr``, and every code
cell that shows a figure (an ``image/png`` output in the answer key) has a
text alternative: a paragraph starting with ``*Figure`` in the nearest
markdown cell before it that is not an "Expected output" cell, one such
paragraph for each figure cell that markdown cell introduces.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from autograder.assignments import ASSIGNMENTS
from autograder.build import EXPECTED_TAG, ROOT, answer_key
from autograder.grade import SKIP_TAG, cells_to_run
from utils.progress import placeholders, ready, unfinished

INVITATION = re.compile(r"(?<!not )(?<!n't )\b(?:change|changing|edit|set)\s+(?:the\s+\w+\s+)?`([A-Za-z_]\w*)`",
                        re.IGNORECASE)
RUN_AGAIN = re.compile(r"[^.!?\n]*\brun\b[^.!?\n]*\bagain\b[^.!?\n]*", re.IGNORECASE)
MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(")
MERMAID = re.compile(r"```mermaid\n(.*?)```", re.DOTALL)
FIGURE_TEXT = re.compile(r"^\*Figure\b[^*\n]*:[^*\n]+\*\s*$", re.MULTILINE)


def release(assignment: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "release" / assignment / f"{assignment}.ipynb", as_version=4)


def nbgrader_meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def assigned_names(source: str) -> set[str]:
    """Names a code cell assigns anywhere (``name = ...``, ``a, name = ...``)."""
    tree = ast.parse(TransformerManager().transform_cell(source))
    names = set()
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            if isinstance(target, (ast.Name, ast.Tuple)) and isinstance(node, (ast.Assign, ast.AugAssign,
                                                                              ast.AnnAssign)):
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


def invitations(nb) -> list[tuple[int, str, int | None]]:
    """(markdown cell, invited name, target cell or None) for every invitation of ``nb``."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for name in INVITATION.findall(cell.source):
            after, before = range(i + 1, len(nb.cells)), range(i - 1, -1, -1)
            target = next((j for j in [*after, *before] if nb.cells[j].cell_type == "code"
                           and name in assigned_names(nb.cells[j].source)), None)
            found.append((i, name, target))
    return found


def test_the_rule_finds_the_invitations_the_course_makes():
    # The invitations the issue listed, with the cells they must reach: a rule that found none would pass.
    expected = {"02_logistic_regression": {"index", "learning_rates", "my_image"},
                "03_planar_classification": {"hidden_sizes", "dataset"},
                "05_deep_nn_application": {"index", "my_image", "my_label_y"}}
    for assignment, names in expected.items():
        assert names <= {name for _, name, _ in invitations(release(assignment))}, assignment


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_every_invitation_reaches_an_editable_ungraded_cell(assignment):
    nb = release(assignment)
    run = {i for i, _ in cells_to_run(nb)}
    for i, name, target in invitations(nb):
        assert target is not None, f"{assignment}: cell {i} invites students to change `{name}`, no cell sets it"
        cell = nb.cells[target]
        where = f"{assignment}: cell {target}, which sets `{name}` (invited in cell {i})"
        assert cell.metadata.get("editable", True) is not False, f"{where} is read-only"
        if nbgrader_meta(cell).get("solution"):
            continue
        assert not nbgrader_meta(cell), f"{where} is an nbgrader cell: nbgrader would lock it or restore it"
        assert SKIP_TAG in cell.metadata.get("tags", []) and target not in run, f"{where} would run at grading"


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_every_run_again_instruction_names_what_to_change(assignment):
    for i, cell in enumerate(release(assignment).cells):
        if cell.cell_type == "markdown":
            for sentence in RUN_AGAIN.findall(cell.source):
                assert INVITATION.search(sentence), f"{assignment}, cell {i}: {sentence.strip()!r} names no value"


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_only_invited_cells_are_unlocked(assignment):
    nb = release(assignment)
    targets = {target for _, _, target in invitations(nb)}
    for i, cell in enumerate(nb.cells):
        meta = nbgrader_meta(cell)
        if cell.cell_type != "code":
            continue
        if not meta:
            assert i in targets, f"{assignment}: code cell {i} is unlocked but no text invites students to edit it"
        elif meta.get("grade") or meta.get("locked"):
            assert cell.metadata.get("editable") is False and cell.metadata.get("deletable") is False, (
                f"{assignment}: locked cell {meta['grade_id']} is editable or deletable")
        else:
            assert meta.get("solution") and cell.metadata.get("deletable") is False, meta


def figure_cells(assignment: str) -> list[int]:
    """Indices of the answer key's code cells that show a figure."""
    nb = nbformat.read(answer_key(assignment), as_version=4)
    return [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
            and any("image/png" in o.get("data", {}) for o in c.get("outputs", []))]


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_every_figure_has_a_text_alternative(assignment):
    nb = release(assignment)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            assert all(alt.strip() for alt in MARKDOWN_IMAGE.findall(cell.source)), f"{assignment}: cell {i}"
            assert "<img" not in cell.source or re.search(r"<img[^>]*\balt=\"[^\"]+\"", cell.source), i
            for diagram in MERMAID.findall(cell.source):
                assert re.search(r"^\s*accTitle:\s*\S", diagram, re.M), f"{assignment}: cell {i}, no accTitle"
                assert re.search(r"^\s*accDescr:\s*\S", diagram, re.M), f"{assignment}: cell {i}, no accDescr"
    introduced: dict[int, list[int]] = {}
    for figure in figure_cells(assignment):
        text = next(j for j in range(figure - 1, -1, -1) if nb.cells[j].cell_type == "markdown"
                    and EXPECTED_TAG not in nb.cells[j].metadata.get("tags", []))
        introduced.setdefault(text, []).append(figure)
    for text, figures in introduced.items():
        described = FIGURE_TEXT.findall(nb.cells[text].source)
        assert len(described) >= len(figures), (
            f"{assignment}: markdown cell {text} introduces the figures of cells {figures} but holds "
            f"{len(described)} '*Figure: ...*' description(s)")


def test_the_course_has_figures_to_describe():
    assert all(figure_cells(a) for a in ("02_logistic_regression", "03_planar_classification",
                                         "05_deep_nn_application"))
    assert MERMAID.search(release("04_deep_nn_step_by_step").cells[4].source)


def test_notebook_5_quotes_the_readme_training_benchmark():
    readme = (ROOT / "README.md").read_text()
    seconds = float(re.search(r"-> ([\d.]+) s per 2500-iteration run", readme).group(1))
    intro = release("05_deep_nn_application").cells[0].source
    assert f"about {round(seconds)} seconds" in intro and "2-core reference machine" in intro
    assert "ten seconds to a minute" not in intro


# --- utils.progress: what ready() and the public tests call "not written yet" ------------------

MODULE = '''
def helper(x):
    ### START CODE HERE ###
    y = None
    ### END CODE HERE ###
    return y


def outer(x):
    ### START CODE HERE ###
    z = helper(x) + 1
    ### END CODE HERE ###
    return z


def done(x):
    ### START CODE HERE ###
    w, v = x, None if x else 1
    ### END CODE HERE ###
    return w
'''


@pytest.fixture()
def module(tmp_path, monkeypatch):
    (tmp_path / "progress_sample.py").write_text(MODULE)  # a file, so that inspect.getsource works as in IPython
    monkeypatch.syspath_prepend(str(tmp_path))
    import progress_sample
    yield progress_sample
    sys.modules.pop("progress_sample", None)


def test_placeholders_and_what_calls_them_are_found(module):
    assert placeholders(module.helper) == ["y = None"]
    assert placeholders(module.outer) == [] and placeholders(module.done) == []
    assert unfinished(module.outer) == ["helper"] and unfinished(module.done) == []


def test_ready_names_what_to_finish_and_stays_quiet_when_all_is_there(module, capsys):
    assert not ready(module.outer, sizes=None)
    line = capsys.readouterr().out
    assert line.startswith("Not run yet: `helper` is not written yet") and "`sizes` is still None" in line
    assert ready(module.done, sizes=3) and capsys.readouterr().out == ""


def test_an_ungraded_check_waits_for_an_untouched_exercise_but_judges_a_started_one(capsys):
    from utils import ungraded_checks
    from utils.checks import PublicCheckFailed

    ungraded_checks.check_dataset_shapes(None, None, None)  # the release's placeholders: Run All goes on
    assert "The flower dataset: not done yet (`shape_X`, `shape_Y`, `m` still None)" in capsys.readouterr().out
    with pytest.raises(PublicCheckFailed, match="m should be 400, got None"):
        ungraded_checks.check_dataset_shapes((2, 400), (1, 400), None)
