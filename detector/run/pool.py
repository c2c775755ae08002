"""Run the engine over many inputs on several cores, results in input order.

Each worker process uses the engines (:func:`~mtcheck.run.engine.engine_for`) built from
picklable :class:`~mtcheck.run.engine.EngineSpec` values. Where processes can fork, the parent
checks the first item itself before the workers start, so the rule data it loaded for that item
(language model, lexicons, thesaurus, and the grammar checker, which the two-stage check loads
only for some articles) is inherited by the workers instead of being loaded again by each (the
pages stay shared until written). Elsewhere each worker loads its own.
"""

from __future__ import annotations

import os
import signal
import threading
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

from ..core.report import FileReport
from .engine import Engine, EngineSpec, engine_for

T = TypeVar("T")

_worker_specs: Sequence[EngineSpec] = ()
_worker_task: Callable | None = None


def _init_worker(specs: Sequence[EngineSpec], task: Callable) -> None:
    global _worker_specs, _worker_task
    # Ctrl-C reaches the whole process group: the parent stops the run (exit 130, no output);
    # the workers ignore it instead of each printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_specs, _worker_task = specs, task


def _run_one(pair):
    index, item = pair
    return _worker_task(engine_for(_worker_specs[index]), item)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def run_batch(items: Iterable[T], task: Callable[[Engine, T], FileReport], spec: EngineSpec,
              jobs: int = 1, chunksize: int = 8) -> Iterator[FileReport]:
    """Yield ``task(engine, item)`` for every item, in order. ``task`` must be a module-level
    function (it is sent to the workers)."""
    return run_batch_specs([(0, item) for item in items], task, [spec], jobs, chunksize)


def run_batch_specs(pairs: Iterable[tuple[int, T]], task: Callable[[Engine, T], FileReport],
                    specs: Sequence[EngineSpec], jobs: int = 1, chunksize: int = 8
                    ) -> Iterator[FileReport]:
    """Like :func:`run_batch` for items that need different engines: ``pairs`` are
    ``(index into specs, item)``. Each process builds an engine per spec on first use."""
    pairs = list(pairs)
    context = _fork_context()
    if jobs > 1 and len(pairs) >= 2 and context is not None:
        # Check the first item here: its engine's data then loads once, before the fork; so does
        # what the two-stage check loads only for some articles (the grammar checker), which
        # some of a batch's articles will need.
        index, item = pairs[0]
        engine = engine_for(specs[index])
        yield task(engine, item)
        engine.warm(deferred=True)
        pairs = pairs[1:]
    if jobs <= 1 or len(pairs) < 2:
        for index, item in pairs:
            yield task(engine_for(specs[index]), item)
        return
    # imported here: most runs (one file, or a small batch) use no worker processes
    from concurrent.futures import ProcessPoolExecutor

    jobs = min(jobs, len(pairs))
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                               initargs=(tuple(specs), task))
    try:
        yield from pool.map(_run_one, pairs, chunksize=max(1, min(chunksize, len(pairs) // jobs)))
        # inside the try: Ctrl-C while the workers are being joined must not hang the run
        pool.shutdown(wait=True)
    except BaseException:
        # Interrupted (Ctrl-C) or abandoned: do not wait for the queued work.
        _quiet_cancelled_results()
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            proc.terminate()
        raise


def _quiet_cancelled_results() -> None:
    """The pool's manager thread can still try to set the result of a future that the shutdown
    just cancelled (a race in CPython's concurrent.futures: InvalidStateError printed as a
    thread traceback). The run is ending and the result is unwanted, so that error is dropped;
    any other thread error is printed as before."""
    from concurrent.futures import InvalidStateError

    previous = threading.excepthook

    def hook(args):
        if not isinstance(args.exc_value, InvalidStateError):
            previous(args)

    threading.excepthook = hook


def _fork_context():
    """The "fork" start method where the platform has it (the workers then inherit the
    parent's loaded data), else None (the platform default)."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None
