"""Could a two-stage check skip the grammar checker? Measures how often the verdict without the
grammar checker (MT2) equals the verdict of the full analysis, for gates that run the grammar
checker only where the cheap evidence leaves the verdict open.

    python benchmarks/grammar_gate.py FILE.jsonl [FILE.jsonl ...] [--jobs 2] [--cache OUT.json]

Each FILE holds records with "text" (and "label"; the file name is the genre). Every record is
checked once with every rule; the verdict without grammar evidence is the same report re-scored
without the MT2 features and findings (what a two-stage engine would compute before deciding
whether to run the grammar checker). A gate with margin M runs the grammar checker when the
cheap evidence puts the top log-odds (spun or machine-translated) within M of the suspicious
threshold. Printed: for a sweep of margins, the share of articles that would skip the grammar
checker, the verdicts that would differ from the full analysis and the failing verdicts lost;
then margins fitted inside 5 folds (the smallest margin whose training folds keep every failing
verdict and >= 99.5 % of verdicts) and their held-out agreement per genre. ``--cache`` keeps the
per-record numbers (no text) for reruns (``--cache FILE`` without input files).

Measured on 3,588 articles (multi-genre data and development corpus): with the scorer of
6c82e3c the grammar evidence changed 419 verdicts and no margin that keeps every failing verdict
skipped more than 0.3 % of articles; with the located-evidence verdict rules it changes 312, and
the fold-fitted margin skips 10.8 % with 99.78 % held-out agreement and one failing verdict lost
(README, "Speed and memory").
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
from pathlib import Path

from mtcheck.run.engine import EngineSpec, default_scorer
from mtcheck.run.evaluation import check_record
from mtcheck.run.pool import run_batch
from mtcheck.scoring.verdict import Scorer, fails

DEFERRED = "MT2"
FOLDS = 5


def _logit(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log(p / (1 - p))


class _BothScorer(Scorer):
    """Scores each article twice from the same inputs: with every rule, and without the
    grammar checker's findings and features (what a first stage would see)."""

    last: tuple = ()

    def score(self, words, findings, features, kinds, foreign_share=0.0, *args, **kwargs):
        full = super().score(words, findings, features, kinds, foreign_share, *args, **kwargs)
        cheap_findings = [f for f in findings if not f.code.startswith(DEFERRED)]
        cheap_features = {k: v for k, v in features.items() if not k.startswith("grammar.")}
        cheap = super().score(words, cheap_findings, cheap_features, kinds, foreign_share,
                              *args, **kwargs)
        self.last = (full, cheap, len(findings) - len(cheap_findings))
        return full


def gate_task(engine, record: dict) -> dict | None:
    """Worker task: the full and the first-stage assessment of one record."""
    if not isinstance(engine.scorer, _BothScorer):
        engine.scorer = _BothScorer(engine.scorer.model)
    rep = check_record(engine, record)
    if rep.error:
        return None
    full, cheap, mt2 = engine.scorer.last
    return {"id": record["id"], "label": record["label"], "words": rep.words,
            "full": full.verdict, "full_spun": full.spun, "full_mt": full.machine_translated,
            "cheap": cheap.verdict, "cheap_spun": cheap.spun, "cheap_mt": cheap.machine_translated,
            "mt2_findings": mt2}


def collect(paths: list[Path], jobs: int) -> list[dict]:
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh if line.strip()]
        records = [{"id": str(r.get("id", i)), "text": r["text"], "label": r.get("label", "")}
                   for i, r in enumerate(records)]
        genre = path.stem
        for row in run_batch(records, gate_task, EngineSpec(), jobs=jobs):
            if row is not None:
                rows.append({"genre": genre, **row})
        print(f"{genre}: {sum(r['genre'] == genre for r in rows)} records", file=sys.stderr)
    return rows


def gap(row: dict, suspicious_at: float) -> float:
    """How far below the suspicious threshold the cheap evidence leaves the article (log-odds)."""
    top = max(row["cheap_spun"], row["cheap_mt"])
    return _logit(suspicious_at) - _logit(top)


