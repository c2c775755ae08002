"""Fit (and cross-validate) the MT6xx translationese model.

    python -m tools.translationese.fit --data ../shared/data/genres [--write] [--no-cv]
        [--exclude-fold K --out PATH]   # benchmarks/quality.py's per-fold models

Features are exactly what the rule computes at run time (``mtcheck.rules.translationese.profile``
on the set-aside prose document). The model: standardised features clipped to +-5, L2 logistic
regression (C = 0.02, balanced classes); label 1 = machine translation (mt-wmt), label 0 = every
human file (references, native English, the eight human genres). The skeleton n-gram vocabulary
(the 400 most widespread n-grams, by document frequency, labels unseen) is chosen on the training
rows. The MT601 threshold is the highest 99th percentile, over native English and the eight human
genres (not the human translations), of inner-cross-validated training scores.

Cross-validation (printed): 5-fold GroupKFold by original document (an MT output, its siblings
and its reference always share a fold; genre passages grouped by article/book/page); leave one
engine out; leave one source language out. Everything fitted (vocabulary, scaling, weights,
threshold) is fitted inside the training folds.

``--write``: the shipped model, fitted on every record outside the benchmark's quality-gate split
(``tools/benchmark/build.py``: sha256(original id)[0] < 52 is "gate"; an MT output's original is
the human reference of its document), written to
``rules/data/translationese/model.json``: numbers and skeleton n-grams of function words and
word classes only, no text.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

from tools.collocations_build import fold_of
from tools.translationese.study import (HUMAN_FILES, WMT_FILES, auc, in_quality_gate, load,
                                        original_id)

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(__file__).resolve().parent / ".cache"
OUT = ROOT / "rules" / "data" / "translationese" / "model.json"
C = 0.02
VOCAB = 400
CLIP = 5.0
FOLDS = 5  # benchmarks/quality.py's folds (crc32 of the original id)


def profiles(recs: list[dict]) -> None:
    from mtcheck.input.setaside import prose_document
    from mtcheck.rules import translationese as tr

    path = CACHE / f"profiles-v{tr.PROFILE_VERSION}.pickle"
    cache = pickle.loads(path.read_bytes()) if path.exists() else {}
    dirty = False
    t0 = time.perf_counter()
    for r in recs:
        h = hashlib.sha256(r["text"].encode("utf-8")).hexdigest()[:20]
        if h not in cache:
            p = tr.profile(prose_document(r["text"]))
            cache[h] = (p.counts, p.denoms, p.whole, p.words)
            dirty = True
        r["p"] = cache[h]
    if dirty:
        CACHE.mkdir(exist_ok=True)
        path.write_bytes(pickle.dumps(cache))
        print(f"profiles: {time.perf_counter() - t0:.1f} s", file=sys.stderr)


def base_names() -> list[str]:
    from mtcheck.rules import translationese as tr

    return list(tr.RATE_FEATURES) + list(tr.WHOLE_FEATURES)


def vocabulary(recs: list[dict], idx) -> list[str]:
    df: dict[str, int] = {}
    for i in idx:
        for k in recs[i]["p"][0]:
            if k.startswith("sk_"):
                df[k] = df.get(k, 0) + 1
    return sorted(df, key=lambda k: (-df[k], k))[:VOCAB]


def matrix(recs: list[dict], names: list[str]) -> np.ndarray:
    from mtcheck.rules import translationese as tr

    X = np.zeros((len(recs), len(names)))
    for i, r in enumerate(recs):
        counts, denoms, whole, _ = r["p"]
        prof = tr.Profile([], counts, denoms, whole, 0)
        X[i] = [tr.feature_value(prof, n) for n in names]
    return X


class Fitted:
    def __init__(self, X: np.ndarray, y: np.ndarray):
        from sklearn.linear_model import LogisticRegression

        self.mean = X.mean(axis=0)
        sd = X.std(axis=0)
        self.scale = np.where(sd > 1e-12, sd, 1.0)
        self.lr = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
        self.lr.fit(self._z(X), y)

    def _z(self, X):
        return np.clip((X - self.mean) / self.scale, -CLIP, CLIP)

    def decision(self, X):
        return self._z(X) @ self.lr.coef_[0] + self.lr.intercept_[0]


def threshold(recs, X, y, groups, files, rows) -> float:
    """Highest 99th percentile over the human non-translation files of inner-CV scores."""
    from sklearn.model_selection import GroupKFold

    s = np.full(len(recs), np.nan)
    for itr, ite in GroupKFold(n_splits=3).split(rows, y[rows], groups[rows]):
        f = Fitted(X[rows[itr]], y[rows[itr]])
        s[rows[ite]] = f.decision(X[rows[ite]])
    limits = [np.quantile(s[rows][files[rows] == f], 0.99) for f in WMT_FILES + HUMAN_FILES
              if f not in ("mt-wmt", "ref-wmt") and (files[rows] == f).any()]
    return float(max(limits))


def cross_validate(recs: list[dict]) -> dict:
    from sklearn.model_selection import GroupKFold

    y = np.array([r["label"] == "mt" for r in recs], dtype=int)
    groups = np.array([r["doc"] for r in recs])
    files = np.array([r["file"] for r in recs])
    systems = np.array([r["system"] or "" for r in recs])
    langs = np.array([r["lang"] or "" for r in recs])
    conds = [("all", "")] + [("engine", e) for e in sorted(set(systems) - {""})] \
        + [("lang", l) for l in sorted(set(langs) - {""})]
    oof = {c: np.full(len(recs), np.nan) for c in conds}
    thr = {c: np.full(len(recs), np.nan) for c in conds}
    base = base_names()
    for k, (tr, te) in enumerate(GroupKFold(n_splits=5).split(y, y, groups)):
        names = base + vocabulary(recs, tr)
        X = matrix(recs, names)
        for c in conds:
            m = np.zeros(len(recs), bool)
            m[tr] = True
            if c[0] == "engine":
                m &= systems != c[1]
            elif c[0] == "lang":
                m &= langs != c[1]
            rows = np.where(m)[0]
            f = Fitted(X[rows], y[rows])
            oof[c][te] = f.decision(X[te])
            thr[c][te] = threshold(recs, X, y, groups, files, rows)
        print(f"fold {k + 1}/5 done", file=sys.stderr)
    mt, ref, nat = files == "mt-wmt", files == "ref-wmt", files == "native-wmt"

    def block(c, mtm, refm):
        s, t = oof[c], thr[c]
        return {"auc_ref": round(auc(list(s[mtm]), list(s[refm])), 3),
                "auc_native": round(auc(list(s[mtm]), list(s[nat])), 3),
                "recall": round(float((s[mtm] >= t[mtm]).mean()), 3)}

    a = ("all", "")
    res = {"all": block(a, mt, ref)}
    res["fp"] = {f: round(float((oof[a][files == f] >= thr[a][files == f]).mean()), 3)
                 for f in WMT_FILES + HUMAN_FILES if f != "mt-wmt"}
    med = np.median(oof[a][mt])
    res["beyond_mt_median"] = {f: round(float((oof[a][files == f] > med).mean()), 3)
                               for f in WMT_FILES + HUMAN_FILES if f != "mt-wmt"}
    res["engine_in"] = {e: block(a, mt & (systems == e), ref) for _, e in conds if _ == "engine"}
    res["engine_out"] = {e: block(("engine", e), mt & (systems == e), ref)
                         for _, e in conds if _ == "engine"}
    res["lang_in"] = {l: block(a, mt & (langs == l), ref & (langs == l))
                      for _, l in conds if _ == "lang"}
    res["lang_out"] = {l: block(("lang", l), mt & (langs == l), ref & (langs == l))
                       for _, l in conds if _ == "lang"}
    return res


def benchmark_fold(r: dict) -> int:
    """The record's fold in ``benchmarks/quality.py`` (by its benchmark original id)."""
    return fold_of(original_id(r["file"], r["id"]), FOLDS)


