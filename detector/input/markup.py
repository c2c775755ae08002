"""Markdown and HTML loaders: the prose of a marked-up file, at the file's own offsets.

A loader returns a :class:`Document` whose ``text`` has exactly the length of the source and keeps
every line ending; every character that is not article prose is replaced by a space, so an offset
into the prose is an offset into the file, and findings point at the file's lines and columns.

Blanked: front matter (YAML ``---`` / TOML ``+++``), fenced and indented code blocks, inline code,
HTML tags and attributes (in HTML files and inside Markdown), comments, ``<script>``, ``<style>``,
``<noscript>``, ``<template>``, ``<svg>``, ``<math>``, ``<iframe>``, ``<object>``, ``<title>``,
``<nav>``, ``<footer>``, link and image destinations and titles, image alt text, reference
definitions, autolinks, Markdown syntax (heading ``#``, emphasis ``*``/``_``/``~~``, ``>``, list
markers, table pipes and delimiter rows, thematic breaks, backslashes of escapes).
Entities are decoded in place: ``&amp;`` becomes ``&`` followed by spaces, ``&nbsp;`` a space,
``&#8217;`` the character followed by spaces.

Paragraph breaks: the document model splits paragraphs on blank lines. Where a block starts
(heading, list item, quote, table row or cell, ``<p>``, ``<li>``, ``<br>`` ...) the loader turns
blanked characters into newlines: one at the start of a line (the line before then ends a
paragraph), two inside a line. ``Document.source`` keeps the file text, so lines and columns are
counted in the file, not in the prose.

Regions set aside are also passed as excluded spans: ``front-matter``, ``code`` (code blocks,
inline code, ``<pre>``/``<code>``/``<kbd>``/``<samp>``), ``markup`` (scripts, styles and the other
non-prose elements above) and ``boilerplate`` (``<nav>``, ``<footer>``), so the report counts them.

Parsers: ``markdown-it-py`` (CommonMark, plus GFM tables and strikethrough), whose inline rules are
wrapped to record where each link, image, code span, raw HTML and entity starts and ends; and the
standard library's ``html.parser`` (tolerant of broken markup, reports the position of every tag).
Inline ``<!-- mtcheck: ... -->`` comments found by the parsers become suppressions (see
:mod:`suppression`).
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

from ..core.document import Document, Span
from . import suppression
from .setaside import prose_document
from .unicode_normalize import JOIN

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
# Blanked characters between two visible characters inside a line (a browser shows those two
# side by side when the markup between them holds no whitespace: "Lengthy-<b>run</b>ning").
_GAP_RE = re.compile(r"(?<=\S) +(?=\S)")
_SPACE_RE = re.compile(r"\s")
_NOT_NEWLINE_RE = re.compile(r"[^\r\n]+")

# Elements whose start or end tag ends a paragraph.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body br caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup "
    "hr html legend li main menu nav ol optgroup option p pre section summary table tbody td "
    "tfoot th thead title tr ul".split()
)
# Elements whose content is not prose, and the region kind their content is set aside as.
SKIPPED_TAGS = {
    "script": "markup", "style": "markup", "noscript": "markup", "template": "markup",
    "svg": "markup", "math": "markup", "iframe": "markup", "object": "markup",
    "title": "markup", "textarea": "markup", "select": "markup", "button": "markup",
    "pre": "code", "code": "code", "kbd": "code", "samp": "code",
    "nav": "boilerplate", "footer": "boilerplate",
}
VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def load(text: str, path: str, markup: str, load_notes: list[str]) -> Document:
    """A Document for ``text`` read as ``markup`` ("markdown", "html"; anything else: plain text,
    where only ``<!-- mtcheck: ... -->`` directives are blanked and obeyed)."""
    notes = list(load_notes)
    fmt = markup if markup in ("markdown", "html") else "text"
    try:
        prose = _markdown(text) if fmt == "markdown" else _html_file(text) if fmt == "html" else _plain(text)
    except Exception as exc:  # noqa: BLE001 - a parser failure must not lose the file
        notes.append(f"could not read the file as {fmt} ({type(exc).__name__}: {exc}); "
                     f"checked as plain text")
        fmt = "text"
        prose = _plain(text)
    suppressed, more_notes = suppression.parse(text, prose.comments)
    notes.extend(more_notes)
    return prose_document(prose.result(), path=path, excluded=prose.excluded, format=fmt,
                          load_notes=notes, source=text, suppressed=suppressed)


# -- the prose buffer ----------------------------------------------------------------------

@dataclass
class _Prose:
    """The source with every character blank (newlines kept) until a parser copies prose in."""

    src: str
    out: list[str] = field(init=False)
    excluded: list[Span] = field(default_factory=list)
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    # Positions where a decoded entity is whitespace (created on first use).
    spaces: bytearray | None = None

    def __post_init__(self) -> None:
        self.out = list(_blank(self.src))

    def result(self) -> str:
        """The prose. Where inline markup with no whitespace in it split a word (``<b>wo</b>rd``,
        ``**wo**rd``, ``long-<i>term</i>``, ``wo&shy;rd``), the blanked characters become
        :data:`JOIN` (removed by the Unicode normaliser, so the word is read whole, as a browser
        shows it); a gap that does separate words keeps one space, as plain text would."""
        text = "".join(self.out)
        if " " not in text:
            return text
        out = None
        inside: list[list[int]] = []  # the set-aside regions, merged
        for start, end in sorted((r.start, r.end) for r in self.excluded):
            if inside and start <= inside[-1][1]:
                inside[-1][1] = max(inside[-1][1], end)
            else:
                inside.append([start, end])
        starts = [r[0] for r in inside]
        for m in _GAP_RE.finditer(text):
            a, b = m.span()
            i = bisect.bisect_left(starts, b) - 1  # the last region starting before b
            if i >= 0 and inside[i][1] > a:
                continue  # set-aside markup or code: its region stays as it is
            if _SPACE_RE.search(self.src, a, b) is None and not (self.spaces and any(self.spaces[a:b])):
                keep = a  # no whitespace in the source: the two sides are shown together
            elif b - a > 1:
                keep = a + 1  # a word gap: one space, as in plain text ("the <b>song</b>")
            else:
                continue
            if out is None:
                out = list(text)
            out[keep:b] = JOIN * (b - keep)
        return text if out is None else "".join(out)

    def copy(self, start: int, end: int) -> None:
        self.out[start:end] = self.src[start:end]

    def put(self, start: int, end: int, chars: str) -> None:
        """Decoded text for the source range [start, end), padded with spaces."""
        if len(chars) > end - start:
            chars = self.src[start:end]  # never longer than the source: keep it as written
        for i, ch in enumerate(chars):
            if ch.isspace() or unicodedata.category(ch) == "Cc":
                ch = " "  # format characters (soft hyphen, zero-width ...) are the normaliser's
                if self.spaces is None:
                    self.spaces = bytearray(len(self.src))
                self.spaces[start + i] = 1  # a decoded space (&nbsp;): never joined away
            self.out[start + i] = ch

    def paragraph_break(self, start: int, end: int) -> None:
        """Mark a block boundary in the blanked range [start, end)."""
        out = self.out
        if start >= end or out[start] != " ":
            return
        out[start] = "\n"
        at_line_start = start == 0 or self.src[start - 1] in "\r\n"
        if not at_line_start and start + 1 < end and out[start + 1] == " ":
            out[start + 1] = "\n"  # "\n\n": a blank line in the middle of a source line

    def exclude(self, start: int, end: int, kind: str) -> None:
        if end > start:
            self.excluded.append(Span(start, end, kind))


class _Map:
    """Offsets in a parser's string (a block's content: source lines, container prefixes and
    indentation removed, joined with "\\n") -> offsets in the source. ``bases[i]`` is the source
    offset of line ``i``'s first character (None: the line could not be placed)."""

    __slots__ = ("starts", "bases")

    def __init__(self, starts: list[int], bases: list[int | None]):
        self.starts = starts
        self.bases = bases

    def point(self, k: int) -> int | None:
        i = bisect.bisect_right(self.starts, k) - 1
        base = self.bases[i]
        return None if base is None else base + k - self.starts[i]

    def ranges(self, a: int, b: int):
        """Source ranges covering [a, b), split at line ends (the newline itself is not given)."""
        starts, bases = self.starts, self.bases
        i = bisect.bisect_right(starts, a) - 1
        while a < b and i < len(starts):
            line_end = starts[i + 1] - 1 if i + 1 < len(starts) else b
            e = min(b, line_end)
            if e > a and bases[i] is not None:
                yield bases[i] + a - starts[i], bases[i] + e - starts[i]
            i += 1
            if i < len(starts):
                a = max(a, starts[i])


