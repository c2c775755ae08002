"""Planning a run: which files, with which settings and engine each; and running the plan in
this process or on worker processes (shared by the command and the library)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Callable, Iterator, TypeVar

from ..config import Configuration, Settings
from ..core.report import FileReport
from ..input.paths import expand_paths
from .engine import Engine, EngineSpec, engine_for, spec_for
from .pool import default_jobs, run_batch_specs
from .tasks import check_file

T = TypeVar("T")

# Automatic --jobs: one process for up to this many files, all cores above. Measured with
# benchmarks/speed.py (auto against --jobs 1): 2 workers cost 0.1-0.6 s more CPU than one
# process and were slower at 9 records, faster at 20.
AUTO_JOBS_MIN_FILES = 16


@dataclass
class Plan:
    """Files to check, each with the settings that apply to it and an engine spec index."""

    files: list[str] = field(default_factory=list)
    settings: list[Settings] = field(default_factory=list)
    spec_index: list[int] = field(default_factory=list)
    specs: list[EngineSpec] = field(default_factory=list)
    stdin: bytes | None = None
    # --stdin-filename: the name standard input is reported, read and configured as.
    stdin_name: str | None = None
    # Directories that gave nothing to check: (path, message), reported as errors.
    errors: list[tuple[str, str]] = field(default_factory=list)

    def error_reports(self) -> list[FileReport]:
        return [FileReport(path=p, error=message) for p, message in self.errors]

    def items(self) -> list[tuple[int, tuple]]:
        return [(i, (p, s.max_bytes, self.stdin if p == "-" else None, s.timeout)
                 + ((self.stdin_name,) if p == "-" and self.stdin_name else ()))
                for p, s, i in zip(self.files, self.settings, self.spec_index)]


def plan_paths(paths: list[str], conf: Configuration, expand: bool = True,
               stdin_name: str | None = None) -> Plan:
    """Expand directories and resolve every file's settings (this is where configuration errors
    surface, before anything is checked). Standard input is read here, once; with
    ``stdin_name`` it gets that file's settings (configuration, per-file ignores)."""
    errors: list[tuple[str, str]] = []
    files = (expand_paths(paths, lambda d: conf.for_directory(d).path_filter(), errors)
             if expand else paths)
    plan = Plan(errors=errors, stdin_name=stdin_name)
    keys: dict[tuple, int] = {}
    for p in files:
        named = stdin_name if p == "-" and stdin_name else p
        settings = conf.for_path(named)
        spec = spec_for(settings, None if named == "-" else os.path.abspath(named))
        index = keys.setdefault(spec.key(), len(keys))
        if index == len(plan.specs):
            plan.specs.append(spec)
        plan.files.append(p)
        plan.settings.append(settings)
        plan.spec_index.append(index)
        if p == "-" and plan.stdin is None:
            plan.stdin = sys.stdin.buffer.read(settings.max_bytes + 1)
    return plan


def resolve_jobs(jobs: int | None, items: int, load: float | None = None) -> int:
    """``jobs`` >= 1 as given; 0 or None: one process for a few items, else the free cores.

    A core counts as free unless other processes keep it busy: the 1-minute load average
    (``load``, read from the system when None) less this process's own share (1). On a busy
    machine a second worker competes with the other jobs instead of using an idle core, and
    two processes spend more CPU than one (each warms its own caches): measured slower there."""
    if jobs:
        return max(1, jobs)
    if items <= AUTO_JOBS_MIN_FILES:
        return 1
    if load is None:
        try:
            load = os.getloadavg()[0]
        except (OSError, AttributeError):  # no load average (Windows): all cores
            return default_jobs()
    free = default_jobs() - max(0.0, load - 1.0)
    return max(1, min(default_jobs(), int(free + 0.5)))


def run_plan(plan: Plan, jobs: int | None = 1, progress: Callable[[int], None] | None = None
             ) -> Iterator[FileReport]:
    """Yield one report per planned file, in order; ``progress(1)`` after each."""
    jobs = resolve_jobs(jobs, len(plan.files))
    for report in _run(plan, jobs):
        if progress:
            progress(1)
        yield report


def _run(plan: Plan, jobs: int) -> Iterator[FileReport]:
    return run_items(plan.items(), check_file, plan.specs, jobs)


def run_items(pairs: list[tuple[int, T]], task: Callable[[Engine, T], FileReport],
              specs: list[EngineSpec], jobs: int) -> Iterator[FileReport]:
    """``task(engine of specs[index], item)`` for each ``(index, item)``, in order: in this
    process (engines kept for later calls) or on ``jobs`` worker processes."""
    if jobs <= 1:
        for index, item in pairs:
            yield task(engine_for(specs[index]), item)
    else:
        yield from run_batch_specs(pairs, task, specs, jobs=jobs)
