"""Shared code of the course: reference solutions and the helpers students use.

One module per notebook holds that notebook's reference solutions
(``python_basics``, later ``logistic_regression``, ``planar``, ``deep_nn``,
``dnn_app``); topic modules hold what several notebooks share
(``checks`` for tests, ``data`` for the dataset directory).
"""
