"""Quiz of week 2: neural-network basics (logistic regression as a single neuron, and vectorisation)."""

from utils.quizzes import FromCode, number, select_all, shape, single

TITLE = "Week 2 quiz: neural-network basics"
INTRO = ("Eleven questions on logistic regression seen as a single neuron, its loss and cost, and writing it "
         "with numpy arrays instead of loops.")

QUESTIONS = [
    single(
        "A single neuron doing logistic regression receives one example as a column vector $x$ of $n_x$ "
        "features. It has weights $w$ (shape $(n_x, 1)$) and a bias $b$. What does it compute?",
        ["$z = x w + b$, then $a = \\max(0, z)$",
         "$z = w^T x + b$, then $a = \\sigma(z)$",
         "$z = \\sigma(w^T x)$, then $a = z + b$",
         "$z = w^T x$, then $a = \\tanh(z) + b$"],
        "b",
        "The neuron first takes a weighted sum of the features plus the bias, $z = w^T x + b$, then squashes "
        "it with the sigmoid $\\sigma(z) = 1 / (1 + e^{-z})$ so that $a = \\hat{y}$ lies between 0 and 1 "
        "and can be read as the probability that $y = 1$.",
    ),
    single(
        "Which of these is the logistic (cross-entropy) loss of one example with label $y \\in \\{0, 1\\}$ "
        "and prediction $\\hat{y} = a$?",
        ["$\\frac{1}{2}(\\hat{y} - y)^2$",
         "$y \\log \\hat{y} + (1 - y) \\log(1 - \\hat{y})$",
         "$-\\big(y \\log \\hat{y} + (1 - y) \\log(1 - \\hat{y})\\big)$",
         "$|\\hat{y} - y|$"],
        "c",
        "For $y = 1$ it is $-\\log \\hat{y}$, which falls to 0 as $\\hat{y} \\to 1$ and grows without limit as "
        "$\\hat{y} \\to 0$ (and the other way round for $y = 0$). The option without the minus sign is that "
        "loss's negative: minimising it would push predictions the wrong way.",
    ),
    single(
        "Why is logistic regression usually trained with the logistic loss rather than the squared error "
        "$\\frac{1}{2}(\\hat{y} - y)^2$?",
        ["The squared error cannot be computed when $\\hat{y}$ is exactly 0.5, which is common early in "
         "training",
         "The squared error can be negative for a wrong prediction, so the cost could fall as the model gets "
         "worse",
         "The squared error only works for labels that take many values, not for labels that are 0 or 1",
         "After a sigmoid, the squared error makes the cost non-convex, with local minima; the logistic loss "
         "keeps it convex"],
        "d",
        "With the sigmoid inside, the squared error gives a cost surface with several valleys, so gradient "
        "descent may stop in a poor one. The logistic loss makes the cost convex: a single valley that gradient "
        "descent can reach from anywhere.",
    ),
    shape(
        "An RGB picture of 64 × 64 pixels is stored as an array `image` of shape `(64, 64, 3)`. To feed it to "
        "logistic regression you turn it into one column vector `x`. What is the shape of `x`? Work it out "
        "first, then run the cell to check.",
        FromCode("x.shape"),
        "The picture holds $64 \\times 64 \\times 3 = 12288$ numbers; `reshape(-1, 1)` puts them all in one "
        "column (the `-1` tells numpy to work out that length), giving `(12288, 1)`.",
        code="image = np.random.rand(64, 64, 3)  # one picture: height, width, colour channel\n"
             "x = image.reshape(-1, 1)",
    ),
    single(
        "`train_x` holds $m$ pictures and has shape `(m, 64, 64, 3)`. You want a matrix `X` of shape "
        "`(12288, m)` whose column `i` is picture `i` flattened. Which line does that? The cell makes a small "
        "`train_x` with 7 pictures so you can try the options.",
        ["`X = train_x.reshape(-1, train_x.shape[0])`",
         "`X = train_x.reshape(train_x.shape[0], -1).T`",
         "`X = train_x.reshape(12288, 1)`",
         "`X = train_x.flatten()`"],
        "b",
        "`reshape(m, -1)` keeps each picture's 12288 numbers together in one row, and `.T` turns rows into "
        "columns. `reshape(-1, m)` also has shape `(12288, m)`, but it fills the columns with numbers in the "
        "stored order, so each column mixes pieces of different pictures: compare `X[:, 0]` with "
        "`train_x[0].ravel()`.",
        code="train_x = np.random.rand(7, 64, 64, 3)  # 7 pictures",
    ),
    shape(
        "What is the shape of `c`? Work it out first, then run the cell to check.",
        FromCode("c.shape"),
        "Broadcasting compares shapes from the right: `b` of shape `(4,)` acts as `(1, 4)`. Each size-1 axis is "
        "stretched to match the other array, `a` along the columns and `b` along the rows, so `c` has shape "
        "`(3, 4)`.",
        code="a = np.ones((3, 1))\n"
             "b = np.arange(4)\n"
             "c = a + b",
    ),
    single(
        "`a` has shape `(5, 3)` and `b` has shape `(3, 2)`. What happens when you compute `a * b`?",
        ["It raises an error: `*` works element by element, and shapes `(5, 3)` and `(3, 2)` do not "
         "broadcast",
         "It computes the matrix product, the same as `np.dot(a, b)`, of shape `(5, 2)`",
         "It multiplies element by element after broadcasting `b` to `(5, 3)`, giving shape `(5, 3)`",
         "It multiplies every element of `a` by every element of `b`, giving shape `(5, 3, 2)`"],
        "a",
        "In numpy `*` is always element by element, so the two shapes must broadcast; here the last axes "
        "(3 and 2) differ and neither is 1. The matrix product is `np.dot(a, b)` (or `a @ b`), of shape "
        "`(5, 2)`.",
    ),
    number(
        "Four examples have labels `y` and predictions `y_hat` (the cell defines them). What is the cost $J$, "
        "the logistic loss averaged over the four examples? Compute it with numpy in the answer cell or give "
        "it to at least three significant figures.",
        FromCode("-np.mean(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))"),
        "$J = -\\frac{1}{m} \\sum_i \\big(y^{(i)} \\log \\hat{y}^{(i)} + (1 - y^{(i)}) \\log(1 - \\hat{y}^{(i)})"
        "\\big)$ with $m = 4$. The last example (label 0, predicted 0.6) costs the most: $-\\log 0.4 \\approx "
        "0.92$. The cost is the mean of the losses, not their sum.",
        code="y = np.array([[1, 0, 1, 0]])\n"
             "y_hat = np.array([[0.9, 0.2, 0.8, 0.6]])",
        tolerance=0.005,
    ),
    select_all(
        "Which statements about the loss and the cost are right?",
        ["Gradient descent changes the inputs $x$ to make the cost smaller",
         "The loss measures how far the prediction is from the label for a single example",
         "A cost of exactly 0 on the training set guarantees perfect predictions on new pictures",
         "The cost $J(w, b)$ is the average of the losses over the $m$ training examples"],
        {"b", "d"},
        "The loss scores one example and the cost averages it over the training set; gradient descent adjusts "
        "the parameters $w$ and $b$, never the data. A perfect training cost says nothing certain about "
        "pictures the model has not seen.",
    ),
    single(
        "Computing $w^T X$ with `np.dot(w.T, X)` is typically hundreds of times faster than two nested Python "
        "`for` loops doing the same multiplications. Why?",
        ["`np.dot` works in lower precision, rounding each number to fewer digits to save time",
         "`np.dot` notices zero entries and skips them, which saves most of the multiplications",
         "`np.dot` runs compiled code over whole arrays, while a Python loop pays interpreter overhead on each "
         "element",
         "`np.dot` always runs on the GPU, while Python `for` loops can only use one core of the CPU"],
        "c",
        "A Python loop pays for interpreting, type-checking and boxing every number it touches; numpy runs "
        "one call of optimised compiled code that can use the processor's vector (SIMD) instructions. The "
        "result is the same, to rounding.",
    ),
    select_all(
        "You vectorise one iteration of gradient descent for logistic regression, with `X` of shape "
        "`(n_x, m)`. Which `for` loops can numpy operations replace?",
        ["The loop over the iterations of gradient descent",
         "The loop over the $m$ training examples",
         "The loop over the $n_x$ features when adding up `dw`",
         "None: a vectorised version still needs every loop"],
        {"b", "c"},
        "Putting the examples in the columns of `X` and the features in `w` lets `np.dot` and broadcasting do "
        "both inner loops at once. Each iteration needs the parameters from the one before, so the loop over "
        "iterations stays.",
    ),
]
