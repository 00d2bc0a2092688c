"""JupyterLab servers and a Chromium browser for the browser tests (tests/test_browser.py).

Each server runs from this Python environment in a scratch world of its own:
``HOME``, the Jupyter data and runtime folders and JupyterLab's settings and
workspaces all point into a temporary folder, so a test never reads or writes
the user's Jupyter files. Only ``JUPYTER_CONFIG_DIR`` is chosen by the test:
the student environment of the course (``release/jupyter``) or a scratch one.

The browser is Debian's ``chromium`` driven by Playwright (the ``playwright``
package from PyPI); Playwright's own browser download is never used.
``./run setup`` installs ``chromium`` with apt-get when it can.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# Headless Chromium as root in a container: no sandbox (root), no GPU, and no
# traffic of its own (QUIC probes, component updates, sync) that could stall on
# a machine without internet access.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}

# JupyterLab's user settings for the tests: no "receive Jupyter news?" toast and
# no update check covering the page; every cell of a notebook rendered (the
# default windowing creates the editors of far-away cells only when scrolled to);
# no autosave, whose timer could fire during the save that Validate makes and
# turn it into a "File Changed" conflict on a slow machine.
LAB_SETTINGS = {
    ("@jupyterlab/docmanager-extension", "plugin.jupyterlab-settings"): {"autosave": False},
    ("@jupyterlab/apputils-extension", "notification.jupyterlab-settings"): {"fetchNews": "false", "checkForUpdates": False},
    ("@jupyterlab/notebook-extension", "tracker.jupyterlab-settings"): {"windowingMode": "none"},
}


def chromium_missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can.

    Missing Chromium is a failure, not a skip, wherever ``./run setup`` could
    have installed it (root with apt-get) and in CI (``CI`` set): there the
    browser test must run. Elsewhere the tests are skipped with this reason.
    """
    if CHROMIUM.exists():
        return None
    return (f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`, "
            f"which `./run setup` does when run as root)")


def chromium_must_exist() -> bool:
    """True where a missing Chromium is an error (CI, or root with apt-get, as ``./run setup`` has)."""
    can_install = os.geteuid() == 0 and shutil.which("apt-get") is not None
    return bool(os.environ.get("CI")) or can_install


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Lab:
    """A JupyterLab server: its base URL, token, root folder, log file and process."""

    url: str
    token: str
    root: Path
    log: Path
    process: subprocess.Popen

    def wait_until_up(self, timeout: float = 120) -> None:
        """Wait until the server answers its REST API (it starts in seconds; slower on a loaded machine)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.process.returncode}:\n{self.log.read_text()[-3000:]}")
            try:
                self.api("GET", "api/status")
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError(f"jupyter lab did not answer within {timeout} s:\n{self.log.read_text()[-3000:]}")

    def page(self, path: str = "lab") -> str:
        """The URL of ``path`` on this server, logged in with the token."""
        return f"{self.url}{path}{'&' if '?' in path else '?'}token={self.token}"

    def api(self, method: str, path: str, body: dict | None = None) -> dict | list:
        """Call the server's REST API (``/api/...``) and decode its JSON answer."""
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read()
        return json.loads(text) if text else {}


def scratch_environment(scratch: Path, config_dir: Path, drop_env: tuple[str, ...] = ()) -> dict[str, str]:
    """The environment of a server whose every Jupyter folder but ``config_dir`` is under ``scratch``.

    The variables named in ``drop_env`` are left out.
    """
    env = {name: value for name, value in os.environ.items() if name not in drop_env}
    home = scratch / "home"
    settings = scratch / "lab-user-settings"
    for folder in (home, settings):
        folder.mkdir(parents=True, exist_ok=True)
    for (extension, file), value in LAB_SETTINGS.items():
        (settings / extension).mkdir(parents=True, exist_ok=True)
        (settings / extension / file).write_text(json.dumps(value))
    env.update({
        "HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(config_dir),
        "JUPYTER_DATA_DIR": str(scratch / "data"),
        "JUPYTER_RUNTIME_DIR": str(scratch / "runtime"),
        # JupyterLab would otherwise keep settings and workspaces in JUPYTER_CONFIG_DIR,
        # which for the student environment is a folder of the repository.
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(scratch / "lab-workspaces"),
        # Kernels: one BLAS thread (two cores, shared with the other tests) and no
        # inherited pytest or nbgrader state.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    })
    for name in ("NBGRADER_EXECUTION", "PYTEST_CURRENT_TEST", "JUPYTER_PATH", "JUPYTER_PREFER_ENV_PATH"):
        env.pop(name, None)
    return env


@contextmanager
def jupyter_lab(root: Path, scratch: Path, config_dir: Path, drop_env: tuple[str, ...] = (),
                wait: bool = True) -> Iterator[Lab]:
    """Start ``jupyter lab`` in ``root``, wait until it answers, and stop it (and its kernels) afterwards.

    Parameters
    ----------
    root : Path
        The server's root folder (what the file browser shows).
    scratch : Path
        An empty folder for the server's home, Jupyter data, runtime and settings folders and its log.
    config_dir : Path
        ``JUPYTER_CONFIG_DIR`` of the server.
    drop_env : tuple of str
        Variables of this process's environment the server does not get.
    wait : bool
        Whether to wait until the server answers before yielding it; with
        False the caller prepares ``root`` meanwhile and calls ``lab.wait_until_up()``.

    Yields
    ------
    lab : Lab
        The running server.
    """
    token, port = secrets.token_hex(16), free_port()
    scratch.mkdir(parents=True, exist_ok=True)
    log = scratch / "jupyter-lab.log"
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
        f"--port={port}", f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={token}",
        "--ServerApp.open_browser=False", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    with open(log, "wb") as log_file:
        server = subprocess.Popen(command, cwd=root, env=scratch_environment(scratch, config_dir, drop_env),
                                  stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    lab = Lab(f"http://127.0.0.1:{port}/", token, root, log, server)
    try:
        if wait:
            lab.wait_until_up()
        yield lab
    finally:
        _stop(lab)


def _stop(lab: Lab) -> None:
    """Shut the kernels down through the API, stop the server, then kill whatever is left of its session.

    Kernels run in sessions of their own (jupyter_client starts them so), so
    they are shut down by the server, which also does so on SIGTERM.
    """
    server = lab.process
    if server.poll() is None:
        try:
            for kernel in lab.api("GET", "api/kernels"):
                lab.api("DELETE", f"api/kernels/{kernel['id']}")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    try:  # the server, had it ignored SIGTERM, and anything it started in its own session
        os.killpg(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    server.wait(timeout=5)
