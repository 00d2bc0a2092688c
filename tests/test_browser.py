"""End-to-end in a real browser: JupyterLab and the formgrader as students and instructors use them.

Playwright drives Debian's Chromium (see tests/browser.py) through three scenarios:

* the student: a copy of ``release/01_python_basics/`` opened in JupyterLab in
  the course's student environment (``JUPYTER_CONFIG_DIR=release/jupyter``);
  a wrong and then a correct ``sigmoid`` typed with the keyboard, the public
  test cell run after each, nbgrader's Validate button clicked, and the
  instructor tools looked for;
* the instructor: a scratch course with the five assignments and a roster
  imported with ``nbgrader db student import``, graded with ``course grade``,
  opened in the formgrader;
* the feedback: the HTML that ``nbgrader generate_feedback`` wrote for a
  student with one wrong exercise, opened as a file;
* the class report: ``reports/01_python_basics/report.html`` that ``course
  grade`` wrote, opened as a file.

Screenshots go to ``tests/.artifacts/browser/`` (git-ignored; CI keeps the
folder as an artefact). With ``COURSE_UPDATE_SCREENSHOTS=1`` the student view
and the feedback page are also copied to ``docs/screenshots/``, which the
README shows; ``test_readme_screenshots_are_committed`` checks those files.

Where a missing Chromium is a skip and where it is a failure:
:func:`tests.browser.chromium_must_exist`.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from PIL import Image

from autograder.assignments import ASSIGNMENTS
from autograder.build import ROOT, source_notebook
from autograder.nbgrader_cli import nbgrader
from autograder.submissions import replace_solution, write_submission
from tests.browser import (CHROMIUM, CHROMIUM_ARGS, VIEWPORT, Lab, chromium_missing_reason, chromium_must_exist,
                           jupyter_lab)
from tests.conftest import TEST_CONFIG, make_course

pytestmark = pytest.mark.e2e

ASSIGNMENT = "01_python_basics"
STUDENT_CONFIG = ROOT / "release" / "jupyter"  # the student environment (JUPYTER_CONFIG_DIR), from helper "instructor"
ARTIFACTS = Path(__file__).parent / ".artifacts" / "browser"
README_SCREENSHOTS = {"student-view.png": ROOT / "docs" / "screenshots" / "student-view.png",
                      "feedback.png": ROOT / "docs" / "screenshots" / "feedback.png",
                      "class-report.png": ROOT / "docs" / "screenshots" / "class-report.png"}

# What the student types, and what the public test cell answers (utils/public_tests.py, utils/checks.py).
WRONG_SIGMOID = "s = 1 / (1 + np.exp(x))"
RIGHT_SIGMOID = "s = 1 / (1 + np.exp(-x))"
WRONG_HINT = "Check the sign inside the exponential"  # the hint of this known mistake (autograder/assignments.py)
ROSTER = [  # id, first_name, last_name, email: the columns `nbgrader db student import` reads
    {"id": "alovelace", "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org"},
    {"id": "aturing", "first_name": "Alan", "last_name": "Turing", "email": "alan@example.org"},
    {"id": "ghopper", "first_name": "Grace", "last_name": "Hopper", "email": "grace@example.org"},
]
ONE_WRONG = ROSTER[0]["id"]  # hands in the answer key of ASSIGNMENT with WRONG_SIGMOID
ALL_RIGHT = ROSTER[1]["id"]  # hands in the answer key

RUN_TIMEOUT = 60_000  # ms; a cell of notebook 1 runs in well under a second, kernels start in seconds


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, one for the whole module."""
    reason = chromium_missing_reason()
    if reason:
        if chromium_must_exist():
            pytest.fail(f"{reason}; here it can be installed, so the browser test must run")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def artifacts() -> Path:
    """The screenshot folder, emptied once per run."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


def screenshot(page, artifacts: Path, name: str, **options) -> Path:
    """Save a screenshot of ``page`` as ``artifacts/name``; copy it for the README when asked."""
    path = artifacts / name
    page.screenshot(path=str(path), **options)
    optimize_png(path)
    if os.environ.get("COURSE_UPDATE_SCREENSHOTS") == "1" and name in README_SCREENSHOTS:
        README_SCREENSHOTS[name].parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, README_SCREENSHOTS[name])
    return path


def optimize_png(path: Path) -> None:
    """Rewrite ``path`` as a palette PNG: screenshots of text and flat colours lose nothing visible."""
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


@pytest.fixture(scope="module")
def student_lab(tmp_path_factory) -> Iterator[Lab]:
    """JupyterLab in the student environment, on a student's copy of the release of notebook 1.

    The server runs as a student's would: ``JUPYTER_CONFIG_DIR`` is the
    course's ``release/jupyter`` and the course's own code is not importable
    (no ``PYTHONPATH``): the notebook imports only its ``utils/`` folder.
    """
    assert (STUDENT_CONFIG / "labconfig" / "page_config.json").is_file(), (
        f"the student environment {STUDENT_CONFIG} is missing")  # from helper "instructor"
    base = tmp_path_factory.mktemp("student")
    home = base / "work"
    shutil.copytree(ROOT / "release" / ASSIGNMENT, home / ASSIGNMENT, ignore=shutil.ignore_patterns("__pycache__"))
    with jupyter_lab(home, base / "jupyter", STUDENT_CONFIG, drop_env=("PYTHONPATH", "COURSE_DATA_DIR")) as lab:
        yield lab


@pytest.fixture(scope="module")
def student_page(browser, student_lab):
    """Notebook 1 open in the student's JupyterLab, with its kernel idle; one page for all student tests."""
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(RUN_TIMEOUT)
    page.goto(student_lab.page(f"lab/tree/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"))
    wait_for_idle_kernel(page)
    yield page
    page.close()


