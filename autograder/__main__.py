"""Command line of the course tools: ``python -m autograder <command>``.

Commands
--------
build           regenerate solution cells, answer keys (notebooks/) and releases (release/)
student-files   write each source/<a>/utils/ (what nbgrader copies into the release)
demo            build, then grade a demo class with plain nbgrader and print the table
exchange        create the course's nbgrader exchange (exchange/, or $COURSE_EXCHANGE_DIR)
"""

from __future__ import annotations

import argparse


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="regenerate notebooks/ and release/ from utils/ and source/")
    build_cmd.add_argument("assignments", nargs="*", help="assignment names (default: all)")
    files_cmd = commands.add_parser("student-files", help="write source/<a>/utils/ for plain nbgrader commands")
    files_cmd.add_argument("assignments", nargs="*", help="assignment names (default: all)")
    demo_cmd = commands.add_parser("demo", help="build, then grade a demo class and print the grades")
    demo_cmd.add_argument("--no-build", action="store_true", help="grade the committed release as it is")
    commands.add_parser("exchange", help="create the course's nbgrader exchange folder")
    args = parser.parse_args(argv)
    if args.command == "build":
        from autograder.build import build

        build(args.assignments)
    elif args.command == "student-files":
        from autograder.assignments import ASSIGNMENTS
        from autograder.build import ROOT
        from autograder.student_files import write_student_files

        for name in args.assignments or list(ASSIGNMENTS):
            write_student_files(name, ROOT / "source" / name)
    elif args.command == "exchange":
        from autograder.build import ROOT
        from autograder.exchange import ensure_exchange

        print(f"[setup] nbgrader exchange: {ensure_exchange(ROOT)}")
    elif args.command == "demo":
        from autograder.build import build
        from autograder.demo import run_demo

        if not args.no_build:
            build()
        run_demo()


if __name__ == "__main__":
    main()
