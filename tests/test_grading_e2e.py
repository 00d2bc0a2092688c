"""End-to-end: plain nbgrader commands grade a class through the course configuration.

The first tests run for every assignment; the rest use notebook 1's class,
which also holds the hostile and broken submissions that test the grader.
"""

import re
from html.parser import HTMLParser

import nbformat
import pytest

from autograder.assignments import ASSIGNMENTS
from autograder.build import answer_key
from autograder.feedback import OWN_RUN_NOTE
from autograder.grade import SKIP_TAG
from tests.submissions import LEFTOVER_MARKER, first_exercise, host_processes_with

FULL = 8.0
ASSIGNMENT_NAMES = list(ASSIGNMENTS)


def total(graded_class, student):
    return sum(score for score, _ in graded_class.scores(student).values())


def lost_points(graded_class, student):
    """Exercises where the student earned less than full marks."""
    return {name for name, (score, maximum) in graded_class.scores(student).items() if score < maximum}


def full_marks(graded_class, student):
    return sum(maximum for _, maximum in graded_class.scores(student).values())


@pytest.mark.parametrize("assignment", ASSIGNMENT_NAMES)
def test_answer_key_gets_full_marks(graded, assignment):
    graded_class = graded(assignment)
    assert set(graded_class.scores("answer-key")) == set(ASSIGNMENTS[assignment].exercises())
    assert total(graded_class, "answer-key") == full_marks(graded_class, "answer-key") > 0
    summary = graded_class.grading_summary("answer-key")
    assert any(p.startswith("Landlock") for p in summary["protections"])
    assert any(p.startswith("bubblewrap") for p in summary["protections"])
    assert any(p.startswith("cgroup") for p in summary["protections"])
    assert 0 < summary["seconds"]["run_cells"] <= summary["seconds"]["total"]


@pytest.mark.parametrize("assignment", ASSIGNMENT_NAMES)
def test_untouched_release_gets_zero(graded, assignment):
    assert total(graded(assignment), "untouched") == 0


@pytest.mark.parametrize("assignment", ASSIGNMENT_NAMES)
def test_generic_monkeypatching_cheat_gains_nothing(graded, assignment):
    graded_class, target = graded(assignment), first_exercise(assignment)
    assert lost_points(graded_class, "cheat-monkeypatch") == {target}
    assert "FAIL" in graded_class.report("cheat-monkeypatch", target)


@pytest.mark.parametrize("assignment", ASSIGNMENT_NAMES)
def test_importing_the_reference_scores_zero(graded, assignment):
    graded_class, target = graded(assignment), first_exercise(assignment)
    assert lost_points(graded_class, "cheat-import-reference") == {target}
    assert graded_class.scores("cheat-import-reference")[target][0] == 0
    summary = graded_class.grading_summary("cheat-import-reference")
    assert summary["exercises"][target]["earned"] == 0


class _FeedbackPage(HTMLParser):
    """The parts of a feedback page the tests read: the summary's entries, the report texts, the images."""

    def __init__(self, text: str):
        super().__init__()
        self.summary: dict[str, str] = {}
        self.reports: list[str] = []
        self.images: list[str] = []
        self.styles = ""
        self._in: list[str] = []
        self._entry: list[str] | None = None
        self._pre: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ol" and attrs.get("class") == "course-summary":
            self._in.append("summary")
        elif tag == "li" and "summary" in self._in:
            self._entry = []
        elif tag == "pre":
            self._pre = []
        elif tag == "style":
            self._in.append("style")
        elif tag == "img" and (attrs.get("src") or "").startswith("data:image/png;base64,"):
            self.images.append(attrs["src"])

    def handle_endtag(self, tag):
        if tag == "li" and self._entry is not None:
            name, _, score = " ".join("".join(self._entry).split()).partition(": ")
            self.summary[name] = score
            self._entry = None
        elif tag == "ol" and "summary" in self._in:
            self._in.remove("summary")
        elif tag == "pre" and self._pre is not None:
            self.reports.append("".join(self._pre))
            self._pre = None
        elif tag == "style" and "style" in self._in:
            self._in.remove("style")

    def handle_data(self, data):
        for part in (self._entry, self._pre):
            if part is not None:
                part.append(data)
        if "style" in self._in:
            self.styles += data

    def report(self, exercise: str) -> str:
        return next(r for r in self.reports if r.startswith("Graded by") and f"\n{exercise}: " in r)


def feedback_page(graded_class, student) -> _FeedbackPage:
    assignment = graded_class.assignment
    return _FeedbackPage((graded_class.root / "feedback" / student / assignment / f"{assignment}.html").read_text())


