"""The pieces of ``course grade`` that need no cluster: the preprocessor split, reasons, fingerprints, files."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.reader import NotJSONError
from nbgrader.preprocessors import AssignLatePenalties, CheckCellMetadata, Execute, SaveAutoGrades
from traitlets.config import Config

from autograder.class_grading import RunSummary, load_course_config
from autograder.grade import GradeInSandbox
from autograder.grading_task import _write_files, failure_reason, fingerprint, split_preprocessors
from autograder.build import ROOT


def test_workers_run_the_course_preprocessors_before_save_auto_grades_and_the_client_the_rest():
    worker, client = split_preprocessors(load_course_config(ROOT))
    assert worker[0] is GradeInSandbox and SaveAutoGrades not in worker
    assert client == [SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]


def test_stock_nbgrader_settings_split_too():
    worker, client = split_preprocessors(Config())
    assert Execute in worker and client[0] is SaveAutoGrades


def test_a_preprocessor_list_without_save_auto_grades_is_refused():
    config = Config()
    config.Autograde.autograde_preprocessors = [Execute]
    with pytest.raises(ValueError, match="SaveAutoGrades"):
        split_preprocessors(config)


def test_a_file_that_is_not_json_is_named_in_plain_words():
    with pytest.raises(NotJSONError) as raised:
        nbformat.reads("{ this is not JSON", as_version=4)
    assert failure_reason(raised.value) == "the notebook is not a valid JSON notebook file"


def test_other_reasons_keep_the_error_type_and_first_line_only():
    assert failure_reason(KeyError("grade_id")) == "KeyError: 'grade_id'"
    assert failure_reason(RuntimeError("Inconsistent checksums\nmore")) == "RuntimeError: Inconsistent checksums"
    assert len(failure_reason(RuntimeError("x" * 10_000))) <= 300


def test_the_fingerprint_follows_names_and_contents():
    files = {"a.ipynb": b"{}", "timestamp.txt": b"2026-11-30 10:00:00.000000 UTC"}
    assert fingerprint(files) == fingerprint(dict(reversed(list(files.items()))))
    assert fingerprint(files) != fingerprint({**files, "a.ipynb": b"{ }"})
    assert fingerprint(files) != fingerprint({"b.ipynb": b"{}", "timestamp.txt": files["timestamp.txt"]})


def test_submitted_file_names_cannot_escape_the_scratch_folder(tmp_path):
    _write_files(tmp_path / "submitted", {"sub/ok.txt": b"fine"})
    assert (tmp_path / "submitted" / "sub" / "ok.txt").read_bytes() == b"fine"
    with pytest.raises(ValueError, match="outside"):
        _write_files(tmp_path / "submitted", {"../escaped.txt": b"no"})
    assert not (tmp_path / "escaped.txt").exists()


def test_the_summary_line_counts_every_kind():
    summary = RunSummary(graded={"a": ["x", "y"]}, failed={"a": ["z"]}, skipped={"a": ["w"]}, lost={"a": []},
                         seconds=12.4)
    assert summary.line() == "course grade: graded 2, failed 1, unchanged 1 in 12 s; scores and reports in reports/a/"
    summary.lost["a"].append("v")
    assert "not graded 1 (the cluster lost them: run again)" in summary.line()
