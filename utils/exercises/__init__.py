"""Exercise definitions (public cases, hidden-case generators, known mistakes).

One module per notebook, named like the notebook's reference module in
``utils``. The public test cells import ``check`` from here; the autograder
imports ``EXERCISES`` to grade in its own process. This package is not
visible to student code at grading time.
"""
