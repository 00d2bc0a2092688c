"""The main job grades the demo class as the README says it does."""

import csv
import re

import pytest

from autograder.assignments import COURSE_ITEMS
from autograder.build import ROOT
from autograder.demo import ROSTER, run_demo
from tests.conftest import make_course

pytestmark = pytest.mark.e2e


def test_demo_prints_the_tables_shown_in_the_readme(tmp_path, capsys):
    for assignment in COURSE_ITEMS:
        make_course(tmp_path, assignment)
    run_demo(tmp_path)
    course = tmp_path
    printed = capsys.readouterr().out
    readme_tables = re.findall(r"```text\n(student .*?)\n```", (ROOT / "README.md").read_text(), re.S)
    assert len(readme_tables) == len(COURSE_ITEMS)
    for table in readme_tables:
        assert table in printed
    # The roster names every student, and each submission has the time it was handed in.
    with ROSTER.open(newline="") as file:
        names = {row["id"]: (row["first_name"], row["last_name"]) for row in csv.DictReader(file)}
    with (course / "grades.csv").open(newline="") as file:
        exported = list(csv.DictReader(file))
    assert len(exported) == len(COURSE_ITEMS) * len(names)
    assert all((row["first_name"], row["last_name"]) == names[row["student_id"]] for row in exported), exported
    assert all(row["timestamp"] not in ("", "None") for row in exported), exported
    assert any((course / "feedback" / "demo-one-wrong").rglob("*.html"))
