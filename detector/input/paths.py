"""Which files a run checks: path globs, include/exclude filters, directory walks."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm")


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
    # Whether files named explicitly are filtered too (``force-exclude``).
    force: bool = False

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

    def wants_named(self, path: str) -> bool:
        """For a file named explicitly: with ``force``, not excluded (itself or a directory
        above it) and, when ``include`` is set, included; without, always."""
        if not self.force:
            return True
        if self._exclude and self._exclude.matches(path):
            return False
        return not self._include or self._include.matches(path, name_only=True)

    def wants_file(self, path: str) -> bool:
        name = os.path.basename(path)
        if name.startswith(".") or (self._exclude and self._exclude.matches(path, name_only=True)):
            return False
        if self._include:
            return self._include.matches(path, name_only=True)
        return name.lower().endswith(TEXT_SUFFIXES)


def expand_paths(paths: list[str], path_filter: "PathFilter | Callable[[str], PathFilter] | None" = None,
                 errors: list[tuple[str, str]] | None = None) -> list[str]:
    """Files as given (each once; with ``force``, filtered like a walk); directories recursed
    (sorted, symlink loops skipped), collecting the files ``path_filter`` wants (default: text
    suffixes, no hidden names). ``path_filter`` may be a function of the directory being walked,
    for filters that depend on where a directory is. A directory that cannot be read or yields no
    file is appended to ``errors`` as (path, message)."""
    if path_filter is None:
        path_filter = PathFilter()
    filter_for = path_filter if callable(path_filter) else (lambda _d: path_filter)
    out: list[str] = []
    seen_files: set[str] = set()

    def add(path: str) -> None:
        key = path if path == "-" else os.path.normpath(os.path.abspath(path))
        if key not in seen_files:
            seen_files.add(key)
            out.append(path)

    for p in paths:
        if p != "-" and os.path.isdir(p):
            seen: set[tuple[int, int]] = set()
            before = len(out)
            unreadable: list[OSError] = []
            for root, dirs, files in os.walk(p, followlinks=True, onerror=unreadable.append):
                st = os.stat(root)
                if (st.st_dev, st.st_ino) in seen:
                    dirs[:] = []
                    continue
                seen.add((st.st_dev, st.st_ino))
                here = filter_for(root)
                dirs[:] = sorted(d for d in dirs if not here.skip_dir(os.path.join(root, d)))
                for f in sorted(files):
                    if here.wants_file(os.path.join(root, f)):
                        add(os.path.join(root, f))
            if errors is not None and len(out) == before:
                if unreadable and os.path.normpath(unreadable[0].filename or p) == os.path.normpath(p):
                    reason = unreadable[0].strerror or str(unreadable[0])
                    errors.append((p, f"cannot read the directory ({reason.lower()})"))
                elif not unreadable and next(os.scandir(p), None) is None:
                    errors.append((p, "empty directory"))
                else:
                    errors.append((p, "no file to check in this directory (see --include/--exclude)"))
        elif p == "-" or filter_for(os.path.dirname(p) or ".").wants_named(p):
            add(p)
    return out
