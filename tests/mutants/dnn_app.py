"""Mutants of notebook 5, the deep network on cat pictures (see ``tests/mutants/__init__.py``)."""

_FORWARD_2 = ('A1, cache1 = linear_activation_forward(X, W1, b1, "relu")\n'
              'A2, cache2 = linear_activation_forward(A1, W2, b2, {output})\n')
_BACKWARD_2 = ('cost = compute_cost(A2, Y)\n'
               'dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))\n'
               'dA1, dW2, db2 = linear_activation_backward(dA2, cache2, {output})\n'
               '_, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")\n'
               'grads = {{"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}}\n')
_REREAD_2 = ('W1, b1 = parameters["W1"], parameters["b1"]\n'
             'W2, b2 = parameters["W2"], parameters["b2"]')

NO_EDGE_MUTANT = {
    "L_layer_model": "its lines call the initializer and notebook 4's functions in a loop: nothing in them "
                     "depends on the sizes, which the given functions handle",
}


def _two_layer(output='"sigmoid"', update="parameters = update_parameters(parameters, grads, learning_rate)\n",
               reread=_REREAD_2):
    return _FORWARD_2.format(output=output) + _BACKWARD_2.format(output=output) + update + reread


def _L_layer(init="parameters = initialize_parameters_deep_scaled(layers_dims)", loop="range(num_iterations)",
             rate="learning_rate", record="i % 100 == 0", cost_after_update=False):
    cost_line = "    cost = compute_cost(AL, Y)\n"
    late_cost = "        cost = compute_cost(L_model_forward(X, parameters)[0], Y)\n" if cost_after_update else ""
    return (f"{init}\n"
            f"for i in {loop}:\n"
            "    AL, caches = L_model_forward(X, parameters)\n"
            + cost_line +
            "    grads = L_model_backward(AL, Y, caches)\n"
            f"    parameters = update_parameters(parameters, grads, {rate})\n"
            f"    if {record}:\n"
            + late_cost +
            "        costs.append(cost)\n"
            "        if print_cost:\n"
            '            print(f"Iteration {i:4d}: cost = {cost:.6f}")')


MUTANTS = {
    "two_layer_model": {
        "buggy": [
            # W1, b1, W2, b2 never read back from the updated dict: the classic stale-weights mistake
            _two_layer(reread=""),
            # ReLU on the output layer too
            _two_layer(output='"relu"'),
            # a fixed learning rate: the default, not the argument
            _two_layer(update="parameters = update_parameters(parameters, grads, 0.0075)\n"),
            # the output bias left out of the update
            _two_layer(update=('parameters = update_parameters(parameters, {"dW1": dW1, "db1": db1, "dW2": dW2, '
                               '"db2": db2 * 0}, learning_rate)\n')),
            # the sign of dA2 flipped: gradient ascent
            _two_layer().replace("dA2 = -(", "dA2 = ("),
        ],
        "correct": [
            # the forward and backward passes through notebook 4's whole-network functions
            ('AL, caches = L_model_forward(X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2})\n'
             "cost = compute_cost(AL, Y)\n"
             "grads = L_model_backward(AL, Y, caches)\n"
             "parameters = update_parameters(parameters, grads, learning_rate)\n"
             "W1, b1, W2, b2 = (parameters[key] for key in ('W1', 'b1', 'W2', 'b2'))"),
            # dA2 written with the algebra done: (A2 - Y) / (A2 (1 - A2))
            _two_layer().replace("dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))",
                                 "dA2 = (A2 - Y) / (A2 * (1 - A2))"),
        ],
        # the weight gradients squeezed: broadcasting hides it unless there is one input feature,
        # which makes W1 a column
        "edge": [_two_layer().replace("grads = {", "dW1, dW2 = np.squeeze(dW1), np.squeeze(dW2)\ngrads = {")],
    },
    "L_layer_model": {
        "buggy": [
            # notebook 4's initializer, copied from there: weights times 0.01 (and seed 3): the classic mistake
            _L_layer(init=("np.random.seed(3)\nparameters = {}\nfor l in range(1, len(layers_dims)):\n"
                           '    parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 0.01\n'
                           '    parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))')),
            # a fixed learning rate
            _L_layer(rate="0.0075"),
            # a fixed number of iterations
            _L_layer(loop="range(3000)"),
            # costs recorded at the end of every block of 100 iterations
            _L_layer(record="i % 100 == 99"),
            # the cost of the updated parameters recorded
            _L_layer(cost_after_update=True),
            # the sqrt initialization written by hand, with another seed
            _L_layer(init=("np.random.seed(3)\nparameters = {}\nfor l in range(1, len(layers_dims)):\n"
                           '    parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) '
                           "/ np.sqrt(layers_dims[l - 1])\n"
                           '    parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))')),
        ],
        "correct": [
            # the initialization written by hand, with the right seed
            _L_layer(init=("np.random.seed(1)\nparameters = {}\nfor l in range(1, len(layers_dims)):\n"
                           '    parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) '
                           "/ np.sqrt(layers_dims[l - 1])\n"
                           '    parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))')),
            # costs recorded with a while loop and a counter
            ("parameters = initialize_parameters_deep_scaled(layers_dims)\ni = 0\n"
             "while i < num_iterations:\n"
             "    AL, caches = L_model_forward(X, parameters)\n"
             "    if i % 100 == 0:\n"
             "        costs.append(compute_cost(AL, Y))\n"
             "    parameters = update_parameters(parameters, L_model_backward(AL, Y, caches), learning_rate)\n"
             "    i += 1"),
            # the course's name for this notebook's initializer (the scaled one here, not notebook 4's)
            _L_layer(init="parameters = initialize_parameters_deep(layers_dims)"),
        ],
    },
}
