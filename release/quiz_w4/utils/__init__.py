"""The course's helpers for this assignment: loading data, plotting, and the public tests.

Generated from the course's code when the assignment was released: edit nothing here.
"""
