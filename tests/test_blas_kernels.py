"""The answer keys and the figure tests pass under a second OpenBLAS kernel, not only this machine's.

OpenBLAS picks a kernel for the processor, and ``OPENBLAS_CORETYPE`` overrides the choice. Kernels
add long sums in different orders, so a printed figure can differ between computers. The notebooks
mask the few digits that do (``autograder/kernel_digits.py``); this file proves that the rest holds:
it runs nbval on every answer key and the figure tests again, in a fresh pytest, under another kernel
than the main run's. The second kernel is SkylakeX where the processor has AVX-512, else Prescott, the
generic SSE3 kernel that every x86-64 processor runs. (Sandybridge and Nehalem are known to differ in
notebook 3's headline accuracy: 90.50 % instead of 90.75 %.)
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

from autograder.build import ROOT

pytestmark = pytest.mark.e2e

# tests/test_dnn_app.py is left out: it trains notebook 5's two models again, whose printed figures nbval
# already compares exactly, and those two trainings are most of this file's minutes.
FIGURE_TESTS = ["tests/test_logistic_regression.py", "tests/test_planar.py", "tests/test_deep_nn.py"]
PREFERRED_SECOND_KERNELS = ("SkylakeX", "Prescott")


def kernel_in_use(coretype: str | None) -> str | None:
    """The OpenBLAS kernel a fresh Python uses with ``OPENBLAS_CORETYPE=coretype``; None if it crashes."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    probe = ("import numpy as np, threadpoolctl; a = np.ones((64, 64)); a @ a; "
             "print(next(i['architecture'] for i in threadpoolctl.threadpool_info() if i['internal_api'] == 'openblas'))")
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else None  # an unsupported kernel dies of SIGILL


def second_kernel() -> tuple[str, str]:
    """(OPENBLAS_CORETYPE to set, kernel name OpenBLAS reports) for a kernel other than the main run's."""
    main_kernel = kernel_in_use(os.environ.get("OPENBLAS_CORETYPE"))
    for coretype in PREFERRED_SECOND_KERNELS:
        kernel = kernel_in_use(coretype)
        if kernel is not None and kernel != main_kernel:
            return coretype, kernel
    pytest.fail(f"no second OpenBLAS kernel runs here (main kernel {main_kernel})")


@pytest.mark.skipif(platform.machine() != "x86_64", reason="the kernel names are OpenBLAS's x86-64 ones")
def test_answer_keys_and_figures_hold_under_a_second_kernel():
    coretype, kernel = second_kernel()
    assert kernel != kernel_in_use(os.environ.get("OPENBLAS_CORETYPE"))
    env = {**os.environ, "OPENBLAS_CORETYPE": coretype, "OPENBLAS_NUM_THREADS": "1"}
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-n", "0",
               "notebooks", *FIGURE_TESTS]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-2000:]
    print(f"OPENBLAS_CORETYPE={coretype} ({kernel}): {summary}")
    assert result.returncode == 0, f"under OPENBLAS_CORETYPE={coretype}:\n{result.stdout[-6000:]}{result.stderr[-2000:]}"
    assert " passed" in summary and "failed" not in summary and "error" not in summary
