"""The reference solutions of notebook 1 reproduce the facts of the course specification."""

import math

import numpy as np
import pytest

from utils import python_basics as ref


def test_basic_sigmoid_is_a_python_float():
    value = ref.basic_sigmoid(3)
    assert isinstance(value, float)
    assert value == pytest.approx(1 / (1 + math.exp(-3)))


def test_basic_sigmoid_fails_on_a_list():
    with pytest.raises(TypeError):
        ref.basic_sigmoid([1, 2, 3])


def test_sigmoid_keeps_shape_and_matches_the_formula():
    x = np.linspace(-5, 5, 12).reshape(3, 4)
    np.testing.assert_allclose(ref.sigmoid(x), 1 / (1 + np.exp(-x)))
    assert ref.sigmoid(x).shape == (3, 4)


def test_sigmoid_derivative_is_s_times_one_minus_s():
    x = np.array([1.0, 2.0, 3.0])
    s = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(ref.sigmoid_derivative(x), s * (1 - s))


def test_image2vector_unrolls_in_c_order():
    image = np.arange(24).reshape(2, 3, 4)
    vector = ref.image2vector(image)
    assert vector.shape == (24, 1)
    np.testing.assert_array_equal(vector[:, 0], np.arange(24))


def test_normalize_rows_matches_the_spec_example():
    result = ref.normalizeRows(np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]]))
    np.testing.assert_allclose(result, [[0, 0.6, 0.8], [0.13736056, 0.82416338, 0.54944226]], atol=1e-8)


def test_normalize_rows_leaves_its_input_alone():
    x = np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]])
    ref.normalizeRows(x)
    np.testing.assert_array_equal(x, [[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]])


@pytest.mark.parametrize("shape", [(1, 5), (3, 4)])
def test_softmax_rows_are_distributions(shape):
    x = np.random.default_rng(0).normal(size=shape)
    s = ref.softmax(x)
    assert s.shape == shape
    np.testing.assert_allclose(s.sum(axis=1), 1)
    np.testing.assert_allclose(s, np.exp(x) / np.exp(x).sum(axis=1, keepdims=True))


def test_losses_match_the_spec_example():
    yhat, y = np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1, 0, 0, 1, 1])
    assert ref.L1(yhat, y) == pytest.approx(1.1)
    assert ref.L2(yhat, y) == pytest.approx(0.43)


def test_vectorization_dot_product_of_the_spec():
    x1 = np.array([9, 2, 5, 0, 0, 7, 5, 0, 0, 0, 9, 2, 5, 0, 0])
    x2 = np.array([9, 2, 2, 9, 0, 9, 2, 5, 0, 0, 9, 2, 5, 0, 0])
    assert np.dot(x1, x2) == 278
