"""Check that every entry of the built-in spinner packs goes from the rarer spun phrase to the
common original, and list (or drop) the reversed ones.

Usage: python -m tools.spinner_fingerprints_direction [--write]

An entry is *reversed* when the phrase it flags is the ordinary wording and its "original" the
odd one (the tortured-phrase list has a few such slips: "image features" listed as a spun form of
"picture features"). Two frequency sources are combined, because neither suffices alone:

- **register** (scientific pack): across the whole pack, how often each word occurs on the
  original (expected) side versus the tortured side. Technical vocabulary ("image",
  "segmentation") sits on the original side; spinner vocabulary ("picture", "fragmentation") on
  the tortured side. A substituted word pair (spun word -> original word, found by aligning the
  two phrases word by word) is reversed in register when the spun word's original-side share is
  higher than the original word's, by at least ``MARGIN``, with both words seen at least
  ``MIN_SEEN`` times, and the pack lists the opposite substitution (original word -> spun word)
  more often than this one.
- **general frequency** (wordfreq Zipf, both packs): the spun words are more common than the
  words they stand for by at least one Zipf unit (ten times), while the pair is not a known
  spinner direction in the register statistics.

Scientific entries whose every substituted pair is reversed in register are reversed; general
entries (hand-written, with context patterns) are checked on their first expansion by general
frequency and only listed (a person decides). ``--write`` drops the reversed scientific entries
from ``scientific.tsv`` (then rebuild ``compiled.pickle.gz`` with
``python -m tools.spinner_fingerprints_build``). The output is deterministic.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

import wordfreq

PACK_DIR = Path(__file__).resolve().parent.parent / "rules" / "data" / "spinner-fingerprints"
MARGIN = 0.3
MIN_SEEN = 3
ZIPF_GAP = 1.0


def words(phrase: str) -> list[str]:
    phrase = re.sub(r"\[[^\]]*\]", " ", phrase)  # context words are not what was replaced
    phrase = re.sub(r"\(([^|)]*)\|[^)]*\)", r"\1", phrase)  # first alternative
    return [w.rstrip("+") for w in re.split(r"[\s\-]+", phrase) if w and not w.startswith("<")]


def substitutions(spun: list[str], original: list[str]) -> list[tuple[str, str]]:
    sm = SequenceMatcher(None, spun, original, autojunk=False)
    return [(" ".join(spun[i1:i2]), " ".join(original[j1:j2]))
            for op, i1, i2, j1, j2 in sm.get_opcodes() if op == "replace"]


def read_pack(path: Path) -> list[tuple[int, str, str]]:
    """(line number, phrase, first original) per entry."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) >= 2:
            out.append((n, cols[0], cols[1].split("|")[0]))
    return out


class Register:
    """Original-side share of each word over the entries of a pack."""

    def __init__(self, entries: list[tuple[int, str, str]]) -> None:
        self.orig: Counter = Counter()
        self.spun: Counter = Counter()
        self.pairs: Counter = Counter()
        for _, phrase, original in entries:
            for s, o in substitutions(words(phrase), words(original)):
                self.spun.update(s.split())
                self.orig.update(o.split())
                self.pairs[s, o] += 1

    def share(self, phrase: str) -> float | None:
        ws = phrase.split()
        o = sum(self.orig[w] for w in ws)
        s = sum(self.spun[w] for w in ws)
        return o / (o + s) if o + s >= MIN_SEEN else None

    def reversed(self, spun: str, original: str) -> bool:
        """The pack substitutes the other way round more often, and the spun words belong to
        the original (technical) side of the vocabulary."""
        if self.pairs[original, spun] <= self.pairs[spun, original]:
            return False
        a, b = self.share(spun), self.share(original)
        return a is not None and b is not None and a - b >= MARGIN


def zipf(phrase: str) -> float:
    return wordfreq.zipf_frequency(phrase, "en")


def check(write: bool = False) -> list[str]:
    report = []
    sci_path = PACK_DIR / "scientific.tsv"
    sci = read_pack(sci_path)
    reg = Register(sci)
    drop = set()
    for n, phrase, original in sci:
        subs = substitutions(words(phrase), words(original))
        if subs and all(reg.reversed(s, o) for s, o in subs):
            drop.add(n)
            report.append(f"scientific.tsv:{n}: reversed (register): {phrase!r} -> {original!r}")
    for n, phrase, original in read_pack(PACK_DIR / "general.tsv"):
        subs = substitutions(words(phrase), words(original))
        if subs and all(zipf(s) >= zipf(o) + ZIPF_GAP and not reg.reversed(o, s)
                        for s, o in subs):
            report.append(f"general.tsv:{n}: spun words more common than the original "
                          f"(check by hand): {phrase!r} -> {original!r}")
    if write and drop:
        lines = sci_path.read_text(encoding="utf-8").splitlines(keepends=True)
        sci_path.write_text("".join(l for i, l in enumerate(lines, 1) if i not in drop),
                            encoding="utf-8", newline="")
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="drop reversed scientific entries")
    args = ap.parse_args(argv)
    for line in check(args.write):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
