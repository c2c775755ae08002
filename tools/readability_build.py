"""Build and fit the data of the readability-drift rule family (MT4xx).

    python -m tools.readability_build lexicon
        Write data/readability-drift/syllables.txt (CMUdict syllable counts, from the copy that
        the pocketsphinx package ships, for the words of wordfreq's English list) and
        easy_words.txt (textstat's Dale-Chall list). Needs only installed packages.

    python -m tools.readability_build fit CORPUS_DIR [--out PATH]
        Fit the range of ordinary human news on CORPUS_DIR/human.jsonl (JSON lines with "text"):
        per-window and per-article mean, sd and quantiles of every measurement, the spread of
        window-vs-rest drift, and the score thresholds (99.5th percentile of the per-article
        maximum window score). Writes data/readability-drift/human_news.json (numbers only).

    python -m tools.readability_build evaluate CORPUS_DIR
        Single-feature ROC-AUC of every feature, human vs each other label found in
        CORPUS_DIR/*.jsonl, the share of articles with findings per code, and a two-fold
        (fit on one half of the human articles, count on the other) false-flag rate.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from mtcheck.scoring.metrics import roc_auc as auc
from mtcheck.input.setaside import prose_document
from mtcheck.rules import readability as rd

CMU_VOWELS = frozenset("AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW".split())
QUANTILES = {"q005": 0.005, "q01": 0.01, "q05": 0.05, "q50": 0.5, "q95": 0.95, "q99": 0.99,
             "q995": 0.995}


# -- lexicon ----------------------------------------------------------------------------------

def build_lexicon(out_dir: Path = rd.DATA) -> tuple[int, int]:
    import importlib.resources

    import pocketsphinx

    cmu = Path(pocketsphinx.get_model_path()) / "en-us" / "cmudict-en-us.dict"
    words = rd.zipf_table()
    counts: dict[int, list[str]] = {}
    with open(cmu, encoding="utf-8") as f:
        for line in f:
            head, _, phones = line.strip().partition(" ")
            if "(" in head or head not in words:  # first pronunciation only; common words only
                continue
            n = sum(1 for p in phones.split() if p in CMU_VOWELS)
            if n:
                counts.setdefault(n, []).append(head)
    lines = ["# Syllable counts (vowel phones of the first pronunciation) from CMUdict",
             "# (cmudict-en-us.dict as shipped in the pocketsphinx package, BSD-style licence,",
             "# Copyright Carnegie Mellon University), for the words of wordfreq's English list.",
             "# Built by: python -m tools.readability_build lexicon",
             "# Format: <syllables><TAB><space-separated words>"]
    lines += [f"{n}\t{' '.join(sorted(ws))}" for n, ws in sorted(counts.items())]
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "syllables.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # textstat's list, read as a file: importing textstat would import NLTK.
    spec = importlib.util.find_spec("textstat")
    src = Path(list(spec.submodule_search_locations)[0]) / "resources" / "en" / "easy_words.txt"
    easy = sorted({w.strip().lower() for w in src.read_text(encoding="utf-8").splitlines()
                   if w.strip()})
    head = ["# Dale-Chall familiar words, as shipped by textstat (MIT, Copyright (c) 2016 Shivam "
            "Bansal)", "# Built by: python -m tools.readability_build lexicon"]
    (out_dir / "easy_words.txt").write_text("\n".join(head + easy) + "\n", encoding="utf-8")
    return sum(len(v) for v in counts.values()), len(easy)


# -- fitting ----------------------------------------------------------------------------------

def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def quantile(values: list[float], q: float) -> float:
    xs = sorted(values)
    if not xs:
        return 0.0
    pos = q * (len(xs) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def describe(values: list[float]) -> dict[str, float]:
    out = {"n": len(values), "mean": statistics.fmean(values),
           "sd": statistics.stdev(values) if len(values) > 1 else 0.0}
    out.update({k: quantile(values, q) for k, q in QUANTILES.items()})
    return {k: (round(v, 5) if isinstance(v, float) else v) for k, v in out.items()}


def measure(text: str, size: int = rd.WINDOW_WORDS):
    """(article metrics, [window metrics], [(window metrics, rest metrics)])."""
    prof = rd.Profile.of(prose_document(text))
    n = prof.word_count
    if not n:
        return None
    art = prof.metrics(0, n, max(len(prof.sent_starts), 1))
    art["content_ttr"] = prof.content_ttr()
    wins, pairs = [], []
    if n >= rd.MIN_ARTICLE_WORDS:
        for a, b in prof.windows(size):
            i, j = prof.units[a][2], prof.units[b][3]
            m = prof.metrics(i, j)
            wins.append(m)
            if n - (j - i) >= size:
                pairs.append((m, prof.rest_metrics(i, j)))
    return art, wins, pairs


def fit(texts: list[str], size: int = rd.WINDOW_WORDS, source: str = "") -> dict:
    measured = [m for m in (measure(t, size) for t in texts) if m]
    arts = [m[0] for m in measured]
    wins = [w for m in measured for w in m[1]]
    pairs = [p for m in measured for p in m[2]]
    stats = {
        "fitted_on": source, "articles": len(arts), "windows": len(wins),
        "window_words": size, "drift_rest_words": size,
        "article": {k: describe([a[k] for a in arts]) for k in (*rd.METRICS, "content_ttr")},
        "window": {k: describe([w[k] for w in wins]) for k in rd.METRICS},
        "drift": {
            "mean_zipf": describe([r["mean_zipf"] - w["mean_zipf"] for w, r in pairs]),
            "unusual_share": describe([w["unusual_share"] - r["unusual_share"] for w, r in pairs]),
        },
    }
    maxima: dict[str, list[float]] = {"rarity": [], "drift": [], "readability": []}
    window_scores: dict[str, list[float]] = {"rarity": [], "drift": [], "readability": []}
    for _, ws, ps in measured:
        if ws:
            r = [rd.rarity_score(w, stats["window"]) for w in ws]
            e = [rd.readability_score(w, stats["window"]) for w in ws]
            maxima["rarity"].append(max(r))
            maxima["readability"].append(max(e))
            window_scores["rarity"] += r
            window_scores["readability"] += e
        if ps:
            d = [rd.drift_score(w, rest, stats["drift"]) for w, rest in ps]
            maxima["drift"].append(max(d))
            window_scores["drift"] += d
    stats["window_score"] = {k: describe(v) for k, v in window_scores.items()}
    stats["article_max_score"] = {k: describe(v) for k, v in maxima.items()}
    # A finding needs a window more unusual than the most unusual window of 99.5 % of human
    # articles (stricter than the 99.5th percentile of single windows, since an article has many).
    stats["thresholds"] = {k: round(quantile(v, 0.995), 3) for k, v in maxima.items()}
    return stats


# -- evaluation -------------------------------------------------------------------------------

def run_rule(texts: list[str], settings: dict | None = None):
    rule = rd.ReadabilityDrift(settings)
    return [rule.run(prose_document(t)) for t in texts]


def splice_middle(original: str, spun: str, min_words: int = rd.WINDOW_WORDS) -> str | None:
    """The original article with a middle run of its paragraphs (>= min_words words, about a
    third of the article) taken from the spun version: a spun section between clean ones."""
    op, sp = original.split("\n\n"), spun.split("\n\n")
    sizes = [len(p.split()) for p in op]
    total = sum(sizes)
    if len(op) != len(sp) or total < 2 * min_words + 50:
        return None
    target = max(min_words, total // 3)
    mid = len(op) // 2
    a = b = mid
    words = sizes[mid]
    while words < target and (a > 1 or b < len(op) - 2):
        if b < len(op) - 2 and (sizes[b + 1] <= sizes[a - 1] or a <= 1):
            b += 1
            words += sizes[b]
        else:
            a -= 1
            words += sizes[a]
    if words < min_words or a < 1 or b > len(op) - 2:
        return None
    return "\n\n".join(op[:a] + sp[a:b + 1] + op[b + 1:])


def evaluate(corpus: Path, out=sys.stdout) -> dict:
    records = {p.stem: read_jsonl(p) for p in sorted(corpus.glob("*.jsonl"))}
    human_recs = records.pop("human")
    human = [r["text"] for r in human_recs]
    labels = {k: [r["text"] for r in v] for k, v in records.items()}
    by_id = {r["id"]: r["text"] for r in human_recs}
    spliced = [splice_middle(by_id[r["original_id"]], r["text"])
               for r in records.get("spun", []) if r.get("original_id") in by_id]
    spliced = [t for t in spliced if t]
    if spliced:
        labels["spun-middle"] = spliced
    results = {"human": run_rule(human)}
    results.update({k: run_rule(v) for k, v in labels.items()})
    names = sorted(results["human"][0].features)
    report: dict = {"auc": {}, "flag_rate": {}, "counts": {k: len(v) for k, v in results.items()}}
    print("articles: " + ", ".join(f"{k} {len(v)}" for k, v in results.items()), file=out)
    print(f"{'feature':45s}" + "".join(f"  AUC h/{k:11s}" for k in labels), file=out)
    for name in names:
        h = [o.features.get(name, 0.0) for o in results["human"]]
        row = {k: auc([o.features.get(name, 0.0) for o in results[k]], h) for k in labels}
        report["auc"][name] = row
        print(f"{name:45s}" + "".join(f"  {row[k]:16.3f}" for k in labels), file=out)
    if spliced:
        long_h = [o.features[f"{rd.NAME}.max_window_drift"] for t, o in zip(human, results["human"])
                  if len(t.split()) >= 2 * rd.WINDOW_WORDS + 50]
        mid = [o.features[f"{rd.NAME}.max_window_drift"] for o in results["spun-middle"]]
        report["auc_drift_long_articles"] = auc(mid, long_h)
        print(f"max_window_drift, human >= {2 * rd.WINDOW_WORDS + 50} words ({len(long_h)}) vs "
              f"spun-middle: AUC {auc(mid, long_h):.3f}", file=out)
    codes = [c.code for c in rd.ReadabilityDrift.codes]
    print("\nshare of articles with a finding (in-sample thresholds)", file=out)
    for label, outs in results.items():
        rates = {c: sum(any(f.code == c for f in o.findings) for o in outs) / len(outs)
                 for c in codes}
        report["flag_rate"][label] = rates
        print(f"  {label:12s} " + "  ".join(f"{c} {v:6.1%}" for c, v in rates.items()), file=out)
    # Two-fold: thresholds fitted on one half of the human articles, counted on the other.
    held = {c: 0 for c in codes}
    with tempfile.TemporaryDirectory() as tmp:
        for k in (0, 1):
            train = [t for i, t in enumerate(human) if i % 2 == k]
            test = [t for i, t in enumerate(human) if i % 2 != k]
            path = Path(tmp) / f"fold{k}.json"
            path.write_text(json.dumps(fit(train)), encoding="utf-8")
            for o in run_rule(test, {"stats": str(path)}):
                for c in codes:
                    held[c] += any(f.code == c for f in o.findings)
    report["held_out_human_flag_rate"] = {c: v / len(human) for c, v in held.items()}
    print("  human, held-out thresholds (2-fold): "
          + "  ".join(f"{c} {v / len(human):6.1%}" for c, v in held.items()), file=out)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.readability_build",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("lexicon")
    p_fit = sub.add_parser("fit")
    p_fit.add_argument("corpus", type=Path, help="folder with human.jsonl")
    p_fit.add_argument("--out", type=Path, default=rd.DATA / "human_news.json")
    p_fit.add_argument("--window-words", type=int, default=rd.WINDOW_WORDS)
    p_eval = sub.add_parser("evaluate")
    p_eval.add_argument("corpus", type=Path, help="folder with human.jsonl and labelled *.jsonl")
    p_eval.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args(argv)
    if args.cmd == "lexicon":
        n_syl, n_easy = build_lexicon()
        print(f"syllables.txt: {n_syl} words; easy_words.txt: {n_easy} words")
    elif args.cmd == "fit":
        human = [r["text"] for r in read_jsonl(args.corpus / "human.jsonl")]
        stats = fit(human, args.window_words, source=f"{args.corpus.name}/human.jsonl")
        args.out.write_text(json.dumps(stats, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{args.out}: {stats['articles']} articles, {stats['windows']} windows, "
              f"thresholds {stats['thresholds']}")
    else:
        report = evaluate(args.corpus)
        if args.json:
            args.json.write_text(json.dumps(report, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