def wait_for_idle_kernel(page) -> None:
    """Wait until the open notebook's kernel is started and idle (the status bar says so)."""
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for()
    page.get_by_text(re.compile(r"\| Idle$")).first.wait_for()


# --------------------------------------------------------------------------- notebook helpers


def code_cell(page, line: str):
    """The code cell with a line that reads exactly ``line``."""
    match = page.locator(".jp-InputArea-editor .cm-line").filter(has_text=re.compile(rf"^{re.escape(line)}$"))
    return page.locator(".jp-CodeCell").filter(has=match.first)


def run_cell(page, cell) -> None:
    """Select ``cell``, run it with Shift+Enter and wait for its execution count."""
    prompt = cell.locator(".jp-InputPrompt")
    before = prompt.inner_text()
    cell.locator(".jp-InputPrompt").click()  # command mode, the cell selected
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(
        "([node, before]) => /\\[\\d+\\]/.test(node.innerText) && node.innerText !== before",
        arg=[prompt.element_handle(), before], timeout=RUN_TIMEOUT)


def type_solution(page, cell, placeholder: str, code: str) -> None:
    """Replace the line ``placeholder`` of ``cell`` by ``code``, typed with the keyboard."""
    line = cell.locator(".cm-line").filter(has_text=re.compile(rf"^\s*{re.escape(placeholder)}$"))
    line.click()
    page.keyboard.press("End")
    page.keyboard.press("Shift+Home")  # selects the line's text; its indentation stays
    page.keyboard.type(code)
    page.keyboard.press("Escape")  # back to command mode


def output_text(cell) -> str:
    """What the cell's outputs show, with whitespace runs as single spaces (the report wraps at 80 columns)."""
    return " ".join(cell.locator(".jp-OutputArea").inner_text().split())


# --------------------------------------------------------------------------- the student


def test_student_types_a_wrong_then_a_right_sigmoid_and_the_test_cell_says_so(student_page, artifacts):
    page = student_page
    run_cell(page, code_cell(page, "import numpy as np"))
    run_cell(page, code_cell(page, f'check = load_public_tests("{ASSIGNMENT}")'))
    solution, test = code_cell(page, "# GRADED FUNCTION: sigmoid"), code_cell(page, 'check("sigmoid", sigmoid)')

    type_solution(page, solution, "s = None", WRONG_SIGMOID)
    run_cell(page, solution)
    run_cell(page, test)
    wrong = output_text(test)
    assert re.search(r"sigmoid: 0 of \d+ checks passed", wrong), wrong
    assert WRONG_HINT in wrong and "expected 0.73105858, got 0.26894142" in wrong, wrong  # the decisive values
    assert "Traceback" not in wrong and "PublicCheckFailed" not in wrong, wrong
    assert "All tests passed." not in wrong

    type_solution(page, solution, WRONG_SIGMOID, RIGHT_SIGMOID)
    run_cell(page, solution)
    demo = code_cell(page, 'print("sigmoid(x) =", sigmoid(x))')
    run_cell(page, demo)
    run_cell(page, test)
    right = output_text(test)
    assert re.search(r"sigmoid: (\d+) of \1 checks passed", right) and "All tests passed." in right, right
    assert "Traceback" not in right and "[FAIL]" not in right, right
    # The demo cell now prints what the "Expected output" below it shows.
    printed = output_text(demo)
    expected = page.locator(".jp-MarkdownCell").filter(has_text="Expected output").filter(has_text=printed)
    assert printed.startswith("sigmoid(x) = [") and expected.count() == 1, printed

    # The README's picture: the typed line, the demo and the passing test cell, down to its last line.
    page.evaluate("(node) => node.scrollIntoView({block: 'end'})", test.element_handle())
    screenshot(page, artifacts, "student-view.png")


