"""Precision and recall of the spinner-fingerprints rule (MT1xx) on a labelled corpus.

Usage: python benchmarks/spinner_fingerprints_eval.py CORPUS_DIR [--entries] [--pack NAME]

CORPUS_DIR holds human.jsonl, spun.jsonl and roundtrip.jsonl (records with "id" and "text").
Prints, per file: matches per 100 words, share of articles with >= 1 and >= 3 distinct hits,
and with a near-certain (confidence >= 0.9) hit; with --entries, every pack entry that matched,
with its hits in each file, human hits first (the entries to fix); and the timing per article.
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
import sys
import time
from pathlib import Path

FILES = ("human", "spun", "roundtrip")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--entries", action="store_true", help="per-entry hit table")
    ap.add_argument("--pack", action="append", help="built-in packs to use (default: all)")
    ap.add_argument("--lexicon", action="append", default=[], help="extra user pack")
    ap.add_argument("--show", type=int, default=3, help="examples per human-hit entry")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    from mtcheck.input.setaside import prose_document
    from mtcheck.rules import spinner_fingerprints as sf

    settings = {"lexicons": args.lexicon}
    if args.pack:
        settings["packs"] = args.pack
    rule = sf.SpinnerFingerprints(settings)
    rule.run(prose_document("warm up"))
    print(f"cold load (import + packs): {time.perf_counter() - t0:.3f} s")

    per_entry: dict[tuple, collections.Counter] = collections.defaultdict(collections.Counter)
    examples: dict[tuple, list[str]] = collections.defaultdict(list)
    times = []
    for name in FILES:
        path = args.corpus / f"{name}.jsonl"
        if not path.exists():
            continue
        records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        hits = words = 0
        any1 = any3 = strong = 0
        for rec in records:
            doc = prose_document(rec["text"])
            _ = doc.tokens, doc.sentences
            t = time.perf_counter()
            out = rule.run(doc)
            times.append(time.perf_counter() - t)
            words += doc.word_count
            hits += len(out.findings)
            distinct = {f.text.lower() for f in out.findings}
            any1 += bool(distinct)
            any3 += len(distinct) >= 3
            strong += any(f.confidence >= 0.9 for f in out.findings)
            for f in out.findings:
                key = (f.evidence["pack"], f.evidence["line"], f.evidence["entry"])
                per_entry[key][name] += 1
                if name == "human" and len(examples[key]) < args.show:
                    a, b = max(0, f.start - 60), min(len(doc.text), f.end + 60)
                    examples[key].append(f"{rec['id']}: ..." + doc.text[a:b].replace("\n", " ")
                                         + "...")
        n = len(records)
        print(f"{name:10s} n={n:4d}  hits/100w={100 * hits / max(words, 1):.3f}  "
              f">=1 distinct: {any1 / n:.1%}  >=3 distinct: {any3 / n:.1%}  "
              f"any conf>=0.9: {strong / n:.1%}")
    print(f"rule time per article: median {1000 * statistics.median(times):.2f} ms, "
          f"p95 {1000 * sorted(times)[int(0.95 * len(times))]:.2f} ms")
    if args.entries:
        rows = sorted(per_entry.items(), key=lambda kv: (-kv[1]["human"], -kv[1]["spun"], kv[0]))
        print("\npack:line  human  spun  roundtrip  entry")
        for (pack, line, entry), c in rows:
            print(f"{pack}:{line:<5d} {c['human']:5d} {c['spun']:5d} {c['roundtrip']:5d}  {entry}")
            for ex in examples.get((pack, line, entry), []):
                print("      " + ex)
    return 0


if __name__ == "__main__":
    sys.exit(main())
