"""The student version keeps the markers and gets one `name = None` line per value to compute."""

import pytest

from autograder.stubs import stub_lines


def test_one_stub_per_assigned_name():
    region = ["    s = sigmoid(x)", "    ds = s * (1 - s)", "    s = s + 0"]
    assert stub_lines(region) == ["    s = None", "    ds = None"]


def test_tuple_targets():
    assert stub_lines(["w, b = 1, 2"]) == ["w, b = None, None"]


def test_explicit_stub_for_other_statements():
    assert stub_lines(["for i in range(3):  # stub: pass", "    total += i"]) == ["pass"]


def test_statement_without_stub_is_an_error():
    with pytest.raises(ValueError, match="stub"):
        stub_lines(["print(x)"])
