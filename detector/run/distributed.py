"""Check a large JSON Lines corpus on a Dask cluster, with the same output as ``mtcheck --jsonl``.

Install the extra, then run on a local cluster or on a running scheduler (the ``--dask`` option
of the main command)::

    pip install 'mtcheck[dask]'
    mtcheck --jsonl corpus.jsonl --dask local:2 > reports.jsonl
    mtcheck --jsonl corpus.jsonl --dask tcp://scheduler:8786 > reports.jsonl

The client reads the input in partitions of ``--partition-size`` lines and sends each partition to
a worker; the workers need mtcheck installed (the same version) but no access to the input file.
Each worker process builds one engine (rule data loaded once) and turns every record into exactly
the output line ``mtcheck --jsonl`` writes for it: same record builder, same line numbers, same
error records for bad lines. The client writes the results in input order and exits like
``mtcheck --jsonl`` (0 clean, 1 an article failed, 2 a record or the input could not be checked).

Settings come from the configuration file that applies in the current directory, ``--config`` or
flags, resolved once on the client (as for ``mtcheck --jsonl``); paths in them (``lexicons``, ``model``) must exist at the same
path on the workers. Nothing is downloaded at run time. A local cluster listens on 127.0.0.1 only
and has no dashboard.

Library use: :func:`run_jsonl` with a ``distributed.Client`` of your own, a scheduler address or a
number of local workers.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field, replace
from typing import IO, Callable, Iterable, Iterator, Sequence

from ..config import ConfigError, Settings, configuration
from ..core.version import __version__
from ..input.jsonl import JsonlRecord, read_jsonl
from ..output.jsonl import DEFAULT_JSONL_FIELDS, jsonl_output
from ..scoring.model import load_model
from .engine import EngineSpec, engine_for, spec_for
from .pool import default_jobs
from .tasks import check_text_item

MISSING_DASK = "mtcheck.run.distributed needs Dask distributed: pip install 'mtcheck[dask]'"
DEFAULT_PARTITION_SIZE = 200  # input lines per task (~4 s of work for 400-word articles)
WAIT_FOR_WORKERS_S = 60.0
# A local cluster listens on the loopback interface only, without a dashboard; the scheduler's
# plain HTTP endpoint (health, metrics) takes a free port instead of 8787.
LOCAL_CLUSTER_OPTIONS = dict(host="127.0.0.1", dashboard_address=None, worker_dashboard_address=None,
                             scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
# Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536 (memory back to the OS sooner);
# measured here it made checking ~15-25 % slower in CPU time, so local workers go without it.
LOCAL_WORKER_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


class DaskMissing(ImportError):
    """Dask distributed is not installed (the ``dask`` extra)."""


def _distributed():
    """The ``distributed`` package, or :class:`DaskMissing` with a one-line install hint."""
    try:
        import distributed
    except ImportError as exc:
        reason = " ".join(str(exc).split())
        raise DaskMissing(f"{MISSING_DASK} ({reason})") from None
    return distributed


# -- worker side ------------------------------------------------------------------------------

# One engine per worker process (engine_for keeps it); a worker with several threads checks one
# partition at a time, since the rule backends are not known to be thread-safe.
_lock = threading.Lock()


@dataclass
class PartitionResult:
    """What a worker returns for one partition: the output lines, the error lines for stderr
    (input line number, message) and how many articles got each verdict."""

    lines: list[str] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    verdicts: Counter = field(default_factory=Counter)


def read_partition(lines: Sequence[bytes | str], start: int, id_field: str = "id",
                   text_field: str = "text", max_bytes: int | None = None
                   ) -> Iterator[JsonlRecord]:
    """:func:`mtcheck.input.jsonl.read_jsonl` over lines that begin at input line ``start`` (1-based):
    records carry their line number in the whole input, and a record without ``id_field`` is
    identified by that number, as when the whole file is read at once."""
    for rec in read_jsonl(lines, id_field, text_field, max_bytes):
        if start == 1:
            yield rec
            continue
        line = rec.line + start - 1
        rid = rec.id
        if type(rid) is int and rid == rec.line and not _has_field(lines[rec.line - 1], id_field):
            rid = line  # read_jsonl's default id: the line number within this partition
        yield replace(rec, line=line, id=rid)


def _has_field(raw: bytes | str, name: str) -> bool:
    return name in json.loads(raw)  # read_jsonl already parsed this line as a JSON object


def record_label(record: JsonlRecord) -> str:
    """The report label ``mtcheck --jsonl`` gives a record."""
    return str(record.id) if record.id is not None else f"line {record.line}"


def check_partition(spec: EngineSpec, start: int, lines: Sequence[bytes | str], id_field: str,
                    text_field: str, max_bytes: int | None, fields: Sequence[str],
                    timeout: float | None = None) -> PartitionResult:
    """Check one partition with this process's engine for ``spec`` (built on first use).
    ``timeout``: the per-record time budget, passed on as ``mtcheck --jsonl`` does (where
    the engine enforces it only in a process's main thread, it is not enforced on Dask workers,
    which run tasks in threads)."""
    extra = () if timeout is None else (timeout,)
    out = PartitionResult()
    with _lock:
        engine = engine_for(spec)
        for record in read_partition(lines, start, id_field, text_field, max_bytes):
            report = check_text_item(engine, (record_label(record), record.text, record.error,
                                              *extra))
            if report.error:
                out.errors.append((record.line, report.error))
            else:
                out.verdicts[report.verdict] += 1
            out.lines.append(json.dumps(jsonl_output(record, report, fields), ensure_ascii=False))
    return out


def worker_version() -> str:
    """Sent to every worker before the run: the mtcheck version it imports."""
    return __version__


# -- client side ------------------------------------------------------------------------------

def partitions(lines: Iterable[bytes], size: int) -> Iterator[tuple[int, list[bytes]]]:
    """``(first line number, lines)`` for consecutive runs of ``size`` input lines."""
    start, chunk = 1, []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= size:
            yield start, chunk
            start += len(chunk)
            chunk = []
    if chunk:
        yield start, chunk


@dataclass
class Summary:
    """The outcome of a run: records written, error records, verdict counts and exit code."""

    records: int = 0
    errors: int = 0
    verdicts: Counter = field(default_factory=Counter)
    exit_code: int = 0
    seconds: float = 0.0
    workers: int = 0


def parse_dask(value: str) -> tuple[str | None, int | None]:
    """``--dask``: ``local`` (a local cluster, one worker per core), ``local:N`` (N workers) or
    a scheduler address. Returns (address, local workers); ValueError for a bad ``local:N``."""
    if value == "local":
        return None, None
    if value.startswith("local:"):
        n = value.removeprefix("local:")
        if not n.isdigit() or int(n) < 1:
            raise ValueError(f"{value!r}: give local:N with N >= 1 workers")
        return None, int(n)
    return value, None


@contextlib.contextmanager
def connect(client=None, address: str | None = None, local_workers: int | None = None):
    """A ``distributed.Client``: ``client`` as given; one connected to ``address``; or one of a
    new local cluster of ``local_workers`` processes (one thread each) on 127.0.0.1 without a
    dashboard, closed afterwards."""
    if client is not None:
        yield client
        return
    distributed = _distributed()
    if address:
        try:
            c = distributed.Client(address, timeout="30s")
        except (OSError, ValueError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {reason}") from None
        with c:
            yield c
        return
    import dask

    with dask.config.set(LOCAL_WORKER_CONFIG):
        cluster = distributed.LocalCluster(n_workers=local_workers or default_jobs(),
                                           threads_per_worker=1, processes=True,
                                           **LOCAL_CLUSTER_OPTIONS)
    with cluster, distributed.Client(cluster) as c:
        yield c


def _check_workers(client) -> int:
    """Wait for a worker, check that every worker imports this mtcheck version; return the
    number of worker threads."""
    try:
        client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_S)
    except TimeoutError:
        raise ConfigError(f"no Dask worker joined the scheduler within {WAIT_FOR_WORKERS_S:.0f} s") from None
    try:
        versions = client.run(worker_version)
    except Exception as exc:  # noqa: BLE001 - a worker without mtcheck fails to unpickle the call
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise ConfigError(f"Dask workers cannot run mtcheck (install mtcheck {__version__} on every "
                          f"worker): {reason}") from None
    wrong = sorted(f"{w} has {v}" for w, v in versions.items() if v != __version__)
    if wrong:
        raise ConfigError(f"Dask workers run another mtcheck version than {__version__}: {', '.join(wrong)}")
    return max(1, sum(client.nthreads().values()))


def _check_model(spec: EngineSpec) -> None:
    if spec.model_path:
        try:
            load_model(spec.model_path)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise ConfigError(f"{spec.model_path}: config error: not a scorer model ({reason})") from None


def run_jsonl(source: str, output: str | IO[str], *, client=None, address: str | None = None,
              local_workers: int | None = None, id_field: str = "id", text_field: str = "text",
              fields: Sequence[str] = DEFAULT_JSONL_FIELDS,
              partition_size: int = DEFAULT_PARTITION_SIZE, settings: Settings | None = None,
              config: str | None = None, isolated: bool = False,
              errors: Callable[[str], None] | None = None, **options) -> Summary:
    """Check the JSON Lines file ``source`` (``-``: standard input) on a Dask cluster and write
    one output line per record to ``output`` (a text stream, or a path opened once the cluster
    is ready; ``-``: standard output), in input order, exactly as ``mtcheck --jsonl``.

    ``errors(line)`` receives ``"<source>:<line>: error: <message>"`` for each bad record.
    ``settings``: resolved settings (the command passes those of ``mtcheck --jsonl``); without
    them, ``config``, ``isolated`` and ``options`` (the library options of :mod:`mtcheck.api`:
    ``select``, ``ignore``, ``max_bytes``, ``model``, ``lexicons``, ``exit_zero``, ...) give
    them. Raises :class:`DaskMissing`,
    :class:`~mtcheck.config.ConfigError` or ``OSError`` (unreadable input) before writing."""
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    _distributed()
    if settings is None:
        settings = configuration(config, isolated=isolated, **options).for_path("-")
    spec = spec_for(settings)
    _check_model(spec)
    name = "<stdin>" if source == "-" else source
    fh = sys.stdin.buffer if source == "-" else open(source, "rb")
    summary = Summary()
    began = time.perf_counter()
    try:
        with connect(client, address, local_workers) as c, _output(output) as out:
            threads = _check_workers(c)
            summary.workers = len(c.nthreads())
            run_id = uuid.uuid4().hex[:12]
            window = max(4, 2 * threads)  # partitions in flight: every thread busy, memory bounded
            pending: deque = deque()
            parts = partitions(fh, partition_size)

            def submit() -> bool:
                nxt = next(parts, None)
                if nxt is None:
                    return False
                start, lines = nxt
                pending.append(c.submit(check_partition, spec, start, lines, id_field, text_field,
                                        settings.max_bytes, tuple(fields), settings.timeout,
                                        key=f"mtcheck-{run_id}-{start}", pure=False))
                return True

            while len(pending) < window and submit():
                pass
            while pending:
                result: PartitionResult = pending.popleft().result()
                submit()
                for line in result.lines:
                    out.write(line + "\n")
                for line_no, message in result.errors:
                    if errors:
                        errors(f"{name}:{line_no}: error: {message}")
                summary.records += len(result.lines)
                summary.errors += len(result.errors)
                summary.verdicts.update(result.verdicts)
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()
    summary.seconds = time.perf_counter() - began
    failing = sum(n for v, n in summary.verdicts.items() if settings.fails(v))
    summary.exit_code = 2 if summary.errors else (1 if failing and not settings.exit_zero else 0)
    return summary


class _LazyOutput:
    """A text file opened at the first write (so that setup errors leave no empty output)."""

    def __init__(self, path: str) -> None:
        self.path, self.fh = path, None

    def write(self, text: str) -> None:
        if self.fh is None:
            self.fh = open(self.path, "w", encoding="utf-8", newline="\n")
        self.fh.write(text)


@contextlib.contextmanager
def _output(output: str | IO[str]):
    if not isinstance(output, str):
        yield output
        output.flush()
    elif output == "-":
        yield sys.stdout
        sys.stdout.flush()
    else:
        lazy = _LazyOutput(output)
        try:
            yield lazy
            if lazy.fh is None:  # no records: an empty output file, as `mtcheck --jsonl > out`
                lazy.write("")
        finally:
            if lazy.fh is not None:
                lazy.fh.close()
