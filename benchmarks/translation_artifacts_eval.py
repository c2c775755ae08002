"""Measure the translation-artifacts rule family (MT5xx) on a labelled corpus.

    python benchmarks/translation_artifacts_eval.py /path/to/corpus [--examples N]

The corpus folder holds ``human.jsonl``, ``spun.jsonl`` and ``roundtrip.jsonl`` (one JSON object
per line with a ``text`` field). Prints, per code and per label, hits per 100 words and the share
of articles with at least one hit, the mean of each feature, and the rule's run time per article
(median) and cold-load time. ``--examples N`` also prints up to N findings per code and label.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

LABELS = ("human", "spun", "roundtrip")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--examples", type=int, default=0)
    parser.add_argument("--code", default="", help="only print examples of this code")
    args = parser.parse_args(argv)

    from mtcheck.input.setaside import prose_document
    from mtcheck.rules import translation_artifacts as ta

    t0 = time.perf_counter()
    ta.lexicon()
    ta.proper_names()
    cold = time.perf_counter() - t0
    rule = ta.TranslationArtifacts()
    codes = [c.code for c in rule.codes]
    times: list[float] = []
    rows = {}
    for label in LABELS:
        path = args.corpus / f"{label}.jsonl"
        if not path.exists():
            continue
        records = [json.loads(line) for line in path.open(encoding="utf-8")]
        hits = {c: 0 for c in codes}
        arts = {c: 0 for c in codes}
        feats: dict[str, list[float]] = {}
        words = 0
        shown = {c: 0 for c in codes}
        for rec in records:
            doc = prose_document(rec["text"])
            _ = doc.tokens, doc.sentences
            t = time.perf_counter()
            out = rule.run(doc)
            times.append(time.perf_counter() - t)
            words += doc.word_count
            seen = set()
            for f in out.findings:
                if doc.is_excluded(f.start, f.end):
                    continue
                hits[f.code] += 1
                seen.add(f.code)
                if shown[f.code] < args.examples and (not args.code or args.code == f.code):
                    shown[f.code] += 1
                    ctx = doc.text[max(0, f.start - 50):f.end + 40].replace("\n", " ")
                    print(f"[{label}] {f.code} {f.confidence:.2f} {f.text!r} ... {ctx!r} "
                          f"-> {list(f.suggestions)}")
            for c in seen:
                arts[c] += 1
            for k, v in out.features.items():
                feats.setdefault(k, []).append(v)
        rows[label] = (len(records), words, hits, arts, feats)
    print(f"\n{'code':6} " + " ".join(f"{lab:>22}" for lab in rows))
    print(f"{'':6} " + " ".join(f"{'per100w  arts':>22}" for _ in rows))
    for c in codes:
        cells = []
        for lab, (n, words, hits, arts, _f) in rows.items():
            cells.append(f"{100 * hits[c] / max(words, 1):8.3f} {arts[c]:4d}/{n:<4d}"
                         f"({100 * arts[c] / n:4.1f}%)")
        print(f"{c:6} " + " ".join(f"{x:>22}" for x in cells))
    print("\nfeature means (sd)")
    keys = next(iter(rows.values()))[4].keys()
    for k in keys:
        cells = []
        for lab, (*_x, feats) in rows.items():
            v = feats[k]
            cells.append(f"{statistics.mean(v):.3f} ({statistics.pstdev(v):.3f})")
        print(f"  {k:52} " + "  ".join(f"{x:>16}" for x in cells))
    times.sort()
    print(f"\nper-article run time: median {1000 * statistics.median(times):.2f} ms, "
          f"p95 {1000 * times[int(0.95 * len(times))]:.2f} ms over {len(times)} articles; "
          f"cold data load {1000 * cold:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
