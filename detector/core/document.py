"""The document model: decoded text split into paragraphs, sentences and tokens with character
offsets, a line/column map, and the regions that are not article prose.

The document does not decide what is prose: the input layer (``mtcheck.input``) finds the
set-aside regions (URLs, web furniture, markup) and passes them in.

Every offset is a code-point index into ``Document.text``. Markup-aware loaders keep ``text`` the
same length as the source by blanking non-prose characters, so offsets are also source offsets.
When the input layer undid Unicode tricks (look-alike letters, invisible characters: see
``mtcheck.input.unicode_normalize``), ``text`` is the normalised text, ``original`` the text
before it and ``offsets`` maps positions in ``text`` to positions in ``original`` (and so in the
file): :meth:`Document.to_original` gives them, and lines and columns are the file's.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from .offsets import Obfuscation, OffsetMap
from .text import APOSTROPHES, MONTH_ABBREVIATIONS

_WORD = rf"[^\W\d_]+(?:[{APOSTROPHES}][^\W\d_]+)*(?:-[^\W\d_]+)*"
WORD_RE = re.compile(_WORD, re.UNICODE)
TOKEN_RE = re.compile(
    rf"(?P<word>{_WORD})"
    r"|(?P<number>\d+(?:[.,:]\d+)*(?:s|st|nd|rd|th)?\b)"
    r"|(?P<punct>[^\w\s])",
    re.UNICODE,
)
# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a likely start.
SENTENCE_END_RE = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9А-ЯЁ])")
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr vs etc inc ltd co corp gen col lt sgt rev gov sen rep no fig "
    "u.s u.k e.g i.e a.m p.m".split()
) | frozenset(m for m in MONTH_ABBREVIATIONS if m != "may")  # "may." ends a sentence


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # "word", "number" or "punct"

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str = ""  # for regions: "boilerplate", "comments", "byline", "code", "url", ...

    def __len__(self) -> int:
        return self.end - self.start


@dataclass
class Document:
    """A decoded article. Build with :func:`Document.from_text`, given the regions that are not
    prose (``mtcheck.input`` computes them: :func:`mtcheck.input.setaside.prose_document`)."""

    text: str
    path: str = "<text>"
    # Regions that are not article prose, sorted by start.
    excluded: list[Span] = field(default_factory=list)
    # Warnings from loading (e.g. "invalid UTF-8 replaced"), shown in the report.
    load_notes: list[str] = field(default_factory=list)
    format: str = "text"
    # Inline suppressions: (region, code prefixes; empty = every code). See mtcheck.input.suppression.
    suppressed: list[tuple[Span, tuple[str, ...]]] = field(default_factory=list)
    # The file as read, when a markup loader blanked ``text`` (same length). Lines and columns
    # refer to it (the loader may turn blanked characters into newlines to mark paragraph
    # breaks), and so do set-aside counts of blanked regions (they hold no words in ``text``).
    source: str | None = None
    # The text before Unicode normalisation (same length as ``source`` when there is one), and
    # the map from ``text`` positions to ``original`` positions; None when nothing was changed.
    original: str | None = None
    offsets: OffsetMap | None = None
    # Look-alike letters and invisible characters inside words, at ``text`` positions.
    obfuscations: list[Obfuscation] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str, path: str = "<text>", excluded: list[Span] | None = None,
                  format: str = "text", load_notes: list[str] | None = None,
                  source: str | None = None, paragraphs: list[Span] | None = None,
                  original: str | None = None, offsets: OffsetMap | None = None,
                  obfuscations: list[Obfuscation] | None = None) -> "Document":
        """A document whose non-prose regions are exactly ``excluded`` (sorted and merged here;
        where two overlap, the one given first names the kind). ``paragraphs``: the result of
        :func:`split_paragraphs` when the caller already computed it. ``original`` and
        ``offsets``: see the class."""
        if (original is None) != (offsets is None):
            raise ValueError("give both original and offsets, or neither")
        before = text if original is None else original
        if source is not None and len(source) != len(before):
            raise ValueError("source and text must have the same length")
        doc = cls(text=text, path=path, excluded=_merge(list(excluded or [])), format=format,
                  load_notes=list(load_notes or []), source=source, original=original,
                  offsets=offsets, obfuscations=list(obfuscations or []))
        if paragraphs is not None:
            doc.__dict__["all_paragraphs"] = paragraphs  # the cached_property's value
        return doc

    def without(self, kinds) -> "Document":
        """The same document with the set-aside regions of these kinds given back to the prose."""
        doc = Document.from_text(self.text, path=self.path,
                                 excluded=[r for r in self.excluded if r.kind not in kinds],
                                 format=self.format, load_notes=self.load_notes,
                                 source=self.source, original=self.original, offsets=self.offsets,
                                 obfuscations=self.obfuscations)
        doc.suppressed = list(self.suppressed)
        return doc

    # -- geometry ------------------------------------------------------------------------
    @property
    def file_text(self) -> str:
        """The text as in the file: the source, else the text before normalisation."""
        if self.source is not None:
            return self.source
        return self.text if self.original is None else self.original

    @property
    def before_normalisation(self) -> str:
        """``text`` before Unicode normalisation (at the file's offsets)."""
        return self.text if self.original is None else self.original

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """A range of ``text`` as a range of the file (the same without normalisation)."""
        if self.offsets is None:
            return start, end
        return self.offsets.span(start, end)

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", self.file_text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of a character offset into ``text``."""
        offset = max(0, min(offset, len(self.text)))
        if self.offsets is not None:
            offset = self.offsets.start(offset)
        return self.file_line_col(offset)

    def file_line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset into the file's text (:attr:`file_text`)."""
        offset = max(0, min(offset, len(self.file_text)))
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    @property
    def accepted(self) -> bool:
        """Whether an ``accept`` directive marks the article as reviewed."""
        return any(span.kind == "accept" for span, _ in self.suppressed)

    def file_suppressed(self) -> tuple[str, ...] | None:
        """Code prefixes silenced in the whole text (``disable-file``; "" = every code), or None."""
        out = [p for span, prefixes in self.suppressed
               if span.kind == "suppressed" and span.start == 0 and span.end >= len(self.text)
               for p in (prefixes or ("",))]
        return tuple(dict.fromkeys(out)) if out else None

    def is_suppressed(self, code: str, start: int) -> bool:
        return any(span.start <= start < span.end and (not prefixes or code.startswith(prefixes))
                   for span, prefixes in self.suppressed)

    def is_excluded(self, start: int, end: int | None = None) -> bool:
        end = start + 1 if end is None else end
        i = bisect.bisect_right(self._excluded_starts, start) - 1
        for span in self.excluded[max(i, 0):]:
            if span.start >= end:
                break
            if span.end > start and span.start < end:
                return True
        return False

    @cached_property
    def _excluded_starts(self) -> list[int]:
        return [s.start for s in self.excluded]

    # -- structure -----------------------------------------------------------------------
    @cached_property
    def all_paragraphs(self) -> list[Span]:
        """Paragraph spans over the whole text, including boilerplate."""
        return split_paragraphs(self.text)

    @cached_property
    def paragraphs(self) -> list[Span]:
        """Prose paragraphs: the article without excluded regions (partly excluded ones are cut)."""
        out = []
        starts = self._excluded_starts
        for p in self.all_paragraphs:
            # Only the regions that can overlap p (they are sorted and merged): linear overall,
            # not paragraphs x regions.
            first = max(bisect.bisect_right(starts, p.start) - 1, 0)
            last = bisect.bisect_left(starts, p.end)
            for piece in _subtract(p, self.excluded[first:last]):
                tokens = TOKEN_RE.finditer(self.text, piece.start, piece.end)
                if any(m.lastgroup == "word" for m in tokens):
                    out.append(piece)
        return out

    @cached_property
    def sentences(self) -> list[Span]:
        out = []
        for p in self.paragraphs:
            out.extend(_sentences(self.text, p))
        return out

    @cached_property
    def tokens(self) -> list[Token]:
        """Tokens of the prose, in order."""
        out: list[Token] = []
        for p in self.paragraphs:
            out.extend(_tokens(self.text, p.start, p.end))
        return out

    @cached_property
    def words(self) -> list[Token]:
        return [t for t in self.tokens if t.kind == "word"]

    @property
    def word_count(self) -> int:
        return len(self.words)

    def tokens_in(self, span: Span) -> list[Token]:
        starts = self._token_starts
        i = bisect.bisect_left(starts, span.start)
        j = bisect.bisect_left(starts, span.end)
        return self.tokens[i:j]

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    def set_aside(self) -> dict[str, int]:
        """Words set aside per region kind (boilerplate, comments, byline, ...)."""
        counts: dict[str, int] = {}
        for span in self.excluded:
            n = sum(1 for _ in WORD_RE.finditer(self.text, span.start, span.end))
            if not n and self.source is not None:  # a region the markup loader blanked (code, ...)
                start, end = self.to_original(span.start, span.end)
                n = sum(1 for _ in WORD_RE.finditer(self.source, start, end))
            if n:
                counts[span.kind] = counts.get(span.kind, 0) + n
        return counts


class SpanSet:
    """Character ranges already taken (by findings, say): does [start, end) overlap one of
    them? In log time, where a list searched in full is quadratic on texts with thousands of
    ranges. Kept as the union of the ranges, merging only ranges that overlap (touching ones
    stay apart, so an empty range at their border does not overlap, as with a plain list)."""

    def __init__(self, ranges=()):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in ranges:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some range [s, e) has s < end and start < e."""
        i = bisect.bisect_left(self.starts, end)  # the ranges that start before ``end``
        return i > 0 and self.ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, end)
        j = i
        while j > 0 and self.ends[j - 1] > start:  # merge what [start, end) overlaps
            j -= 1
            start, end = min(start, self.starts[j]), max(end, self.ends[j])
        self.starts[j:i] = [start]
        self.ends[j:i] = [end]


def _merge(spans: list[Span]) -> list[Span]:
    """Sort and merge overlapping regions (the earlier kind wins where two overlap)."""
    spans = sorted(spans, key=lambda s: (s.start, -s.end))
    out: list[Span] = []
    for s in spans:
        if s.end <= s.start:
            continue
        if out and s.start < out[-1].end:
            last = out[-1]
            if s.end > last.end:
                out[-1] = Span(last.start, s.end, last.kind)
            continue
        out.append(s)
    return out


def _subtract(span: Span, excluded: list[Span]) -> list[Span]:
    pieces = [span]
    for ex in excluded:
        if ex.end <= span.start or ex.start >= span.end:
            continue
        nxt = []
        for p in pieces:
            if ex.end <= p.start or ex.start >= p.end:
                nxt.append(p)
                continue
            if ex.start > p.start:
                nxt.append(Span(p.start, ex.start))
            if ex.end < p.end:
                nxt.append(Span(ex.end, p.end))
        pieces = nxt
    return pieces


def _tokens(text: str, start: int, end: int) -> list[Token]:
    return [Token(m.group(), m.start(), m.end(), m.lastgroup)
            for m in TOKEN_RE.finditer(text, start, end)]


_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_TERMINAL = tuple(".!?:;…\"”’)")


def split_paragraphs(text: str) -> list[Span]:
    """Paragraph spans over ``text`` (see :func:`_paragraphs`)."""
    return list(_paragraphs(text))


def _paragraphs(text: str):
    """Blank-line separated blocks; inside a block, a line break is a paragraph break unless
    the text is hard-wrapped (the line is long and does not end a sentence)."""
    block: list[tuple[int, int]] = []
    for m in _LINE_RE.finditer(text):
        if m.start() == len(text) and not m.group():
            break
        line = m.group().rstrip("\r\n")
        if line.strip():
            block.append((m.start(), m.start() + len(line)))
        else:
            yield from _split_block(text, block)
            block = []
    yield from _split_block(text, block)


def _split_block(text: str, block: list[tuple[int, int]]):
    if not block:
        return
    width = max(e - s for s, e in block)
    start = block[0][0]
    for i, (s, e) in enumerate(block):
        line = text[s:e].rstrip()
        last = i == len(block) - 1
        wrapped = (not last and width >= 50 and (e - s) >= 0.75 * width
                   and not line.endswith(_TERMINAL))
        if last or not wrapped:
            lead = len(text[start:e]) - len(text[start:e].lstrip())
            yield Span(start + lead, s + len(line))
            if not last:
                start = block[i + 1][0]


def split_sentences(text: str, para: Span) -> list[Span]:
    """Sentence spans of one paragraph span of ``text`` (as :attr:`Document.sentences` cuts
    them)."""
    return _sentences(text, para)


def _sentences(text: str, para: Span) -> list[Span]:
    out = []
    start = para.start
    for m in SENTENCE_END_RE.finditer(text, para.start, para.end):
        # The word before the full stop (a window: text[start:] grows while abbreviations
        # are skipped; no abbreviation is 40 characters long).
        before = text[max(start, m.start() - 40):m.start()].split()
        last_word = before[-1].lower().rstrip(".") if before else ""
        if last_word in ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
            continue
        out.append(Span(start, m.end()))
        start = m.end()
        while start < para.end and text[start].isspace():
            start += 1
    if start < para.end:
        out.append(Span(start, para.end))
    return out
