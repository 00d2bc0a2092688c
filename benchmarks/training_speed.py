"""How fast the reference of notebook 5 trains, and how close its matrix work comes to this machine's peak.

Usage (from the course root)::

    python -m benchmarks.training_speed [--iterations N] [--contiguous]

Trains ``utils.dnn_app.L_layer_model`` on the real cat pictures, [12288, 20, 7,
5, 1], and prints the seconds per 2500-iteration run (extrapolated from
``--iterations``), the GFLOP/s of its matrix products (counted analytically:
per layer with n units, n_prev inputs and m examples, the forward product
W A_prev, the gradient dW = dZ A_prev^T and, except for the first layer whose
dA0 the reference also computes, dA_prev = W^T dZ; each is 2 n n_prev m
FLOPs), the measured peak of a large double-precision matmul, and the rate of
the single biggest product, 20 x 12288 by 12288 x 209, in the layouts the
training meets. ``--contiguous`` trains on a C-ordered copy of X instead of
the Fortran-ordered view that ``x.reshape(m, -1).T / 255`` produces.
"""

from __future__ import annotations

import argparse
import itertools
import time

import numpy as np

from utils.data import load_cat_dataset
from utils.dnn_app import L_layer_model

LAYERS = [12288, 20, 7, 5, 1]
FULL_RUN = 2500


def matmul_flops_per_iteration(layers, m):
    """FLOPs of the matrix products of one iteration: forward, dW and dA_prev of every layer."""
    return sum(3 * 2 * n * n_prev * m for n_prev, n in itertools.pairwise(layers))


def rate(f, flops, repeat=5):
    """GFLOP/s of ``f`` (best of ``repeat`` runs after one warm-up)."""
    f()
    best = min(_timed(f) for _ in range(repeat))
    return flops / best / 1e9


def _timed(f):
    started = time.perf_counter()
    f()
    return time.perf_counter() - started


def prepared_data(contiguous):
    train_x_orig, train_y, *_ = load_cat_dataset()
    X = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255  # as in the notebook: a Fortran-ordered array
    return (np.ascontiguousarray(X) if contiguous else X), train_y


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=FULL_RUN, help=f"iterations to time (default {FULL_RUN})")
    parser.add_argument("--contiguous", action="store_true", help="train on a C-ordered copy of X")
    args = parser.parse_args(argv)

    X, Y = prepared_data(args.contiguous)
    m = X.shape[1]
    layout = "C-ordered" if X.flags.c_contiguous else "Fortran-ordered" if X.flags.f_contiguous else "strided"
    started = time.perf_counter()
    L_layer_model(X, Y, LAYERS, num_iterations=args.iterations)
    seconds = time.perf_counter() - started
    per_run = seconds / args.iterations * FULL_RUN
    flops = matmul_flops_per_iteration(LAYERS, m) * args.iterations
    print(f"L_layer_model {LAYERS}, m = {m}, X {layout}: {args.iterations} iterations in {seconds:.1f} s "
          f"-> {per_run:.1f} s per {FULL_RUN}-iteration run")
    print(f"matrix work: {flops / args.iterations / 1e6:.1f} MFLOP per iteration, achieved {flops / seconds / 1e9:.2f} GFLOP/s "
          "(whole run time, so everything else counts against it)")

    n = 2000
    A, B = np.random.rand(n, n), np.random.rand(n, n)
    print(f"peak: {n} x {n} float64 matmul: {rate(lambda: A @ B, 2 * n**3):.2f} GFLOP/s")

    W, dZ = np.random.randn(20, 12288), np.random.randn(20, m)
    Xf, Xc = np.asfortranarray(X), np.ascontiguousarray(X)
    big = 2 * 20 * 12288 * m
    print("the 20 x 12288 by 12288 x 209 products of layer 1:")
    for name, Xl in (("X Fortran-ordered", Xf), ("X C-ordered", Xc)):
        print(f"  forward W @ X, {name}:        {rate(lambda Xl=Xl: W @ Xl, big):6.2f} GFLOP/s")
        print(f"  gradient dZ @ X.T, {name}:    {rate(lambda Xl=Xl: dZ @ Xl.T, big):6.2f} GFLOP/s")
    print(f"  backward W.T @ dZ (dA0):             {rate(lambda: W.T @ dZ, big):6.2f} GFLOP/s")


if __name__ == "__main__":
    main()