def fit_margin(rows: list[dict], suspicious_at: float) -> float:
    """The smallest margin with which every failing verdict and >= 99.5 % of all verdicts are
    kept on ``rows``."""
    changed = sorted((gap(r, suspicious_at), fails(r["full"]) and not fails(r["cheap"]))
                     for r in rows if r["full"] != r["cheap"])
    must = max((g for g, failing in changed if failing), default=0.0)
    allowed = int(0.005 * len(rows))  # verdicts that may differ
    others = [g for g, _ in changed]
    extra = others[-(allowed + 1)] if len(others) > allowed else 0.0
    return max(must, extra) + 1e-6


def sweep(rows: list[dict], suspicious_at: float) -> None:
    print(f"{'margin':>7}{'skipped':>9}{'differ':>8}{'agree':>8}{'failing lost':>14}")
    for margin in (1, 2, 3, 4, 5, 6, 8, 12):
        skip = [r for r in rows if gap(r, suspicious_at) > margin]
        differ = [r for r in skip if r["full"] != r["cheap"]]
        lost = sum(fails(r["full"]) and not fails(r["cheap"]) for r in skip)
        print(f"{margin:>7}{len(skip) / len(rows):>9.3f}{len(differ):>8}"
              f"{1 - len(differ) / len(rows):>8.4f}{lost:>14}")


def evaluate(rows: list[dict], suspicious_at: float, fixed: float | None = None) -> None:
    order = sorted(range(len(rows)), key=lambda i: (rows[i]["genre"], rows[i]["id"]))
    folds = [order[k::FOLDS] for k in range(FOLDS)]
    fast: dict[int, str] = {}
    skipped: dict[int, bool] = {}
    margins = []
    for k, test in enumerate(folds):
        train = [rows[i] for j, f in enumerate(folds) if j != k for i in f]
        margin = fixed if fixed is not None else fit_margin(train, suspicious_at)
        margins.append(margin)
        for i in test:
            skip = gap(rows[i], suspicious_at) > margin
            skipped[i] = skip
            fast[i] = rows[i]["cheap"] if skip else rows[i]["full"]
    print("margins fitted per fold (log-odds): " + ", ".join(f"{m:.3f}" for m in margins))
    print(f"{'held out':<22}{'n':>6}{'agree':>9}{'fail lost':>11}{'skipped':>9}{'MT2 lost':>10}")
    genres = sorted({r["genre"] for r in rows})
    for g in genres + ["all"]:
        idx = [i for i in range(len(rows)) if g == "all" or rows[i]["genre"] == g]
        agree = sum(fast[i] == rows[i]["full"] for i in idx) / len(idx)
        lost = sum(fails(rows[i]["full"]) and not fails(fast[i]) for i in idx)
        skip = sum(skipped[i] for i in idx) / len(idx)
        mt2 = sum(rows[i]["mt2_findings"] for i in idx if skipped[i])
        print(f"{g:<22}{len(idx):>6}{agree:>9.4f}{lost:>11}{skip:>9.3f}{mt2:>10}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--margin", type=float, help="evaluate this fixed margin instead of fitting")
    args = ap.parse_args(argv)
    if args.cache and args.cache.exists() and not args.files:
        rows = json.loads(args.cache.read_text())
    else:
        rows = collect(args.files, args.jobs)
        if args.cache:
            args.cache.write_text(json.dumps(rows))
    suspicious_at = default_scorer().model.suspicious_at
    print(f"{len(rows)} articles; full-analysis verdicts that the grammar evidence changes: "
          f"{sum(r['full'] != r['cheap'] for r in rows)}")
    sweep(rows, suspicious_at)
    evaluate(rows, suspicious_at, args.margin)
    print(f"median words {statistics.median(r['words'] for r in rows):.0f}; cores {os.cpu_count()}")


if __name__ == "__main__":
    main()
