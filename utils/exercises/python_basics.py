"""Exercises of notebook 1, Python basics with numpy.

Public cases are the ones a student sees in the notebook; hidden cases are
drawn from the grader's random generator when a submission is graded, so
their values exist nowhere before that moment. Edge cases (drawn after them)
hold the inputs the docstrings allow that the hidden cases leave out: a 0-d
array, images that are not square, integer matrices like the course's own
examples, a single column, a single example.
"""

import math

import numpy as np

from utils import python_basics as ref
from utils.checks import Case
from utils.exercises import Exercise, Mistake, edge_label

MATH_ON_ARRAY = Mistake(
    error_contains="arrays can be converted to Python scalars",
    hint="math.exp works on one number at a time; use np.exp, which works elementwise on arrays.",
)


def _shape(rng, max_dims=3, max_len=5):
    return tuple(int(n) for n in rng.integers(1, max_len + 1, size=rng.integers(1, max_dims + 1)))


def _square_image_shape(rng):
    """(side, side, depth): a square image, like the course's 64 x 64 pictures (the edge cases are not square)."""
    side, depth = (int(n) for n in rng.integers(2, 5, size=2))
    return side, side, depth


def _array_cases(rng, count=3):
    cases = [Case((rng.normal(0, 3, _shape(rng)),)) for _ in range(count)]
    cases.append(Case((rng.normal(0, 3, (4, 4)),)))
    return cases


def _matrix_cases(rng):
    shapes = [(int(rng.integers(2, 6)), int(rng.integers(2, 6))), (1, int(rng.integers(3, 8)))]
    square = int(rng.integers(3, 6))
    shapes.append((square, square))
    return [Case((rng.normal(0, 2, s),)) for s in shapes]


def _loss_cases(rng):
    cases = []
    for m in rng.integers(3, 12, size=3):
        y = rng.integers(0, 2, size=int(m)).astype(float)
        cases.append(Case((rng.uniform(0, 1, int(m)), y)))
    return cases


# ---------------------------------------------------------------- edge cases


def _single_number(rng):
    """An array of shape (): 'any shape' includes it, and a loop over its rows fails."""
    return [Case((np.array(rng.normal(0, 3)),), label=edge_label("a 0-d array, one number in an array of shape ()"))]


def _odd_images(rng):
    """Images that are not square: two different odd sides and one channel; a single row of pixels."""
    length, height = (int(n) for n in rng.choice([3, 5, 7], 2, replace=False))
    width = int(rng.integers(2, 6))
    return [Case((rng.uniform(0, 1, (length, height, 1)),),
                 label=edge_label(f"an image of shape ({length}, {height}, 1): not square, one channel")),
            Case((rng.uniform(0, 1, (1, width, 3)),),
                 label=edge_label(f"an image of shape (1, {width}, 3): one row of pixels"))]


def _integer_matrix(rng):
    """A matrix of ints from 0 to 9 with no row of zeros, not square, like the course's examples."""
    shape = (int(rng.integers(2, 4)), int(rng.integers(4, 6)))
    while True:
        x = rng.integers(0, 10, shape)
        if x.any(axis=1).all():
            return x


def _row_edges(rng):
    """An integer matrix, as the course writes its examples, and a single column."""
    x = _integer_matrix(rng)
    n = int(rng.integers(2, 5))
    return [Case((x,), label=edge_label(f"a matrix of integers of shape {x.shape}")),
            Case((rng.normal(0, 2, (n, 1)),), label=edge_label(f"a single column, shape ({n}, 1)"))]


def _one_example(rng):
    return [Case((rng.uniform(0, 1, 1), rng.integers(0, 2, 1)),
                 label=edge_label("one example (m = 1), an integer label"))]


