"""The four quizzes graded end to end with plain nbgrader, then with ``course grade``.

Each quiz's class (``tests/quiz_classes.py``) goes through ``generate_assignment``,
``autograde``, ``generate_feedback`` and ``export`` in a scratch course: the answer
key, the untouched release, a known mix of right, wrong and half-right answers,
badly written answers, a student who looks for the key and forges points, and a
deleted answer cell. The key must never show: not in the release, the gradebook,
the reports or the feedback, until the instructor allows the explanations.
"""

from __future__ import annotations

import datetime
import html
import shutil

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.class_grading import grade_class
from autograder.nbgrader_cli import nbgrader
from tests.quiz_classes import FORGED_POINTS, KEY_READS, badly_written, literal, mixed_answers, sneaky_target
from utils.quizzes import QUIZ_NAMES, key, questions

pytestmark = pytest.mark.e2e
FORM_WORDS = {"one": "write one letter", "any": "write a set of letters", "shape": "write a shape",
              "number": "write a number"}


def _max(quiz):
    return sum(q.points for q in questions(quiz).values())


def _totals(graded_class, student):
    scores = graded_class.scores(student)
    return sum(s for s, _ in scores.values()), sum(m for _, m in scores.values())


@pytest.mark.parametrize("assignment", QUIZ_NAMES)
def test_the_key_earns_every_point_and_the_untouched_release_none(graded, assignment):
    graded_class = graded(assignment)
    assert graded_class.autograde_exit_code == 0, graded_class.autograde_log[-3000:]
    assert _totals(graded_class, "answer-key") == (_max(assignment), _max(assignment))
    assert _totals(graded_class, "untouched") == (0, _max(assignment))
    for name in questions(assignment):
        assert graded_class.report("answer-key", name).endswith(" is right.\n")
        assert f"{name}: not answered yet: replace None with " in graded_class.report("untouched", name)


@pytest.mark.parametrize("assignment", QUIZ_NAMES)
def test_a_known_mix_earns_its_share_and_each_report_says_right_or_not_without_the_key(graded, assignment):
    graded_class = graded(assignment)
    scores = graded_class.scores("mixed")
    for name, (answer, share) in mixed_answers(assignment).items():
        points = questions(assignment)[name].points
        assert scores[name] == (pytest.approx(share * points), points), name
        verdict = "right" if share == 1 else "not right" if share == 0 else "partly right"
        assert graded_class.report("mixed", name).split("\n")[1].startswith(
            f"{name}: your answer {literal(answer)} is {verdict}"), name


@pytest.mark.parametrize("assignment", QUIZ_NAMES)
def test_badly_written_answers_score_zero_with_the_form_to_use(graded, assignment):
    graded_class = graded(assignment)
    assert _totals(graded_class, "badly-written") == (0, _max(assignment))
    for name, question in questions(assignment).items():
        report = graded_class.report("badly-written", name)
        assert repr(badly_written(question))[:20] in report and FORM_WORDS[question.answer_format.kind] in report
        assert "This answer could not be marked." in report


@pytest.mark.parametrize("assignment", QUIZ_NAMES)
def test_a_student_cannot_read_the_key_or_change_points_from_a_cell(graded, assignment):
    graded_class = graded(assignment)
    first, second = next(iter(questions(assignment))), sneaky_target(assignment)
    outputs = "".join(o.get("text", "") for c in graded_class.autograded("hostile").cells for o in c.get("outputs", []))
    assert f"{KEY_READS} []" in outputs  # every attempt to import or open the key failed in the sandbox
    scores = graded_class.scores("hostile")
    assert scores[first] == (questions(assignment)[first].points,) * 2  # right, and worth what the gradebook says
    assert _totals(graded_class, "hostile") == (questions(assignment)[first].points, _max(assignment))
    assert str(FORGED_POINTS) not in graded_class.report("hostile", first)
    assert scores[second][0] == 0  # a str whose == is always true is read as the plain letters it holds
    assert "'zz' is not one of the letters" in graded_class.report("hostile", second)


@pytest.mark.parametrize("assignment", QUIZ_NAMES)
def test_a_deleted_answer_cell_costs_its_question_only(graded, assignment):
    graded_class = graded(assignment)
    first = next(iter(questions(assignment)))
    points = questions(assignment)[first].points
    assert _totals(graded_class, "deleted-answer-cell") == (_max(assignment) - points, _max(assignment))
    assert graded_class.report("deleted-answer-cell", first).split("\n")[1] == (
        f"{first}: {first} is not set when your notebook runs top to bottom (did its answer cell raise an error, or "
        "was it deleted?). This answer could not be marked.")