def test_validate_names_the_exercises_that_still_fail(student_page, artifacts):
    page = student_page
    # The button saves the notebook, then has the server validate the saved file.
    page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=120_000)  # validate runs the whole notebook in a fresh kernel
    text = dialog.inner_text()
    assert "Validation Results" in text, text
    screenshot(page, artifacts, "validate-dialog.png")
    (artifacts / "validate-dialog.txt").write_text(text)
    assert "Success!" not in text, text
    assert dialog.locator(".validation-failed").count() == 1, text
    # The stubs of the other exercises are named with their reason; sigmoid, now right, is not.
    for exercise in ("basic_sigmoid", "softmax", "L2"):
        assert re.search(rf"\b{exercise}: 0 of \d+ checks? passed", text), (exercise, text)
    assert "is None" in text or "= None" in text, text
    assert not re.search(r"\bsigmoid: 0 of", text), text
    assert "Traceback" not in text, text
    dialog.get_by_role("button", name="Ok").click()


def nbgrader_menu_items(page) -> list[str]:
    """The labels of the items of JupyterLab's Nbgrader menu (opened, read, closed)."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Nbgrader$")).click()
    items = page.locator(".lm-Menu-content .lm-Menu-itemLabel")
    items.first.wait_for()
    labels = [label.strip() for label in items.all_inner_texts()]
    page.keyboard.press("Escape")
    return labels


def sidebar_titles(page) -> list[str]:
    """The titles (tooltips) of the tabs of JupyterLab's left and right sidebars."""
    tabs = page.locator(".jp-SideBar .lm-TabBar-tab")
    return [tab.get_attribute("title") or tab.inner_text() for tab in tabs.all()]


def test_students_see_no_instructor_tools(student_page):
    # Depends on helper "instructor": release/jupyter/labconfig/page_config.json disables
    # @jupyter/nbgrader:formgrader and @jupyter/nbgrader:create-assignment.
    menu = nbgrader_menu_items(student_page)
    assert "Assignment List" in menu, menu  # the menu is there and read correctly...
    assert "Formgrader" not in menu, menu  # ...without the instructor's entry
    titles = sidebar_titles(student_page)
    assert titles and not any("Create Assignment" in title for title in titles), titles


def test_the_assignment_list_shows_the_course_without_errors(student_page):
    # Depends on helper "instructor": release/jupyter/nbgrader_config.py names the course and an
    # exchange that exists (or that nbgrader can create; as root it creates a missing one, outside
    # the scratch folders). Stock settings show "Error fetching courses!" and "The exchange
    # directory does not exist" in each of the three lists.
    from autograder.nbgrader_config import COURSE_ID

    page = student_page
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Nbgrader$")).click()
    page.locator(".lm-Menu-content .lm-Menu-itemLabel", has_text=re.compile(r"^Assignment List$")).click()
    panel = page.locator(".lm-DockPanel-widget").filter(has_text="Released assignments")
    panel.get_by_text("Submitted assignments", exact=True).wait_for()
    page.wait_for_function(  # the course button and the three lists have finished loading
        "() => [...document.querySelectorAll('#course_list_default, .list_loading')]"
        ".every((n) => n.offsetParent === null || !n.innerText.includes('Loading'))")
    text = " ".join(panel.inner_text().split())
    assert "Error" not in text and "does not exist" not in text, text
    # The course appears once an assignment of it is in the exchange; this scratch exchange may be empty.
    assert f"for course: {COURSE_ID}" in text or "No courses found." in text, text
    page.get_by_role("tab", name=re.compile(f"^{ASSIGNMENT}.ipynb")).click()  # back to the notebook