_IDENTITY = _Map([0], [0])


def _blank(text: str) -> str:
    return _NOT_NEWLINE_RE.sub(lambda m: " " * len(m.group()), text)


# -- plain text ----------------------------------------------------------------------------

def _plain(text: str) -> _Prose:
    """Plain text is prose; only mtcheck directive comments are blanked."""
    prose = _Prose(text)
    prose.out = list(text)
    for start, end, body in suppression.find_comments(text):
        if suppression.is_directive(body):
            prose.comments.append((start, end, body))
            prose.out[start:end] = _blank(text[start:end])
    return prose


# -- HTML ----------------------------------------------------------------------------------

def _html_file(text: str) -> _Prose:
    prose = _Prose(text)
    _html_into(prose, text, _IDENTITY)
    return prose


class _Events(HTMLParser):
    """Records every parser event with the (line, column) it starts at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple[tuple[int, int], str, str, bool]] = []

    def _add(self, kind: str, value: str = "", flag: bool = False) -> None:
        self.events.append((self.getpos(), kind, value, flag))

    def handle_starttag(self, tag, attrs):
        self._add("start", tag)

    def handle_startendtag(self, tag, attrs):
        self._add("start", tag, True)

    def handle_endtag(self, tag):
        self._add("end", tag)

    def handle_data(self, data):
        self._add("data")

    def handle_entityref(self, name):
        self._add("entity")

    def handle_charref(self, name):
        self._add("entity")

    def handle_comment(self, data):
        self._add("comment", data)

    def handle_decl(self, decl):
        self._add("other")

    def handle_pi(self, data):
        self._add("other")

    def unknown_decl(self, data):
        self._add("other")

    def parse_html_declaration(self, i):
        # Python < 3.13 raises on some declarations ("<![foo", "<!DOCTYPE x [y"); browsers
        # read them as bogus comments.
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            return self.parse_bogus_comment(i)


_UNCLOSED_TAG_RE = re.compile(r"<[A-Za-z/!?]")


def _html_into(prose: _Prose, s: str, where: _Map) -> None:
    """Copy the prose of the HTML string ``s`` (mapped to the source by ``where``) into ``prose``."""
    # A tag still open at the end of the input (no ">" after its "<"): browsers drop the rest,
    # and html.parser before Python 3.11.13 / 3.12.11 / 3.13.4 (gh-135462) rescans it once per
    # "<" (quadratic: 4 s for 20 kB of "<a "). Drop it here, on every Python version alike.
    unclosed = _UNCLOSED_TAG_RE.search(s, s.rfind(">") + 1)
    cut = unclosed.start() if unclosed else len(s)
    parser = _Events()
    parser.feed(s[:cut])
    parser.close()
    for x, y in where.ranges(cut, len(s)):
        prose.exclude(x, y, "markup")
    events = parser.events
    newlines = [0] + [m.end() for m in re.finditer("\n", s)]
    offsets = [newlines[line - 1] + col for (line, col), _k, _v, _f in events]
    offsets.append(cut)
    depth: dict[str, int] = {}
    skipping = 0
    skip_kind = ""

    for i, (_pos, kind, value, flag) in enumerate(events):
        a, b = offsets[i], offsets[i + 1]
        if kind == "data" or kind == "entity":
            if skipping:
                # Set aside (text only, so the report does not count tag names as words).
                if s[a:b].isspace():
                    continue
                for x, y in where.ranges(a, b):
                    prose.exclude(x, y, skip_kind)
            elif kind == "data":
                for x, y in where.ranges(a, b):
                    prose.copy(x, y)
            else:
                x = where.point(a)
                if x is not None and b > a:
                    raw = s[a:b]
                    prose.put(x, x + len(raw), html.unescape(raw))
        elif kind == "start" or kind == "end":
            if not skipping and value in BLOCK_TAGS:
                x = where.point(a)
                if x is not None:
                    prose.paragraph_break(x, x + (b - a))
            if value in SKIPPED_TAGS and value not in VOID_TAGS:
                if kind == "start" and not flag:
                    if not skipping:
                        skip_kind = SKIPPED_TAGS[value]
                    depth[value] = depth.get(value, 0) + 1
                    skipping += 1
                elif kind == "end" and depth.get(value, 0) > 0:
                    depth[value] -= 1
                    skipping -= 1
        elif kind == "comment":
            x, y = where.point(a), where.point(b - 1)
            if x is not None and y is not None:
                prose.comments.append((x, y + 1, value))


# -- Markdown ------------------------------------------------------------------------------

# Inline rules whose tokens get the [start, end) of their source in ``token.meta["span"]``.
_RECORDED = {"link": "link_open", "image": "image", "autolink": "link_open", "backticks": "code_inline",
             "html_inline": "html_inline", "entity": "text_special", "escape": "text_special"}
_FRONT_MATTER_RE = re.compile(r"\A(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)")
_BLOCK_STARTS = frozenset({"paragraph_open", "heading_open", "list_item_open", "blockquote_open",
                           "tr_open", "hr", "fence", "code_block", "html_block"})


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.disable("text_join")  # keep entities and escapes as tokens of their own
    ruler = md.inline.ruler
    for name, token_type in _RECORDED.items():
        ruler.at(name, _recording(ruler.__rules__[ruler.__find__(name)].fn, token_type))
    return md


def _recording(rule, token_type: str):
    def recorded(state, silent):
        start, count = state.pos, len(state.tokens)
        ok = rule(state, silent)
        if ok and not silent:
            for tok in state.tokens[count:]:
                if tok.type == token_type:
                    tok.meta["span"] = (start, state.pos)
                    break
        return ok
    return recorded


def _front_matter(text: str) -> int:
    """End offset of a front matter block at the start of ``text`` (0 if there is none)."""
    m = _FRONT_MATTER_RE.match(text)
    if not m:
        return 0
    fence = m.group(1)
    closers = (fence, "...") if fence == "---" else (fence,)
    for line in _LINE_RE.finditer(text, m.end()):
        if line.group().rstrip() in closers:
            return line.start() + len(line.group().rstrip("\r\n"))
        if not line.group():
            break
    return 0


def _markdown(text: str) -> _Prose:
    prose = _Prose(text)
    lines: list[str] = []
    line_starts: list[int] = []
    for m in _LINE_RE.finditer(text):
        if m.start() == len(text) and not m.group():
            break
        lines.append(m.group().rstrip("\r\n"))
        line_starts.append(m.start())
    front = _front_matter(text)
    front_lines = 0
    if front:
        prose.exclude(0, front, "front-matter")
        front_lines = bisect.bisect_right(line_starts, front - 1)
    # The parser sees the same lines (front matter emptied); positions come back as line numbers
    # plus columns found in the source lines, so its newline normalisation does not matter.
    tokens = _parser().parse("\n" * front_lines + "\n".join(lines[front_lines:]))
    table_hints: dict[int, int] = {}
    in_table_cell = False
    for tok in tokens:
        t = tok.type
        if tok.map and t in _BLOCK_STARTS:
            first = tok.map[0]
            if first < len(lines) and lines[first]:
                prose.paragraph_break(line_starts[first], line_starts[first] + 1)
        if t in ("th_open", "td_open"):
            in_table_cell = True
        elif t in ("th_close", "td_close"):
            in_table_cell = False
        elif t in ("fence", "code_block") and tok.map:
            a, b = _lines_range(tok.map, lines, line_starts)
            prose.exclude(a, b, "code")
        elif t == "html_block" and tok.map:
            where = _place(tok.content, tok.map[0], lines, line_starts, {}, table=False)
            _html_into(prose, tok.content, where)
        elif t == "inline" and tok.map:
            where = _place(tok.content, tok.map[0], lines, line_starts, table_hints, table=in_table_cell)
            if in_table_cell and where.bases[0] is None and "|" in tok.content:
                _escaped_pipe_cell(prose, tok.content, tok.map[0], lines, line_starts, table_hints)
            else:
                _inline(prose, tok, where, in_table_cell)
    return prose


def _escaped_pipe_cell(prose: _Prose, content: str, li: int, lines: list[str], line_starts: list[int],
                       hints: dict[int, int]) -> None:
    """A table cell holding ``\\|`` (the parser gives it unescaped): its source, as written,
    without the backslashes."""
    raw = content.replace("|", "\\|")
    col = lines[li].find(raw, hints.get(li, 0)) if li < len(lines) else -1
    if col < 0:
        return
    hints[li] = col + len(raw)
    start = line_starts[li] + col
    _cell_break(prose, start)
    prose.copy(start, start + len(raw))
    for i, ch in enumerate(raw):
        if ch == "\\" and raw[i + 1:i + 2] == "|":
            prose.out[start + i] = " "


def _cell_break(prose: _Prose, x: int) -> None:
    """The pipe and spaces before a table cell that starts at ``x``: a paragraph break."""
    gap = x
    while gap > 0 and prose.src[gap - 1] in " \t|":
        gap -= 1
    if gap < x and gap > 0 and prose.src[gap - 1] not in "\r\n":
        prose.paragraph_break(gap, x)


def _lines_range(span: list[int], lines: list[str], line_starts: list[int]) -> tuple[int, int]:
    last = min(span[1], len(lines)) - 1
    return line_starts[span[0]], line_starts[last] + len(lines[last])


def _place(content: str, first: int, lines: list[str], line_starts: list[int],
           hints: dict[int, int], table: bool) -> _Map:
    """Find each line of a block's ``content`` in the source line it came from."""
    starts: list[int] = []
    bases: list[int | None] = []
    k = 0
    for j, piece in enumerate(content.split("\n")):
        starts.append(k)
        k += len(piece) + 1
        li = first + j
        if li >= len(lines):
            bases.append(None)
            continue
        col = _column(piece, lines[li], hints.get(li, 0), table)
        bases.append(None if col is None else line_starts[li] + col)
        if table and col is not None:
            hints[li] = col + len(piece)
    return _Map(starts, bases)


