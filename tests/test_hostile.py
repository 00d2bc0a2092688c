"""Hostile submissions against one sandbox at a time: what a malicious student tries, as root graders run it.

Each test plays one attack from the hostile-submission review (issue 9) and
asserts on what the grader's side sees, outside the jail. The batch version,
through plain ``nbgrader autograde``, is in ``tests/test_grading_e2e.py``.
"""

from __future__ import annotations

import os
import resource
import socket
import textwrap
import time
import uuid
from pathlib import Path

import numpy as np
import pytest

from autograder.build import ROOT
from autograder.isolation import Limits
from autograder.sandbox import IsolationUnavailable, Sandbox, SandboxConfig
from utils import python_basics as ref
from tests.submissions import host_processes_with
from utils.checks import Case

RELEASE = ROOT / "release" / "01_python_basics"

ATTACKS = textwrap.dedent('''
    import ctypes, os, resource, socket, subprocess, sys, time
    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmat.restype = ctypes.c_void_p

    def status(_):
        lines = open("/proc/self/status").read().splitlines()
        return {line.split(":")[0]: line.split(":", 1)[1].strip() for line in lines}

    def read(path):
        return open(path, "rb").read()[:200].decode("latin-1")

    def privileged(_):
        """Every action that needs a capability, and what happened."""
        results = {}
        def attempt(name, action):
            try:
                action()
                results[name] = "done"
            except OSError as error:
                results[name] = type(error).__name__
        attempt("mknod", lambda: os.mknod("/tmp/device", 0o20666, os.makedev(1, 3)))
        attempt("nice", lambda: os.nice(-5))
        attempt("realtime", lambda: os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(1)))
        attempt("chown", lambda: (open("/tmp/mine", "w").close(), os.chown("/tmp/mine", 0, 0)))
        # reboot(2) with LINUX_REBOOT_CMD_CAD_OFF: harmless if it ever succeeded, refused without CAP_SYS_BOOT.
        def reboot():
            if libc.syscall(169, 0xfee1dead, 672274793, 0, None) != 0:
                raise OSError(ctypes.get_errno(), "reboot")
        attempt("reboot", reboot)
        return results

    def touch_process(pid):
        """Lower the limits, priority and CPUs of a process of the grader's."""
        results = {}
        for name, action in [("kill", lambda: os.kill(pid, 0)),
                             ("prlimit", lambda: resource.prlimit(pid, resource.RLIMIT_NOFILE, (3, 3))),
                             ("setpriority", lambda: os.setpriority(os.PRIO_PROCESS, pid, 19)),
                             ("affinity", lambda: os.sched_setaffinity(pid, {0}))]:
            try:
                action()
                results[name] = "done"
            except OSError as error:
                results[name] = type(error).__name__
        return results

    def environments(_):
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    found.append(open(f"/proc/{entry}/environ", "rb").read().decode("latin-1"))
                except OSError:
                    pass
        return found

    def connect_unix(path):
        client = socket.socket(socket.AF_UNIX)
        client.connect(path)
        client.sendall(b"hello from a student")
        return "connected"

    def leave_behind(marker):
        """A process in a session of its own that would outlive the worker, if anything could."""
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", marker], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return "started"

    def children_allocate(megabytes_each, children=3):
        """Several processes, each under the per-process memory limit; return their exit codes."""
        code = f"b = bytearray({megabytes_each} * 2**20)\\nfor i in range(0, len(b), 4096): b[i] = 1\\nimport time; time.sleep(3)"
        processes = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(children)]
        return [p.wait() for p in processes]

    def many_processes(count):
        started, error = [], None
        try:
            for _ in range(count):
                started.append(subprocess.Popen(["/bin/sleep", "30"]))
        except OSError as exc:
            error = type(exc).__name__
        for p in started:
            p.kill()
        return len(started), error

    def fill_disk(files, megabytes):
        written = 0
        try:
            for i in range(files):
                with open(f"/tmp/fill-{i}", "wb") as f:
                    f.write(b"x" * (megabytes * 2**20))
                written += megabytes
        except OSError as error:
            return written, type(error).__name__
        return written, None

    SHM_KEY = 0x5EED
    def leave_traces(text):
        """SysV shared memory, a file in /dev/shm and /tmp, a key in the user and session keyrings."""
        payload = text.encode()
        shm = libc.shmget(SHM_KEY, 4096, 0o1666)
        if shm >= 0:
            address = libc.shmat(shm, None, 0)
            ctypes.memmove(address, payload, len(payload))
        open("/dev/shm/trace", "w").write(text)
        open("/tmp/trace", "w").write(text)
        add_key = {"x86_64": 248, "aarch64": 217}[os.uname().machine]
        for keyring in (-4, -3):  # KEY_SPEC_USER_KEYRING, KEY_SPEC_SESSION_KEYRING
            libc.syscall(add_key, b"user", b"trace", payload, len(payload), keyring)
        return shm

    def find_traces(_):
        keyctl = {"x86_64": 250, "aarch64": 219}[os.uname().machine]
        found = {"shm": libc.shmget(SHM_KEY, 0, 0) >= 0,
                 "dev_shm": os.path.exists("/dev/shm/trace"), "tmp": os.path.exists("/tmp/trace"),
                 "processes": sorted(int(p) for p in os.listdir("/proc") if p.isdigit())}
        for name, keyring in (("user_key", -4), ("session_key", -3)):
            found[name] = libc.syscall(keyctl, 10, keyring, b"user", b"trace", 0) >= 0  # KEYCTL_SEARCH
        return found
''')