# --------------------------------------------------------------------------- the instructor


@pytest.fixture(scope="module")
def instructor(tmp_path_factory) -> Iterator[tuple[Path, Lab]]:
    """A scratch course, and JupyterLab in its root with nbgrader's default (instructor) setup.

    The course has the five assignments, a roster, and one graded and
    fed-back submission. Notebook 1 is generated with ``nbgrader
    generate_assignment`` and the course's config (as in tests/conftest.py);
    the other four get their committed ``release/`` folders, which
    tests/test_build.py keeps equal to a fresh ``generate_assignment``, and a
    gradebook entry: what the formgrader lists. The roster is imported with
    ``nbgrader db student import``. Student ``ONE_WRONG`` hands in notebook
    1's answer key with a wrong ``sigmoid`` and ``ALL_RIGHT`` the answer key;
    ``course grade`` grades both, and their feedback is generated.
    The server starts first and comes up while the course is built (the
    formgrader reads the gradebook on each request).
    """
    scratch = tmp_path_factory.mktemp("instructor")
    root, config = scratch / "course", scratch / "config"
    root.mkdir()
    config.mkdir()  # an empty JUPYTER_CONFIG_DIR: the extensions as nbgrader installs them
    # The formgrader reads the course config when the server starts (make_course writes the same file).
    (root / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text() + TEST_CONFIG)
    with jupyter_lab(root, scratch / "jupyter", config, wait=False) as lab:
        make_course(root, ASSIGNMENT)
        for assignment in ASSIGNMENTS:
            if assignment != ASSIGNMENT:
                (root / "source" / assignment).mkdir(parents=True)
                shutil.copyfile(source_notebook(assignment), root / "source" / assignment / f"{assignment}.ipynb")
                shutil.copytree(ROOT / "release" / assignment, root / "release" / assignment)
        _add_assignments(root, [a for a in ASSIGNMENTS if a != ASSIGNMENT])
        with open(root / "roster.csv", "w", newline="") as roster:
            writer = csv.DictWriter(roster, fieldnames=list(ROSTER[0]))
            writer.writeheader()
            writer.writerows(ROSTER)
        nbgrader("db", "student", "import", "roster.csv", cwd=root)
        key = nbformat.read(source_notebook(ASSIGNMENT), as_version=4)
        write_submission(root, ALL_RIGHT, ASSIGNMENT, key)
        write_submission(root, ONE_WRONG, ASSIGNMENT, replace_solution(key, "sigmoid", WRONG_SIGMOID))
        graded = subprocess.run([sys.executable, "-m", "autograder", "grade", ASSIGNMENT, "--workers", "1"],
                                cwd=root, capture_output=True, text=True)
        assert graded.returncode == 0, graded.stdout + graded.stderr
        nbgrader("generate_feedback", ASSIGNMENT, "--force", cwd=root)
        lab.wait_until_up()
        yield root, lab


def _add_assignments(root: Path, assignments: list[str]) -> None:
    """Record ``assignments`` in the course's gradebook, as ``generate_assignment`` does first."""
    from nbgrader.api import Gradebook

    from autograder.nbgrader_config import COURSE_ID

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID) as gradebook:
        for assignment in assignments:
            gradebook.update_or_create_assignment(assignment)


def test_the_formgrader_lists_the_five_assignments_and_the_roster(browser, instructor, artifacts):
    _, instructor_lab = instructor
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(RUN_TIMEOUT)
    try:
        page.goto(instructor_lab.page("formgrader"))
        rows = page.locator("#main_table tr, table tbody tr").filter(has=page.locator("td"))
        rows.filter(has_text=ASSIGNMENT).first.wait_for()
        listed = " ".join(rows.all_inner_texts())
        for assignment in ASSIGNMENTS:
            assert assignment in listed, (assignment, listed)
        screenshot(page, artifacts, "formgrader-assignments.png")

        page.goto(instructor_lab.page("formgrader/manage_students"))
        page.get_by_text("Lovelace").first.wait_for()
        students = " ".join(page.locator("table tbody tr").all_inner_texts())
        for student in ROSTER:
            assert f"{student['last_name']}, {student['first_name']}" in students, students
        assert "None, None" not in students, students
        screenshot(page, artifacts, "formgrader-students.png")
    finally:
        page.close()


