"""Read a path (or stdin) into a :class:`Document`, or fail with a one-line :class:`InputError`."""

from __future__ import annotations

import os
import stat
import sys

from ..core.document import Document
from . import markup as markup_loaders
from .decoding import decode
from .errors import InputError, size_text
from .setaside import prose_document

DEFAULT_MAX_BYTES = 20_000_000
MARKUP_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


def markup_of(path: str) -> str:
    """"markdown", "html" or "text", by file suffix (plain text for anything else)."""
    return MARKUP_SUFFIXES.get(os.path.splitext(path)[1].lower(), "text")


# Names accepted for a text's format (the library's ``format=``), by reader.
FORMAT_NAMES = {"text": "text", "txt": "text", "plain": "text", "markdown": "markdown",
                "md": "markdown", "html": "html", "htm": "html"}


def load_bytes(data: bytes, path: str, markup: str | None = None) -> Document:
    # Line endings are kept as they are: offsets must match the file.
    text, notes = decode(data)
    return load_text(text, path, markup, notes)


def load_text(text: str, path: str, markup: str | None = None,
              notes: list[str] | None = None) -> Document:
    """A decoded text as a document, read as ``markup`` ("text", "markdown", "html"; default:
    by the suffix of ``path``)."""
    markup = markup or markup_of(path)
    if markup != "text":
        return markup_loaders.load(text, path=path, markup=markup, load_notes=notes or [])
    return prose_document(text, path=path, load_notes=notes or [])


def load_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES, stdin_data: bytes | None = None,
              stdin_name: str | None = None) -> Document:
    """Load a file, or ``-`` for standard input (``stdin_data``: what was already read from it;
    ``stdin_name``: the name it is reported under, whose suffix picks the reader)."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1) if stdin_data is None else stdin_data
        name = stdin_name or "<stdin>"
    else:
        name = path
        try:
            st = os.stat(path)
            mode = st.st_mode
            if stat.S_ISDIR(mode):
                raise InputError("is a directory")
            if not stat.S_ISREG(mode):
                # Reading a named pipe without a writer would wait for ever.
                raise InputError(f"not a regular file ({_file_kind(mode)}); give its text on "
                                 f"standard input instead (mtcheck -)")
            size = st.st_size
            if size > max_bytes:
                raise InputError(f"file too large ({size_text(size)}; the limit is "
                                 f"{size_text(max_bytes)}, see --max-bytes)")
            with open(path, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except FileNotFoundError:
            raise InputError("broken symbolic link" if os.path.islink(path) else "no such file") from None
        except PermissionError:
            raise InputError("permission denied") from None
        except OSError as exc:
            raise InputError(exc.strerror or str(exc)) from None
    if len(data) > max_bytes:
        raise InputError(f"input too large (over {size_text(max_bytes)}, see --max-bytes)")
    return load_bytes(data, name)


def _file_kind(mode: int) -> str:
    return ("a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a character device" if stat.S_ISCHR(mode)
            else "a block device" if stat.S_ISBLK(mode) else "not a file")
