"""The class reports of ``course grade``: scores.csv and the self-contained report.html (autograder/class_report.py)."""

from __future__ import annotations

import base64
import csv
from html.parser import HTMLParser

import pytest

from autograder.assignments import ASSIGNMENTS
from autograder.class_report import (MASK, normalize, report_html, write_report_html, write_reports,
                                     write_scores_csv)
from autograder.feedback import PNG_SIGNATURE

ASSIGNMENT = "01_python_basics"
EXERCISES = list(ASSIGNMENTS[ASSIGNMENT].exercises())
HOSTILE = "<script>alert('pwned')</script><img src=https://evil.example/x.png onerror=alert(1)>"
# A mistake three students make, each with other numbers (as with other seeds), and one only a fourth makes.
SHARED = "the result has wrong values: {n} of {m} differ; max absolute error {e} at index ({i}, 0)"
ALONE = "the result has the wrong shape: expected (3,), got (1, 3)"
HINT = "Hint: this is what np.exp(-x) gives for x = {x}; check the sign."


def _summary(problems: dict[str, list[str]], hints: dict[str, list[str]]) -> dict:
    return {"seed": 1, "exercises": {
        name: {"earned": 0.0 if name in problems else 1.0, "points": 1.0,
               "failed_checks": [[p] for p in problems.get(name, [])], "hints": hints.get(name, [])}
        for name in EXERCISES}}


def _graded(student: str, wrong: dict[str, list[str]], seconds: float, hints: dict | None = None,
            partial: dict[str, float] | None = None) -> dict:
    scores = {name: [0.0 if name in wrong else (partial or {}).get(name, 1.0), 1.0] for name in EXERCISES}
    return {"assignment": ASSIGNMENT, "student": student, "status": "graded", "reason": "", "scores": scores,
            "total": sum(s for s, _ in scores.values()), "max_total": float(len(scores)), "seed": 1000 + len(student),
            "seconds": seconds, "summary": _summary(wrong, hints or {})}


def _failed(student: str, reason: str) -> dict:
    return {"assignment": ASSIGNMENT, "student": student, "status": "failed", "reason": reason, "scores": {},
            "total": None, "max_total": None, "seed": None, "seconds": 0.4, "summary": None}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    first, second = EXERCISES[0], EXERCISES[1]
    return [
        # Out of alphabetical order on purpose; dave repeats the shared mistake in two checks.
        _graded("dave", {second: [SHARED.format(n=1, m=2, e=0.5, i=1), SHARED.format(n=7, m=9, e=1e-3, i=2)]}, 2.5,
                {second: [HINT.format(x=0.25)]}),
        _graded("alice", {}, 1.5, partial={EXERCISES[2]: 0.5}),
        _graded("bob", {first: [ALONE], second: [SHARED.format(n=3, m=4, e=0.25, i=0)]}, 1.75,
                {second: [HINT.format(x=-1.5)]}),
        _graded("carol", {second: [SHARED.format(n=12, m=12, e=2.0, i=3), HOSTILE]}, 3.0),
        _failed("eve", f"the notebook is not valid JSON (NotJSONError: {HOSTILE})"),
    ]


