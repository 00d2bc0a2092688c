"""Do the property checks (gradient checks) ever fail correct code? A sweep over grading seeds.

Usage (from the course root)::

    python -m benchmarks.property_sweep [--cases N] [--seed S] [EXERCISE ...]

For every exercise that has ``properties`` (in every assignment, or only the
named ones), grading seeds are drawn as the grader draws them (48 random
bits, from a generator seeded with ``--seed``). For each seed the exercise's
hidden and edge cases are drawn exactly as ``autograder.grade`` draws them
(``utils.exercises.grading_cases`` with the exercise's child of
``SeedSequence(seed).spawn(len(exercises))``), and the reference solution is
judged on the public, hidden and edge cases as the grader judges a
submission: ``judge(expectation(exercise, case), case, outcome)``.
Seeds are drawn until at least ``--cases`` cases per exercise were judged.

Printed per exercise: cases judged, false failures (the reference failed a
check), crashes (building the expectation or judging raised), seconds, and
the largest relative difference between a gradient of the reference and its
finite-difference estimate (the margin below the check's tolerance).
The first few failing seeds are printed too, to reproduce them. It is a
benchmark: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograder.assignments import ASSIGNMENTS
from utils.checks import call_locally, describe_error, judge
from utils.exercises import Exercise, expectation
from utils.exercises import grading_cases as cases_of
from utils.gradient_check import GRADIENT_TOLERANCE, relative_difference

SEED_BITS = 48  # as autograder.grade draws a grading seed (secrets.randbits(48))


@dataclass
class Tally:
    cases: int = 0
    false_failures: int = 0
    crashes: int = 0
    seconds: float = 0.0
    worst_difference: float = 0.0
    examples: list[str] = field(default_factory=list)


def property_exercises(names: list[str] | None = None) -> Iterator[tuple[str, int, str, Exercise, int]]:
    """``(assignment, index, name, exercise, count)`` of every exercise with properties (index in registry order)."""
    for assignment in ASSIGNMENTS.values():
        exercises = assignment.exercises()
        for index, (name, exercise) in enumerate(exercises.items()):
            if exercise.properties and (not names or name in names):
                yield assignment.name, index, name, exercise, len(exercises)


def grading_cases(exercise: Exercise, index: int, count: int, seed: int) -> list:
    """The public, hidden and edge cases of the exercise as the grader draws them for ``seed``."""
    return cases_of(exercise, np.random.default_rng(np.random.SeedSequence(seed).spawn(count)[index]))


def judge_reference(exercise: Exercise, case) -> tuple[bool, str]:
    """``(passed, what went wrong)`` of the reference on one case, judged as the grader judges it."""
    passed, problem, _ = judge_reference_with_margin(exercise, case)
    return passed, problem


def _worst_difference(measured: Any, value: Any) -> float:
    """The largest relative difference between a returned gradient and its estimate (0 when not gradients)."""
    if not isinstance(measured, dict) or "gradients" not in measured:
        return 0.0
    values = value if isinstance(value, dict) else dict(zip(measured["gradients"], value))
    worst = 0.0
    for name, numeric in measured["gradients"].items():
        got, numeric = np.asarray(values[name], dtype=float), np.asarray(numeric, dtype=float)
        finite = np.isfinite(numeric)
        if finite.any():
            worst = max(worst, relative_difference(got[finite], numeric[finite]))
    return worst


def judge_reference_with_margin(exercise: Exercise, case) -> tuple[bool, str, float]:
    """:func:`judge_reference`, and the largest relative difference of a gradient check on the case."""
    try:
        expected = expectation(exercise, case)
        outcome = call_locally(exercise.reference, case)
        result = judge(expected, case, outcome)
    except Exception as error:  # noqa: BLE001 - a crash is what the sweep counts
        return False, "crash: " + describe_error(error), 0.0
    try:
        worst = max((_worst_difference(measured, outcome.value) for _, measured in expected.properties), default=0.0)
    except Exception:  # noqa: BLE001 - the margin is a figure, not a verdict
        worst = float("nan")
    return result.passed, "; ".join(result.problems), worst


def sweep(exercise: Exercise, index: int, count: int, seeds: Iterator[int], cases: int) -> Tally:
    """Judge the reference on the cases of as many seeds as it takes to reach ``cases`` cases."""
    tally = Tally()
    started = time.perf_counter()
    while tally.cases < cases:
        seed = next(seeds)
        for case in grading_cases(exercise, index, count, seed):
            passed, problem, worst = judge_reference_with_margin(exercise, case)
            tally.worst_difference = max(tally.worst_difference, worst)
            tally.cases += 1
            if not passed:
                if problem.startswith("crash: "):
                    tally.crashes += 1
                else:
                    tally.false_failures += 1
                if len(tally.examples) < 5:
                    tally.examples.append(f"seed {seed} ({case.describe()}): {problem[:300]}")
    tally.seconds = time.perf_counter() - started
    return tally


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("exercises", nargs="*", help="only these exercises (default: every one with properties)")
    parser.add_argument("--cases", type=int, default=20_000, help="cases judged per exercise (default 20000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generator of grading seeds")
    args = parser.parse_args(argv)
    master = np.random.default_rng(args.seed)
    seeds = iter(lambda: int(master.integers(0, 2**SEED_BITS)), None)
    print(f"{'exercise':<45}{'cases':>8}{'false failures':>16}{'crashes':>9}{'seconds':>9}{'cases/s':>9}"
          f"{'worst rel. diff.':>18}")
    for assignment, index, name, exercise, count in property_exercises(args.exercises):
        tally = sweep(exercise, index, count, seeds, args.cases)
        print(f"{assignment + '/' + name:<45.45}{tally.cases:>8}{tally.false_failures:>16}{tally.crashes:>9}"
              f"{tally.seconds:>9.1f}{tally.cases / tally.seconds:>9.0f}{tally.worst_difference:>18.2g}", flush=True)
        for example in tally.examples:
            print("    " + example, flush=True)
    print(f"(worst rel. diff.: the largest relative difference between a gradient of the reference and its "
          f"finite-difference estimate; the check fails above {GRADIENT_TOLERANCE:g})")


if __name__ == "__main__":
    main()
