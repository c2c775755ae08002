"""Inline suppression: ``<!-- mtcheck: ... -->`` comments that silence findings in a file.

Directives (the code list is optional, separated by commas and/or spaces; no list = every code;
a code is a prefix, so ``MT3`` covers the whole family)::

    <!-- mtcheck: disable MT101,MT3 -->      from here to a matching enable (or the end of file)
    <!-- mtcheck: enable -->                 ends every disable; ``enable MT3`` ends only MT3...
    <!-- mtcheck: disable-next-line MT1 -->  the next line that holds more than comments
    <!-- mtcheck: disable-line -->           the line the comment is on
    <!-- mtcheck: disable-file MT4 -->       the whole file, wherever the comment is
    <!-- mtcheck: accept -->                 the article was reviewed: its verdict does not fail

A finding is silenced when it *starts* inside a silenced region. What that does to the verdict
(one rule, like ``per-file-ignores``: a suppressed finding no longer counts): a region that
silences every code is set aside (kind ``suppressed``: no rule reads it), ``disable-file`` with
codes switches those codes off for the file as ``per-file-ignores`` would, and a region with codes
drops those findings (the report counts them). ``accept`` is returned as an empty region of kind
``accept`` (it silences nothing; see :attr:`Document.accepted`). Mistakes never silence more than
was asked: an unknown directive or a malformed code is reported as a load note ("line 12: unknown
mtcheck directive 'disabel'") and otherwise ignored.

The markup loaders pass in the comments their parsers found, so a directive shown inside a code
block or inline code is not obeyed. Plain text has no comments of its own: there, a line's
``<!-- mtcheck: ... -->`` is taken as written (see :func:`find_comments`).
"""

from __future__ import annotations

import bisect
import re
from typing import Iterable

from ..core.document import Span

DIRECTIVE_RE = re.compile(r"\s*mtcheck\s*:\s*(?P<word>[^\s,]*)(?P<rest>.*?)\s*\Z", re.IGNORECASE | re.DOTALL)
CODE_RE = re.compile(r"MT\d{0,3}\Z", re.IGNORECASE)
COMMENT_RE = re.compile(r"<!--(.*?)-->", re.DOTALL)
DIRECTIVES = ("disable", "enable", "disable-next-line", "disable-line", "disable-file", "accept")
_LINE_END_RE = re.compile(r"\r\n|\r|\n")

Suppression = tuple[Span, tuple[str, ...]]


def find_comments(text: str) -> list[tuple[int, int, str]]:
    """``<!-- ... -->`` comments in text without markup of its own: (start, end, body)."""
    return [(m.start(), m.end(), m.group(1)) for m in COMMENT_RE.finditer(text)]


def is_directive(body: str) -> bool:
    return DIRECTIVE_RE.match(body) is not None


