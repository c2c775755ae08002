"""Build the scientific pack of the spinner-fingerprints rule (MT102) from a tortured-phrases list.

Usage:
    python tools/spinner_fingerprints_tortured.py TORTURED.tsv [--human FILE.jsonl ...]
        [--other FILE.jsonl ...] [--out rules/data/spinner-fingerprints/scientific.tsv] [--report]

TORTURED.tsv has a header line and ``tortured<TAB>expected`` pairs: the Problematic Paper
Screener's fingerprint list (Cabanac, Labbé, Magazinov; CC BY 4.0) as published in
giladfeldman/torturedcheck (``src/data/tortured-phrases.json``). The list is noisy, so entries
are cleaned:

1. normalised (lower case, straight apostrophes, single spaces); parenthesised parts such as
   acronyms "(tls)" or "(?)" removed from both sides;
2. dropped when the expected wording is missing or garbage ("???", a URL, a "see ..." note, only
   function words), when the tortured phrase is a single word, longer than 6 words (flattened
   search queries), contains list or markup characters, has no substitution (every tortured word
   also appears in the expected wording), or consists of function words only;
3. dropped when the phrase is ordinary English: it occurs in any ``--human`` text (JSON Lines
   with a "text" field), or every word pair of it is attested in the English trigram model
   shipped with pocketsphinx as a collocation (log10 P(b|a) - log10 P(b) > 0 for every pair, or
   > -0.1 with every word triple attested too);
4. confidence: 0.9 for phrases of 3+ words and 0.85 for two-word phrases with a word pair the
   model has never seen; 0.75 when every pair is attested but is no collocation; at most 0.6
   when the phrase occurs in an ``--other`` text (e.g. machine-translated text, which is not
   spinning);
5. identical tortured phrases are merged (their expected wordings joined with "|");
6. dropped when reversed: the listed tortured phrase is the ordinary technical term and its
   "expected" wording the odd one (see ``tools/spinner_fingerprints_direction.py``).

The output is deterministic (sorted) and carries the attribution header.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections import OrderedDict
from pathlib import Path

HEADER = """\
# mtcheck spinner-fingerprints: scientific pack (MT102), "tortured phrases".
# Format: phrase<TAB>original[|original]<TAB>reason<TAB>confidence; see README.md.
#
# Derived from the tortured-phrases fingerprint list of the Problematic Paper Screener
# (Guillaume Cabanac, Cyril Labbé, Alexander Magazinov; https://www.irit.fr/~Guillaume.Cabanac/problematic-paper-screener),
# as published in giladfeldman/torturedcheck (src/data/tortured-phrases.json), licence CC BY 4.0
# (https://creativecommons.org/licenses/by/4.0/).
# Changes made: normalised to lower case; parenthesised acronyms and notes removed; entries with
# missing or garbage expected wordings, single words, flattened queries (more than 6 words, list
# or markup characters), no actual substitution, or that occur in ordinary English text (checked
# against human news articles and an English n-gram model) removed; duplicates merged;
# confidences added. Rebuilt with tools/spinner_fingerprints_tortured.py.
"""

REASON = "tortured phrase found in spun scientific papers (Problematic Paper Screener list)"
FUNCTION_WORDS = frozenset(
    "a an the of in on at to for from by with and or but not no is are was were be been being "
    "it its this that these those as than then so such up down out over under into onto about "
    "above below between among through during before after if while".split())
BAD_CHARS = re.compile(r"[^a-z0-9' .\-]")
PAREN = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]")
TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)*|\d+|[^\w\s]")


def normalise(s: str) -> str:
    s = s.replace("\u2019", "'").replace("\u2018", "'").lower()
    s = PAREN.sub("", s)
    return " ".join(s.replace("*", " ").split()).strip(" .,;:")


def words_of(s: str) -> list[str]:
    return [w for w in re.split(r"[\s\-]+", s) if w]


class Collocations:
    """Attested word pairs/triples in pocketsphinx's English trigram model (optional)."""

    PROBE = "aardvark"

    def __init__(self) -> None:
        try:
            import pocketsphinx
        except ImportError:  # pragma: no cover - the project depends on it
            self.lm = None
            return
        model = os.path.join(os.path.dirname(pocketsphinx.__file__), "model", "en-us",
                             "en-us.lm.bin")
        self.lm = pocketsphinx.NGramModel(pocketsphinx.Config(), pocketsphinx.LogMath(), model)
        self.scale = math.log10(1.0001)

    def logp(self, ws: list[str]) -> float:
        """log10 P(last word | the words before it)."""
        return self.lm.prob(list(reversed(ws))) * self.scale

    def known(self, w: str) -> bool:
        return self.logp([w]) > -30

    def pair(self, a: str, b: str) -> tuple[bool, float]:
        """(attested, association) of the pair a b; association = log10 P(b|a) - log10 P(b)."""
        if not (self.known(a) and self.known(b)):
            return False, 0.0
        backoff = self.logp([a, self.PROBE]) - self.logp([self.PROBE])
        assoc = self.logp([a, b]) - self.logp([b])
        return abs(assoc - backoff) > 1e-3, assoc

    def triple(self, a: str, b: str, c: str) -> bool:
        if not all(self.known(w) for w in (a, b, c)):
            return False
        backoff = self.logp([a, b, self.PROBE]) - self.logp([b, self.PROBE])
        return abs((self.logp([a, b, c]) - self.logp([b, c])) - backoff) > 1e-3


