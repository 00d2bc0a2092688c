"""The weekly quizzes without grading a class: the questions, the marking rule, the answer formats,
the generated notebooks, and what the release holds (never the key)."""

from __future__ import annotations

import json
import re
import string
from types import SimpleNamespace

import nbformat
import pytest

from autograder import student_files
from autograder.build import ROOT, answer_key, source_notebook
from autograder.quiz_notebooks import answer_literal, quiz_notebook
from autograder.sandbox import Sandbox, SandboxConfig
from autograder.student_files import ReleaseLeak, student_modules
from utils.answer_formats import AnswerFormat, AnswerFormatError, format_problem, record
from utils.quizzes import (NOT_RIGHT, PARTLY_RIGHT, QUIZ_NAMES, RIGHT, FromCode, key, mark, number, questions,
                           select_all, shape, single)


def _release_texts(quiz):
    folder = ROOT / "release" / quiz
    return {p: p.read_text() for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def key_lines(quiz):
    """``qN = <key>`` as the answer key's answer cells write it."""
    return {name: f"{name} = {answer_literal(key(q), q.answer_format)}" for name, q in questions(quiz).items()}


# ------------------------------------------------------------------ the questions


@pytest.mark.parametrize("quiz", QUIZ_NAMES)
def test_each_quiz_has_about_ten_questions_of_every_kind_it_needs(quiz):
    qs = list(questions(quiz).values())
    kinds = [q.answer_format.kind for q in qs]
    assert 9 <= len(qs) <= 11
    assert "one" in kinds and "any" in kinds
    if quiz != "quiz_w1":  # weeks 2-4 are about code: shapes and numbers the student can run
        assert sum(isinstance(q.answer, FromCode) and bool(q.code) for q in qs) >= 2
    assert len({q.prompt for q in qs}) == len(qs)


@pytest.mark.parametrize("quiz", QUIZ_NAMES)
def test_every_key_fits_its_options_and_every_question_explains_it(quiz):
    for name, question in questions(quiz).items():
        letters = question.answer_format.letters
        assert letters == string.ascii_lowercase[:len(question.options)], name
        right = key(question)  # computable: a FromCode key runs its code
        if question.answer_format.kind == "one":
            assert 3 <= len(letters) <= 5 and right in letters, name
        if question.answer_format.kind == "any":
            assert 3 <= len(letters) <= 5 and right and right < set(letters), name  # some right, some wrong
        assert len(question.explanation) > 40, name
        assert question.points > 0


@pytest.mark.parametrize("quiz", QUIZ_NAMES)
def test_the_right_letters_are_spread_over_the_options(quiz):
    letters = [key(q) for q in questions(quiz).values() if q.answer_format.kind == "one"]
    assert len(set(letters)) >= min(3, len(letters)), letters


def test_a_key_worked_out_from_code_is_what_numpy_says():
    question = shape("?", FromCode("(a + b).shape"), "broadcasting", code="a = np.zeros((2, 3))\nb = np.zeros((2, 1))")
    assert key(question) == (2, 3)


# ------------------------------------------------------------------ marking

PICK = select_all("Which?", ["w", "x", "y", "z"], {"a", "b"}, "a and b", points=2)


@pytest.mark.parametrize("answer, earned, verdict", [
    ({"a", "b"}, 2.0, RIGHT),
    ({"a"}, 1.0, PARTLY_RIGHT),  # one of the two right options: half the points
    ({"a", "c"}, 0.0, NOT_RIGHT),  # a wrong option cancels a right one
    ({"a", "b", "c"}, 1.0, PARTLY_RIGHT),
    ({"a", "b", "c", "d"}, 0.0, NOT_RIGHT),  # choosing everything earns nothing here
    (set(), 0.0, NOT_RIGHT),
    (frozenset({"A", " b "}), 2.0, RIGHT),  # letters in either case, spaces ignored
])
def test_select_all_partial_credit_follows_the_documented_rule(answer, earned, verdict):
    result = mark(PICK, answer)
    assert (result.earned, result.verdict, result.format_ok) == (earned, verdict, True)


def test_single_shape_and_number_answers_are_right_or_not():
    one = single("?", ["p", "q", "r"], "b", "because")
    assert mark(one, "B").verdict == RIGHT and mark(one, "c").verdict == NOT_RIGHT
    dims = shape("?", (3, 1), "because")
    assert mark(dims, (3, 1)).earned == 1 and mark(dims, (1, 3)).earned == 0
    count = number("?", 12288, "because")
    assert mark(count, 12288.0).verdict == RIGHT and mark(count, 12287).verdict == NOT_RIGHT
    close = number("?", 0.5, "because", tolerance=0.01)
    assert mark(close, 0.504).verdict == RIGHT and mark(close, 0.52).verdict == NOT_RIGHT


# ------------------------------------------------------------------ answer formats

ONE, ANY, SHAPE, NUMBER = AnswerFormat("one", "abcd"), AnswerFormat("any", "abcd"), AnswerFormat("shape"), \
    AnswerFormat("number")


@pytest.mark.parametrize("value, form, message", [
    (None, ONE, "not answered yet: replace None with one letter: 'a', 'b', 'c' or 'd'"),
    ("e", ONE, "'e' is not one of the letters"),
    ("ab", ONE, "'ab' is not one of the letters"),
    (2, ONE, "2 is a int; write one letter"),
    ("ac", ANY, "'ac' is a str; write a set of letters among 'a', 'b', 'c' or 'd'"),
    (["a", "c"], ANY, "['a', 'c'] is a list; write a set of letters"),
    ({"a", "x"}, ANY, "'x' in your set is not among the letters"),
    ([2, 3], SHAPE, "[2, 3] is not a tuple of whole numbers; write a shape"),
    ((2.0, 3), SHAPE, "is not a tuple of whole numbers"),
    ("12", NUMBER, "'12' is not a finite number"),
    (float("nan"), NUMBER, "nan is not a finite number"),
    (True, NUMBER, "True is not a finite number"),
])
def test_a_badly_written_answer_gets_a_message_that_says_which_form_to_use(value, form, message):
    assert message in format_problem(value, form)


@pytest.mark.parametrize("value, form", [("b", ONE), (" D", ONE), ({"a"}, ANY), (frozenset(), ANY), ((2, 3), SHAPE),
                                         ((), SHAPE), (12, NUMBER), (0.25, NUMBER)])
def test_a_well_written_answer_has_no_problem(value, form):
    assert format_problem(value, form) is None


def test_the_check_cell_records_the_form_and_never_says_right_or_wrong(capsys):
    record("q2", {"c", "a"}, any_of="abcd")
    printed = capsys.readouterr().out
    assert printed.startswith("q2: answer recorded: {'a', 'c'}.")
    assert " right." not in printed.replace("Whether it is right", "") and "wrong" not in printed
    with pytest.raises(AnswerFormatError, match=r"^q5: not answered yet"):
        record("q5", None, one_of="abc")


# ------------------------------------------------------------------ generated notebooks and the release


@pytest.mark.parametrize("quiz", QUIZ_NAMES)
def test_the_quiz_source_notebook_is_up_to_date_and_holds_no_key(quiz):
    committed = json.loads(source_notebook(quiz).read_text())
    assert committed == json.loads(nbformat.writes(quiz_notebook(quiz))), "run: python -m autograder build"
    text = source_notebook(quiz).read_text()
    assert not [line for line in key_lines(quiz).values() if line in text]


@pytest.mark.parametrize("quiz", QUIZ_NAMES)
def test_the_answer_key_holds_the_key_and_records_every_answer(quiz):
    nb = nbformat.read(answer_key(quiz), as_version=4)
    sources = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    for name, line in key_lines(quiz).items():
        assert line in sources[name].source
        printed = "".join(o.get("text", "") for o in sources[f"test_{name}"].outputs)
        assert printed.startswith(f"{name}: answer recorded: ")


@pytest.mark.parametrize("quiz", QUIZ_NAMES)
def test_no_file_of_a_quiz_release_holds_the_key_or_an_explanation(quiz):
    texts = _release_texts(quiz)
    shipped = {p.relative_to(ROOT / "release" / quiz).as_posix() for p in texts}
    assert shipped == {f"{quiz}.ipynb", "utils/__init__.py", "utils/answer_formats.py", "utils/checks.py",
                       "utils/plain_data.py"}
    explanations = [q.explanation for q in questions(quiz).values()]
    for path, text in texts.items():
        assert not [e for e in explanations if e in text or json.dumps(e)[1:-1] in text], path
        assert not [line for line in key_lines(quiz).values() if line in text], path
    release = nbformat.read(ROOT / "release" / quiz / f"{quiz}.ipynb", as_version=4)
    answers = [c.source for c in release.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert len(answers) == len(questions(quiz))
    assert all(re.search(r"^q\d+ = None$", source, re.M) for source in answers)


def test_the_build_refuses_a_quiz_release_that_would_ship_the_keys(monkeypatch):
    leaky = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("from utils.quizzes import quiz_w1")])
    monkeypatch.setattr(student_files, "nbformat", SimpleNamespace(read=lambda *a, **k: leaky))
    with pytest.raises(ReleaseLeak, match="utils.quizzes"):
        student_modules("quiz_w1")


# ------------------------------------------------------------------ reading answers from the sandbox

ANSWER_CELLS = [
    (0, "q1 = 'b'"),
    (1, "q2 = {'a', 'c'}"),
    (2, "q3 = (2, 3)"),
    (3, "class Sneaky(str):\n    def __eq__(self, other):\n        return True\n    __hash__ = str.__hash__\nq4 = Sneaky('a')"),
    (4, "q5 = object()"),
    (5, "q6 = frozenset({'b', ('x',)})"),
]


def test_the_grader_reads_answers_as_plain_data():
    config = SandboxConfig(call_timeout=5, notebook_timeout=20)
    with Sandbox(ANSWER_CELLS, config, ROOT / "release" / "quiz_w1", {}) as box:
        values = box.read_values(["q1", "q2", "q3", "q4", "q5", "q6", "q7"])
    assert (values["q1"], values["q2"], values["q3"]) == ("b", frozenset({"a", "c"}), (2, 3))
    assert "q7" not in values  # never set: the report says so
    assert type(values["q4"]) is str and values["q4"] == "a" and values["q4"] != "b"  # a plain str: no __eq__ of theirs
    assert "is a object" in format_problem(values["q5"], ONE)
    assert "not among the letters" in format_problem(values["q6"], ANY)
