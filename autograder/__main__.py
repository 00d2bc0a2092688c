"""Command line of the course tools: ``python -m autograder <command>``.

Commands
--------
build           regenerate solution cells, quiz notebooks, answer keys (notebooks/) and releases (release/)
student-files   write each source/<a>/utils/ (what nbgrader copies into the release)
demo            build, then grade a demo class with plain nbgrader and print the table
exchange        create the course's nbgrader exchange (exchange/, or $COURSE_EXCHANGE_DIR)
grade           grade every submission of a class on Dask, with scores.csv and report.html per assignment
"""

from __future__ import annotations

import argparse


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="course", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="regenerate notebooks/ and release/ from utils/ and source/")
    build_cmd.add_argument("assignments", nargs="*", help="assignment names (default: all)")
    files_cmd = commands.add_parser("student-files", help="write source/<a>/utils/ for plain nbgrader commands")
    files_cmd.add_argument("assignments", nargs="*", help="assignment names (default: all)")
    demo_cmd = commands.add_parser("demo", help="build, then grade a demo class and print the grades")
    demo_cmd.add_argument("--no-build", action="store_true", help="grade the committed release as it is")
    commands.add_parser("exchange", help="create the course's nbgrader exchange folder")
    grade_cmd = commands.add_parser(
        "grade", help="grade every submission of a class in parallel (autograder/README.md, 'Grading a class')")
    grade_cmd.add_argument("assignments", nargs="+", help="assignment ids, as in nbgrader's source/ folder")
    grade_cmd.add_argument("--workers", type=int, default=None,
                           help="worker processes of the local Dask cluster (default: the number of cores)")
    grade_cmd.add_argument("--scheduler", default=None,
                           help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786, to grade on its workers")
    grade_cmd.add_argument("--force", action="store_true", help="grade again submissions that have not changed")
    grade_cmd.add_argument("--course", default=".", help="the course folder, where nbgrader_config.py is (default: .)")
    args = parser.parse_args(argv)
    if args.command == "build":
        from autograder.build import build

        build(args.assignments)
    elif args.command == "student-files":
        from autograder.assignments import COURSE_ITEMS
        from autograder.build import ROOT
        from autograder.student_files import write_student_files

        for name in args.assignments or list(COURSE_ITEMS):
            write_student_files(name, ROOT / "source" / name)
    elif args.command == "exchange":
        from autograder.build import ROOT
        from autograder.exchange import ensure_exchange

        print(f"[setup] nbgrader exchange: {ensure_exchange(ROOT)}")
    elif args.command == "grade":
        from pathlib import Path

        from autograder.class_grading import grade_class

        summary = grade_class(Path(args.course), args.assignments, args.workers, args.scheduler, args.force)
        print(summary.line())
        raise SystemExit(1 if summary.count("lost") else 0)
    elif args.command == "demo":
        from autograder.build import build
        from autograder.demo import run_demo

        if not args.no_build:
            build()
        run_demo()


if __name__ == "__main__":
    main()
