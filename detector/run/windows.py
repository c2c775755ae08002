"""Long texts judged in windows: where a long text is cut, each window as a document of its
own, and which window's judgement speaks for the text.

The scorer was fitted on articles of ~100-1,600 words (median ~340), and every measurement it
reads is a rate over the whole text: judged as one article, a spun passage inside a book-length
text is diluted by the human text around it (padding hides spinning), and the rules' cost and
memory grow with the whole text. A text with more than :data:`WINDOWED_ABOVE_WORDS` words of
prose is therefore cut, at paragraph ends where it can be (else at sentence ends, else between
words), into windows of about :data:`WINDOW_WORDS` words; the engine judges each window as an
article (rules, two-stage check, scorer, verdict), one after the other, keeping only the
window's findings and judgement, and reports the worst window's verdict, probabilities and
reasons with every window's findings at the file's offsets. Rules never see windows: each gets
an ordinary, smaller document.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Iterator

from ..core.document import TOKEN_RE, Document, Span, split_sentences
from ..core.finding import Finding
from ..core.offsets import Obfuscation
from ..scoring.model import Model
from ..scoring.verdict import STRENGTH, Assessment

# Texts with more prose words than this are judged in windows. Every benchmark article (the
# longest ~1,650 words) and nearly every web article is judged whole, exactly as before; past
# about twice the longest article the scorer was fitted on, its length feature extrapolates and
# dilution starts to hide passages.
WINDOWED_ABOVE_WORDS = 3000
# Words per window (the windows of a text are of equal size as near as the cuts allow): the
# size of a typical benchmark article, inside the range the scorer was fitted on.
WINDOW_WORDS = 800
# A long text has a chance to fail in each window: a window's thresholds (failing, suspicious)
# are the model's with their distance to 1 divided by this (spun 0.958 -> 0.979,
# machine-translated 0.946 -> 0.973). Chosen on long texts made of the benchmark's dev-split
# articles (benchmarks/long_texts.py; README, "Scores and verdicts"): none of 137 human texts of
# 5,000-20,000 words fails with it, 4 do with the model's own thresholds (in-sample: chosen on
# those texts).
WINDOW_STRICTNESS = 2.0


@dataclass(frozen=True)
class Window:
    """A range of the document's (normalised) text and the prose words in it."""

    start: int
    end: int
    words: int


def window_model(model: Model) -> Model:
    """The model a window is judged with: the article's, with stricter thresholds."""
    def stricter(p: float | None) -> float | None:
        return None if p is None else 1 - (1 - p) / WINDOW_STRICTNESS

    return replace(model, fail_at=stricter(model.fail_at), fail_at_mt=stricter(model.fail_at_mt),
                   suspicious_at=stricter(model.suspicious_at))


def plan(doc: Document) -> list[Window] | None:
    """The windows a long document is judged in, covering its text without gaps; None when it
    is short enough to be judged whole. Counts words without building the document's tokens
    (a 1 MB text holds ~160,000 words)."""
    # A word is at least one letter and words are apart: fewer characters cannot hold more words.
    if len(doc.text) < 2 * WINDOWED_ABOVE_WORDS:
        return None
    pieces = [(p, _words(doc.text, p)) for p in doc.paragraphs]
    total = sum(n for _, n in pieces)
    if total <= WINDOWED_ABOVE_WORDS:
        return None
    count = max(2, round(total / WINDOW_WORDS))
    target = total / count
    units = _units(doc.text, pieces, target / 2)
    cuts, sizes, seen, words = [0], [], 0, 0
    for start, n in units:
        # A new window starts at this unit when its middle lies past the next window's mark.
        if words and len(cuts) < count and seen + n / 2 > len(cuts) * target:
            cuts.append(start)
            sizes.append(words)
            words = 0
        seen += n
        words += n
    sizes.append(words)
    cuts.append(len(doc.text))
    return [Window(cuts[i], cuts[i + 1], sizes[i]) for i in range(len(sizes))]


def _words(text: str, span: Span) -> int:
    return sum(1 for m in TOKEN_RE.finditer(text, span.start, span.end) if m.lastgroup == "word")


def _units(text: str, pieces: list[tuple[Span, int]], most: float) -> list[tuple[int, int]]:
    """(start, words) of the places a window may start: paragraphs, and in a paragraph of more
    than ``most`` words its sentences, and in such a sentence every ``most`` words."""
    out: list[tuple[int, int]] = []
    for piece, n in pieces:
        if n <= most:
            out.append((piece.start, n))
            continue
        for sentence in split_sentences(text, piece):
            n = _words(text, sentence)
            if n <= most:
                out.append((sentence.start, n))
                continue
            chunk_start, chunk = sentence.start, 0
            for m in TOKEN_RE.finditer(text, sentence.start, sentence.end):
                if m.lastgroup != "word":
                    continue
                if chunk >= most:
                    out.append((chunk_start, chunk))
                    chunk_start, chunk = m.start(), 0
                chunk += 1
            out.append((chunk_start, chunk))
    return out