class Page(HTMLParser):
    """What a parsed page holds: every tag's attributes, and the text of each table's body cells by table id."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._table = self._row = None
        self._in_body = self._in_cell = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("id"), [])
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
            self._table.append(self._row)
        elif tag == "td" and self._row is not None:
            self._in_cell = True
            self._row.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self._in_cell = False
        elif tag == "tbody":
            self._in_body, self._row = False, None

    def handle_data(self, data):
        if self._in_cell:
            self._row[-1] += data


@pytest.fixture(scope="module")
def page(records, tmp_path_factory) -> Page:
    path = write_report_html(records, EXERCISES, ASSIGNMENT, tmp_path_factory.mktemp("report") / "report.html")
    return Page(path.read_text(encoding="utf-8"))


def test_scores_csv_has_one_row_per_student_that_agrees_with_the_records(records, tmp_path):
    with open(write_scores_csv(records, EXERCISES, tmp_path / "scores.csv"), newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        columns, rows = reader.fieldnames, list(reader)

    assert columns == ["student", "status", "reason", *EXERCISES, "total", "max_total", "seed", "seconds"]
    assert [row["student"] for row in rows] == sorted(r["student"] for r in records)
    by_student = {r["student"]: r for r in records}
    for row in rows:
        record = by_student[row["student"]]
        assert (row["status"], row["reason"]) == (record["status"], record["reason"])
        assert float(row["seconds"]) == record["seconds"]
        if record["status"] == "graded":
            assert {name: float(row[name]) for name in EXERCISES} == {n: s for n, (s, _) in record["scores"].items()}
            assert (float(row["total"]), float(row["max_total"]), int(row["seed"])) == (
                record["total"], record["max_total"], record["seed"])
        else:
            assert [row[name] for name in [*EXERCISES, "total", "max_total", "seed"]] == [""] * (len(EXERCISES) + 3)


def test_normalize_masks_numbers_shapes_and_indices_but_keeps_names_and_parts():
    assert normalize(SHARED.format(n=1, m=2, e=0.5, i=1)) == normalize(SHARED.format(n=12, m=12, e=2e-7, i=3))
    assert normalize("expected (3,), got (1, 3)") == f"expected ({MASK}, ...), got ({MASK}, ...)"
    assert normalize("the result[1]['dw'] has dtype float64") == "the result[1]['dw'] has dtype float64"
    assert normalize("argument 2 was modified") != normalize("argument 1 was modified")


def test_page_is_self_contained_with_one_png_per_plot(page):
    images = [attrs for tag, attrs in page.tags if tag == "img"]
    # Two plots: the score distribution per exercise and the time per submission.
    assert len(images) == 2
    for attrs in images:
        prefix = "data:image/png;base64,"
        assert attrs["src"].startswith(prefix) and attrs["alt"]
        assert base64.b64decode(attrs["src"].removeprefix(prefix), validate=True).startswith(PNG_SIGNATURE)
    links = [value for _, attrs in page.tags for key, value in attrs.items() if key in ("src", "href")]
    assert not [link for link in links if not link.startswith("data:")]


def test_student_text_is_escaped(records, page):
    assert not [tag for tag, _ in page.tags if tag == "script"]
    failed = dict(page.tables["failed-submissions"])
    assert failed == {"eve": records[-1]["reason"]}  # the parser unescapes: the text shows exactly as it was
    assert HOSTILE in [row[3] for row in page.tables["frequent-problems"]]
    assert "<script>" not in report_html(records, EXERCISES, ASSIGNMENT)


def test_most_frequent_problems_count_students_with_numbers_masked(records, page):
    rows = page.tables["frequent-problems"]
    students, exercise, pattern, example, example_from = rows[0]
    assert (students, exercise, pattern) == ("3", EXERCISES[1], normalize(SHARED.format(n=1, m=2, e=1, i=1)))
    assert MASK in pattern and (example, example_from) == (SHARED.format(n=3, m=4, e=0.25, i=0), "bob")
    assert [int(row[0]) for row in rows] == sorted((int(row[0]) for row in rows), reverse=True)
    assert ["1", EXERCISES[0], normalize(ALONE), ALONE, "bob"] in rows
    hints = page.tables["frequent-hints"]
    assert hints[0][:3] == ["2", EXERCISES[1], normalize(HINT.format(x=1))]


def test_score_distribution_shares_match_the_records(page):
    rows = {row[0]: row[1:] for row in page.tables["score-distribution"]}
    assert list(rows) == EXERCISES
    # 4 graded: all right on the first but bob, nobody but alice right on the second, alice half right on the third
    assert rows[EXERCISES[0]] == ["75%", "0%", "25%"] and rows[EXERCISES[1]] == ["25%", "0%", "75%"]
    assert rows[EXERCISES[2]] == ["75%", "25%", "0%"]


def test_write_reports_writes_both_files_under_reports(records, tmp_path):
    scores, report = write_reports(tmp_path, ASSIGNMENT, records)
    assert (scores, report) == (tmp_path / "reports" / ASSIGNMENT / "scores.csv",
                                tmp_path / "reports" / ASSIGNMENT / "report.html")
    assert scores.read_text(encoding="utf-8").startswith("student,status,reason,")
    assert Page(report.read_text(encoding="utf-8")).tables["failed-submissions"][0][0] == "eve"


def test_pngs_are_reproducible(records):
    images = [[a["src"] for t, a in Page(report_html(records, EXERCISES, ASSIGNMENT)).tags if t == "img"]
              for _ in range(2)]
    assert images[0] == images[1]