def _config(**limits) -> SandboxConfig:
    return SandboxConfig(limits=Limits(**limits), call_timeout=15, notebook_timeout=30)


@pytest.fixture(scope="module")
def box():
    with Sandbox([(0, ATTACKS)], _config(), RELEASE, {"sigmoid": ref.sigmoid}) as sandbox:
        sandbox.run_cells()
        assert sandbox.cell_runs[0].error is None, sandbox.cell_runs[0].error
        yield sandbox


def call(sandbox: Sandbox, name: str, *args):
    outcome, _ = sandbox.call(name, Case(args))
    assert outcome.error is None, outcome.error
    return outcome.value


def test_every_outer_layer_is_in_force(box):
    assert not box.missing, box.missing
    text = "\n".join(box.protections)
    for layer in ("bubblewrap", "own pid namespace", "minimal root", "cgroup", "Landlock"):
        assert layer in text, (layer, box.protections)


def test_worker_has_no_privileges(box):
    status = call(box, "status", 0)
    real, effective = (int(n) for n in status["Uid"].split()[:2])
    assert real != 0 and effective != 0
    assert int(status["CapEff"], 16) == 0 and int(status["CapPrm"], 16) == 0
    assert status["NoNewPrivs"] == "1"


def test_actions_that_need_a_capability_are_refused(box):
    results = call(box, "privileged", 0)
    assert all(outcome != "done" for outcome in results.values()), results


@pytest.mark.parametrize("path", ["/etc/shadow", str(ROOT / "utils" / "python_basics.py"), str(ROOT / "source"),
                                  "/root", "/var/run"])
def test_host_files_do_not_exist_in_the_jail(box, path):
    outcome, _ = box.call("read", Case((path,)))
    assert outcome.error is not None and ("FileNotFoundError" in outcome.error or "PermissionError" in outcome.error)


def test_the_grader_process_is_out_of_reach(box):
    grader = os.getpid()
    limits_before, priority_before = resource.getrlimit(resource.RLIMIT_NOFILE), os.getpriority(os.PRIO_PROCESS, 0)
    results = call(box, "touch_process", grader)
    assert all(outcome != "done" for outcome in results.values()), results
    assert resource.getrlimit(resource.RLIMIT_NOFILE) == limits_before
    assert os.getpriority(os.PRIO_PROCESS, 0) == priority_before


def test_no_environment_of_the_grader_is_readable(box):
    grader_environment = Path(f"/proc/{os.getpid()}/environ").read_bytes().decode("latin-1")
    grader_path = next(v for v in grader_environment.split("\0") if v.startswith("PATH="))
    seen = call(box, "environments", 0)
    assert seen, "the worker should at least see its own environment"
    assert not any(grader_path in environment for environment in seen)


def test_host_unix_sockets_are_unreachable(box, tmp_path):
    path = str(tmp_path / "host.sock")
    server = socket.socket(socket.AF_UNIX)
    server.bind(path)
    server.listen(1)
    server.settimeout(0.5)
    outcome, _ = box.call("connect_unix", Case((path,)))
    assert outcome.error is not None, "a student reached a socket of the host"
    with pytest.raises(TimeoutError):
        server.accept()
    server.close()


def test_nothing_outlives_the_submission():
    marker = f"leftover-{uuid.uuid4()}"
    with Sandbox([(0, ATTACKS)], _config(), RELEASE, {}) as sandbox:
        assert call(sandbox, "leave_behind", marker) == "started"
        time.sleep(0.5)
        assert host_processes_with(marker), "the leftover process should be running while the worker is"
    deadline = time.monotonic() + 5
    while host_processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not host_processes_with(marker)


def test_the_next_submission_sees_nothing_of_the_previous_one():
    with Sandbox([(0, ATTACKS)], _config(), RELEASE, {}) as first:
        assert call(first, "leave_traces", "answers for later") >= 0
        assert call(first, "leave_behind", f"trace-{uuid.uuid4()}") == "started"
        own = call(first, "find_traces", 0)
        assert own["shm"] and own["dev_shm"] and own["tmp"], own  # the traces exist where they were left
        with Sandbox([(0, ATTACKS)], _config(), RELEASE, {}) as second:  # even while the first is still running
            found = call(second, "find_traces", 0)
    assert not any(found[k] for k in ("shm", "dev_shm", "tmp", "user_key", "session_key")), found
    assert len(found["processes"]) <= 3, found["processes"]  # bwrap's init, the worker (and a zombie at most)


