"""Cross-validated detection quality on a labelled development corpus, and the shipped scorer.

Folds are assigned by original article (a human article, its spun copy and its round trip share
a fold). For each fold, everything learned from the corpus is learned without it: the spinner
substitution pairs of the rare-collocations rule and the scorer itself. Light variants (10-20 %
of phrases replaced, see light_spin.py) are made from the spun/original pairs and are scored
only by models that never saw their article.

    python benchmarks/crossval.py CORPUS_DIR [--folds 5] [--jobs 2] [--write-model]
        [--ignore MT101] [--features-cache FILE]

``--write-model`` refits the scorer on all folds (features computed out of fold) and writes
``detector/scoring/data/scorer.json``. ``--ignore`` measures the tool with some codes switched off.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from light_spin import make_variants, read_jsonl

from mtcheck.run.engine import EngineSpec
from mtcheck.run.evaluation import article_features, quality_table, score_corpus
from mtcheck.scoring.model import fit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the data builders in tools/ (not installed)
from tools.collocations_build import base_id, fold_of  # noqa: E402
MODEL_OUT = ROOT / "detector" / "scoring" / "data" / "scorer.json"


def load_corpus(corpus: Path) -> list[dict]:
    records = []
    for name, label in (("human", "human"), ("spun", "spun"), ("roundtrip", "machine_translated")):
        for r in read_jsonl(corpus / f"{name}.jsonl"):
            records.append({"id": r["id"], "text": r["text"], "label": label, "base": base_id(r)})
    for v in make_variants(corpus):
        records.append({"id": v["id"], "text": v["text"], "label": "spun", "base": v["original_id"],
                        "light": True})
    return records


def fold_features(corpus: Path, records: list[dict], folds: int, jobs: int, ignore: tuple) -> list[dict]:
    """Features of every record, computed with pairs learned without the record's fold."""
    feats: list[dict | None] = [None] * len(records)
    for f in range(folds):
        idx = [i for i, r in enumerate(records) if fold_of(r["base"], folds) == f]
        with tempfile.TemporaryDirectory() as tmp:
            pairs = Path(tmp) / "pairs.tsv"
            subprocess.run([sys.executable, "-m", "tools.collocations_build", str(corpus),
                            "--out", str(pairs), "--folds", str(folds), "--fold", str(f)],
                           check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
            spec = EngineSpec(ignore=ignore,
                              rule_settings={"rare-collocations": {"pairs_path": str(pairs)}})
            t0 = time.perf_counter()
            reports = score_corpus([records[i] for i in idx], spec, jobs=jobs)
            print(f"fold {f}: {len(idx)} articles in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        for i, rep in zip(idx, reports):
            feats[i] = article_features(rep)
    return feats


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--ignore", default="", help="comma-separated code prefixes to switch off")
    ap.add_argument("--max-fpr", type=float, default=0.005)
    ap.add_argument("--features-cache", type=Path, help="reuse/store computed features here")
    ap.add_argument("--write-model", action="store_true")
    args = ap.parse_args(argv)
    ignore = tuple(p.strip().upper() for p in args.ignore.split(",") if p.strip())

    records = load_corpus(args.corpus)
    if args.features_cache and args.features_cache.exists():
        feats = json.loads(args.features_cache.read_text())
    else:
        feats = fold_features(args.corpus, records, args.folds, args.jobs, ignore)
        if args.features_cache:
            args.features_cache.write_text(json.dumps(feats))

    fold = [fold_of(r["base"], args.folds) for r in records]
    probs: list[tuple[float, float]] = [(0.0, 0.0)] * len(records)
    verdicts: list[str] = [""] * len(records)
    for f in range(args.folds):
        train = [i for i in range(len(records)) if fold[i] != f]
        model, _ = fit([feats[i] for i in train], [records[i]["label"] for i in train],
                       max_fpr=args.max_fpr)
        for i in (i for i in range(len(records)) if fold[i] == f):
            p_spun, p_mt, verdicts[i], _ = model.assess(feats[i])
            probs[i] = (p_spun, p_mt)

    def table(select, title):
        idx = [i for i in range(len(records)) if select(records[i])]
        rows, text = quality_table([records[i]["label"] for i in idx], [probs[i][0] for i in idx],
                                   [probs[i][1] for i in idx], [verdicts[i] for i in idx])
        print(f"\n== {title}\n{text}")
        return rows

    full = table(lambda r: not r.get("light"), "spun (30-70 %) and round trip vs human")
    light = table(lambda r: r.get("light") or r["label"] == "human", "light spinning (10-20 %) vs human")

    if args.write_model:
        model, _ = fit(feats, [r["label"] for r in records], max_fpr=args.max_fpr)
        model.meta = {"fitted_by": "benchmarks/crossval.py --write-model",
                      "corpus": "development corpus: 500 human, 250 spun, 250 round-trip, "
                                f"{sum(1 for r in records if r.get('light'))} light variants",
                      "cross_validated": {"full": full, "light": light},
                      "ignored_codes": list(ignore)}
        MODEL_OUT.parent.mkdir(parents=True, exist_ok=True)
        MODEL_OUT.write_text(json.dumps(model.to_json(), indent=1) + "\n")
        print(f"\nwrote {MODEL_OUT.relative_to(ROOT)} ({len(model.features)} features, "
              f"fail at {model.fail_at:.3f})")


if __name__ == "__main__":
    main()
