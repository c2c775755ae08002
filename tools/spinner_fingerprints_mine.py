"""Candidate spinner phrases for the general pack, mined from spun/original article pairs.

Usage: python tools/spinner_fingerprints_mine.py CORPUS_DIR [--min-spun 2] [--top 300]

Aligns every spun article with its original (``original_id``) word by word (difflib), takes each
replaced span together with one word of context on either side, and lists the context phrases
that occur in spun text but never in any human article of the corpus, with the original wording
they replaced. The output is a list of *candidates* for a person to curate (keep the general-English
ones that cannot occur in human prose; drop names and topic words); nothing is written to the
packs automatically, and no article text is copied.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import json
import re
import sys
from pathlib import Path

TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+|[^\w\s]")


def tokens(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in TOKEN.findall(text)]


def ngrams(toks: list[str], n: int):
    return (" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--min-spun", type=int, default=2, help="minimum occurrences in spun text")
    ap.add_argument("--top", type=int, default=300)
    args = ap.parse_args(argv)

    def load(name):
        with (args.corpus / f"{name}.jsonl").open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    human = {r["id"]: r for r in load("human")}
    spun = load("spun")
    human_text = " " + " \n ".join(" ".join(tokens(r["text"])) for r in human.values()) + " "

    counts: collections.Counter = collections.Counter()
    originals: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for rec in spun:
        a, b = tokens(human[rec["original_id"]]["text"]), tokens(rec["text"])
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag != "replace" or j2 - j1 > 4:
                continue
            for lo, hi, olo, ohi in ((j1 - 1, j2, i1 - 1, i2), (j1, j2 + 1, i1, i2 + 1),
                                     (j1 - 1, j2 + 1, i1 - 1, i2 + 1)):
                if lo < 0 or hi > len(b) or any(not w[0].isalnum() for w in b[lo:hi]):
                    continue
                phrase = " ".join(b[lo:hi])
                counts[phrase] += 1
                originals[phrase][" ".join(a[max(olo, 0):ohi])] += 1
    rows = []
    for phrase, n in counts.items():
        if n < args.min_spun or f" {phrase} " in human_text:
            continue
        rows.append((n, phrase, originals[phrase].most_common(1)[0][0]))
    rows.sort(key=lambda r: (-r[0], r[1]))
    for n, phrase, orig in rows[:args.top]:
        print(f"{n:4d}  {phrase:40s} <- {orig}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
