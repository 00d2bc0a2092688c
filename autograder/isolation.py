"""Operating-system limits for the process that runs student code.

Three layers, applied to the sandbox worker:

* resource limits (``setrlimit``): CPU seconds, address space, file size,
  open files, no core dumps, and a process count for non-root users;
* a private network namespace (no interfaces but loopback), when the kernel
  allows one;
* Landlock (Linux 5.13+): read-only access to the Python installation and
  the system, read-write access to one scratch folder, no TCP connect or
  bind, and no signals to processes outside the sandbox.

Landlock needs no privileges and cannot be undone by the process it
restricts; every layer that could be applied is listed in the grading report.
"""

from __future__ import annotations

import ctypes
import os
import platform
import resource
import signal
from collections.abc import Iterable
from dataclasses import dataclass

# Landlock system calls (the same numbers on every architecture).
_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38
_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000

# Filesystem rights, by the Landlock ABI that introduced them.
_EXECUTE, _WRITE_FILE, _READ_FILE, _READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_ABI1_ALL = (1 << 13) - 1
_REFER, _TRUNCATE, _IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_FILE_RIGHTS = _EXECUTE | _WRITE_FILE | _READ_FILE | _TRUNCATE | _IOCTL_DEV
_READ_ONLY = _EXECUTE | _READ_FILE | _READ_DIR
_NET_BIND_TCP, _NET_CONNECT_TCP = 1 << 0, 1 << 1
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1 << 0, 1 << 1


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _libc() -> ctypes.CDLL:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


@dataclass(frozen=True)
class Limits:
    """Limits of one submission's worker.

    ``cpu_seconds``, ``file_bytes`` and ``open_files`` count per process
    (``setrlimit``); ``memory_bytes`` holds per process and, under a cgroup,
    for the worker and its children together, as does ``processes``;
    ``disk_bytes`` is the size of the worker's writable ``/tmp``.
    """

    cpu_seconds: int = 120
    memory_bytes: int = 4 * 2**30
    file_bytes: int = 64 * 2**20
    open_files: int = 256
    processes: int = 64
    disk_bytes: int = 256 * 2**20


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, or 0 when Landlock is unavailable."""
    try:
        version = _libc().syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_CREATE_RULESET_VERSION))
    except (OSError, AttributeError):
        return 0
    return max(int(version), 0)


def apply_resource_limits(limits: Limits) -> list[str]:
    """Set rlimits on the current process; return a description of each."""
    applied = []
    settings = [
        (resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5), f"CPU time {limits.cpu_seconds} s"),
        (resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes), f"memory {limits.memory_bytes // 2**20} MiB"),
        (resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes), f"file size {limits.file_bytes // 2**20} MiB"),
        (resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files), f"{limits.open_files} open files"),
        (resource.RLIMIT_CORE, (0, 0), "no core dumps"),
    ]
    if os.geteuid() != 0:  # the kernel does not apply RLIMIT_NPROC to root
        settings.append((resource.RLIMIT_NPROC, (limits.processes, limits.processes), f"{limits.processes} processes"))
    for which, value, description in settings:
        try:
            resource.setrlimit(which, value)
            applied.append(description)
        except (ValueError, OSError):
            pass
    return applied


def leave_network() -> bool:
    """Move the current process into a new, empty network namespace."""
    libc = _libc()
    if libc.unshare(_CLONE_NEWNET) == 0:
        return True
    return libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0


def restrict_filesystem(read_only: Iterable[str], read_write: Iterable[str], devices: Iterable[str] = ("/dev/null",)) -> list[str]:
    """Confine the current process (and its children) with Landlock.

    Parameters
    ----------
    read_only : iterable of str
        Folders or files the process may read and execute.
    read_write : iterable of str
        Folders where the process may also create, write and delete.
    devices : iterable of str
        Device files the process may read and write.

    Returns
    -------
    applied : list of str
        What was enforced; empty when Landlock is unavailable.
    """
    abi = landlock_abi()
    if abi < 1:
        return []
    handled_fs = _ABI1_ALL | (_REFER if abi >= 2 else 0) | (_TRUNCATE if abi >= 3 else 0) | (_IOCTL_DEV if abi >= 5 else 0)
    attr = _RulesetAttr(handled_fs, _NET_BIND_TCP | _NET_CONNECT_TCP if abi >= 4 else 0,
                        _SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL if abi >= 6 else 0)
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    libc = _libc()
    ruleset = libc.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        for path in read_only:
            _allow(libc, ruleset, path, _READ_ONLY & handled_fs)
        for path in read_write:
            _allow(libc, ruleset, path, handled_fs)
        for path in devices:
            _allow(libc, ruleset, path, (_READ_FILE | _WRITE_FILE | _TRUNCATE) & handled_fs)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or libc.syscall(_SYS_RESTRICT_SELF, ruleset, ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)
    applied = [f"Landlock ABI {abi}: filesystem read-only outside the scratch folder, course files hidden"]
    if abi >= 4:
        applied.append("no TCP connections")
    if abi >= 6:
        applied.append("no signals to other processes")
    return applied


def _allow(libc: ctypes.CDLL, ruleset: int, path: str, access: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a folder this machine does not have
    try:
        if not os.path.isdir(path):
            access &= _FILE_RIGHTS
        rule = _PathBeneathAttr(access, fd)
        if libc.syscall(_SYS_ADD_RULE, ruleset, ctypes.c_uint32(_RULE_PATH_BENEATH), ctypes.byref(rule), ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for {path}")
    finally:
        os.close(fd)


_SYS_KEYCTL = {"x86_64": 250, "aarch64": 219}
_KEYCTL_JOIN_SESSION_KEYRING = 1


def leave_session_keyring() -> bool:
    """Give the current process a new, empty session keyring (not the grader's)."""
    number = _SYS_KEYCTL.get(platform.machine())
    return number is not None and _libc().syscall(number, _KEYCTL_JOIN_SESSION_KEYRING, None) >= 0


_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Have the kernel SIGKILL the calling process when the thread that started it ends (the grader dies)."""
    _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
