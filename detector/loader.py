"""Read a path (or stdin) into a :class:`Document`, or fail with a one-line :class:`InputError`."""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from .document import Document

DEFAULT_MAX_BYTES = 20_000_000
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm")


def size_text(n: int) -> str:
    """``20.0 MB``, or ``1,000 bytes`` below 0.1 MB."""
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


class InputError(Exception):
    """A file that cannot be checked. The message is one line and names the problem only; the
    caller prefixes the path."""


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode bytes to text. Returns the text and notes about anything that was not clean UTF-8.

    In order: a byte order mark (UTF-8, UTF-16, UTF-32) decides; NUL bytes mean UTF-16 without
    a byte order mark when they fall on every other byte and the result is text, else a binary
    file (an :class:`InputError`); valid UTF-8 is taken as it is. Anything else is a legacy
    encoding: mostly-ASCII text (English, Western European) is read as UTF-8 whose undecodable
    bytes are Windows-1252 (a superset of Latin-1's printable characters, and the usual culprit
    for stray smart quotes); text mostly made of non-ASCII bytes (Cyrillic, Greek, CJK code
    pages) is given to ``charset-normalizer`` (deterministic), falling back to the same
    Windows-1252 reading. A decoded text that is mostly control characters is binary."""
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
        return _utf16_without_bom(data)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    return _legacy(data, bad_at)


# Decoded text with more than this share of control or replacement characters is not text.
MAX_CONTROL_SHARE = 0.1
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_NON_ASCII = bytes(range(128, 256))
_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))


def _looks_binary(text: str) -> bool:
    sample = text[:100_000]
    return bool(sample) and len(_CONTROL_RE.findall(sample)) > MAX_CONTROL_SHARE * len(sample)


def _utf16_without_bom(data: bytes) -> tuple[str, list[str]]:
    """NUL bytes on the odd (even) bytes only: UTF-16-LE (-BE) text without a byte order mark,
    if it decodes to text; anything else with NULs is binary."""
    sample = data[:8192]
    odd, even = sample[1::2], sample[0::2]
    for encoding, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= max(1, 0.05 * len(zeros)) and others.count(0) <= 0.01 * len(others):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                break
            if not _looks_binary(text):
                return text, [f"decoded as {encoding.upper()} (no byte order mark; guessed from "
                              f"its NUL bytes)"]
            break
    raise InputError("binary file (contains NUL bytes), not text")


def _cp1252_for_bad_bytes(exc: UnicodeDecodeError) -> tuple[str, int]:
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error("mtcheck-cp1252", _cp1252_for_bad_bytes)


def _legacy(data: bytes, bad_at: int) -> tuple[str, list[str]]:
    """Text that is not valid UTF-8 (``bad_at``: the first bad byte)."""
    non_ascii = len(data) - len(data.translate(None, _NON_ASCII))
    letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    bad = len(data) - len(data.decode("utf-8", errors="ignore").encode("utf-8"))
    text = note = None
    if bad > non_ascii / 2 and non_ascii > 0.3 * (non_ascii + letters):
        guess = _charset_guess(data)
        if guess is not None and not _looks_binary(guess[0]):
            text, encoding = guess
            note = (f"not UTF-8 (invalid from byte {bad_at}): decoded as {encoding}, the encoding "
                    f"charset-normalizer found most likely")
    if text is None:
        text = data.decode("utf-8", errors="mtcheck-cp1252")
        note = (f"invalid UTF-8 from byte {bad_at}: {bad} undecodable byte{'s' * (bad != 1)} "
                f"read as Windows-1252")
    if _looks_binary(text):
        raise InputError("binary file (mostly control characters in every encoding tried), not text")
    return text, [note]


def _charset_guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - installed with mtcheck
        return None
    best = from_bytes(data).best()
    if best is None or best.encoding.replace("_", "-") in ("utf-8", "ascii"):
        return None
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None


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


def load_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES, stdin_data: bytes | None = None) -> Document:
    """Load a file, or ``-`` for standard input (``stdin_data``: what was already read from it)."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1) if stdin_data is None else stdin_data
        name = "<stdin>"
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


