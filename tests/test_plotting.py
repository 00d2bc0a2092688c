"""The shared plot helpers draw exactly the data they are given."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils.plotting import decision_grid, plot_costs, plot_decision_boundary, show_images  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_cost_curve_is_plotted_at_its_iterations():
    costs = [0.69, 0.5, 0.4, 0.35]
    ax = plot_costs(costs, every=100, label="lr = 0.01")
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [0, 100, 200, 300])
    np.testing.assert_array_equal(line.get_ydata(), costs)
    assert line.get_label() == "lr = 0.01"


def test_several_cost_curves_share_one_axes():
    _, ax = plt.subplots()
    for rate in (0.01, 0.001):
        plot_costs(np.array([[1.0, 0.5]]) * rate, label=str(rate), ax=ax)
    assert [line.get_label() for line in ax.get_lines()] == ["0.01", "0.001"]


def test_decision_grid_covers_the_data_with_a_margin():
    X = np.array([[0.0, 2.0], [-1.0, 1.0]])
    xx, yy = decision_grid(X, step=0.5, margin=1.0)
    assert xx.min() == -1.0 and xx.max() == pytest.approx(2.5)
    assert yy.min() == -2.0 and yy.max() == pytest.approx(1.5)
    assert xx.shape == yy.shape


def test_decision_boundary_asks_the_model_about_every_grid_point():
    X = np.array([[-1.0, 1.0, 0.5], [0.0, 0.5, -0.5]])
    y = np.array([[0, 1, 1]])
    asked = []

    def predict(points):
        asked.append(points)
        return points[:, 0] > 0

    ax = plot_decision_boundary(predict, X, y, step=0.1)
    xx, _ = decision_grid(X, step=0.1, margin=1.0)
    assert asked[0].shape == (xx.size, 2)
    assert len(ax.collections) >= 2  # the coloured regions and the points
    np.testing.assert_array_equal(ax.collections[-1].get_offsets(), X.T)


def test_image_grid_has_one_titled_picture_per_image():
    images = np.zeros((7, 4, 4, 3), dtype=np.uint8)
    fig = show_images(images, [f"picture {i}" for i in range(7)], columns=3)
    titled = [ax for ax in fig.axes if ax.get_title()]
    assert len(fig.axes) == 9
    assert [ax.get_title() for ax in titled] == [f"picture {i}" for i in range(7)]