def documents(doc: Document, windows: list[Window]) -> Iterator[tuple[Window, Document]]:
    """Each window as a document of its own, made when asked for (so one window's document and
    the caches built on it can go before the next is made). Its text is the window's part of
    the normalised text; paragraphs, set-aside regions, suppressed regions and disguised words
    are the document's, cut to the window and moved to its offsets; :func:`at_offset` moves a
    finding back. Lines, columns and the text before normalisation stay with ``doc``: the engine
    locates the moved findings there."""
    paragraphs = doc.all_paragraphs
    para_ends = [p.end for p in paragraphs]
    excluded_ends = [r.end for r in doc.excluded]
    obfuscations = sorted(doc.obfuscations, key=lambda o: o.word_start)
    obfuscation_starts = [o.word_start for o in obfuscations]
    for w in windows:
        a, b = w.start, w.end
        window = Document.from_text(
            doc.text[a:b], path=doc.path, format=doc.format,
            excluded=_cut(doc.excluded, excluded_ends, a, b),
            paragraphs=[_trimmed(doc.text, p, a) for p in _cut(paragraphs, para_ends, a, b)],
            obfuscations=[_moved(o, -a) for o in obfuscations[
                bisect.bisect_left(obfuscation_starts, a):bisect.bisect_left(obfuscation_starts, b)]])
        window.suppressed = [(Span(max(s.start, a) - a, min(s.end, b) - a, s.kind), codes)
                             for s, codes in doc.suppressed if s.start < b and s.end > a]
        yield w, window


def _cut(spans: list[Span], ends: list[int], a: int, b: int) -> list[Span]:
    """The sorted, non-overlapping ``spans`` (``ends``: their ends) cut to [a, b), at a's offsets."""
    out = []
    for s in spans[bisect.bisect_right(ends, a):]:
        if s.start >= b:
            break
        out.append(Span(max(s.start, a) - a, min(s.end, b) - a, s.kind))
    return out


def _trimmed(text: str, p: Span, a: int) -> Span:
    """A paragraph cut at the window's end without the spaces before the cut (the next
    sentence, which ended the last one, is outside the window)."""
    end = p.end
    while end > p.start and text[a + end - 1].isspace():
        end -= 1
    return Span(p.start, end, p.kind)


def _moved(o: Obfuscation, by: int) -> Obfuscation:
    return replace(o, start=o.start + by, end=o.end + by, word_start=o.word_start + by,
                   word_end=o.word_end + by)


def at_offset(f: Finding, by: int) -> Finding:
    """A window's finding at the document's offsets."""
    return replace(f, start=f.start + by, end=f.end + by)


def severity(a: Assessment) -> tuple:
    """Orders window judgements: the stronger verdict, then the higher probability."""
    return STRENGTH.get(a.verdict or "", -1), max(a.spun, a.machine_translated)


def _ends(doc: Document, w: Window) -> tuple[tuple[int, int], tuple[int, int]]:
    """(line, column) of the window's first and last character."""
    return doc.line_col(w.start), doc.line_col(max(w.start, w.end - 1))


def where(doc: Document, w: Window) -> str:
    """The window's place in the file: its lines, or on one line its columns."""
    (start_line, start_col), (end_line, end_col) = _ends(doc, w)
    if start_line == end_line:
        return f"line {start_line}, columns {start_col}-{end_col}"
    return f"lines {start_line}-{end_line}"


def describe(doc: Document, windows: list[Window], worst: int, verdicts: list[str]) -> dict:
    """The window the verdict is from, at the file's offsets and lines, and the windows'
    verdicts (the report's ``window``)."""
    w = windows[worst]
    start, end = doc.to_original(w.start, w.end)
    (line, _), (end_line, _) = _ends(doc, w)
    return {"index": worst + 1, "of": len(windows), "start": start, "end": end,
            "line": line, "end_line": end_line,
            "words": w.words, "verdicts": tally(verdicts)}


def tally(verdicts: list[str]) -> dict[str, int]:
    """Windows per verdict, strongest first."""
    counts: dict[str, int] = {}
    for v in sorted(verdicts, key=lambda v: -STRENGTH.get(v, -1)):
        counts[v] = counts.get(v, 0) + 1
    return counts


def reason(doc: Document, windows: list[Window], worst: int, verdicts: list[str]) -> str:
    """The first reason of a text judged in windows: how it was cut, what the windows gave and
    which window speaks."""
    w = windows[worst]
    counts = ", ".join(f"{v} {n}" for v, n in tally(verdicts).items())
    head = (f"judged in {len(windows)} windows of about {WINDOW_WORDS} words (a text of more "
            f"than {WINDOWED_ABOVE_WORDS:,} words): {counts}")
    place = f"window {worst + 1} ({where(doc, w)}, {w.words} words)"
    if verdicts[worst] == "clean":
        return f"{head}; the most suspicious is {place}"
    return f"{head}; the verdict is that of {place}, the worst"
