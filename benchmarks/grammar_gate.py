"""Two-stage grammar check: how often the verdict without the grammar checker (MT2) equals the
verdict of the full analysis, and the gate margin, fitted inside cross-validation folds.

    python benchmarks/grammar_gate.py FILE.jsonl [FILE.jsonl ...] [--jobs 2] [--cache OUT.json]

Each FILE holds records with "text" (and "label"; the file name is the genre). Every record is
checked once with every rule; the verdict without grammar evidence is the same report re-scored
without the MT2 features and findings (exactly what the engine computes before it decides
whether to run the grammar checker). The gate runs the grammar checker when the cheap evidence
puts the top log-odds (spun or machine-translated against human) within MARGIN of the
suspicious threshold. This script prints, per genre and overall, for margins chosen inside
5 folds (the smallest margin that keeps every training-fold verdict): verdict agreement with
the full analysis on the held-out fold, failing verdicts lost, and the share of articles that
skip the grammar checker. ``--cache`` keeps the per-record numbers (no text) for reruns.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
from pathlib import Path

from mtcheck.run.engine import EngineSpec, _share_covered, default_scorer
from mtcheck.run.evaluation import check_record
from mtcheck.run.pool import run_batch
from mtcheck.rules import registry
from mtcheck.scoring.verdict import fails

DEFERRED = "MT2"
FOLDS = 5


def _logit(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log(p / (1 - p))


def collect(paths: list[Path], jobs: int) -> list[dict]:
    scorer = default_scorer()
    kinds = {c.code: c.kind for _, c in registry.all_codes()}
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh if line.strip()]
        records = [{"id": str(r.get("id", i)), "text": r["text"], "label": r.get("label", "")}
                   for i, r in enumerate(records)]
        genre = path.stem
        for rec, rep in zip(records, run_batch(records, check_record, EngineSpec(full=True),
                                                     jobs=jobs)):
            if rep.error:
                continue
            feats = {k: v for k, v in rep.features.items() if not k.startswith("grammar.")}
            cheap_findings = [f for f in rep.findings if not f.code.startswith(DEFERRED)]
            foreign = _foreign_share(rep, kinds)
            cheap = scorer.score(rep.words, cheap_findings, feats, kinds, foreign)
            rows.append({"genre": genre, "id": rec["id"], "label": rec["label"], "words": rep.words,
                         "full": rep.verdict, "full_spun": rep.spun, "full_mt": rep.machine_translated,
                         "cheap": cheap.verdict, "cheap_spun": cheap.spun,
                         "cheap_mt": cheap.machine_translated,
                         "mt2_findings": len(rep.findings) - len(cheap_findings)})
        print(f"{genre}: {sum(r['genre'] == genre for r in rows)} records", file=sys.stderr)
    return rows


def _foreign_share(rep, kinds) -> float:
    foreign = [f for f in rep.findings if kinds.get(f.code) == "foreign"]
    if not foreign:
        return 0.0
    from mtcheck.input.setaside import prose_document

    return _share_covered(prose_document(rep.text or ""), foreign)


def gap(row: dict, suspicious_at: float) -> float:
    """How far below the suspicious threshold the cheap evidence leaves the article (log-odds)."""
    top = max(row["cheap_spun"], row["cheap_mt"])
    return _logit(suspicious_at) - _logit(top)


def fit_margin(rows: list[dict], suspicious_at: float) -> float:
    """The smallest margin with which every row's verdict is kept: above the largest gap of an
    article whose verdict the grammar evidence changed."""
    changed = [gap(r, suspicious_at) for r in rows if r["full"] != r["cheap"]]
    return max(changed, default=0.0) + 1e-6


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
    print("margins per fold (log-odds): " + ", ".join(f"{m:.3f}" for m in margins))
    print(f"{'genre':<22}{'n':>6}{'agree':>9}{'fail lost':>11}{'skipped':>9}{'MT2 lost':>10}")
    genres = sorted({r["genre"] for r in rows})
    for g in genres + ["all"]:
        idx = [i for i in range(len(rows)) if g == "all" or rows[i]["genre"] == g]
        agree = sum(fast[i] == rows[i]["full"] for i in idx) / len(idx)
        lost = sum(fails(rows[i]["full"]) and not fails(fast[i]) for i in idx)
        skip = sum(skipped[i] for i in idx) / len(idx)
        mt2 = sum(rows[i]["mt2_findings"] for i in idx if skipped[i])
        print(f"{g:<22}{len(idx):>6}{agree:>9.4f}{lost:>11}{skip:>9.3f}{mt2:>10}")
    print(f"margin fitted on all rows: {fit_margin(rows, suspicious_at):.3f}")


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
    evaluate(rows, suspicious_at, args.margin)
    print(f"median words {statistics.median(r['words'] for r in rows):.0f}; cores {os.cpu_count()}")


if __name__ == "__main__":
    main()