# Directory names never walked into (explicitly named paths are still checked).
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "site-packages"})


def glob_regex(pattern: str) -> re.Pattern:
    """Compile a path glob: ``*`` and ``?`` stay inside one path component, ``**`` spans
    directories (``**/`` also matches no directory), ``[...]`` is a character class."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[" and pattern.find("]", i + 2) != -1:
            j = pattern.find("]", i + 2)
            body = pattern[i + 1:j]
            negate = body.startswith("!")
            body = body[1:] if negate else body
            body = body.replace("\\", "\\\\").replace("[", "\\[").replace("^", "\\^")
            out.append("[" + ("^" if negate else "") + body + "]")
            i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("(?s:" + "".join(out) + r")\Z")


def posix_abspath(path: str) -> str:
    return os.path.abspath(path).replace(os.sep, "/")


def anchor_glob(pattern: str, base: str) -> str:
    """A pattern holding a ``/`` is relative to ``base`` (made absolute here); a pattern without
    one matches a single path component anywhere and is kept as it is."""
    pattern = pattern.replace(os.sep, "/").rstrip("/")
    if "/" not in pattern:
        return pattern
    if pattern.startswith("./"):
        pattern = pattern[2:]
    if os.path.isabs(pattern):
        return pattern
    escaped = re.sub(r"([*?[])", r"[\1]", posix_abspath(base))
    return escaped.rstrip("/") + "/" + pattern


class GlobSet:
    """Anchored globs (see :func:`anchor_glob`) matched against a path: a component pattern
    matches any one component (``drafts``, ``*.md``), an anchored one the path or a parent of it."""

    def __init__(self, patterns=()):
        self.patterns = tuple(patterns)
        self._component = [glob_regex(p) for p in self.patterns if "/" not in p]
        self._anchored = [glob_regex(p) for p in self.patterns if "/" in p]

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def matches(self, path: str, name_only: bool = False) -> bool:
        path = posix_abspath(path)
        parts = path.split("/")
        names = parts[-1:] if name_only else [p for p in parts if p]
        if any(rx.match(n) for rx in self._component for n in names):
            return True
        prefixes = [path] if name_only else ["/".join(parts[:k]) for k in range(len(parts), 1, -1)]
        return any(rx.match(p) for rx in self._anchored for p in prefixes)


@dataclass(frozen=True)
class PathFilter:
    """Which files a directory walk collects: ``include`` (default: the text suffixes) minus
    ``exclude``; both are anchored globs. Excluded directories are not entered."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @cached_property
    def _include(self) -> GlobSet:
        return GlobSet(self.include)

    @cached_property
    def _exclude(self) -> GlobSet:
        return GlobSet(self.exclude)

    def skip_dir(self, path: str) -> bool:
        name = os.path.basename(path)
        return name.startswith(".") or name in SKIPPED_DIRS or (
            bool(self._exclude) and self._exclude.matches(path, name_only=True))

    def wants_file(self, path: str) -> bool:
        name = os.path.basename(path)
        if name.startswith(".") or (self._exclude and self._exclude.matches(path, name_only=True)):
            return False
        if self._include:
            return self._include.matches(path, name_only=True)
        return name.lower().endswith(TEXT_SUFFIXES)


def expand_paths(paths: list[str], path_filter: "PathFilter | Callable[[str], PathFilter] | None" = None
                 ) -> list[str]:
    """Files as given; directories recursed (sorted, symlink loops skipped), collecting the files
    ``path_filter`` wants (default: text suffixes, no hidden names). ``path_filter`` may be a
    function of the directory being walked, for filters that depend on where a directory is."""
    if path_filter is None:
        path_filter = PathFilter()
    filter_for = path_filter if callable(path_filter) else (lambda _d: path_filter)
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
                here = filter_for(root)
                dirs[:] = sorted(d for d in dirs if not here.skip_dir(os.path.join(root, d)))
                out.extend(os.path.join(root, f) for f in sorted(files)
                           if here.wants_file(os.path.join(root, f)))
        else:
            out.append(p)
    return out