def parse(text: str, comments: Iterable[tuple[int, int, str]]) -> tuple[list[Suppression], list[str]]:
    """Suppressed regions from the comments of ``text`` (start, end, body; in file order), and
    load notes about directives that were not understood."""
    comments = sorted(comments)
    line_starts = [0] + [m.end() for m in _LINE_END_RE.finditer(text)]
    notes: list[str] = []
    out: list[Suppression] = []
    # Open ``disable`` regions: code prefix ("" = every code) -> (start offset, line of the comment).
    active: dict[str, tuple[int, int]] = {}

    def line_of(offset: int) -> int:
        return bisect.bisect_right(line_starts, offset)

    comment_only = _comment_only_lines(text, comments, line_starts)
    for start, end, body in comments:
        m = DIRECTIVE_RE.match(body)
        if not m:
            continue
        line = line_of(start)
        word = m.group("word").lower()
        if word not in DIRECTIVES:
            shown = m.group("word") or "(nothing)"
            notes.append(f"line {line}: unknown mtcheck directive '{shown}' (expected one of "
                         f"{', '.join(DIRECTIVES)})")
            continue
        codes, bad = _codes(m.group("rest"))
        for token in bad:
            notes.append(f"line {line}: '{token}' in 'mtcheck: {word}' is not a rule code "
                         f"(codes look like MT101 or MT3)")
        if bad and not codes:
            notes.append(f"line {line}: 'mtcheck: {word}' ignored: it names no valid code")
            continue
        prefixes = tuple(codes)
        if word == "accept":
            if codes:
                notes.append(f"line {line}: 'mtcheck: accept' takes no codes (it accepts the "
                             f"article); the codes were ignored")
            out.append((Span(0, 0, "accept"), ()))
        elif word == "disable-file":
            out.append((Span(0, len(text), "suppressed"), prefixes))
        elif word == "disable-line":
            i = line - 1
            out.append((Span(line_starts[i], _line_end(text, line_starts, i), "suppressed"), prefixes))
        elif word == "disable-next-line":
            i = line_of(end - 1)  # index of the line after the one the comment ends on
            while i < len(line_starts) and (not text[line_starts[i]:_line_end(text, line_starts, i)].strip()
                                            or i in comment_only):
                i += 1
            if i >= len(line_starts) or line_starts[i] >= len(text):
                notes.append(f"line {line}: 'mtcheck: disable-next-line' has no line after it")
                continue
            out.append((Span(line_starts[i], _line_end(text, line_starts, i), "suppressed"), prefixes))
        elif word == "disable":
            for p in prefixes or ("",):
                active.setdefault(p, (end, line))
        else:  # enable
            out.extend(_enable(active, prefixes, start, line, notes))
    for prefix, (begin, _line) in active.items():
        out.append((Span(begin, len(text), "suppressed"), (prefix,) if prefix else ()))
    out.sort(key=lambda s: (s[0].start, s[0].end, s[1]))
    return out, notes


def _enable(active: dict[str, tuple[int, int]], prefixes: tuple[str, ...], at: int, line: int,
            notes: list[str]) -> list[Suppression]:
    closed: list[Suppression] = []
    if not prefixes:
        if not active:
            notes.append(f"line {line}: 'mtcheck: enable' without a 'disable' before it")
        for prefix, (begin, _l) in active.items():
            closed.append((Span(begin, at, "suppressed"), (prefix,) if prefix else ()))
        active.clear()
        return closed
    for code in prefixes:
        ended = [p for p in active if p and p.startswith(code)]
        for p in ended:
            begin, _l = active.pop(p)
            closed.append((Span(begin, at, "suppressed"), (p,)))
        if ended:
            continue
        broader = sorted(p for p in active if code.startswith(p))
        if broader:
            p = broader[0]
            what = f"disable {p}" if p else "disable"
            notes.append(f"line {line}: 'mtcheck: enable {code}' cannot end part of "
                         f"'mtcheck: {what}' (line {active[p][1]}); end it with 'enable"
                         f"{' ' + p if p else ''}'")
        else:
            notes.append(f"line {line}: 'mtcheck: enable {code}' without a 'disable' of it before it")
    return closed


def _codes(rest: str) -> tuple[list[str], list[str]]:
    codes: list[str] = []
    bad: list[str] = []
    for token in re.split(r"[\s,]+", rest.strip()):
        if not token:
            continue
        if CODE_RE.match(token):
            if token.upper() not in codes:
                codes.append(token.upper())
        else:
            bad.append(token)
    return codes, bad


def _line_end(text: str, line_starts: list[int], i: int) -> int:
    if i + 1 < len(line_starts):
        end = line_starts[i + 1]
        while end > line_starts[i] and text[end - 1] in "\r\n":
            end -= 1
        return end
    return len(text)


def _comment_only_lines(text: str, comments: list[tuple[int, int, str]], line_starts: list[int]) -> set[int]:
    """Indexes of lines that hold nothing but comments (skipped by ``disable-next-line``)."""
    covered: dict[int, list[tuple[int, int]]] = {}
    for start, end, _body in comments:
        first = bisect.bisect_right(line_starts, start) - 1
        last = bisect.bisect_right(line_starts, max(start, end - 1)) - 1
        for i in range(first, last + 1):
            covered.setdefault(i, []).append((start, end))
    out = set()
    for i, spans in covered.items():
        a, b = line_starts[i], _line_end(text, line_starts, i)
        chars = list(text[a:b])
        for s, e in spans:
            for k in range(max(s, a), min(e, b)):
                chars[k - a] = " "
        if not "".join(chars).strip():
            out.add(i)
    return out
