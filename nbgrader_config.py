# nbgrader reads this file from the folder it runs in. The course's settings
# live in autograder/nbgrader_config.py; see autograder/README.md.
from pathlib import Path

from autograder.nbgrader_config import configure, configure_course_tools

configure(get_config())  # noqa: F821 - nbgrader provides get_config
configure_course_tools(get_config(), Path(__file__).resolve().parent)  # noqa: F821 - this file's folder is the course root
