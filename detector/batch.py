"""Run the engine over many inputs on several cores, results in input order.

Each worker process builds its own :class:`Engine` from picklable settings, so heavy rule data
(language model, grammar checker) is loaded once per worker, never shipped between processes.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

from .document import Document
from .engine import Engine, Selection
from .loader import InputError, load_path, size_text
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

    def key(self) -> tuple:
        """A hashable identity: two specs with the same key build the same engine."""
        return (self.select, self.ignore, json.dumps(self.rule_settings, sort_keys=True),
                self.model_path)


_worker_specs: Sequence[EngineSpec] = ()
_worker_engines: dict[int, Engine] = {}
_worker_task: Callable | None = None


def _init_worker(specs: Sequence[EngineSpec], task: Callable) -> None:
    global _worker_specs, _worker_engines, _worker_task
    _worker_specs, _worker_engines, _worker_task = specs, {}, task


def _engine_for(index: int) -> Engine:
    engine = _worker_engines.get(index)
    if engine is None:
        engine = _worker_engines[index] = _worker_specs[index].build()
    return engine


def _run_one(pair):
    index, item = pair
    return _worker_task(_engine_for(index), item)


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
    if jobs <= 1 or len(pairs) < 2:
        engines: dict[int, Engine] = {}
        for index, item in pairs:
            if index not in engines:
                engines[index] = specs[index].build()
            yield task(engines[index], item)
        return
    jobs = min(jobs, len(pairs))
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(tuple(specs), task)) as pool:
        yield from pool.map(_run_one, pairs, chunksize=max(1, min(chunksize, len(pairs) // jobs)))


# -- time budget per file --------------------------------------------------------------------

# Seconds one file may take to load and check (0: no limit). Measured on 2 cores: ~25 s per MB
# of prose (a 5 MB article ~135 s), so files up to the default size limit fit.
DEFAULT_TIMEOUT = 600.0


class CheckTimeout(BaseException):
    """A file's time budget ran out. A BaseException, like KeyboardInterrupt, so that the
    ``except Exception`` guards around rules and parsers do not turn it into something else."""


# Seconds between further alarms after the first, for when the exception was swallowed (raised
# inside a garbage-collector callback or a ``__del__``, where Python only prints it).
RETRY_SECONDS = 0.25
_budget: list[float] = []  # the running budget, while one runs


def _expire(signum, frame) -> None:
    if not _budget:
        return
    if _in_gc_callback(frame):  # raised here, it would be swallowed: try again very soon
        signal.setitimer(signal.ITIMER_REAL, 0.005)
        return
    signal.setitimer(signal.ITIMER_REAL, RETRY_SECONDS)
    raise CheckTimeout(_budget[0])


def _in_gc_callback(frame, depth: int = 4) -> bool:
    codes = {getattr(cb, "__code__", None) for cb in gc.callbacks}
    while frame is not None and depth > 0 and codes:
        if frame.f_code in codes:
            return True
        frame, depth = frame.f_back, depth - 1
    return False


def disarm() -> None:
    """End the running time budget, if any (safe to call more than once)."""
    _budget.clear()
    if hasattr(signal, "setitimer") and signal.getsignal(signal.SIGALRM) is _expire:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


@contextmanager
def time_limit(seconds: float | None):
    """Raise :class:`CheckTimeout` in this thread after ``seconds`` (None or 0: no limit).

    Uses SIGALRM, so it works only in the main thread of a process on POSIX (the command, its
    worker processes, the library called from a main thread), and only when nobody else handles
    SIGALRM; elsewhere (threads, Windows) the body runs without a limit. The signal is handled
    between Python operations: one long call into compiled code (a harper lint of one piece of
    text) finishes first. Catch the exception outside the ``with`` and call :func:`disarm`
    there too (an alarm can go off while the budget is being ended)."""
    if (not seconds or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGALRM) is not signal.SIG_DFL):
        yield
        return
    _budget[:] = [seconds]
    signal.signal(signal.SIGALRM, _expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield
    finally:
        disarm()


def timeout_error(seconds: float) -> str:
    return f"took longer than {seconds:g} s to check (see --timeout)"


# -- tasks (module level, so they can be sent to worker processes) ---------------------------

def check_file(engine: Engine, item: tuple) -> FileReport:
    """``item`` = (path, max_bytes, stdin bytes or None[, timeout in seconds]): load and check
    one file within the time budget; an unreadable or too slow one gives a report with
    ``error`` set. Standard input is read by the parent process."""
    path, max_bytes, stdin_data, *rest = item
    timeout = rest[0] if rest else None
    name = "<stdin>" if path == "-" else path
    try:
        with time_limit(timeout):
            try:
                doc = load_path(path, max_bytes=max_bytes, stdin_data=stdin_data)
            except InputError as exc:
                return FileReport(path=name, error=str(exc))
            return engine.check(doc)
    except CheckTimeout:
        disarm()
        return FileReport(path=name, error=timeout_error(timeout))


def check_text_item(engine: Engine, item: tuple) -> FileReport:
    """``item`` = (label, text, error[, timeout in seconds]): check a text within the time
    budget, or pass an error through."""
    label, text, error, *rest = item
    timeout = rest[0] if rest else None
    if error is not None:
        return FileReport(path=label, error=error)
    try:
        with time_limit(timeout):
            return engine.check(Document.from_text(text, path=label))
    except CheckTimeout:
        disarm()
        return FileReport(path=label, error=timeout_error(timeout))


# -- JSON Lines -------------------------------------------------------------------------------

JSONL_FIELDS = ("id", "line", "verdict", "scores", "words", "set_aside", "reasons", "notes",
                "findings", "features")
DEFAULT_JSONL_FIELDS = ("id", "verdict", "scores", "words", "findings")


@dataclass(frozen=True)
class JsonlRecord:
    line: int
    id: Any
    text: str | None
    error: str | None = None


def read_jsonl(lines: Iterable[str | bytes], id_field: str = "id", text_field: str = "text",
               max_bytes: int | None = None) -> Iterator[JsonlRecord]:
    """One :class:`JsonlRecord` per non-blank line; a line that is not a JSON object with a
    string ``text_field`` gives a record with ``error`` set (and the id, when it could be read).
    A record without ``id_field`` is identified by its line number."""
    for n, line in enumerate(lines, 1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield JsonlRecord(n, None, None, f"invalid UTF-8 at byte {exc.start}")
                continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            yield JsonlRecord(n, None, None, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(rec, dict):
            yield JsonlRecord(n, None, None, "not a JSON object")
            continue
        rid = rec.get(id_field, n)
        if not isinstance(rid, (str, int, float)) or isinstance(rid, bool):
            yield JsonlRecord(n, None, None, f"field {id_field!r} must be a string or a number")
            continue
        text = rec.get(text_field)
        if text_field not in rec:
            yield JsonlRecord(n, rid, None, f"no {text_field!r} field")
        elif not isinstance(text, str):
            yield JsonlRecord(n, rid, None, f"field {text_field!r} is not a string")
        elif max_bytes is not None and len(text) > max_bytes // 4 and len(text.encode("utf-8")) > max_bytes:
            yield JsonlRecord(n, rid, None, f"text too large (over {size_text(max_bytes)}, see --max-bytes)")
        else:
            yield JsonlRecord(n, rid, text)


def jsonl_output(record: JsonlRecord, report: FileReport, fields: Sequence[str] = DEFAULT_JSONL_FIELDS) -> dict:
    """The output record for one input record: ``id`` first, then the chosen ``fields``; an error
    record is ``{"id", "line", "error"}``."""
    from .formats import file_dict

    if report.error:
        return {"id": record.id, "line": record.line, "error": report.error}
    full = file_dict(report)
    full["features"] = {k: round(v, 6) for k, v in sorted(report.features.items())}
    out: dict[str, Any] = {"id": record.id}
    for name in fields:
        if name == "line":
            out["line"] = record.line
        elif name != "id":
            out[name] = full[name]
    return out