def fit_shipped(recs: list[dict], exclude_fold: int | None = None) -> dict:
    """The model on every record outside the quality-gate split (and, with ``exclude_fold``,
    outside that fold of ``benchmarks/quality.py``: its cross-validation then scores each
    benchmark record with a model that never saw it or its original)."""
    keep = [r for r in recs if not in_quality_gate(r["file"], r["id"])
            and (exclude_fold is None or benchmark_fold(r) != exclude_fold)]
    idx = np.arange(len(keep))
    names = base_names() + vocabulary(keep, idx)
    X = matrix(keep, names)
    y = np.array([r["label"] == "mt" for r in keep], dtype=int)
    groups = np.array([r["doc"] for r in keep])
    files = np.array([r["file"] for r in keep])
    f = Fitted(X, y)
    t = threshold(keep, X, y, groups, files, idx)
    counts = {name: int((files == name).sum()) for name in WMT_FILES + HUMAN_FILES}
    return {
        "features": names,
        "mean": [round(float(v), 8) for v in f.mean],
        "scale": [round(float(v), 8) for v in f.scale],
        "coef": [round(float(v), 6) for v in f.lr.coef_[0]],
        "intercept": round(float(f.lr.intercept_[0]), 6),
        "threshold": round(t, 4),
        "meta": {"fitted_by": "python -m tools.translationese.fit --data ../shared/data/genres --write",
                 "C": C, "clip": CLIP, "skeleton_vocabulary": VOCAB,
                 "training_records": counts,
                 "excluded": "the benchmark's quality-gate split: sha256(original id)[0] < 52 "
                             "(tools/benchmark/build.py; an MT output's original is its reference)",
                 "threshold": "highest 99th percentile of inner-CV scores over native English and "
                              "the eight human genres"},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "genres"))
    ap.add_argument("--write", action="store_true", help="write the shipped model")
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    ap.add_argument("--exclude-fold", type=int, choices=range(FOLDS),
                    help="with --out: leave out this fold of benchmarks/quality.py too")
    ap.add_argument("--out", type=Path, help="write the model here instead of the shipped one")
    args = ap.parse_args(argv)
    if args.exclude_fold is not None and args.out is None:
        ap.error("--exclude-fold needs --out (the shipped model is fitted on every fold)")
    data = Path(args.data)
    if not (data / "mt-wmt.jsonl").is_file():
        print(f"fit: {data}: no mt-wmt.jsonl (the genres data folder)", file=sys.stderr)
        return 2
    recs = load(data)
    profiles(recs)
    if not args.no_cv:
        res = cross_validate(recs)
        print(json.dumps(res, indent=1))
        (CACHE / "cv.json").write_text(json.dumps(res, indent=1))
    if args.write or args.out:
        model = fit_shipped(recs, args.exclude_fold)
        if args.exclude_fold is not None:
            model["meta"]["excluded"] += f"; fold {args.exclude_fold} of benchmarks/quality.py"
        out = args.out or OUT
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(model, indent=0) + "\n")
        print(f"wrote {out} ({len(model['features'])} features, "
              f"threshold {model['threshold']})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
