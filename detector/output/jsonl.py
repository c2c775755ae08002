"""JSON Lines output: one JSON object per checked record."""

from __future__ import annotations

from typing import Any, Sequence

from ..core.report import FileReport
from ..input.jsonl import JsonlRecord
from .json import file_dict

JSONL_FIELDS = ("id", "line", "verdict", "scores", "words", "set_aside", "reasons", "notes",
                "findings", "features")
DEFAULT_JSONL_FIELDS = ("id", "verdict", "scores", "words", "findings")


def parse_fields(value: str | None) -> tuple[str, ...]:
    """``--fields``: comma-separated output fields or ``all``; ValueError naming an unknown one."""
    if value is None:
        return DEFAULT_JSONL_FIELDS
    names = [p.strip() for p in value.split(",") if p.strip()]
    if names == ["all"]:
        return JSONL_FIELDS
    unknown = [n for n in names if n not in JSONL_FIELDS]
    if unknown:
        raise ValueError(f"unknown field {unknown[0]!r}; choose from {', '.join(JSONL_FIELDS)} or all")
    return tuple(dict.fromkeys(names))


def jsonl_output(record: JsonlRecord, report: FileReport, fields: Sequence[str] = DEFAULT_JSONL_FIELDS) -> dict:
    """The output record for one input record: ``id`` first, then the chosen ``fields``; an error
    record is ``{"id", "line", "error"}``."""
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