def test_memory_limit_holds_for_the_worker_and_its_children_together():
    limit = 600 * 2**20
    with Sandbox([(0, ATTACKS)], _config(memory_bytes=limit), RELEASE, {}) as sandbox:
        outcome, _ = sandbox.call("children_allocate", Case((300,)))
        peak = sandbox.cgroup.peak_memory_bytes()
    codes = outcome.value if outcome.error is None else None
    # Three children of 300 MiB each fit under the per-process limit but not together.
    assert outcome.error is not None or any(code != 0 for code in codes), codes
    assert peak is not None and peak <= limit


def test_process_limit_holds_for_the_worker_and_its_children_together():
    with Sandbox([(0, ATTACKS)], _config(processes=32), RELEASE, {}) as sandbox:
        started, error = call(sandbox, "many_processes", 100)
    assert started < 32 and error is not None


def test_many_small_files_cannot_fill_the_disk():
    with Sandbox([(0, ATTACKS)], _config(disk_bytes=64 * 2**20), RELEASE, {}) as sandbox:
        written, error = call(sandbox, "fill_disk", 40, 4)  # 40 files of 4 MiB, each under the file-size limit
    assert error == "OSError" and written <= 64



@pytest.mark.parametrize("missing, phrase", [("jail", "bubblewrap jail"), ("cgroup", "cgroup limits")])
def test_a_missing_layer_is_named_and_refused_unless_the_instructor_opts_out(monkeypatch, missing, phrase):
    from autograder import sandbox as sandbox_module
    from autograder.cgroups import CgroupUnavailable

    if missing == "cgroup":
        def no_cgroup(*args, **kwargs):
            raise CgroupUnavailable("no writable cgroup (simulated)")
        monkeypatch.setattr(sandbox_module.Cgroup, "create", no_cgroup)
    config = dict(call_timeout=15, notebook_timeout=30, jail=missing != "jail")
    with Sandbox([(0, "x = 1")], SandboxConfig(**config), RELEASE, {}) as strict:
        with pytest.raises(IsolationUnavailable, match=phrase):
            strict.run_cells()
    with Sandbox([(0, "x = 1")], SandboxConfig(require_isolation=False, **config), RELEASE, {}) as lenient:
        assert lenient.run_cells()[0].error is None
        assert any(phrase in m for m in lenient.missing), lenient.missing


PROXY_ATTACKS = [
    (0, "import numpy as np"),
    (1, "def huge_sizes(x):\n    return initialize_parameters(10**5, 10**5, 1)"),
    (2, "def many_iterations(w, b, X, Y, n):\n    return optimize(w, b, X, Y, num_iterations=n)"),
    (3, "def big_but_allowed(n):\n    return initialize_parameters(2 * n, 2 * n, 1)"),
]


@pytest.fixture(scope="module")
def proxy_box():
    from utils import logistic_regression, planar

    references = {"initialize_parameters": planar.initialize_parameters, "optimize": logistic_regression.optimize}
    config = SandboxConfig(call_timeout=4, notebook_timeout=30, reference_memory_bytes=1 * 2**30)
    with Sandbox(PROXY_ATTACKS, config, RELEASE, references) as sandbox:
        sandbox.run_cells()
        for name in references:
            sandbox.mark_graded(name)
        yield sandbox


def _max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_proxied_call_with_huge_arguments_is_refused(proxy_box):
    outcome, _ = proxy_box.call("huge_sizes", Case((np.ones((2, 3)),)), uses=("initialize_parameters",))
    assert "ValueError" in outcome.error and "was not run" in outcome.error


def test_a_proxied_call_that_runs_too_long_is_cut_at_the_call_deadline(proxy_box):
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(4, 50)), (rng.random((1, 50)) > 0.5).astype(float)
    started = time.monotonic()
    # Ten million iterations is inside the budget of a case that asks for five million, and far past any deadline.
    case = Case((np.zeros((4, 1)), 0.0, X, Y, 5_000_000))
    outcome, _ = proxy_box.call("many_iterations", case, uses=("optimize",))
    assert "did not finish in time" in outcome.error
    assert time.monotonic() - started < proxy_box.config.call_timeout + 3
    assert proxy_box.reference_runner.pid is None  # the reference's process was killed with the call


def test_a_proxied_allocation_fails_in_the_reference_runner_not_in_the_grader(proxy_box):
    before = _max_rss_mib()
    # 20,000 x 20,000 float64 weights are 3 GB: inside the size budget of this case, over the runner's 1 GiB.
    outcome, _ = proxy_box.call("big_but_allowed", Case((10_000,)), uses=("initialize_parameters",))
    assert "MemoryError" in outcome.error
    assert _max_rss_mib() - before < 200


def test_a_data_folder_the_unprivileged_worker_cannot_read_is_named(tmp_path):
    from autograder.sandbox import UnreadableCourseFiles

    tmp_path.chmod(0o700)
    config = SandboxConfig(call_timeout=15, notebook_timeout=30, data_dir=str(tmp_path))
    with Sandbox([(0, "x = 1")], config, RELEASE, {}) as sandbox:
        with pytest.raises(UnreadableCourseFiles, match=str(tmp_path)):
            sandbox.run_cells()
