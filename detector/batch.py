"""Run the engine over many inputs on several cores, results in input order.

Each worker process builds its own :class:`Engine` from picklable settings, so heavy rule data
(language model, grammar checker) is loaded once per worker, never shipped between processes.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, TypeVar

from .engine import Engine, Selection
from .report import FileReport

T = TypeVar("T")


@dataclass(frozen=True)
class EngineSpec:
    """What a worker needs to build the same engine as the parent."""

    select: tuple[str, ...] = ("MT",)
    ignore: tuple[str, ...] = ()
    rule_settings: dict = field(default_factory=dict)
    model_path: str | None = None

    def build(self) -> Engine:
        engine = Engine(selection=Selection(self.select, self.ignore),
                        rule_settings=dict(self.rule_settings))
        if self.model_path:
            from .calibration import LogisticScorer, load_model
            engine.scorer = LogisticScorer(load_model(self.model_path))
        return engine


_worker_engine: Engine | None = None
_worker_task: Callable | None = None


def _init_worker(spec: EngineSpec, task: Callable) -> None:
    global _worker_engine, _worker_task
    _worker_engine, _worker_task = spec.build(), task


def _run_one(item):
    return _worker_task(_worker_engine, item)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def run_batch(items: Iterable[T], task: Callable[[Engine, T], FileReport], spec: EngineSpec,
              jobs: int = 1, chunksize: int = 8) -> Iterator[FileReport]:
    """Yield ``task(engine, item)`` for every item, in order. ``task`` must be a module-level
    function (it is sent to the workers)."""
    items = list(items)
    if jobs <= 1 or len(items) < 2:
        engine = spec.build()
        for item in items:
            yield task(engine, item)
        return
    jobs = min(jobs, len(items))
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(spec, task)) as pool:
        yield from pool.map(_run_one, items, chunksize=max(1, min(chunksize, len(items) // jobs)))
