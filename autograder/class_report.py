"""The class reports of one graded assignment: a CSV of scores and a self-contained HTML page.

``course grade`` (autograder/class_grading.py) hands over one record per
submission, a plain dict::

    {"assignment": str, "student": str, "status": "graded" | "failed", "reason": str,
     "scores": {exercise: [score, max_score]}, "total": float | None, "max_total": float | None,
     "seed": int | None, "seconds": float | None, "summary": dict | None}

where ``summary`` is the notebook's ``<nb>.grading.json`` (autograder/grade.py).
Both files go to ``reports/<assignment>/`` under the course root. The page
needs no network: its style is inline and its plots are base64 PNG data.
Every string that comes from a submission (reasons, problems, hints) is
escaped, since student code shapes those texts.
"""

from __future__ import annotations

import base64
import csv
import io
import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from html import escape
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from autograder.assignments import graded_names

Record = Mapping[str, object]

TOP = 15  # rows of each most-frequent table
REPORTS_DIR = "reports"
# Numbers (counts, errors, indices, shapes, values) change with every seed; masked they group the same mistake.
# Digits inside a name (float64, L2) are kept, and so are the parts of a result and the argument a problem names.
_NUMBER = re.compile(r"(?<!\w)[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_KEPT = re.compile(r"(\bresult(?:\[[^\[\]]*\])+|\bargument \d+)")
_TUPLE = re.compile(r"\(#(?:, #)*,?\)")  # a masked shape or index: (#,) and (#, #) alike
MASK = "#"
OUTCOMES = ("full marks", "partial", "zero")
OUTCOME_COLOURS = ("#2c7bb6", "#fdae61", "#d7191c")  # told apart with red-green colour blindness too
STYLE = """
body { font-family: sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.number { text-align: right; }
img { max-width: 100%; }
"""


@dataclass(frozen=True)
class Frequent:
    """One problem (or hint) as it recurs across the class.

    Parameters
    ----------
    exercise : str
        The exercise it was reported for.
    pattern : str
        Its text with every number masked as ``#``.
    students : int
        How many students got it at least once.
    example : str
        The text as one of them got it (the first student in alphabetical order).
    example_student : str
        That student.
    """

    exercise: str
    pattern: str
    students: int
    example: str
    example_student: str


def graded(records: Sequence[Record]) -> list[Record]:
    """The records whose submission was graded, in student order."""
    return sorted((r for r in records if r["status"] == "graded"), key=lambda r: r["student"])


def failed(records: Sequence[Record]) -> list[Record]:
    """The records whose submission could not be graded, in student order."""
    return sorted((r for r in records if r["status"] != "graded"), key=lambda r: r["student"])


def _cell(value: object) -> object:
    return "" if value is None else value


def scores_row(record: Record, exercises: Sequence[str]) -> dict[str, object]:
    """One CSV row: a failed submission leaves its exercise and total cells empty."""
    is_graded = record["status"] == "graded"
    scores = record.get("scores") or {}
    row: dict[str, object] = {"student": record["student"], "status": record["status"],
                              "reason": record.get("reason") or ""}
    for name in exercises:
        row[name] = scores[name][0] if is_graded and name in scores else ""
    row["total"] = _cell(record.get("total")) if is_graded else ""
    row["max_total"] = _cell(record.get("max_total")) if is_graded else ""
    row["seed"] = _cell(record.get("seed"))
    row["seconds"] = _cell(record.get("seconds"))
    return row


def write_scores_csv(records: Sequence[Record], exercises: Sequence[str], path: Path) -> Path:
    """Write one row per student: status, reason, each exercise's score, total, seed, seconds.

    Parameters
    ----------
    records : sequence of dict
        One record per submission of one assignment (see the module docstring).
    exercises : sequence of str
        The exercise columns, in the assignment's order.
    path : Path
        The CSV file to write; its folder must exist.

    Returns
    -------
    Path
        ``path``.
    """
    columns = ["student", "status", "reason", *exercises, "total", "max_total", "seed", "seconds"]
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=columns)
        writer.writeheader()
        for record in sorted(records, key=lambda r: r["student"]):
            writer.writerow(scores_row(record, exercises))
    return path


def normalize(text: str) -> str:
    """``text`` with its numbers masked as ``#``, shapes and indices as ``(#, ...)``, white space collapsed.

    Examples
    --------
    >>> normalize("the result[1] has wrong values: 2 of 4 differ; first difference at index (0, 1)")
    'the result[1] has wrong values: # of # differ; first difference at index (#, ...)'
    """
    parts = _KEPT.split(" ".join(text.split()))
    # re.split puts the kept parts at the odd positions
    return "".join(part if i % 2 else _TUPLE.sub("(#, ...)", _NUMBER.sub(MASK, part)) for i, part in enumerate(parts))


def _reported(record: Record, field: str) -> list[tuple[str, str]]:
    """Every (exercise, text) that a record's summary reports under ``failed_checks`` or ``hints``."""
    exercises = ((record.get("summary") or {}).get("exercises") or {})
    found = []
    for name, result in exercises.items():
        if field == "failed_checks":
            found += [(name, problem) for check in result.get("failed_checks", []) for problem in check]
        else:
            found += [(name, hint) for hint in result.get(field, [])]
    return found