@pytest.mark.parametrize("assignment", ASSIGNMENT_NAMES)
def test_feedback_and_export_cover_the_class(graded, assignment):
    graded_class = graded(assignment)
    for student in ("answer-key", "untouched"):
        page = feedback_page(graded_class, student)
        # The summary names each exercise with the score in the gradebook, in the notebook's order.
        scores = graded_class.scores(student)
        assert page.summary == {name: f"{earned:g} / {points:g}" for name, (earned, points) in scores.items()}
        assert list(page.summary) == list(ASSIGNMENTS[assignment].exercises())
        reports = [r for r in page.reports if r.startswith("Graded by the course autograder")]
        assert len(reports) == len(scores)
        assert not any(re.search(r"\b(\d+)-\1\b", r) for r in reports)  # "Checks 1-1"
    # The score nbgrader reads from each test cell is not shown again as an "Out[ ]: 1.0".
    text = (graded_class.root / "feedback" / "answer-key" / assignment / f"{assignment}.html").read_text()
    assert "output_execute_result" not in text and "Out[" not in text
    assert re.search(r"div\.output_area pre[^{]*\{[^}]*white-space: pre-wrap", page.styles)
    grades = [line.split(",") for line in (graded_class.root / "grades.csv").read_text().splitlines()[1:]]
    key_row = next(row for row in grades if row[3] == "answer-key")
    assert float(key_row[-2]) == full_marks(graded_class, "answer-key")


@pytest.mark.parametrize("assignment", ASSIGNMENT_NAMES)
def test_a_leftover_process_ends_with_its_submission(graded, assignment):
    # "aa-hostile-leftover" starts a process that tries to lower every visible process's limits and priority
    # and leaves shared memory behind; it is graded before the answer key, whose full marks the test above checks.
    graded_class = graded(assignment)
    assert not host_processes_with(LEFTOVER_MARKER)
    assert total(graded_class, "aa-hostile-leftover") == full_marks(graded_class, "aa-hostile-leftover") > 0


@pytest.mark.parametrize("assignment", ASSIGNMENT_NAMES)
def test_values_that_once_crashed_the_grader_get_a_report_and_a_score(graded, assignment):
    graded_class, target = graded(assignment), first_exercise(assignment)
    scores = graded_class.scores("hostile-crash-triggers")
    assert set(scores) == set(ASSIGNMENTS[assignment].exercises())
    assert scores[target][0] == 0  # a 400-digit int is not the answer
    for exercise in scores:
        assert graded_class.report("hostile-crash-triggers", exercise).startswith("Graded by the course autograder")
    texts = [o.get("text", "") for cell in graded_class.autograded("hostile-crash-triggers").cells
             for o in cell.get("outputs", [])]
    assert max(len(t) for t in texts) <= 100_000, "worker text must be cut to the output limit"
    assert all("\ud800" not in t and "\udc80" not in t for t in texts)


def test_monkeypatching_cheat_gains_nothing(graded_class):
    assert lost_points(graded_class, "cheat-monkeypatch-zeros") == {"sigmoid"}
    assert graded_class.scores("cheat-monkeypatch-zeros")["sigmoid"][0] == 0
    assert "wrong values" in graded_class.report("cheat-monkeypatch-zeros", "sigmoid")


def test_calling_the_reference_scores_zero_with_a_message(graded_class):
    assert lost_points(graded_class, "cheat-reference") == {"softmax"}
    assert graded_class.scores("cheat-reference")["softmax"][0] == 0
    # The reference module is not in the release, so it does not exist for student code, as at home.
    assert "No module named 'utils.python_basics'" in graded_class.report("cheat-reference", "softmax")


def test_student_code_cannot_read_course_files(graded_class):
    assert graded_class.scores("cheat-read-files")["L1"][0] == 0
    # The course's files are not in the jail at all.
    assert "FileNotFoundError" in graded_class.report("cheat-read-files", "L1")


def test_hardcoded_public_answer_fails_hidden_checks(graded_class):
    report = graded_class.report("cheat-hardcoded", "normalizeRows")
    assert "[ok  ] check 1 " in report and "[FAIL] check 2 " in report  # the public example passes, hidden ones not
    assert graded_class.scores("cheat-hardcoded")["normalizeRows"][0] == 0


def test_scoring_policy_is_applied_and_recorded(graded_class):
    # The default policy: a function that passes some checks but not all earns nothing.
    assert graded_class.grading_summary("cheat-hardcoded")["scoring"] == "all_or_nothing"
    assert graded_class.grading_summary("cheat-hardcoded")["exercises"]["normalizeRows"]["earned"] == 0
    assert "The points are earned when every check passes." in graded_class.report("cheat-hardcoded", "normalizeRows")


@pytest.mark.parametrize("student, exercise", [
    ("hostile-loop", "image2vector"), ("hostile-exit", "L2"), ("hostile-toplevel", "basic_sigmoid"),
    ("hostile-memory", "softmax"),
])
def test_hostile_code_costs_only_its_exercise(graded_class, student, exercise):
    assert lost_points(graded_class, student) == {exercise}
    assert graded_class.scores(student)[exercise][0] == 0


def test_endless_loop_is_reported(graded_class):
    assert "did not finish in time" in graded_class.report("hostile-loop", "image2vector")


def test_stderr_and_warnings_cost_nothing(graded_class):
    assert total(graded_class, "noisy-but-correct") == FULL
    assert "UserWarning: just a warning" in graded_class.report("noisy-but-correct", "sigmoid")


