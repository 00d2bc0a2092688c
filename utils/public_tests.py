"""The public tests of an assignment: stored results of its examples.

A notebook's test cells call ``check("sigmoid", sigmoid)``, where ``check``
comes from :func:`load_public_tests`. Every public case of an exercise is
stored as plain data in ``public_test_data/<assignment>.npz`` beside this
module: its inputs, the result it should give, what each known mistake gives
(for hints) and what extra checks compare with. Those values were computed
from the course's reference solutions when the release was built; the
solutions themselves are not here. ``check`` calls the student's function on
each case and judges it with :func:`utils.checks.judge`, the engine the
grader uses, so it prints the grader's own verdict and messages.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from utils.checks import (
    Case,
    Expectation,
    GradeThroughSandbox,
    KnownResult,
    PublicCheckFailed,
    call_locally,
    format_results,
    judge,
)
from utils.plain_data import decode
from utils.progress import END_MARKER, START_MARKER, unfinished

DATA_FOLDER = Path(__file__).resolve().parent / "public_test_data"


class PublicTestsMissing(FileNotFoundError):
    """The stored public tests of an assignment are not where they should be."""


def data_file(assignment: str) -> Path:
    """Where the public tests of ``assignment`` are stored."""
    return DATA_FOLDER / f"{assignment}.npz"


def read_suite(assignment: str) -> dict:
    """The stored public tests of ``assignment``, as plain data.

    In the course's own repository, where no stored copy sits beside this
    module, they are computed from the reference solutions instead, exactly
    as the build stores them.
    """
    path = data_file(assignment)
    if path.is_file():
        return decode(path.read_bytes())
    try:
        from autograder.public_data import public_suite_bytes
    except ImportError:
        raise PublicTestsMissing(
            f"The public tests of {assignment} should be in {path}, which is missing. "
            f"Get a fresh copy of the assignment folder (it comes with its utils/ folder)."
        ) from None
    return decode(public_suite_bytes(assignment))


def cases(exercise: dict) -> Iterator[tuple[Case, Expectation]]:
    """The stored cases of one exercise, each with its expectation."""
    error_hints = [tuple(pair) for pair in exercise["error_hints"]]
    for stored in exercise["cases"]:
        known = [KnownResult(m["hint"], m["value"], m["error"], m.get("args_after")) for m in stored["mistakes"]]
        yield (Case(tuple(stored["args"]), dict(stored["kwargs"]), stored["label"]),
               Expectation(stored["expected"], known_mistakes=lambda known=known: known, error_hints=error_hints,
                           properties=[tuple(pair) for pair in stored["properties"]]))


def run_public_checks(name: str, exercise: dict, function: Callable) -> None:
    """Run the stored public cases of one exercise on ``function`` and report.

    Prints the report and "All tests passed." when every case passes.

    Raises
    ------
    PublicCheckFailed
        If any case fails; the exception's report is what the notebook shows.
    GradeThroughSandbox
        If called during ``nbgrader autograde``: the course's grader never
        runs test cells in the student's kernel, so getting here means the
        course's nbgrader configuration was not loaded.
    """
    if os.environ.get("NBGRADER_EXECUTION") == "autograde":
        raise GradeThroughSandbox(
            "This test cell ran inside the student's kernel during autograding, which means "
            "nbgrader did not load the course configuration (nbgrader_config.py at the course root). "
            "Scores from such a run cannot be trusted; see autograder/README.md."
        )
    uses = [name for name in exercise.get("uses", []) if isinstance(name, str)]
    results = [judge(expectation, case, call_locally(function, case, uses)) for case, expectation in cases(exercise)]
    report = format_results(name, results)
    if not all(result.passed for result in results):
        left = unfinished(function)
        if left:  # say first that nothing can pass yet, whatever the checks found
            report = (f"{', '.join(left)} {'is' if len(left) == 1 else 'are'} not written yet: replace the `= None` placeholders between "
                      f"{START_MARKER} and {END_MARKER}.\n{report}")
        raise PublicCheckFailed(report)
    print(report)
    print("All tests passed.")


def load_public_tests(assignment: str) -> Callable[[str, Callable], None]:
    """The ``check`` function of an assignment's notebook.

    Parameters
    ----------
    assignment : str
        The assignment's folder name, e.g. ``"01_python_basics"``.

    Returns
    -------
    check : callable
        ``check(name, function)`` runs the public tests of exercise ``name``
        on ``function`` (see :func:`run_public_checks`).
    """
    suite = read_suite(assignment)

    def check(name: str, function: Callable) -> None:
        if name not in suite["exercises"]:
            raise KeyError(f"{assignment} has no exercise called {name!r}")
        run_public_checks(name, suite["exercises"][name], function)

    return check
