"""The instructor's bookkeeping: the exchange, a roster that names the students, submissions that carry their time.

* Exchange: with the course's ``nbgrader_config.py`` and the exchange that
  ``./run setup`` creates, nbgrader's formgrader API finds the exchange
  (without it, the formgrader shows "exchange directory does not exist" on
  every page). The round trip through it is ``tests/test_exchange.py``.

* Roster: ``nbgrader db student import <csv>`` (columns id, first_name,
  last_name, email), run in a course root as the README says, puts the names
  and emails into the gradebook, and ``nbgrader export`` writes them into
  ``grades.csv`` (the formgrader reads the same gradebook). The CSV is the demo
  class's, ``autograder/demo_roster.csv``, whose ids are the demo's students.
* Timestamps: ``write_submission`` (the demo's and the tests' hand-in) leaves
  ``timestamp.txt`` as ``nbgrader submit`` does, in a form nbgrader reads back.
  That ``autograde`` then records it is proved by ``tests/test_demo.py``; the
  same through ``submit`` and ``collect`` by ``tests/test_exchange.py``.
"""

from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.coursedir import CourseDirectory

from nbgrader.apps.api import NbGraderAPI
from nbgrader.auth import Authenticator
from traitlets.config.loader import PyFileConfigLoader

from autograder.build import ROOT
from autograder.demo import ROSTER, STUDENTS
from autograder.exchange import EXCHANGE_ENV, ensure_exchange
from autograder.nbgrader_cli import nbgrader
from autograder.submissions import write_submission


def formgrader_api(course) -> NbGraderAPI:
    """nbgrader's formgrader API for ``course``, configured by the course's ``nbgrader_config.py``."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    return NbGraderAPI(CourseDirectory(config=config, root=str(course)), Authenticator(config=config), config=config)


def test_the_formgrader_finds_the_course_local_exchange(tmp_path, monkeypatch):
    monkeypatch.delenv(EXCHANGE_ENV, raising=False)
    (tmp_path / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text())
    assert formgrader_api(tmp_path).exchange_missing  # what the banner reports, before setup

    ensure_exchange(tmp_path)
    api = formgrader_api(tmp_path)
    assert api.exchange_root == str(tmp_path / "exchange")
    assert not api.exchange_missing and api.exchange_is_functional


def roster_rows() -> list[dict[str, str]]:
    with ROSTER.open(newline="") as file:
        return list(csv.DictReader(file))


def test_the_demo_roster_names_every_demo_student():
    rows = roster_rows()
    assert list(rows[0]) == ["id", "first_name", "last_name", "email"]  # the column names nbgrader imports
    assert tuple(row["id"] for row in rows) == STUDENTS
    assert all(row["first_name"] and row["last_name"] and "@" in row["email"] for row in rows)


@pytest.mark.e2e
def test_imported_roster_names_students_in_the_gradebook_and_the_export(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text())

    nbgrader("db", "student", "import", str(ROSTER), cwd=tmp_path)  # creates the gradebook, too
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gradebook:
        gradebook.add_assignment("01_python_basics")  # so that the export has a row per student
    nbgrader("export", cwd=tmp_path)

    expected = {row["id"]: (row["first_name"], row["last_name"], row["email"]) for row in roster_rows()}
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gradebook:
        stored = {s.id: (s.first_name, s.last_name, s.email) for s in gradebook.students}
    assert stored == expected
    with (tmp_path / "grades.csv").open(newline="") as file:
        exported = {row["student_id"]: (row["first_name"], row["last_name"], row["email"])
                    for row in csv.DictReader(file)}
    assert exported == expected


def test_written_submissions_carry_the_time_nbgrader_reads(tmp_path):
    nb = nbformat.v4.new_notebook()
    before = datetime.now(timezone.utc)
    path = write_submission(tmp_path, "alice", "01_python_basics", nb)
    read = CourseDirectory().get_existing_timestamp(str(path.parent))
    assert read is not None and before <= read.replace(tzinfo=timezone.utc) <= datetime.now(timezone.utc)

    chosen = datetime(2026, 3, 1, 23, 59, 30, tzinfo=timezone(timedelta(hours=2)))
    path = write_submission(tmp_path, "bob", "01_python_basics", nb, submitted_at=chosen)
    read = CourseDirectory().get_existing_timestamp(str(path.parent))
    assert read.replace(tzinfo=timezone.utc) == chosen  # stored in UTC, read back as the same instant