def test_instructors_see_the_formgrader_and_create_assignment_tools(browser, instructor):
    """The counterpart of test_students_see_no_instructor_tools: the same probes find the tools here."""
    _, instructor_lab = instructor
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(RUN_TIMEOUT)
    try:
        page.goto(instructor_lab.page("lab"))
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Nbgrader$")).wait_for()
        assert "Formgrader" in nbgrader_menu_items(page)
        assert any("Create Assignment" in title for title in sidebar_titles(page)), sidebar_titles(page)
    finally:
        page.close()


# --------------------------------------------------------------------------- the feedback


def test_feedback_shows_the_failing_check_unclipped(browser, instructor, artifacts):
    course, _ = instructor
    feedback = course / "feedback" / ONE_WRONG / ASSIGNMENT / f"{ASSIGNMENT}.html"
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(feedback.as_uri())
        report = page.locator("pre").filter(has_text=re.compile(r"sigmoid: 0 of \d+ checks passed")).first
        report.wait_for()
        # The picture first, so that CI keeps it when an assertion below fails: sigmoid's graded cell on top.
        cell = report.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' cell ')][1]")
        page.evaluate("(node) => node.scrollIntoView({block: 'start'})", cell.element_handle())
        screenshot(page, artifacts, "feedback.png")
        text = " ".join(report.inner_text().split())
        assert "expected 0.73105858, got 0.26894142" in text and WRONG_HINT in text, text
        # Depends on helper "feedback": long report lines wrap instead of running off the page, where
        # the decisive "expected ..., got ..." was cut off. Nothing between the report and the page
        # may scroll sideways.
        overflowing = page.evaluate(
            "(node) => { const out = []; for (let n = node; n && n !== document.body; n = n.parentElement)"
            " if (n.scrollWidth > n.clientWidth + 1) out.push(`${n.tagName}.${n.className}: ${n.scrollWidth} > ${n.clientWidth}`);"
            " return out; }",
            report.element_handle())
        assert not overflowing, f"the report is clipped (scrolls sideways) in {overflowing}"
        # Depends on helper "feedback": the summary at the top names each exercise with its score,
        # where stock nbgrader lists anonymous "Test cell" entries.
        summary = " ".join(page.evaluate(  # the text above the first notebook cell
            "() => { const range = document.createRange(); range.setStart(document.body, 0);"
            " range.setEndBefore(document.querySelector('.cell, .jp-Cell')); return range.toString(); }").split())
        assert "Test cell" not in summary, summary
        # sigmoid (not basic_sigmoid, not sigmoid_derivative) with 0 of 1 point, written 0 / 1 or 0.0 / 1.0
        assert re.search(r"\bsigmoid\b.{0,40}?(?<![\d.])0(\.0)? / 1(\.0)?\b", summary), summary
    finally:
        page.close()


# --------------------------------------------------------------------------- the class report


def test_the_class_report_opens_offline_with_its_plots(browser, instructor, artifacts):
    course, _ = instructor
    report = course / "reports" / ASSIGNMENT / "report.html"
    page = browser.new_page(viewport=VIEWPORT)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(report.as_uri())
        page.locator("img").first.wait_for()
        screenshot(page, artifacts, "class-report.png")
        images = page.evaluate("() => [...document.images].map(i => [i.complete, i.naturalWidth, i.alt])")
        assert images and all(complete and width > 0 and alt for complete, width, alt in images), images
        assert not [url for url in requests if not url.startswith(("file:", "data:"))], requests  # nothing online
        text = page.inner_text("body")
        assert "2 submissions: 2 graded, 0 failed" in text
        assert re.search(rf"sigmoid\b.*{ONE_WRONG}", text), text  # sigmoid's failing check, with its student
        overflowing = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not overflowing, "the report scrolls sideways at the test's viewport"
    finally:
        page.close()


# --------------------------------------------------------------------------- the README's copies


@pytest.mark.parametrize("name", list(README_SCREENSHOTS))
def test_readme_screenshots_are_committed(name):
    """The README's screenshots exist, are PNGs of the test's viewport and are linked from the README."""
    path = README_SCREENSHOTS[name]
    assert path.is_file(), f"{path} is missing: run the browser test with COURSE_UPDATE_SCREENSHOTS=1"
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (VIEWPORT["width"], VIEWPORT["height"])
    assert path.stat().st_size < 300_000, "keep the README's screenshots small"
    assert path.relative_to(ROOT).as_posix() in (ROOT / "README.md").read_text()
