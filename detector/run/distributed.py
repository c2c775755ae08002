"""Check a large JSON Lines corpus on a Dask cluster, with the same output as ``mtcheck --jsonl``.

Install the extra, then run on a local cluster or on a running scheduler::

    pip install 'mtcheck[dask]'
    python -m mtcheck.run.distributed corpus.jsonl reports.jsonl --local 2
    python -m mtcheck.run.distributed corpus.jsonl reports.jsonl --scheduler tcp://scheduler:8786

The client reads the input in partitions of ``--partition-size`` lines and sends each partition to
a worker; the workers need mtcheck installed (the same version) but no access to the input file.
Each worker process builds one engine (rule data loaded once) and turns every record into exactly
the output line ``mtcheck --jsonl`` writes for it: same record builder, same line numbers, same
error records for bad lines. The client writes the results in input order and exits like
``mtcheck --jsonl`` (0 clean, 1 an article failed, 2 a record or the input could not be checked).

Settings come from the configuration file that applies in the current directory, ``--config`` or
flags, resolved once on the client; paths in them (``lexicons``, ``model``) must exist at the same
path on the workers. Nothing is downloaded at run time. A local cluster listens on 127.0.0.1 only
and has no dashboard.

Library use: :func:`run_jsonl` with a ``distributed.Client`` of your own, a scheduler address or a
number of local workers.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field, replace
from typing import IO, Callable, Iterable, Iterator, Sequence

from ..config import ConfigError, configuration
from ..core.version import __version__
from ..input.jsonl import JsonlRecord, read_jsonl
from ..output.jsonl import DEFAULT_JSONL_FIELDS, JSONL_FIELDS, jsonl_output
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

# One engine per worker process (mtcheck.api keeps it); a worker with several threads checks one
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


def parse_fields(value: str | None) -> tuple[str, ...]:
    """``--fields``: comma-separated output fields or ``all`` (as ``mtcheck --fields``)."""
    if value is None:
        return DEFAULT_JSONL_FIELDS
    names = [p.strip() for p in value.split(",") if p.strip()]
    if names == ["all"]:
        return JSONL_FIELDS
    unknown = [n for n in names if n not in JSONL_FIELDS]
    if unknown:
        raise ValueError(f"unknown field {unknown[0]!r}; choose from {', '.join(JSONL_FIELDS)} or all")
    return tuple(dict.fromkeys(names))


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
              partition_size: int = DEFAULT_PARTITION_SIZE, config: str | None = None,
              isolated: bool = False, errors: Callable[[str], None] | None = None,
              **options) -> Summary:
    """Check the JSON Lines file ``source`` (``-``: standard input) on a Dask cluster and write
    one output line per record to ``output`` (a text stream, or a path opened once the cluster
    is ready; ``-``: standard output), in input order, exactly as ``mtcheck --jsonl``.

    ``errors(line)`` receives ``"<source>:<line>: error: <message>"`` for each bad record.
    ``options`` are the library options of :mod:`mtcheck.api` (``select``, ``ignore``,
    ``max_bytes``, ``model``, ``lexicons``, ``exit_zero``, ...). Raises :class:`DaskMissing`,
    :class:`~mtcheck.config.ConfigError` or ``OSError`` (unreadable input) before writing."""
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    _distributed()
    conf = configuration(config, isolated=isolated, **options)
    settings = conf.for_path("-")
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
                                        settings.max_bytes, tuple(fields),
                                        getattr(settings, "timeout", None),
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


# -- command ----------------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m mtcheck.run.distributed",
        description="Check a JSON Lines corpus on a Dask cluster; the output is the same as "
                    "`mtcheck --jsonl INPUT`.")
    p.add_argument("input", metavar="INPUT.jsonl", help="JSON Lines input (- for stdin).")
    p.add_argument("output", metavar="OUTPUT.jsonl", nargs="?", default="-",
                   help="Where to write one report line per record [default: stdout].")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="Dask scheduler to use, e.g. tcp://scheduler:8786.")
    where.add_argument("--local", metavar="N", type=_positive,
                       help="Start a local cluster of N worker processes on 127.0.0.1 "
                            "[default without --scheduler: one per core].")
    p.add_argument("--id-field", default="id", metavar="NAME", help="Record id field [default: id].")
    p.add_argument("--text-field", default="text", metavar="NAME", help="Text field [default: text].")
    p.add_argument("--fields", default=None, metavar="NAMES",
                   help=f"Output fields, comma-separated or 'all' [default: {','.join(DEFAULT_JSONL_FIELDS)}].")
    p.add_argument("--partition-size", type=_positive, default=DEFAULT_PARTITION_SIZE, metavar="LINES",
                   help=f"Input lines per task [default: {DEFAULT_PARTITION_SIZE}].")
    p.add_argument("--select", metavar="PREFIXES", help="Only these code prefixes (e.g. MT1,MT301).")
    p.add_argument("--ignore", metavar="PREFIXES", help="Skip these code prefixes (e.g. MT4).")
    p.add_argument("--max-bytes", type=_positive, default=None, metavar="N", help="Largest record checked.")
    p.add_argument("--exit-zero", action="store_true", default=None, help="Exit 0 even when an article fails.")
    p.add_argument("--config", default=None, metavar="FILE", help="Use this configuration file.")
    p.add_argument("--isolated", action="store_true", help="Ignore all configuration files.")
    p.add_argument("--stats", action="store_true", help="Print records, time and throughput on stderr.")
    return p


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _split(value: str | None) -> list[str] | None:
    return [p.strip() for p in value.split(",") if p.strip()] if value else None


def main(argv: list[str] | None = None) -> int:
    """Run the command with ``argv``; return the exit code (2: usage, input or setup error)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    err = sys.stderr
    try:
        fields = parse_fields(args.fields)
    except ValueError as exc:
        print(f"error: --fields: {exc}", file=err)
        return 2
    if args.output != "-" and args.input != "-" and os.path.abspath(args.output) == os.path.abspath(args.input):
        print("error: the output would overwrite the input", file=err)
        return 2
    options = dict(select=_split(args.select), ignore=_split(args.ignore),
                   max_bytes=args.max_bytes, exit_zero=args.exit_zero)
    try:
        if args.input != "-" and not os.path.exists(args.input):
            raise FileNotFoundError
        summary = run_jsonl(args.input, args.output, address=args.scheduler,
                            local_workers=args.local, id_field=args.id_field,
                            text_field=args.text_field, fields=fields,
                            partition_size=args.partition_size, config=args.config,
                            isolated=args.isolated, errors=lambda line: print(line, file=err),
                            **options)
    except (DaskMissing, ConfigError) as exc:
        print(f"error: {exc}" if isinstance(exc, DaskMissing) else str(exc), file=err)
        return 2
    except FileNotFoundError:
        print(f"{args.input}: error: no such file", file=err)
        return 2
    except OSError as exc:
        print(f"{args.input}: error: {exc.strerror or exc}", file=err)
        return 2
    if args.stats:
        rate = summary.records / summary.seconds if summary.seconds else 0.0
        print(f"mtcheck.run.distributed: {summary.records} records ({summary.errors} errors) in "
              f"{summary.seconds:.1f} s on {summary.workers} workers: {rate:.1f} records/s", file=err)
    return summary.exit_code


if __name__ == "__main__":
    # Call the function of the imported module, not of __main__, so the tasks sent to the workers
    # name mtcheck.run.distributed.check_partition.
    from mtcheck.run.distributed import main as _main

    sys.exit(_main())
