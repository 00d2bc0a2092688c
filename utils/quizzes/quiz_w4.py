"""Quiz of week 4: key concepts of deep neural networks."""

from utils.quizzes import FromCode, number, select_all, shape, single

TITLE = "Week 4 quiz: key concepts of deep networks"
INTRO = ("Eleven questions on deep networks: what the forward pass keeps for the backward pass, parameters "
         "and hyperparameters, shapes in an $L$-layer network, and why depth helps.")

QUESTIONS = [
    single(
        "In the step-by-step network, each layer's forward function returns a `cache` along with its "
        "activation. What is the cache for?",
        ["It holds values from the forward step (`A_prev`, `W`, `b`, `Z`) that the layer's backward step "
         "needs",
         "It holds the gradients of the last backward pass, so that the next forward pass can start from them",
         "It holds the hyperparameters, such as the learning rate, so that the update step can read them",
         "It holds a copy of the labels `Y`, so that every layer can compute a cost of its own"],
        "a",
        "Backpropagation through layer $l$ needs the numbers that went into and came out of its forward step: "
        "`dW` uses `A_prev`, `dA_prev` uses `W`, and the activation's slope is taken at `Z`. Caching them "
        "avoids computing them again.",
    ),
    select_all(
        "Layer $l$ computes $Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}$, then $A^{[l]} = g(Z^{[l]})$. Which of these "
        "does its backward step take from the cache its forward step saved?",
        ["$A^{[l-1]}$, to compute $dW^{[l]}$",
         "$dA^{[l]}$, the gradient of the cost with respect to the layer's output",
         "$W^{[l]}$, to compute $dA^{[l-1]}$",
         "The learning rate $\\alpha$",
         "$Z^{[l]}$, to compute $dZ^{[l]} = dA^{[l]} \\ast g'(Z^{[l]})$"],
        {"a", "c", "e"},
        "The forward step saves $A^{[l-1]}$, $W^{[l]}$, $b^{[l]}$ and $Z^{[l]}$. $dA^{[l]}$ does not exist "
        "during the forward pass: it arrives from layer $l + 1$ during backpropagation. The learning rate is "
        "only used when the parameters are updated.",
    ),
    select_all(
        "Which of these are *hyperparameters*: values you choose, rather than values gradient descent learns?",
        ["The weight matrix $W^{[1]}$",
         "The learning rate $\\alpha$",
         "The number of layers $L$",
         "The bias vector $b^{[2]}$",
         "The activation function of the hidden layers"],
        {"b", "c", "e"},
        "$W^{[l]}$ and $b^{[l]}$ are the parameters that training learns. The learning rate, the number of "
        "layers (and of hidden units in each), the number of iterations and the choice of activation function "
        "are set by you and control how those parameters come out.",
    ),
    single(
        "A deep network is trained to recognise faces. What do its layers typically end up detecting?",
        ["Every layer looks for whole faces; the extra layers only make the final decision more confident",
         "Early layers detect whole faces, and later layers break them down into eyes, noses and then edges",
         "Early layers detect simple features such as edges; later layers combine them into parts and then "
         "whole faces",
         "Each layer detects something random that changes at every iteration, so no pattern emerges"],
        "c",
        "Each layer builds on the features of the one before, so features grow from simple and local (edges) "
        "to complex and global (faces). The same pattern appears in speech: sounds, then phonemes, then words.",
    ),
    single(
        "The parity (XOR) of $n$ input bits can be computed by a deep network of about $\\log_2 n$ layers with "
        "roughly $n$ units in all. A network with one hidden layer needs about $2^n$ hidden units for the same "
        "function. What does this illustrate?",
        ["A network with one hidden layer cannot compute the parity function at all, however wide it is",
         "Deep networks need fewer units than shallow ones for every function, not only for parity",
         "Deep networks always reach a lower cost, in fewer iterations, than shallow ones",
         "Some functions need exponentially more units in a shallow network than in a deep one"],
        "d",
        "This is the circuit-theory view of depth: layers can reuse intermediate results (XORs of pairs, then of "
        "pairs of pairs), which a single layer cannot. It shows depth *can* help a lot, not that it always does; "
        "a wide enough shallow network can still compute parity.",
    ),
    single(
        "You write the forward pass of an $L$-layer network for $m$ examples, as vectorised as possible. Which "
        "explicit `for` loop remains?",
        ["The loop over the layers $l = 1, \\dots, L$",
         "The loop over the $m$ examples",
         "The loop over the units of each layer",
         "No loop remains: one matrix product computes all layers at once"],
        "a",
        "Putting the examples in the columns of `A` and the units in the rows of `W` turns the loops over "
        "examples and over units into matrix products. Each layer needs the previous layer's output, so you "
        "still go from layer to layer with a loop.",
    ),
    shape(
        "The cell builds a network with `layer_dims = [12288, 20, 7, 5, 1]` and runs its first two layers on "
        "10 pictures. What is the shape of `A2`? Work it out first, then run the cell to check.",
        FromCode("A2.shape"),
        "$Z^{[l]}$ and $A^{[l]}$ have shape $(n^{[l]}, m)$: one row per unit of layer $l$, one column per "
        "example. Layer 2 has $n^{[2]} = 7$ units and there are $m = 10$ examples, so `(7, 10)`.",
        code="layer_dims = [12288, 20, 7, 5, 1]\n"
             "m = 10\n"
             "X = np.random.rand(layer_dims[0], m)\n"
             "W1 = np.random.randn(layer_dims[1], layer_dims[0]) * 0.01\n"
             "b1 = np.zeros((layer_dims[1], 1))\n"
             "W2 = np.random.randn(layer_dims[2], layer_dims[1]) * 0.01\n"
             "b2 = np.zeros((layer_dims[2], 1))\n"
             "A1 = np.maximum(0, np.dot(W1, X) + b1)  # ReLU\n"
             "A2 = np.maximum(0, np.dot(W2, A1) + b2)",
    ),
    shape(
        "During backpropagation through layer 2 of the same network (7 units, fed by 20), the cell computes "
        "`dW2`. What is its shape? Work it out first, then run the cell to check.",
        FromCode("dW2.shape"),
        "`np.dot(dZ2, A1.T)` is $(7, 10)$ times $(10, 20)$, which is $(7, 20)$: exactly the shape of `W2`, as it "
        "must be for the update `W2 = W2 - learning_rate * dW2`. Every gradient has the shape of the "
        "value it is the gradient of.",
        code="m = 10\n"
             "dZ2 = np.random.randn(7, m)\n"
             "A1 = np.random.rand(20, m)\n"
             "dW2 = np.dot(dZ2, A1.T) / m",
    ),
    single(
        "In a network with layer sizes $n^{[0]} = n_x, n^{[1]}, \\dots, n^{[L]}$, what are the shapes of "
        "$W^{[l]}$ and $b^{[l]}$?",
        ["$W^{[l]}$: $(n^{[l-1]}, n^{[l]})$, $b^{[l]}$: $(n^{[l]}, 1)$",
         "$W^{[l]}$: $(n^{[l]}, n^{[l-1]})$, $b^{[l]}$: $(n^{[l]}, 1)$",
         "$W^{[l]}$: $(n^{[l]}, n^{[l-1]})$, $b^{[l]}$: $(n^{[l]}, m)$",
         "$W^{[l]}$: $(n^{[l]}, m)$, $b^{[l]}$: $(1, n^{[l]})$"],
        "b",
        "$W^{[l]}$ maps the $n^{[l-1]}$ activations of the layer below to the $n^{[l]}$ units of layer $l$, so "
        "it has one row per unit of layer $l$. $b^{[l]}$ holds one bias per unit and is broadcast over the $m$ "
        "examples, so it does not depend on $m$.",
    ),
    single(
        "In which order does backpropagation go through the layers of an $L$-layer network?",
        ["From layer 1 up to layer $L$, in the same order as the forward pass",
         "All layers at once, because each layer's gradient can be computed independently of the others",
         "Only layer $L$ is visited; the hidden layers keep the weights they started with",
         "From layer $L$ down to layer 1, each layer turning $dA^{[l]}$ into $dA^{[l-1]}$"],
        "d",
        "The gradient starts at the cost, which depends directly only on the output $A^{[L]}$, and is passed "
        "backwards one layer at a time by the chain rule; each backward step mirrors one forward step, using "
        "that layer's cache.",
    ),
    number(
        "In the course's convention the input layer is not counted. How many layers $L$ does the network with "
        "the `layer_dims` in the cell have?",
        FromCode("len(layer_dims) - 1"),
        "`layer_dims` lists $n^{[0]}, n^{[1]}, \\dots, n^{[L]}$, starting with the 12288 input features of "
        "layer 0. The layers with weights are the three hidden layers and the output layer, so $L = 4$.",
        code="layer_dims = [12288, 20, 7, 5, 1]  # the sizes of layers 0, 1, ..., L",
    ),
]
