"""The main job grades the demo class as the README says it does."""

import re

from autograder.build import ROOT
from autograder.demo import run_demo
from tests.conftest import make_course


def test_demo_prints_the_table_shown_in_the_readme(tmp_path, capsys):
    course = make_course(tmp_path, "01_python_basics")
    run_demo(course)
    printed = capsys.readouterr().out
    readme_table = re.search(r"```text\n(student .*?)\n```", (ROOT / "README.md").read_text(), re.S).group(1)
    assert readme_table in printed
    assert (course / "grades.csv").exists()
    assert any((course / "feedback" / "demo-one-wrong").rglob("*.html"))