def _column(piece: str, line: str, hint: int, table: bool) -> int | None:
    """Column of ``piece`` in the source ``line``: blocks drop a line's prefix (container markers,
    indentation), so a piece is the end of its line, except table cells and closed ATX headings."""
    if not piece:
        return hint
    if not table:
        core, src = piece.rstrip(), line.rstrip()
        # (Leading whitespace is compared loosely: the parser may expand tabs of indentation.)
        if src.endswith(core.lstrip()) and len(src) >= len(core):
            return len(src) - len(core)
    col = line.find(piece, hint)
    return col if col >= 0 else None


def _inline(prose: _Prose, tok, where: _Map, table_cell: bool) -> None:
    content = tok.content
    cursor = 0
    link_ends: list[int] = []
    in_autolink = False
    skipped: list[str] = []  # open raw-HTML elements whose content is not prose (<code>, ...)

    def copy(a: int, b: int) -> None:
        for x, y in where.ranges(a, b):
            if skipped:
                prose.exclude(x, y, SKIPPED_TAGS[skipped[0]])
            else:
                prose.copy(x, y)

    if table_cell:
        x = where.point(0)
        if x is not None:
            _cell_break(prose, x)
    for child in tok.children or ():
        t = child.type
        span = child.meta.get("span")
        if in_autolink:
            in_autolink = t != "link_close"
            continue
        if t == "text":
            i = content.find(child.content, cursor)
            if child.content and i >= 0:
                copy(i, i + len(child.content))
                cursor = i + len(child.content)
        elif span is None:
            if t == "link_close" and link_ends:
                cursor = link_ends.pop()
            continue
        elif t == "text_special":
            a, b = span
            if child.info == "escape" or skipped:
                copy(b - len(child.content) if child.info == "escape" else a, b)
            else:
                x = where.point(a)
                if x is not None:
                    prose.put(x, x + (b - a), child.content)
            cursor = b
        elif t == "code_inline":
            for x, y in where.ranges(*span):
                prose.exclude(x, y, "code")
            cursor = span[1]
        elif t == "html_inline":
            a, b = span
            _html_inline(prose, content[a:b], where, a, skipped)
            cursor = b
        elif t == "image":
            cursor = span[1]
        elif t == "link_open":
            if child.markup == "autolink":
                in_autolink = True
                cursor = span[1]
            else:
                cursor = span[0] + 1
                link_ends.append(span[1])


_TAG_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")


def _html_inline(prose: _Prose, raw: str, where: _Map, at: int, skipped: list[str]) -> None:
    """Raw HTML inside a Markdown paragraph: a tag (blank; a block tag breaks the paragraph; the
    content of ``<code>``, ``<script>``... is not prose: ``skipped`` holds those open) or a comment
    (blank; its text may be an mtcheck directive)."""
    if raw.startswith("<!--") and raw.endswith("-->"):
        x, y = where.point(at), where.point(at + len(raw) - 1)
        if x is not None and y is not None:
            prose.comments.append((x, y + 1, raw[4:-3]))
        return
    m = _TAG_NAME_RE.match(raw)
    if not m:
        return
    name = m.group(1).lower()
    if name in BLOCK_TAGS and not skipped:
        x = where.point(at)
        if x is not None:
            prose.paragraph_break(x, x + len(m.group()))
    if name in SKIPPED_TAGS and name not in VOID_TAGS and not raw.endswith("/>"):
        if not raw.startswith("</"):
            skipped.append(name)
        elif name in skipped:
            del skipped[len(skipped) - 1 - skipped[::-1].index(name):]