@pytest.mark.parametrize("assignment", QUIZ_NAMES)
def test_neither_the_gradebook_nor_the_feedback_holds_the_key(graded, assignment):
    graded_class = graded(assignment)
    qs = questions(assignment)
    explanations = [q.explanation for q in qs.values()]
    key_lines = [f"{n} = {literal(key(q))}" for n, q in qs.items()]
    gradebook = (graded_class.root / "gradebook.db").read_bytes()
    assert not [text for text in explanations + key_lines if text.encode() in gradebook]
    feedback = {p.parts[-3]: html.unescape(p.read_text()) for p in (graded_class.root / "feedback").rglob("*.html")}
    assert len(feedback) == 6  # every student has a page
    for student, page in feedback.items():
        assert not [e for e in explanations if e in page], student
        assert "Why: " not in page
    for student in ("mixed", "untouched", "badly-written"):  # students whose notebooks do not hold the key
        right = {n for n, (_, share) in mixed_answers(assignment).items() if share == 1} if student == "mixed" else set()
        leaked = [line for n, line in zip(qs, key_lines) if n not in right and line in feedback[student]]
        assert not leaked, (student, leaked)


def _feedback_of(course, assignment, student, *options):
    nbgrader("generate_feedback", assignment, "--force", "--student", student, *options, cwd=course)
    return html.unescape((course / "feedback" / student / assignment / f"{assignment}.html").read_text())


def _set_due_date(course, assignment, due):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        gradebook.update_or_create_assignment(assignment, duedate=due)


def test_explanations_reach_the_feedback_only_when_the_instructor_allows(graded, tmp_path):
    assignment = QUIZ_NAMES[1]
    course = tmp_path / "course"
    shutil.copytree(graded(assignment).root, course)
    explanations = [q.explanation for q in questions(assignment).values()]
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)

    _set_due_date(course, assignment, now + datetime.timedelta(days=1))
    assert not [e for e in explanations if e in _feedback_of(course, assignment, "mixed")]  # before the due date
    _set_due_date(course, assignment, now - datetime.timedelta(days=1))
    shown = _feedback_of(course, assignment, "mixed")
    assert all(e in shown for e in explanations)  # after it, under each question's report
    assert shown.count("Why: ") == len(explanations)
    hidden = _feedback_of(course, assignment, "mixed", "--QuizExplanations.show=never")
    assert "Why: " not in hidden


def test_course_grade_gives_the_quiz_the_same_scores_as_plain_nbgrader(graded, tmp_path):
    assignment = QUIZ_NAMES[3]
    course = tmp_path / "course"
    shutil.copytree(graded(assignment).root, course)
    plain = {s: graded(assignment).scores(s) for s in ("answer-key", "mixed", "hostile", "badly-written")}
    summary = grade_class(course, [assignment], workers=1, force=True, progress=False)
    assert not summary.count("failed") and not summary.count("lost"), summary.line()
    for student, scores in plain.items():
        regraded = {n: s for n, s in _scores(course, assignment, student).items()}
        assert regraded == scores, student
    assert (course / "reports" / assignment / "scores.csv").read_text().count("\n") >= 7


def _scores(course, assignment, student):
    from autograder.demo import exercise_scores

    return exercise_scores(course, assignment, student)


def test_validate_names_a_badly_written_answer_and_passes_the_key(graded, tmp_path):
    assignment = QUIZ_NAMES[0]
    folder = tmp_path / assignment
    shutil.copytree(graded(assignment).root / "release" / assignment, folder)
    path = folder / f"{assignment}.ipynb"
    name, question = next((n, q) for n, q in questions(assignment).items() if q.answer_format.kind == "any")
    nb = nbformat.read(graded(assignment).root / "submitted" / "answer-key" / assignment / f"{assignment}.ipynb", 4)
    nbformat.write(nb, path)
    passed = nbgrader("validate", path.name, cwd=folder, check=False)
    assert "Success! Your notebook passes all the tests." in passed.stdout, passed.stdout[-2000:]
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == name:
            cell.source = cell.source.replace(f"{name} = {literal(key(question))}",
                                              f"{name} = {''.join(sorted(key(question)))!r}")
    nbformat.write(nb, path)
    failed = nbgrader("validate", path.name, cwd=folder, check=False)
    assert f"{name}: '{''.join(sorted(key(question)))}' is a str; write a set of letters" in failed.stdout, \
        failed.stdout[-3000:]
