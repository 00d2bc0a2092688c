"""benchmarks/class_grading.py without grading anything: the synthetic class and the printed table."""

from __future__ import annotations

import re
from collections import Counter

from autograder.assignments import ASSIGNMENTS
from benchmarks.class_grading import HOSTILE, KIND_CYCLE, Run, class_plan, format_table, mutant_builders
from tests.submissions import class_builders

N_STUDENTS = 2 * len(KIND_CYCLE)


def test_class_plan_has_the_expected_mix_for_every_assignment_deterministically():
    plan = class_plan(N_STUDENTS, list(ASSIGNMENTS))
    assert plan == class_plan(N_STUDENTS, list(ASSIGNMENTS))
    assert list(plan) == list(ASSIGNMENTS)
    expected = Counter({kind: 2 * n for kind, n in Counter(KIND_CYCLE).items()})
    for assignment, students in plan.items():
        assert len(students) == N_STUDENTS
        assert Counter(kind for kind, _ in students.values()) == expected
        builders = class_builders(assignment)
        assert all(builder in builders for _, builder in students.values())
        mutants = [builder for kind, builder in students.values() if kind == "mutant"]
        # Mutants are handed out in turn: the first ones of the assignment, none twice.
        assert mutants == mutant_builders(assignment)[:len(mutants)]
        hostile = [builder for kind, builder in students.values() if kind == "hostile"]
        assert hostile and set(hostile) <= set(HOSTILE)
    assert (sum(n for kind, n in expected.items() if kind in ("answer-key", "mutant"))
            >= 0.7 * N_STUDENTS), "mostly answer keys and mutants"


def test_notebook_1_class_includes_the_endless_loop_and_the_broken_file():
    hostile = [b for kind, b in class_plan(N_STUDENTS, ["01_python_basics"])["01_python_basics"].values()
               if kind == "hostile"]
    assert hostile == ["hostile-loop", "not-a-notebook"]


def test_format_table_prints_per_notebook_figures_ratios_and_extrapolated_totals():
    runs = {"stock": Run("stock nbgrader (serial)", 10, 250.0), "plain": Run("plain autograde (serial)", 10, 45.0),
            "workers1": Run("course grade, 1 worker", 30, 60.0), "workers2": Run("course grade, 2 workers", 30, 33.0)}
    table = format_table(runs, n_students=6, n_assignments=5)
    assert re.search(r"stock nbgrader \(serial\)\s+10\s+250\.0 s\s+25\.00 s\s+750 s  \(extrapolated\)", table)
    assert re.search(r"course grade, 2 workers\s+30\s+33\.0 s\s+1\.10 s\s+33 s$", table, re.MULTILINE)
    assert re.search(r"2 workers vs 1\s+1\.82x\s+>= 1\.7x", table)  # 2.0 / 1.1
    assert re.search(r"vs stock nbgrader\s+22\.73x\s+>= 10x", table)  # 25 / 1.1
    assert re.search(r"vs plain autograde\s+4\.09x", table)  # 4.5 / 1.1
    assert re.search(r"200 x 5 notebooks, 2 workers \(projected\)\s+18\.3 min\s+<= 8 min", table)  # 1.1 * 1000 / 60
    assert "first 2 students only" in table
