"""Library API: the same checks the command runs, as functions, with the same options.

Options (keyword arguments, named like the command's long flags in snake_case): ``select``,
``ignore``, ``lexicons``, ``languagetool_url``, ``model``, ``max_bytes``, ``timeout``,
``include``, ``exclude``, plus ``rule_settings`` (rule name -> settings dict, merged over those
the other options produce). ``config`` names a configuration file to use. :func:`check_path` and
:func:`check_paths` discover configuration files next to the checked files as the command does
(``isolated=True`` turns that off); :func:`check_text` uses a configuration only when given one.
Options win over configuration files, as flags do.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, TypeVar

from .batch import EngineSpec, check_file, default_jobs, run_batch_specs
from .config import Configuration, Settings
from .document import Document
from .engine import Engine
from .loader import expand_paths
from .report import FileReport, Report

T = TypeVar("T")

# Automatic --jobs: one process for up to this many files, all cores above.
AUTO_JOBS_MIN_FILES = 8

_engines: dict[tuple, Engine] = {}


def engine_for(spec: EngineSpec) -> Engine:
    """The engine for ``spec``, built once per process (rule data is shared between engines)."""
    key = spec.key()
    engine = _engines.get(key)
    if engine is None:
        if len(_engines) >= 32:
            _engines.clear()
        engine = _engines[key] = spec.build()
    return engine


def configuration(config=None, isolated: bool = False, **options) -> Configuration:
    """A :class:`Configuration` from a config file path (or an existing Configuration, used as
    it is when no options are given), discovery unless ``isolated``, and option overrides."""
    if isinstance(config, Configuration):
        if options:
            raise TypeError("pass options when building the Configuration, not beside it")
        return config
    return Configuration(config_file=os.fspath(config) if config is not None else None,
                         isolated=isolated and config is None, overrides=options)


def make_engine(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                rule_settings: dict | None = None, *, config=None, **options) -> Engine:
    """An engine with these options (and the given configuration file, if any)."""
    conf = configuration(config, isolated=True, select=_tuple(select), ignore=_tuple(ignore),
                         rule_settings=rule_settings, **options)
    return conf.for_directory(os.getcwd()).engine_spec().build()


def check_text(text: str, path: str = "<text>", engine: Engine | None = None, *, config=None,
               **options) -> FileReport:
    """Check one article given as a string; ``path`` only labels the report."""
    if engine is None:
        conf = configuration(config, isolated=True, **options)
        engine = engine_for(conf.for_directory(os.getcwd()).engine_spec())
    elif options or config is not None:
        raise TypeError("pass either an engine or options, not both")
    return engine.check(Document.from_text(text, path=path))


def check_path(path: str, engine: Engine | None = None, max_bytes: int | None = None, *,
               config=None, isolated: bool = False, **options) -> FileReport:
    """Check one file (``-``: standard input); a file that cannot be read gives a report with
    ``error`` set."""
    return check_paths([path], engine, max_bytes, config=config, isolated=isolated,
                       expand=False, **options).files[0]


def check_paths(paths: Iterable[str], engine: Engine | None = None, max_bytes: int | None = None,
                *, config=None, isolated: bool = False, jobs: int = 1, expand: bool = True,
                **options) -> Report:
    """Check files and directories (walked with ``include``/``exclude``), in order. ``jobs`` > 1
    runs that many worker processes (0: all cores for more than a few files); the results are
    the same."""
    if max_bytes is not None:
        options["max_bytes"] = max_bytes
    if engine is not None:
        if config is not None or set(options) - {"max_bytes", "timeout"}:
            raise TypeError("pass either an engine or options, not both")
        conf = configuration(None, isolated=True, **options)
        settings = conf.for_directory(os.getcwd())
        files = expand_paths(list(paths), settings.path_filter()) if expand else list(paths)
        return Report([check_file(engine, (p, settings.max_bytes, None, settings.timeout))
                       for p in files])
    conf = configuration(config, isolated=isolated, **options)
    plan = plan_paths(list(paths), conf, expand=expand)
    return Report(list(run_plan(plan, jobs)))


def _tuple(values) -> tuple[str, ...] | None:
    if values is None:
        return None
    return (values,) if isinstance(values, str) else tuple(values)


# -- planning and running a batch of files (shared by the command and check_paths) ----------

@dataclass
class Plan:
    """Files to check, each with the settings that apply to it and an engine spec index."""

    files: list[str] = field(default_factory=list)
    settings: list[Settings] = field(default_factory=list)
    spec_index: list[int] = field(default_factory=list)
    specs: list[EngineSpec] = field(default_factory=list)
    stdin: bytes | None = None

    def items(self) -> list[tuple[int, tuple]]:
        return [(i, (p, s.max_bytes, self.stdin if p == "-" else None, s.timeout))
                for p, s, i in zip(self.files, self.settings, self.spec_index)]


def plan_paths(paths: list[str], conf: Configuration, expand: bool = True) -> Plan:
    """Expand directories and resolve every file's settings (this is where configuration errors
    surface, before anything is checked). Standard input is read here, once."""
    files = expand_paths(paths, lambda d: conf.for_directory(d).path_filter()) if expand else paths
    plan = Plan()
    keys: dict[tuple, int] = {}
    for p in files:
        settings = conf.for_path(p)
        spec = settings.engine_spec(None if p == "-" else os.path.abspath(p))
        index = keys.setdefault(spec.key(), len(keys))
        if index == len(plan.specs):
            plan.specs.append(spec)
        plan.files.append(p)
        plan.settings.append(settings)
        plan.spec_index.append(index)
        if p == "-" and plan.stdin is None:
            plan.stdin = sys.stdin.buffer.read(settings.max_bytes + 1)
    return plan


def resolve_jobs(jobs: int | None, items: int) -> int:
    """``jobs`` >= 1 as given; 0 or None: all cores when there are more than a few items."""
    if jobs:
        return max(1, jobs)
    return default_jobs() if items > AUTO_JOBS_MIN_FILES else 1


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
