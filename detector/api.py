"""Library API: the same checks the command runs, as functions."""

from __future__ import annotations

from typing import Iterable

from .document import Document
from .engine import Engine, Selection
from .loader import DEFAULT_MAX_BYTES, InputError, expand_paths, load_path
from .report import FileReport, Report


def make_engine(select: Iterable[str] = ("MT",), ignore: Iterable[str] = (),
                rule_settings: dict | None = None) -> Engine:
    return Engine(selection=Selection(tuple(select), tuple(ignore)),
                  rule_settings=dict(rule_settings or {}))


def check_text(text: str, path: str = "<text>", engine: Engine | None = None, **options) -> FileReport:
    """Check one article given as a string. ``options`` are those of :func:`make_engine`."""
    engine = engine or make_engine(**options)
    return engine.check(Document.from_text(text, path=path))


def check_path(path: str, engine: Engine | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               **options) -> FileReport:
    """Check one file; a file that cannot be read gives a report with ``error`` set."""
    engine = engine or make_engine(**options)
    try:
        doc = load_path(path, max_bytes=max_bytes)
    except InputError as exc:
        return FileReport(path="<stdin>" if path == "-" else path, error=str(exc))
    return engine.check(doc)


def check_paths(paths: Iterable[str], engine: Engine | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES, **options) -> Report:
    engine = engine or make_engine(**options)
    return Report([check_path(p, engine, max_bytes) for p in expand_paths(list(paths))])
