"""Read a path (or stdin) into a :class:`Document`, or fail with a one-line :class:`InputError`."""

from __future__ import annotations

import codecs
import os
import sys

from .document import Document

DEFAULT_MAX_BYTES = 20_000_000
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm")


class InputError(Exception):
    """A file that cannot be checked. The message is one line and names the problem only; the
    caller prefixes the path."""


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode bytes to text. Returns the text and notes about anything that was not clean UTF-8."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), ([] if encoding == "utf-8-sig"
                                               else [f"decoded as {encoding.upper()} (byte order mark)"])
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding.upper()} despite its byte order mark ({exc.reason})")
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    text = data.decode("utf-8", errors="replace")
    return text, [f"invalid UTF-8 from byte {bad_at}: undecodable bytes replaced with U+FFFD"]


MARKUP_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


def markup_of(path: str) -> str:
    """"markdown", "html" or "text", by file suffix (plain text for anything else)."""
    return MARKUP_SUFFIXES.get(os.path.splitext(path)[1].lower(), "text")


def load_bytes(data: bytes, path: str, markup: str | None = None) -> Document:
    # Line endings are kept as they are: offsets must match the file.
    text, notes = decode(data)
    markup = markup or markup_of(path)
    if markup != "text":
        from . import markup as markup_loaders
        return markup_loaders.load(text, path=path, markup=markup, load_notes=notes)
    return Document.from_text(text, path=path, load_notes=notes)


def load_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Load a file, or ``-`` for standard input."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = "<stdin>"
    else:
        name = path
        try:
            if os.path.isdir(path):
                raise InputError("is a directory")
            size = os.path.getsize(path)
            if size > max_bytes:
                raise InputError(f"file too large ({size / 1e6:.1f} MB; the limit is "
                                 f"{max_bytes / 1e6:.1f} MB, see --max-bytes)")
            with open(path, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except FileNotFoundError:
            raise InputError("no such file") from None
        except PermissionError:
            raise InputError("permission denied") from None
        except OSError as exc:
            raise InputError(exc.strerror or str(exc)) from None
    if len(data) > max_bytes:
        raise InputError(f"input too large (over {max_bytes / 1e6:.1f} MB, see --max-bytes)")
    return load_bytes(data, name)


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given; directories recursed (sorted, symlink loops skipped) for text suffixes."""
    out: list[str] = []
    for p in paths:
        if p != "-" and os.path.isdir(p):
            seen: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(p, followlinks=True):
                st = os.stat(root)
                if (st.st_dev, st.st_ino) in seen:
                    dirs[:] = []
                    continue
                seen.add((st.st_dev, st.st_ino))
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.extend(os.path.join(root, f) for f in sorted(files)
                           if f.lower().endswith(TEXT_SUFFIXES) and not f.startswith("."))
        else:
            out.append(p)
    return out
