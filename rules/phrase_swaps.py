"""Two-word phrases where a spinner swapped both words of a fixed phrase (MT303).

"counterfeit consciousness" for "artificial intelligence", "irregular woodland" for "random
forest": each word is a synonym a spinner's dictionary uses, the pair is rare as a unit, and
the pair of originals is a common fixed phrase. A pair with one word kept ("profound learning")
needs a far larger difference (one swapped word next to an ordinary one is common in human
prose). Two tables, built by
``python -m tools.technical_phrases_build`` (see there for sources and licences):

- ``technical-bigrams.tsv.gz``: counts of words and adjacent word pairs in openly licensed
  technical prose (a deep-learning textbook, a Python textbook, Python Enhancement Proposals);
- ``spinner-word-pairs.tsv``: word-for-word substitutions read off the tortured-phrase list
  (its held-out fifth excluded), with the number of phrases showing each.

The language model (:mod:`.lm`) is the second phrase statistic: log10 P(b | a) - log10 P(b),
how much more likely ``b`` is after ``a`` than on its own (its *association*).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .lm import NGramModel
from .sorted_lines import SortedLines
from .thesaurus import DATA_DIR, Thesaurus

COUNTS_PATH = DATA_DIR / "technical-bigrams.tsv.gz"
WORD_PAIRS_PATH = DATA_DIR / "spinner-word-pairs.tsv"
# Association the language model gives a pair it has never seen with the word before.
UNSEEN = -3.0


@dataclass(frozen=True)
class SwapParams:
    """Chosen on the development data: the human texts of every genre (findings per 1,000
    words) and the part of the tortured-phrase list that is not held out (benchmarks/
    findings_eval.py)."""

    min_word_pair: int = 2  # a word swap seen in this many phrases (or a thesaurus synonym)
    text_max_association: float = 0.0  # the phrase used: no more likely together than apart
    count_min: int = 3  # the original: seen this often in technical prose, with association >= 0
    lm_association: float = 1.0  # ... or this strongly associated in the language model
    min_gain: float = 1.0  # association of the original minus that of the phrase used
    min_gain_one_word: float = 3.0  # ... when only one of the two words was swapped


@dataclass(frozen=True)
class PhraseSwap:
    used: tuple[str, str]
    original: tuple[str, str]
    gain: float
    used_association: float
    original_association: float
    used_count: int
    original_count: int
    word_pair_counts: tuple[int, int]


class PhraseCounts:
    """Word and word-pair counts of technical prose (pairs as ``"a b"``). ``counts`` is any
    mapping with ``get`` (a dict in tests; the shipped table as :class:`SortedCountLines`)."""

    def __init__(self, counts, words: int) -> None:
        self.counts = counts
        self.words = words

    def __getitem__(self, key: str) -> int:
        return self.counts.get(key, 0)

    @classmethod
    def from_file(cls, path: str | Path) -> "PhraseCounts":
        # The builder writes words, then pairs, each sorted: two runs that the table merges.
        table = SortedCountLines.from_file(path)
        words = 0
        for line in table.comments:
            for part in line[1:].split():
                k, _, v = part.partition("=")
                if k == "words" and v.isdigit():
                    words = int(v)
        return cls(table, words)


class SortedCountLines(SortedLines):
    """``key<TAB>count`` lines. Reading the 147,800 lines of the shipped table into a dict cost
    ~0.11 s of every cold start (one string and one int object per entry); the rule asks for
    ~66 counts per ~400-word article."""

    def get(self, key: str, default: int = 0) -> int:
        v = self.value(key)
        return default if v is None else int(v)


def read_word_pairs(path: str | Path) -> dict[str, dict[str, int]]:
    """spun word -> {original word: phrases showing the swap}."""
    out: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 3:
                out.setdefault(cols[0], {})[cols[1]] = int(cols[2])
    return out


@functools.lru_cache(maxsize=4)
def load_counts(path: str | None = None) -> PhraseCounts:
    return PhraseCounts.from_file(path or COUNTS_PATH)


@functools.lru_cache(maxsize=4)
def load_word_pairs(path: str | None = None) -> dict[str, dict[str, int]]:
    p = Path(path) if path else WORD_PAIRS_PATH
    return read_word_pairs(p) if p.is_file() else {}


class PhraseSwapTester:
    """Finds two-word phrases whose words are known spinner swaps of a common fixed phrase, and
    that phrase (MT303)."""

    def __init__(self, model: NGramModel, thesaurus: Thesaurus, counts: PhraseCounts,
                 word_pairs: dict[str, dict[str, int]], stopwords: frozenset[str],
                 params: SwapParams = SwapParams()) -> None:
        self.model = model
        self.thesaurus = thesaurus
        self.counts = counts
        self.word_pairs = word_pairs
        self.stopwords = stopwords
        self.p = params

    def association(self, a: str, b: str) -> float:
        if not (self.model.in_vocab(a) and self.model.in_vocab(b)):
            return UNSEEN
        return self.model.logprob(b, (a,)) - self.model.logprob(b, ())

    def _originals(self, word: str) -> list[tuple[str, int]]:
        """Words a spinner is known to replace by ``word``: seen in enough phrases of the list, or
        seen once and a thesaurus synonym too (one odd alignment is not a spinner's habit)."""
        out = []
        for orig, n in sorted(self.word_pairs.get(word, {}).items()):
            if orig in self.stopwords:
                continue
            if n >= self.p.min_word_pair or orig in self.thesaurus.candidates(word) \
                    or word in self.thesaurus.candidates(orig):
                out.append((orig, n))
        return out

    def test(self, a: str, b: str) -> PhraseSwap | None:
        """The pair ``a b`` as a swap of both words of a common phrase, or None."""
        p = self.p
        if a in self.stopwords or b in self.stopwords:
            return None
        if a not in self.word_pairs and b not in self.word_pairs:
            # Neither word is a known spinner swap: the only candidate would be "a b" itself.
            # (Most word pairs; this skips their count and language-model look-ups.)
            return None
        used_count = self.counts[f"{a} {b}"]
        if used_count:
            return None
        used = self.association(a, b)
        if used > p.text_max_association:
            return None
        best = None
        # The word itself (count 0) stands for "kept": then only the other one was swapped.
        for x, nx in [(a, 0), *self._originals(a)]:
            for y, ny in [(b, 0), *self._originals(b)]:
                if x == a and y == b:
                    continue
                c = self.counts[f"{x} {y}"]
                assoc = self.association(x, y)
                if not ((c >= p.count_min and assoc >= 0) or assoc >= p.lm_association):
                    continue
                gain = assoc - used
                if gain < (p.min_gain if x != a and y != b else p.min_gain_one_word):
                    continue
                key = (gain, c, x, y)
                if best is None or key > best[0]:
                    best = (key, PhraseSwap((a, b), (x, y), gain, used, assoc, used_count, c,
                                            (nx, ny)))
        return best[1] if best else None
