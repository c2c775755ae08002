"""Offsets between a normalised text and the text it was made from, and the obfuscation spans
the normaliser found (see :mod:`mtcheck.input.unicode_normalize`)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Obfuscation:
    """Characters inside a word that hide it: ``start``/``end`` in the original text."""

    start: int
    end: int
    kind: str  # "homoglyph", "zero-width", "bidi" or "soft-hyphen"
    word_start: int
    word_end: int
    detail: str  # e.g. "CYRILLIC SMALL LETTER A for 'a'"


class OffsetMap:
    """Positions in a normalised text -> positions in the original. Piecewise linear: stored
    as the normalised positions where the offset changes (empty: the identity)."""

    def __init__(self, breaks: list[int] | None = None, origins: list[int] | None = None,
                 length: int = 0, original_length: int = 0):
        self.breaks = breaks or []
        self.origins = origins or []
        self.length = length
        self.original_length = original_length

    @property
    def identity(self) -> bool:
        return not self.breaks

    def start(self, pos: int) -> int:
        """Original position of the character at normalised ``pos`` (or of the end)."""
        if pos >= self.length:
            return self.original_length + (pos - self.length)
        k = bisect.bisect_right(self.breaks, pos) - 1
        if k < 0:
            return pos
        return self.origins[k] + (pos - self.breaks[k])

    def end(self, pos: int) -> int:
        """Original position just after the character before normalised ``pos`` (an
        exclusive end: invisible characters that follow a span stay outside it)."""
        if pos <= 0:
            return 0
        if pos > self.length:
            return self.original_length + (pos - self.length)
        return self.start(pos - 1) + 1 if pos - 1 < self.length else self.original_length

    def span(self, start: int, end: int) -> tuple[int, int]:
        s = self.start(start)
        return (s, max(s, self.end(end))) if end > start else (s, s)

    def to_normalized(self, pos: int) -> int:
        """Normalised position of original ``pos`` (a removed character maps to where the
        text continues)."""
        if not self.breaks:
            return pos
        if pos >= self.original_length:
            return self.length + (pos - self.original_length)
        k = bisect.bisect_right(self.origins, pos) - 1
        if k < 0:
            return min(pos, self.breaks[0])
        n = self.breaks[k] + (pos - self.origins[k])
        return min(n, self.breaks[k + 1]) if k + 1 < len(self.breaks) else min(n, self.length)
