"""Aggregate limits for one submission's worker and every process it starts.

Resource limits (``setrlimit``) count per process, so a student's notebook
that starts several processes could use several times the memory it is
given. A control group counts the worker and all its children together:
memory (no swap), process count and one CPU's worth of time. Both cgroup
hierarchies are supported: v2 (one tree, ``memory.max``) and v1 (one tree per
controller, ``memory.limit_in_bytes``). Creating a group needs write access to
the grader's own cgroup, which root has; where it is missing, the grader says
so in ``protections`` and ``require_isolation`` refuses to grade.
"""

from __future__ import annotations

import itertools
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
_CPU_PERIOD_US = 100_000
_names = itertools.count()


class CgroupUnavailable(OSError):
    """No writable cgroup with the memory and pids controllers."""


def _own_group(controller: str | None) -> Path | None:
    """Where this process sits in the hierarchy of ``controller`` (``None``: the v2 tree)."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if (controller is None and controllers == "") or (controller in controllers.split(",")):
            mount = CGROUP_ROOT / "unified" if controller is None and (CGROUP_ROOT / "unified").is_dir() else (
                CGROUP_ROOT if controller is None else CGROUP_ROOT / controller)
            return mount / path.lstrip("/")
    return None


def _write(path: Path, value: str) -> None:
    path.write_text(value)


@dataclass
class Cgroup:
    """One submission's control group (a folder per hierarchy it spans).

    Parameters
    ----------
    folders : list of Path
        The group's folder in each hierarchy; ``cgroup.procs`` of each gets the worker.
    version : int
        1 or 2.
    description : str
        What is enforced, for ``protections``.
    """

    folders: list[Path]
    version: int
    description: str
    _removed: bool = field(default=False, repr=False)

    @classmethod
    def create(cls, memory_bytes: int, processes: int, cpus: float = 1.0) -> Cgroup:
        """Make a fresh group with the given limits; raise :class:`CgroupUnavailable` if none can be made."""
        name = f"course-grading-{os.getpid()}-{next(_names)}"
        errors = []
        for make in (cls._create_v2, cls._create_v1):
            try:
                return make(name, memory_bytes, processes, cpus)
            except OSError as error:
                errors.append(str(error))
        raise CgroupUnavailable("; ".join(errors))

    @classmethod
    def _create_v2(cls, name: str, memory_bytes: int, processes: int, cpus: float) -> Cgroup:
        parent = _own_group(None)
        if parent is None or not (parent / "cgroup.controllers").exists():
            raise OSError("no cgroup v2 tree")
        enabled = (parent / "cgroup.subtree_control").read_text().split()
        if not {"memory", "pids"} <= set(enabled):
            raise OSError(f"cgroup v2 at {parent} does not delegate memory and pids to child groups")
        folder = parent / name
        folder.mkdir()
        group = cls([folder], 2, "")
        try:
            _write(folder / "memory.max", str(memory_bytes))
            if (folder / "memory.swap.max").exists():
                _write(folder / "memory.swap.max", "0")
            _write(folder / "pids.max", str(processes))
            cpu = "cpu" in enabled and (folder / "cpu.max").exists()
            if cpu:
                _write(folder / "cpu.max", f"{int(cpus * _CPU_PERIOD_US)} {_CPU_PERIOD_US}")
        except OSError:
            group.remove()
            raise
        group.description = _describe(2, memory_bytes, processes, cpus if cpu else None)
        return group

    @classmethod
    def _create_v1(cls, name: str, memory_bytes: int, processes: int, cpus: float) -> Cgroup:
        memory_parent, pids_parent = _own_group("memory"), _own_group("pids")
        if memory_parent is None or pids_parent is None:
            raise OSError("no cgroup v1 memory and pids hierarchies")
        folders = [memory_parent / name, pids_parent / name]
        cpu_parent = _own_group("cpu")
        if cpu_parent is not None and (cpu_parent / "cpu.cfs_quota_us").exists():
            folders.append(cpu_parent / name)
        group = cls([], 1, "")
        try:
            for folder in folders:
                folder.mkdir()
                group.folders.append(folder)
            memory, pids = folders[0], folders[1]
            _write(memory / "memory.limit_in_bytes", str(memory_bytes))
            if (memory / "memory.memsw.limit_in_bytes").exists():
                _write(memory / "memory.memsw.limit_in_bytes", str(memory_bytes))
            _write(pids / "pids.max", str(processes))
            if len(folders) == 3:
                _write(folders[2] / "cpu.cfs_period_us", str(_CPU_PERIOD_US))
                _write(folders[2] / "cpu.cfs_quota_us", str(int(cpus * _CPU_PERIOD_US)))
        except OSError:
            group.remove()
            raise
        group.description = _describe(1, memory_bytes, processes, cpus if len(folders) == 3 else None)
        return group

    def enter(self) -> None:
        """Move the calling process into the group (called in the worker's child before ``exec``)."""
        pid = str(os.getpid())
        for folder in self.folders:
            _write(folder / "cgroup.procs", pid)

    def pids(self) -> set[int]:
        """Every process still in the group."""
        found: set[int] = set()
        for folder in self.folders:
            try:
                found.update(int(p) for p in (folder / "cgroup.procs").read_text().split())
            except (OSError, ValueError):
                pass
        return found

    def peak_memory_bytes(self) -> int | None:
        """The most memory the group used at once, where the kernel reports it."""
        for file in ("memory.peak", "memory.max_usage_in_bytes"):
            for folder in self.folders:
                if (folder / file).exists():
                    return int((folder / file).read_text().split()[0])
        return None

    def kill_all(self) -> None:
        """SIGKILL every process in the group (a process that escaped the worker's pid namespace included)."""
        for _ in range(50):
            remaining = self.pids()
            if not remaining:
                return
            for pid in remaining:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.02)

    def remove(self) -> None:
        """Kill what is left and delete the group's folders."""
        if self._removed:
            return
        self.kill_all()
        for folder in reversed(self.folders):
            for _ in range(50):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:  # the kernel takes a moment to let go of processes that just died
                    time.sleep(0.02)
        self._removed = True


def _describe(version: int, memory_bytes: int, processes: int, cpus: float | None) -> str:
    cpu = f", {cpus:g} CPU" if cpus is not None else ""
    return (f"cgroup v{version}: memory {memory_bytes // 2**20} MiB (no swap), {processes} processes{cpu} "
            "for the worker and all its children together")