def texts_of(paths: list[Path]) -> str:
    out = []
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    out.append(" ".join(TOKEN.findall(json.loads(line)["text"].lower()
                                                      .replace("\u2019", "'"))))
    return " " + " \n ".join(out) + " "


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tsv", type=Path)
    ap.add_argument("--human", type=Path, action="append", default=[],
                    help="JSON Lines of human text: phrases found there are dropped")
    ap.add_argument("--other", type=Path, action="append", default=[],
                    help="JSON Lines of other non-spun text: phrases found there get 0.6")
    ap.add_argument("--out", type=Path,
                    default=Path(__file__).resolve().parent.parent / "rules" / "data"
                    / "spinner-fingerprints" / "scientific.tsv")
    ap.add_argument("--report", action="store_true", help="print why entries were dropped")
    args = ap.parse_args(argv)

    from wordfreq import zipf_frequency

    human = texts_of(args.human) if args.human else ""
    other = texts_of(args.other) if args.other else ""
    lm = Collocations()
    entries: "OrderedDict[str, list[str]]" = OrderedDict()
    confidence: dict[str, float] = {}
    dropped: dict[str, int] = {}

    def drop(reason: str, raw: str) -> None:
        dropped[reason] = dropped.get(reason, 0) + 1
        if args.report:
            print(f"drop[{reason}]: {raw}", file=sys.stderr)

    with args.tsv.open(encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh][1:]
    for row in rows:
        if len(row) != 2:
            drop("malformed", "\t".join(row))
            continue
        raw_t, raw_e = row
        tortured, expected = normalise(raw_t), normalise(raw_e)
        tw, ew = words_of(tortured), words_of(expected)
        if not expected or "?" in expected or "http" in raw_e or expected.startswith("see ") \
                or all(w in FUNCTION_WORDS for w in ew):
            drop("bad expected", raw_t)
            continue
        if BAD_CHARS.search(tortured) or "," in raw_t or ";" in raw_t or "/" in raw_t:
            drop("list or markup characters", raw_t)
            continue
        if len(tw) < 2:
            drop("single word", raw_t)
            continue
        if len(tw) > 6 or len(ew) > 8:
            drop("too long (flattened query)", raw_t)
            continue
        if tortured == expected or set(tw) <= set(ew):
            drop("no substitution", raw_t)
            continue
        if all(w in FUNCTION_WORDS or zipf_frequency(w, "en") >= 6.0 for w in tw):
            drop("function words only", raw_t)
            continue
        key = " " + " ".join(TOKEN.findall(tortured)) + " "
        if human and key in human:
            drop("occurs in human text", raw_t)
            continue
        conf = 0.9 if len(tw) > 2 else 0.85
        if lm.lm is not None:
            pairs = [lm.pair(tw[i], tw[i + 1]) for i in range(len(tw) - 1)]
            triples = [lm.triple(*tw[i:i + 3]) for i in range(len(tw) - 2)]
            if all(seen for seen, _ in pairs):
                weakest = min(assoc for _, assoc in pairs)
                if weakest > 0.0 or (all(triples) and weakest > -0.1):
                    drop("ordinary English (attested collocation)", raw_t)
                    continue
                conf = 0.75
        if other and key in other:
            conf = min(conf, 0.6)
        if tortured not in entries:
            entries[tortured] = []
            confidence[tortured] = conf
        else:
            confidence[tortured] = min(confidence[tortured], conf)
        if expected not in entries[tortured]:
            entries[tortured].append(expected)

    # 6. reversed entries (the ordinary term listed as the spun one, "image features" ->
    # "picture features") dropped: see tools/spinner_fingerprints_direction.py.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tools.spinner_fingerprints_direction import Register, substitutions
    from tools.spinner_fingerprints_direction import words as entry_words

    register = Register([(0, t, entries[t][0]) for t in sorted(entries)])
    for tortured in sorted(entries):
        subs = substitutions(entry_words(tortured), entry_words(entries[tortured][0]))
        if subs and all(register.reversed(a, b) for a, b in subs):
            drop("reversed (the original is the rarer wording)", tortured)
            del entries[tortured]

    lines = [HEADER]
    for tortured in sorted(entries):
        originals = "|".join(entries[tortured][:3])
        lines.append(f"{tortured}\t{originals}\t{REASON}\t{confidence[tortured]:.2f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} rows -> {len(entries)} entries written to {args.out}", file=sys.stderr)
    for reason, n in sorted(dropped.items(), key=lambda kv: -kv[1]):
        print(f"  dropped {n:5d}  {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