def test_feedback_shows_the_students_own_warnings_labelled_and_not_the_graders(graded_class):
    # The correct sigmoid overflows in np.exp on the grader's "large inputs" only, and passes: nothing to show.
    key = feedback_page(graded_class, "answer-key").report("sigmoid")
    assert "[ok  ] check 1 " in key and "large inputs" in key and "Warning" not in key
    # A warning the student's own code raises on the public tests is shown, last, with where it came from.
    noisy = feedback_page(graded_class, "noisy-but-correct").report("sigmoid").splitlines()
    label = noisy.index("  Warnings from your code on the public tests (they do not cost points):")
    assert noisy[label + 1:] == ["    UserWarning: just a warning"]
    assert "overflow" not in "\n".join(noisy)


def test_kept_outputs_of_a_students_run_cannot_score_or_inject_html(graded_class):
    assert total(graded_class, "forged-own-outputs") == 0
    text = (graded_class.root / "feedback" / "forged-own-outputs" / "01_python_basics" / "01_python_basics.html"
            ).read_text()
    assert "forged" not in text and "alert(" not in text
    page = feedback_page(graded_class, "forged-own-outputs")
    assert OWN_RUN_NOTE in text
    assert any(r == "8.0\n" for r in page.reports)  # the fake score, as plain text in the skipped cell only
    assert "check 1 " in page.report("sigmoid")


def test_feedback_shows_the_figures_of_cells_the_grader_does_not_run(graded):
    graded_class = graded("05_deep_nn_application")
    run = nbformat.read(answer_key("05_deep_nn_application"), as_version=4)
    figures = [o.data["image/png"] for c in run.cells if SKIP_TAG in c.metadata.get("tags", [])
               for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert figures, "notebook 5's skipped cells plot figures"
    page = feedback_page(graded_class, "answer-key")
    assert [src.removeprefix("data:image/png;base64,") for src in page.images] == [f.strip() for f in figures]
    text = (graded_class.root / "feedback" / "answer-key" / "05_deep_nn_application" /
            "05_deep_nn_application.html").read_text()
    assert text.count(OWN_RUN_NOTE) >= 1


def test_deleted_solution_cell_costs_only_that_exercise(graded_class):
    # sigmoid_derivative uses sigmoid, which the grader supplies from the reference.
    assert lost_points(graded_class, "deleted-solution-cell") == {"sigmoid"}
    assert "sigmoid is not defined" in graded_class.report("deleted-solution-cell", "sigmoid")


def test_deleted_test_cell_is_restored_and_graded(graded_class):
    assert total(graded_class, "deleted-test-cell") == FULL


def test_duplicated_cells_are_graded(graded_class):
    assert total(graded_class, "duplicated-test-cell") == FULL
    # The notebook runs top to bottom, so the later (wrong) definition of sigmoid is the one graded.
    assert lost_points(graded_class, "duplicated-solution-cell") == {"sigmoid"}


def test_broken_notebook_fails_alone(graded_class):
    assert graded_class.autograde_exit_code == 1  # nbgrader reports the failed submission
    assert "not-a-notebook" in graded_class.autograde_log
    assert not (graded_class.root / "autograded" / "not-a-notebook").exists() or not any(
        (graded_class.root / "autograded" / "not-a-notebook").rglob("*.ipynb"))
    assert total(graded_class, "answer-key") == FULL


def test_seed_is_recorded_with_the_grade(graded_class):
    summary = graded_class.grading_summary("answer-key")
    assert isinstance(summary["seed"], int)
    assert f"seed {summary['seed']}" in graded_class.report("answer-key", "sigmoid")
    assert graded_class.autograded("answer-key").metadata["course_grading"]["seed"] == summary["seed"]


def test_hidden_inputs_differ_between_submissions(graded_class):
    seeds = {graded_class.grading_summary(s)["seed"] for s in ("answer-key", "untouched", "noisy-but-correct")}
    assert len(seeds) == 3


# --- What a failed check says (autograder/README.md) ----------------------------------------------------------


def test_an_error_inside_a_proxied_reference_names_the_call_and_the_notebook_variable(graded):
    graded_class = graded("03_planar_classification")
    assert lost_points(graded_class, "reads-a-notebook-variable") == {"nn_model"}
    report = graded_class.report("reads-a-notebook-variable", "nn_model")
    # The public case has n_x = 2, so the demo's X of shape (2, 6) gets through forward_propagation; the labels don't.
    assert "when it called `compute_cost` with A2 of shape (1, 6) and Y of shape (1, 5)" in report
    assert "check what it passes there" in report and "RuntimeError" not in report
    assert "hint: your function reads the notebook's variable `X_demo` rather than its own arguments" in report


def test_a_result_that_holds_itself_gets_a_plain_message(graded):
    graded_class = graded("04_deep_nn_step_by_step")
    assert lost_points(graded_class, "caches-hold-themselves") == {"L_model_forward"}
    report = graded_class.report("caches-hold-themselves", "L_model_forward")
    assert "] is the result[1] itself: a list, tuple or dict that holds itself" in report
    assert "nested" not in report
