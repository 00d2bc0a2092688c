# nbgrader reads this file from the folder it runs in. The course's settings
# live in autograder/nbgrader_config.py; see autograder/README.md.
from autograder.nbgrader_config import configure

configure(get_config())  # noqa: F821 - nbgrader provides get_config
