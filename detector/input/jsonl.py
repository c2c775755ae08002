"""JSON Lines input: one record per line, each with an id and a text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from .errors import size_text


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
