"""Run plain ``nbgrader`` commands from Python, exactly as an instructor would type them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def nbgrader(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    """Run ``nbgrader <args>`` in the course folder ``cwd`` and capture its output.

    The interpreter's ``bin`` folder goes first on ``PATH`` because nbgrader
    starts helper programs (``alembic``) by name.
    """
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env,
                            capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed (exit {result.returncode}):\n{result.stdout}{result.stderr}")
    return result
