"""Known mistakes of the two-layer initializer, which notebooks 3 and 4 both grade.

The two notebooks seed it differently (``np.random.seed(2)`` in notebook 3,
``np.random.seed(1)`` in notebook 4), so each passes its own seed.
"""

import numpy as np

from utils.exercises import Mistake


def two_layer_initializer(seed, scale=0.01, w2_first=False, draw=np.random.randn):
    """An ``initialize_parameters(n_x, n_h, n_y)``, right or wrong depending on the arguments."""
    def initialize(n_x, n_h, n_y):
        np.random.seed(seed)
        if w2_first:
            W2 = draw(n_y, n_h) * scale
            W1 = draw(n_h, n_x) * scale
        else:
            W1 = draw(n_h, n_x) * scale
            W2 = draw(n_y, n_h) * scale
        return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
    return initialize


def two_layer_initializer_mistakes(seed, seed_hint):
    """Hints for the usual mistakes of a two-layer initializer whose right seed is ``seed``."""
    return [
        Mistake("Draw W1 before W2: the random numbers come out in the order you ask for them.",
                two_layer_initializer(seed, w2_first=True)),
        *[Mistake(seed_hint, two_layer_initializer(wrong)) for wrong in (0, 1, 2, 3) if wrong != seed],
        Mistake("Scale the random weights by 0.01 so that they start small.", two_layer_initializer(seed, scale=1.0)),
        Mistake("Use np.random.randn (a standard normal distribution), not np.random.rand (uniform on [0, 1)).",
                two_layer_initializer(seed, draw=np.random.rand)),
    ]
