"""Quiz of week 3: shallow neural networks (one hidden layer)."""

from utils.quizzes import FromCode, number, select_all, shape, single

TITLE = "Week 3 quiz: shallow neural networks"
INTRO = ("Eleven questions on networks with one hidden layer: notation, activation functions, the vectorised "
         "forward pass, shapes and initialisation.")

QUESTIONS = [
    single(
        "In the course's notation, what is $a_4^{[2](9)}$?",
        ["The activation of unit 9 in layer 2, for training example 4",
         "The weight joining unit 4 to unit 9 in layer 2",
         "The activation of unit 4 in layer 2, for training example 9",
         "The activation of unit 2 in layer 4, for training example 9"],
        "c",
        "The superscript in square brackets names the layer, the one in round brackets the training example, "
        "and the subscript the unit within the layer.",
    ),
    single(
        "The planar data set has $m$ points with two coordinates each. The network reads all of them at once "
        "from a matrix `X` with one example per column, and computes the hidden layer for all of them with one "
        "pair of lines. Which pair is right?",
        ["`Z1 = np.dot(X, W1) + b1` and `A1 = np.tanh(Z1)`",
         "`Z1 = np.dot(W1.T, X) + b1` and `A1 = np.tanh(Z1)`",
         "`Z1 = W1 * X + b1` and `A1 = np.tanh(Z1)`",
         "`Z1 = np.dot(W1, X) + b1` and `A1 = np.tanh(Z1)`"],
        "d",
        "`W1` has shape $(n^{[1]}, n_x)$ and `X` has shape $(n_x, m)$, so `np.dot(W1, X)` has shape "
        "$(n^{[1]}, m)$: column $i$ is $W^{[1]} x^{(i)}$. The bias `b1`, of shape $(n^{[1]}, 1)$, is broadcast "
        "across the $m$ columns.",
    ),
    shape(
        "The cell runs the hidden layer of a network with 2 inputs and 4 hidden units on 400 examples. What is "
        "the shape of `A1`? Work it out first, then run the cell to check.",
        FromCode("A1.shape"),
        "`np.dot(W1, X)` is $(4, 2)$ times $(2, 400)$, which is $(4, 400)$; adding `b1` of shape $(4, 1)$ "
        "broadcasts over the columns and `tanh` keeps the shape. One row per hidden unit, one column per "
        "example.",
        code="n_x, n_h, m = 2, 4, 400\n"
             "X = np.random.randn(n_x, m)\n"
             "W1 = np.random.randn(n_h, n_x) * 0.01\n"
             "b1 = np.zeros((n_h, 1))\n"
             "A1 = np.tanh(np.dot(W1, X) + b1)",
    ),
    shape(
        "In backpropagation, the gradient of the hidden layer's bias adds `dZ1` up over the examples. What is "
        "the shape of `db1`? Work it out first, then run the cell to check.",
        FromCode("db1.shape"),
        "`axis=1` sums along each row, over the 400 examples, leaving one number per hidden unit; "
        "`keepdims=True` keeps that as a column, `(4, 1)`, the same shape as `b1`. Without `keepdims` the "
        "result would be a flat `(4,)` array.",
        code="m = 400\n"
             "dZ1 = np.random.randn(4, m)  # one row per hidden unit, one column per example\n"
             "db1 = np.sum(dZ1, axis=1, keepdims=True) / m",
    ),
    select_all(
        "A network has 3 input features, one hidden layer of 5 units and a single output unit. Which of these "
        "shapes are right?",
        ["`W1` has shape `(5, 3)`",
         "`b1` has shape `(5, 1)`",
         "`W2` has shape `(5, 1)`",
         "`b2` has shape `(1, 1)`",
         "`W1` has shape `(3, 5)`"],
        {"a", "b", "d"},
        "$W^{[l]}$ has shape $(n^{[l]}, n^{[l-1]})$, one row per unit of layer $l$ and one column per unit "
        "feeding it, and $b^{[l]}$ has shape $(n^{[l]}, 1)$. So `W1` is `(5, 3)`, `b1` is `(5, 1)`, `W2` is "
        "`(1, 5)` (not `(5, 1)`) and `b2` is `(1, 1)`.",
    ),
    number(
        "The cell sets up the parameters of a network with 2 inputs, 4 hidden units and 1 output. How many "
        "numbers does the network learn in all (every weight and every bias)? Count them by hand, then check "
        "with `sum(p.size for p in parameters.values())`.",
        FromCode("sum(p.size for p in parameters.values())"),
        "`W1` has $4 \\times 2 = 8$ weights, `b1` 4 biases, `W2` $1 \\times 4 = 4$ weights and `b2` 1 bias: "
        "17 numbers in all.",
        code="n_x, n_h, n_y = 2, 4, 1\n"
             "parameters = {\"W1\": np.random.randn(n_h, n_x) * 0.01, \"b1\": np.zeros((n_h, 1)),\n"
             "              \"W2\": np.random.randn(n_y, n_h) * 0.01, \"b2\": np.zeros((n_y, 1))}",
    ),
    single(
        "For the hidden units, `tanh` usually lets a network learn faster than the sigmoid. Why?",
        ["`tanh` has a slope of exactly 1 everywhere, so gradients pass through the hidden layer unchanged",
         "`tanh`'s outputs lie between −1 and 1 and average near 0, so the next layer receives centred inputs",
         "`tanh`'s outputs are always positive, like probabilities, which keeps the next layer's weights "
         "positive",
         "`tanh` never saturates: its slope stays above 0.5 however large $|z|$ gets"],
        "b",
        "`tanh` is a shifted and stretched sigmoid that is centred on 0; the sigmoid's outputs all lie between "
        "0 and 1 and average around 0.5, which makes the next layer's job slightly harder.",
    ),
    single(
        "The planar network labels each point red ($y = 0$) or blue ($y = 1$). Which activation suits its "
        "output unit?",
        ["The sigmoid, because its output lies between 0 and 1 and can be read as the probability of $y = 1$",
         "`tanh`, because its outputs are centred on 0, which helps the layers before it learn",
         "ReLU, because its slope of 1 for positive inputs makes the output unit learn fastest",
         "No activation (the identity), because the output should be free to take any real value"],
        "a",
        "For a binary label the output should be a probability, which the sigmoid gives and which the logistic "
        "loss expects. `tanh` is a good choice for hidden units, but its outputs can be negative.",
    ),
    single(
        "You initialise `W1`, `b1`, `W2` and `b2` to all zeros and run gradient descent on the planar data. "
        "What happens to the hidden units?",
        ["The differences between training examples make the units different after the first step, so "
         "nothing goes wrong",
         "All units compute the same value and get the same update at every step, so the layer acts like a "
         "single unit",
         "Training stops with an error, because the gradients divide by the weights, which are zero",
         "The units still learn different features, only more slowly than with random weights"],
        "b",
        "With identical weights, all hidden units compute the same activation, so backpropagation gives them "
        "identical updates and they never become different. Random weights break this symmetry; the biases may "
        "start at zero.",
    ),
    select_all(
        "In each option below, the weights and biases of both layers are set as described. Which of them let "
        "the hidden units learn different features?",
        ["Weights and biases all zero",
         "Weights from `np.random.randn(...) * 0.01`, biases all zero",
         "Every weight equal to 0.01 (`np.full(..., 0.01)`), biases all zero",
         "Weights and biases both from `np.random.randn(...) * 0.01`"],
        {"b", "d"},
        "Only random weights make the hidden units differ from the start; once they differ, their gradients "
        "differ too. Zero biases are fine and random biases do no harm, but weights that are all equal, zero "
        "or not, keep the units identical.",
    ),
    single(
        "In a `tanh` network, why are the initial weights drawn as `np.random.randn(...) * 0.01` rather than "
        "`np.random.randn(...) * 100`?",
        ["Weights around 100 overflow in 64-bit floats, so the activations would become `inf`",
         "Small weights make the first predictions close to the labels, so fewer iterations are needed",
         "Small weights make every hidden unit compute the same thing, which keeps training stable",
         "Large weights make $|z|$ large, where `tanh` is flat: the slopes are tiny and learning crawls"],
        "d",
        "`tanh` (like the sigmoid) saturates for large $|z|$: its output sits near ±1 and hardly changes. Small "
        "random weights keep $z$ near 0, where the slope is largest, while still breaking symmetry.",
    ),
]
