"""The main job: grade a demo class and print the grades.

Three students hand in every assignment and quiz: the answer key, the
untouched student version, and the answer key with one exercise (or one
quiz question) wrong. The commands are
the ones an instructor types, run in the course root: ``nbgrader db student
import`` (the class roster, :data:`ROSTER`), ``nbgrader generate_assignment``,
``course grade`` (the five assignments and four quizzes at once, on a local
Dask cluster),
``nbgrader generate_feedback``, ``nbgrader export``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from autograder.assignments import COURSE_ITEMS, QUIZZES
from autograder.build import ROOT, answer_key, source_notebook
from autograder.class_grading import grade_class
from autograder.nbgrader_cli import nbgrader
from autograder.submissions import replace_solution, write_submission
from utils.quizzes import key

# One plausible mistake per assignment, for the "one exercise wrong" student.
ONE_MISTAKE = {
    "01_python_basics": ("normalizeRows", "x_norm = np.linalg.norm(x, axis=0, keepdims=True)\nx_normalized = x / x_norm"),
    "02_logistic_regression": (  # dw from Y - A: the gradient's sign flipped
        "propagate",
        "m = X.shape[1]\nA = sigmoid(np.dot(w.T, X) + b)\n"
        "cost = -1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))\n"
        "dw = 1 / m * np.dot(X, (Y - A).T)\ndb = 1 / m * np.sum(A - Y)",
    ),
    "03_planar_classification": (  # the cost without its minus sign
        "compute_cost",
        "log_likelihoods = np.multiply(Y, np.log(A2)) + np.multiply(1 - Y, np.log(1 - A2))\n"
        "cost = np.sum(log_likelihoods) / m",
    ),
    "04_deep_nn_step_by_step": (  # the cost without its minus sign, again
        "compute_cost",
        "cost = np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m",
    ),
    "05_deep_nn_application": (  # the weights are never re-read after the update
        "two_layer_model",
        "A1, cache1 = linear_activation_forward(X, W1, b1, 'relu')\n"
        "A2, cache2 = linear_activation_forward(A1, W2, b2, 'sigmoid')\n"
        "cost = compute_cost(A2, Y)\n"
        "dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))\n"
        "dA1, dW2, db2 = linear_activation_backward(dA2, cache2, 'sigmoid')\n"
        "_, dW1, db1 = linear_activation_backward(dA1, cache1, 'relu')\n"
        "grads = {'dW1': dW1, 'db1': db1, 'dW2': dW2, 'db2': db2}\n"
        "parameters = update_parameters(parameters, grads, learning_rate)",
    ),
}
# The demo class, as an instructor's roster for `nbgrader db student import`: id, first_name, last_name, email.
ROSTER = Path(__file__).with_name("demo_roster.csv")
with ROSTER.open(newline="") as _roster:
    STUDENTS = tuple(row["id"] for row in csv.DictReader(_roster))


def one_wrong_answer(quiz: str) -> tuple[str, str]:
    """The quiz's first lettered question, answered with the first of its letters that is not the key's."""
    name, question = next((n, q) for n, q in QUIZZES[quiz].questions().items() if q.answer_format.letters)
    wrong = next(letter for letter in question.answer_format.letters if letter not in key(question))
    return name, f"{name} = {wrong!r}" if question.answer_format.kind == "one" else f"{name} = {{{wrong!r}}}"


def hand_in(course: Path, assignment: str) -> None:
    """Write the three demo submissions of ``assignment`` into ``course/submitted``."""
    quiz = assignment in QUIZZES
    key_notebook = answer_key(assignment) if quiz else source_notebook(assignment)  # a quiz's source has no key
    key_nb = nbformat.read(key_notebook, as_version=4)
    release = nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    write_submission(course, "demo-answer-key", assignment, key_nb)
    write_submission(course, "demo-untouched", assignment, release)
    grade_id, wrong_code = one_wrong_answer(assignment) if quiz else ONE_MISTAKE[assignment]
    write_submission(course, "demo-one-wrong", assignment, replace_solution(key_nb, grade_id, wrong_code))


def exercise_scores(course: Path, assignment: str, student: str) -> dict[str, tuple[float, float]]:
    """``{exercise: (score, max_score)}`` of one submission, from the gradebook."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_submission_notebook(assignment, assignment, student)
        return {g.name.removeprefix("test_"): (g.score, g.max_score) for g in notebook.grades
                if g.name.startswith("test_")}


def format_table(course: Path, assignment: str, students: tuple[str, ...]) -> str:
    """Per-student, per-exercise scores as a text table."""
    rows = {s: exercise_scores(course, assignment, s) for s in students}
    exercises = list(next(iter(rows.values())))
    width = max(len(s) for s in students) + 2
    header = "student".ljust(width) + " ".join(f"{e:>{max(len(e), 5)}}" for e in exercises) + "   total"
    lines = [header, "-" * len(header)]
    for student, scores in rows.items():
        cells = " ".join(f"{scores[e][0]:>{max(len(e), 5)}g}" for e in exercises)
        total, maximum = sum(s for s, _ in scores.values()), sum(m for _, m in scores.values())
        lines.append(student.ljust(width) + cells + f"   {total:g}/{maximum:g}")
    return "\n".join(lines)


def run_demo(course: Path = ROOT) -> None:
    print(f"[demo] nbgrader db student import {ROSTER.relative_to(ROOT)}", flush=True)
    nbgrader("db", "student", "import", str(ROSTER), cwd=course)
    for assignment in COURSE_ITEMS:
        print(f"[demo] nbgrader generate_assignment {assignment}", flush=True)
        nbgrader("generate_assignment", assignment, "--force", cwd=course)
        hand_in(course, assignment)
    print(f"[demo] course grade {' '.join(COURSE_ITEMS)} --force", flush=True)
    summary = grade_class(course, list(COURSE_ITEMS), force=True, progress=False)
    print(f"[demo] {summary.line()}", flush=True)
    for assignment in COURSE_ITEMS:
        print(f"[demo] nbgrader generate_feedback {assignment}", flush=True)
        nbgrader("generate_feedback", assignment, "--force", cwd=course)
    print("[demo] nbgrader export", flush=True)
    nbgrader("export", cwd=course)
    for assignment in COURSE_ITEMS:
        print(f"\nGrades for {assignment} (gradebook: {course / 'gradebook.db'}):\n")
        print(format_table(course, assignment, STUDENTS))
    print(f"\nFeedback: {course / 'feedback'}   Totals: {course / 'grades.csv'}   "
          f"Class reports: {course / 'reports'}")