def most_frequent(records: Sequence[Record], exercises: Sequence[str], field: str, top: int = TOP) -> list[Frequent]:
    """The problems (``field="failed_checks"``) or hints (``field="hints"``) that most students got.

    Texts are grouped by exercise and :func:`normalize`-d text, and counted
    once per student however many checks repeat them.

    Parameters
    ----------
    records : sequence of dict
        One record per submission; records without a summary report nothing.
    exercises : sequence of str
        The assignment's exercises, in order: it breaks ties between counts.
    field : {"failed_checks", "hints"}
        What to count.
    top : int
        How many to return at most.

    Returns
    -------
    list of Frequent
        Most students first; ties by exercise order, then pattern.
    """
    students: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for record in sorted(records, key=lambda r: r["student"]):
        seen = set()
        for name, text in _reported(record, field):
            key = (name, normalize(text))
            if key not in seen:
                seen.add(key)
                students.setdefault(key, []).append((record["student"], text))
    order = {name: i for i, name in enumerate(exercises)}
    ranked = sorted(students.items(), key=lambda item: (-len(item[1]), order.get(item[0][0], len(order)), item[0]))
    return [Frequent(name, pattern, len(got), got[0][1], got[0][0]) for (name, pattern), got in ranked[:top]]


def outcome(score: float, points: float) -> str:
    """One of :data:`OUTCOMES` for an exercise's score out of ``points``."""
    return OUTCOMES[0] if score >= points else OUTCOMES[2] if score <= 0 else OUTCOMES[1]


def outcome_shares(records: Sequence[Record], exercises: Sequence[str]) -> dict[str, tuple[float, ...]]:
    """For each exercise, the shares of graded students with each of :data:`OUTCOMES`, in that order."""
    done = graded(records)
    shares = {}
    for name in exercises:
        got = [outcome(*r["scores"][name]) for r in done if name in (r.get("scores") or {})]
        shares[name] = tuple(got.count(o) / max(len(got), 1) for o in OUTCOMES)
    return shares


def score_figure(records: Sequence[Record], exercises: Sequence[str]) -> Figure:
    """A stacked horizontal bar per exercise: shares of graded students with full, partial and zero marks."""
    shares = outcome_shares(records, exercises)
    # A bare Figure, not pyplot: nothing is registered globally, so nothing stays open after use.
    fig = Figure(figsize=(8, 0.45 * len(exercises) + 1.4), layout="constrained")
    ax = fig.subplots()
    left = [0.0] * len(exercises)
    for i, (outcome, colour) in enumerate(zip(OUTCOMES, OUTCOME_COLOURS)):
        widths = [100 * shares[name][i] for name in exercises]
        ax.barh(list(exercises), widths, left=left, color=colour, label=outcome)
        left = [a + b for a, b in zip(left, widths)]
    ax.invert_yaxis()  # the assignment's first exercise on top
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"% of the {len(graded(records))} graded students")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(OUTCOMES), frameon=False)
    return fig


def seconds_of(records: Sequence[Record]) -> list[float]:
    """The grading seconds of every submission that reports them."""
    return [float(r["seconds"]) for r in records if r.get("seconds") is not None]


def time_figure(seconds: Sequence[float]) -> Figure:
    """A histogram of the grading seconds per submission."""
    fig = Figure(figsize=(8, 3), layout="constrained")
    ax = fig.subplots()
    ax.hist(seconds, bins="auto", color="#2c7bb6")
    ax.axvline(statistics.median(seconds), color="#222", linestyle="--", label="median")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("grading seconds per submission")
    ax.set_ylabel("submissions")
    ax.legend(frameon=False)
    return fig


def png_data_uri(fig: Figure) -> str:
    """``fig`` as a ``data:`` URI of a PNG without the Software tag, so equal figures give equal bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _table(table_id: str, header: Sequence[str], rows: Sequence[Sequence[object]], numeric: Sequence[int] = ()) -> str:
    """An HTML table with every cell escaped; columns in ``numeric`` are right-aligned."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f'<td class="{"number" if j in numeric else "text"}">{escape(str(c))}</td>'
                                    for j, c in enumerate(row)) + "</tr>\n" for row in rows)
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>'


def _image(fig: Figure, alt: str) -> str:
    return f'<img src="{png_data_uri(fig)}" alt="{escape(alt)}">'


def headline_section(records: Sequence[Record], assignment: str, generated: datetime) -> str:
    """Title and one line: submissions graded and failed, mean total, when the report was written."""
    done = graded(records)
    totals = [float(r["total"]) for r in done if r.get("total") is not None]
    max_total = next((r["max_total"] for r in done if r.get("max_total") is not None), None)
    mean = (f"mean total {statistics.fmean(totals):.2f} of {max_total:g}" if totals and max_total is not None
            else "no total")
    count = f"{len(records)} submission{'' if len(records) == 1 else 's'}"
    return (f"<h1>Class report: {escape(assignment)}</h1>\n"
            f"<p>{count}: {len(done)} graded, {len(records) - len(done)} failed; "
            f"{escape(mean)}. Written {generated:%Y-%m-%d %H:%M} UTC.</p>")


