"""The main job grades the demo class as the README says it does."""

import re

import pytest

from autograder.assignments import ASSIGNMENTS
from autograder.build import ROOT
from autograder.demo import run_demo
from tests.conftest import make_course

pytestmark = pytest.mark.e2e


def test_demo_prints_the_tables_shown_in_the_readme(tmp_path, capsys):
    for assignment in ASSIGNMENTS:
        make_course(tmp_path, assignment)
    run_demo(tmp_path)
    course = tmp_path
    printed = capsys.readouterr().out
    readme_tables = re.findall(r"```text\n(student .*?)\n```", (ROOT / "README.md").read_text(), re.S)
    assert len(readme_tables) == len(ASSIGNMENTS)
    for table in readme_tables:
        assert table in printed
    assert (course / "grades.csv").exists()
    assert any((course / "feedback" / "demo-one-wrong").rglob("*.html"))
