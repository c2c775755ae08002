"""Measure the MT2xx grammar family on a labelled corpus and fit its per-rule confidences.

    python benchmarks/grammar_dev.py CORPUS_DIR [--write] [--limit N]

CORPUS_DIR holds human.jsonl, spun.jsonl and roundtrip.jsonl (records with a "text" field), e.g.
the development corpus. Prints, per kept checker rule and per category, hits per 100 words in
each class; the single-feature ROC-AUC of each grammar.* density (human vs spun, human vs round
trip); the per-article time of the embedded backend (median). ``--write`` stores the fitted
confidences in rules/data/grammar/confidence.json (counts and numbers only, no corpus text).

Confidence of a rule = the share of its hits that fall in rewritten rather than human text, with
equal amounts of each (per-100-word rates; the rewritten rate is that of the class the rule
points to), shrunk towards the category default when the rule has few hits, and capped per category:
a grammar-checker hit alone is never near-certain evidence (see CAP).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from mtcheck.input.setaside import prose_document
from mtcheck.rules.grammar import CODE_OF, DEFAULT_CONFIDENCE, FEATURE_OF
from mtcheck.rules.grammar_backends import HarperBackend

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rules" / "data" / "grammar" / "confidence.json"
CLASSES = ("human", "spun", "roundtrip")
SHRINK = 5.0  # pseudo-hits of the category default
# Highest confidence per category: these rates come from edited news, where typos and slips are
# rarer than in most human text, so no grammar hit alone nears the scorer's 0.9 "near-certain".
CAP = {"agreement": 0.8, "confusion": 0.8, "misspelling": 0.7, "style": 0.7}
FLOOR = 0.15


def auc(neg: list[float], pos: list[float]) -> float:
    """ROC-AUC (Mann-Whitney U, ties count half)."""
    pairs = sorted([(v, 0) for v in neg] + [(v, 1) for v in pos])
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        avg = (i + j + 1) / 2  # 1-based average rank of the tie block
        rank_sum += avg * sum(1 for k in range(i, j) if pairs[k][1])
        i = j
    n_pos, n_neg = len(pos), len(neg)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def recall_at(neg: list[float], pos: list[float], fpr: float = 0.01) -> float:
    """Share of positives strictly above the threshold that at most ``fpr`` of negatives exceed."""
    ranked = sorted(neg, reverse=True)
    threshold = ranked[int(fpr * len(ranked))]
    return sum(v > threshold for v in pos) / len(pos)


def confidence(n: dict[str, int], words: dict[str, int], category: str) -> float:
    r_h = (n["human"] + 0.5) / words["human"]
    r_p = max(n["spun"] / words["spun"], n["roundtrip"] / words["roundtrip"])
    precision = r_p / (r_p + r_h)
    total = sum(n.values())
    default = DEFAULT_CONFIDENCE[category]
    conf = (total * precision + SHRINK * default) / (total + SHRINK)
    return round(min(CAP[category], max(FLOOR, conf)), 3)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(ROOT)}")
    ap.add_argument("--limit", type=int, default=0, help="articles per class (0: all)")
    args = ap.parse_args(argv)

    backend = HarperBackend()
    t0 = time.perf_counter()
    backend.check(prose_document("Warm up the checker."))
    build = time.perf_counter() - t0

    words: Counter = Counter()
    by_rule: dict[str, Counter] = defaultdict(Counter)
    category_of: dict[str, str] = {}
    articles: list[tuple[str, int, list]] = []
    times: list[float] = []
    cpu: list[float] = []
    for cls in CLASSES:
        with open(args.corpus / f"{cls}.jsonl", encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh if line.strip()]
        if args.limit:
            records = records[:args.limit]
        for rec in records:
            doc = prose_document(rec["text"])
            t, c = time.perf_counter(), time.process_time()
            hits = backend.check(doc)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            words[cls] += doc.word_count
            for h in hits:
                by_rule[h.rule][cls] += 1
                category_of[h.rule] = h.category
            articles.append((cls, doc.word_count, hits))

    print(f"harper build + first check: {build:.3f} s; per-article check: median "
          f"{statistics.median(times) * 1000:.1f} ms, mean {statistics.mean(times) * 1000:.1f} ms, "
          f"CPU median {statistics.median(cpu) * 1000:.1f} ms "
          f"({len(times)} articles, {sum(words.values()) / len(times):.0f} words on average)")

    conf = {r: confidence(by_rule[r], words, category_of[r]) for r in by_rule}
    print(f"\n{'rule':28s} {'category':12s} {'human':>7s} {'spun':>7s} {'rt':>7s}  "
          "hits h/s/rt  conf   (hits per 100 words)")
    for r in sorted(by_rule, key=lambda r: (category_of[r], -sum(by_rule[r].values()))):
        n = by_rule[r]
        dens = " ".join(f"{100 * n[c] / words[c]:7.3f}" for c in CLASSES)
        print(f"{r:28s} {category_of[r]:12s} {dens}  {n['human']}/{n['spun']}/{n['roundtrip']}"
              f"  {conf[r]:.2f}")

    # Per-article features, as the rule computes them (weighted with the fitted confidences).
    feats: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for cls, n_words, hits in articles:
        per100 = 100.0 / max(n_words, 100)
        counts = Counter(h.category for h in hits)
        values = {
            "hits_per_100w": len(hits) * per100,
            "weighted_per_100w": sum(conf[h.rule] for h in hits) * per100,
            **{FEATURE_OF[c]: counts[c] * per100 for c in CODE_OF},
        }
        for k, v in values.items():
            feats[k][cls].append(v)
    print(f"\n{'feature (grammar.*)':28s} {'human':>7s} {'spun':>7s} {'rt':>7s}  "
          f"AUC h-vs-spun h-vs-rt h-vs-both   (mean per article)")
    for k, by_cls in feats.items():
        means = " ".join(f"{statistics.mean(by_cls[c]):7.3f}" for c in CLASSES)
        a_s = auc(by_cls["human"], by_cls["spun"])
        a_r = auc(by_cls["human"], by_cls["roundtrip"])
        a_b = auc(by_cls["human"], by_cls["spun"] + by_cls["roundtrip"])
        print(f"{k:28s} {means}      {a_s:.3f}   {a_r:.3f}   {a_b:.3f}   "
              f"recall at 1% FPR: {recall_at(by_cls['human'], by_cls['spun']):.2f} / "
              f"{recall_at(by_cls['human'], by_cls['roundtrip']):.2f}")

    if args.write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        rules = {r: {"category": category_of[r], "confidence": conf[r],
                     "hits": {c: by_rule[r][c] for c in CLASSES}} for r in sorted(by_rule)}
        about = ("Per-rule confidence of MT2xx grammar hits, fitted by benchmarks/grammar_dev.py "
                 "on a labelled corpus (hits per class, words per class); see that script for "
                 "the formula.")
        lines = [f" {json.dumps(r)}: {json.dumps(v)}" for r, v in rules.items()]
        OUT.write_text("{\n" f' "about": {json.dumps(about)},\n'
                       f' "words": {json.dumps({c: words[c] for c in CLASSES})},\n'
                       ' "rules": {\n' + ",\n".join(lines) + "\n }\n}\n", encoding="utf-8")
        print(f"\nwrote {OUT.relative_to(ROOT)}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