def scores_section(records: Sequence[Record], exercises: Sequence[str]) -> str:
    """The score distribution per exercise, as a plot and as a table of the same shares."""
    if not graded(records):
        return "<h2>Score distribution per exercise</h2>\n<p>No submission was graded.</p>"
    shares = outcome_shares(records, exercises)
    rows = [[name, *(f"{100 * s:.0f}%" for s in shares[name])] for name in exercises]
    alt = "Stacked bars, one per exercise: share of graded students with full marks, partial marks and zero."
    fig = score_figure(records, exercises)
    return ("<h2>Score distribution per exercise</h2>\n" + _image(fig, alt) + "\n"
            + _table("score-distribution", ["exercise", *OUTCOMES], rows, numeric=(1, 2, 3)))


def frequent_section(records: Sequence[Record], exercises: Sequence[str], field: str, title: str,
                     table_id: str) -> str:
    """A table of the most frequent problems or hints: students, exercise, masked text, one example."""
    found = most_frequent(records, exercises, field)
    if not found:
        return f"<h2>{escape(title)}</h2>\n<p>None.</p>"
    rows = [[f.students, f.exercise, f.pattern, f.example, f.example_student] for f in found]
    return (f"<h2>{escape(title)}</h2>\n<p>Counted once per student; numbers masked as {MASK}. "
            f"The {len(found)} most frequent.</p>\n"
            + _table(table_id, ["students", "exercise", "text", "example", "example from"], rows, numeric=(0,)))


def failed_section(records: Sequence[Record]) -> str:
    """The submissions that could not be graded, each with its reason."""
    rows = [[r["student"], r.get("reason") or ""] for r in failed(records)]
    body = _table("failed-submissions", ["student", "reason"], rows) if rows else "<p>None.</p>"
    return f"<h2>Failed submissions</h2>\n{body}"


def time_section(records: Sequence[Record]) -> str:
    """A histogram of the grading seconds, with their median and maximum."""
    seconds = seconds_of(records)
    if not seconds:
        return "<h2>Time per submission</h2>\n<p>No timings.</p>"
    slowest = max((r for r in records if r.get("seconds") is not None), key=lambda r: float(r["seconds"]))
    alt = f"Histogram of grading seconds per submission over {len(seconds)} submissions."
    return ("<h2>Time per submission</h2>\n"
            f"<p>Median {statistics.median(seconds):.1f} s, maximum {max(seconds):.1f} s "
            f"({escape(str(slowest['student']))}), total {sum(seconds):.1f} s of worker time.</p>\n"
            + _image(time_figure(seconds), alt))


def report_html(records: Sequence[Record], exercises: Sequence[str], assignment: str,
                generated: datetime | None = None) -> str:
    """The whole report page as a string (see :func:`write_report_html`)."""
    generated = generated or datetime.now(timezone.utc)
    sections = [
        headline_section(records, assignment, generated),
        scores_section(records, exercises),
        frequent_section(records, exercises, "failed_checks", "Most frequent failing checks", "frequent-problems"),
        frequent_section(records, exercises, "hints", "Most frequent hints", "frequent-hints"),
        failed_section(records),
        time_section(records),
    ]
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>Class report: {escape(assignment)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(sections) + "\n</body>\n</html>\n")


def write_report_html(records: Sequence[Record], exercises: Sequence[str], assignment: str, path: Path) -> Path:
    """Write the self-contained HTML report of one assignment.

    Sections: headline, score distribution per exercise, most frequent
    failing checks and hints, failed submissions, time per submission.

    Parameters
    ----------
    records : sequence of dict
        One record per submission of ``assignment`` (see the module docstring).
    exercises : sequence of str
        The assignment's exercises, in order.
    assignment : str
        The assignment's name, for the headline.
    path : Path
        The HTML file to write; its folder must exist.

    Returns
    -------
    Path
        ``path``.
    """
    Path(path).write_text(report_html(records, exercises, assignment), encoding="utf-8")
    return path


def write_reports(course_root: Path, assignment: str, records: Sequence[Record]) -> tuple[Path, Path]:
    """Write ``reports/<assignment>/scores.csv`` and ``report.html`` under the course root.

    Parameters
    ----------
    course_root : Path
        The nbgrader course directory.
    assignment : str
        An assignment or quiz (:data:`autograder.assignments.COURSE_ITEMS`); its exercises or questions give the
        columns and their order.
    records : sequence of dict
        One record per submission of ``assignment``.

    Returns
    -------
    tuple of Path
        The CSV file and the HTML file.
    """
    exercises = graded_names(assignment)
    folder = Path(course_root) / REPORTS_DIR / assignment
    folder.mkdir(parents=True, exist_ok=True)
    return (write_scores_csv(records, exercises, folder / "scores.csv"),
            write_report_html(records, exercises, assignment, folder / "report.html"))