EXERCISES = {
    exercise.name: exercise
    for exercise in [
        Exercise(
            name="basic_sigmoid",
            reference=ref.basic_sigmoid,
            public_cases=lambda: [Case((3,)), Case((-1.5,))],
            hidden_cases=lambda rng: [Case((float(v),)) for v in rng.uniform(-8, 8, 3)] + [Case((int(rng.integers(-5, 6)),))],
            mistakes=[
                Mistake("Check the sign inside the exponential: sigmoid(x) = 1 / (1 + exp(-x)).",
                        lambda x: 1 / (1 + math.exp(x))),
            ],
        ),
        Exercise(
            name="sigmoid",
            reference=ref.sigmoid,
            public_cases=lambda: [Case((np.array([1, 2, 3]),)), Case((np.array([[-1.0, 0.0], [0.5, 4.0]]),))],
            hidden_cases=lambda rng: _array_cases(rng) + [Case((np.array([-800.0, 0.0, 800.0]),), label="large inputs")],
            edge_cases=_single_number,
            mistakes=[
                MATH_ON_ARRAY,
                Mistake("Check the sign inside the exponential: sigmoid(x) = 1 / (1 + exp(-x)).",
                        lambda x: 1 / (1 + np.exp(x))),
            ],
        ),
        Exercise(
            name="sigmoid_derivative",
            reference=ref.sigmoid_derivative,
            public_cases=lambda: [Case((np.array([1, 2, 3]),))],
            hidden_cases=_array_cases,
            edge_cases=_single_number,
            uses=("sigmoid",),
            mistakes=[
                MATH_ON_ARRAY,
                Mistake("Apply s * (1 - s) to s = sigmoid(x), not to x itself.", lambda x: x * (1 - x)),
                Mistake("The derivative is s * (1 - s), with a minus sign.", lambda x: ref.sigmoid(x) * (1 + ref.sigmoid(x))),
            ],
        ),
        Exercise(
            name="image2vector",
            reference=ref.image2vector,
            public_cases=lambda: [Case((np.arange(18, dtype=float).reshape(3, 3, 2) / 10,))],
            hidden_cases=lambda rng: [Case((rng.uniform(0, 1, _square_image_shape(rng)),)) for _ in range(3)],
            edge_cases=_odd_images,
            mistakes=[
                Mistake("The pixels must be unrolled in C order (the default of reshape), not column-major order.",
                        lambda image: image.reshape(-1, 1, order="F")),
                Mistake("Reshape the image itself: transposing it first changes the order of the pixels.",
                        lambda image: image.T.reshape(-1, 1)),
            ],
        ),
        Exercise(
            name="normalizeRows",
            reference=ref.normalizeRows,
            public_cases=lambda: [Case((np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]]),))],
            hidden_cases=_matrix_cases,
            edge_cases=_row_edges,
            mistakes=[
                Mistake("Each row has its own norm: use axis=1 (axis=0 normalises the columns).",
                        lambda x: x / np.linalg.norm(x, axis=0, keepdims=True)),
                Mistake("Keep the norms as a column with keepdims=True, so that each row is divided by its own norm.",
                        lambda x: x / np.linalg.norm(x, axis=1)),
                Mistake("Divide by the norm (the square root of the sum of squares), not by the sum of squares.",
                        lambda x: x / np.sum(x ** 2, axis=1, keepdims=True)),
            ],
        ),
        Exercise(
            name="softmax",
            reference=ref.softmax,
            public_cases=lambda: [
                Case((np.array([[2.0, 1.0, 0.0, 3.0, 1.0], [0.0, 4.0, 1.0, 1.0, 2.0]]),)),
                Case((np.array([[1.0, 2.0, 3.0]]),), label="a row vector of shape (1, 3)"),
            ],
            hidden_cases=_matrix_cases,
            edge_cases=_row_edges,
            mistakes=[
                Mistake("Each row is its own distribution: sum over axis=1, not axis=0.",
                        lambda x: np.exp(x) / np.sum(np.exp(x), axis=0, keepdims=True)),
                Mistake("Divide each row by the sum of that row, not by the sum of the whole matrix.",
                        lambda x: np.exp(x) / np.sum(np.exp(x))),
                Mistake("Keep the row sums as a column with keepdims=True.",
                        lambda x: np.exp(x) / np.sum(np.exp(x), axis=1)),
            ],
        ),
        Exercise(
            name="L1",
            reference=ref.L1,
            public_cases=lambda: [Case((np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1, 0, 0, 1, 1])))],
            hidden_cases=_loss_cases,
            edge_cases=_one_example,
            mistakes=[
                Mistake("L1 adds absolute differences: take np.abs before summing.", lambda yhat, y: np.sum(y - yhat)),
                Mistake("L1 is a sum, not a mean.", lambda yhat, y: np.mean(np.abs(y - yhat))),
            ],
        ),
        Exercise(
            name="L2",
            reference=ref.L2,
            public_cases=lambda: [Case((np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1, 0, 0, 1, 1])))],
            hidden_cases=_loss_cases,
            edge_cases=_one_example,
            mistakes=[
                Mistake("Square each difference, then sum (not the square of the sum).", lambda yhat, y: np.sum(y - yhat) ** 2),
                Mistake("L2 squares the differences; np.abs alone gives the L1 loss.", lambda yhat, y: np.sum(np.abs(y - yhat))),
                Mistake("L2 is a sum, not a mean.", lambda yhat, y: np.mean((y - yhat) ** 2)),
            ],
        ),
    ]
}
