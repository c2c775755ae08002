"""Measure translationese candidates on ../shared/data/genres (research for issue 9).

    python tools/translationese/study.py [--data ../shared/data/genres] [--out tools/translationese/study.json]

Per feature: ROC-AUC of machine translation (mt-wmt) against the human reference translations of
the same documents (ref-wmt: the fair test) and against native English of the same genre
(native-wmt), overall, per engine and per source language; the paired win rate (share of
documents whose MT value exceeds the reference's value, which cancels topic); and the share of
every human genre beyond the threshold that gives recall 0.5 on MT (the MT median, in the
direction in which MT differs from native English).

Features are cached under tools/translationese/.cache/ (git-ignored) keyed by the text's hash.
Then ``--model`` fits small logistic regressions inside GroupKFold folds (group = source
document), leave-one-engine-out and leave-one-source-language-out.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SYSTEMS = ("DLUT", "JDExploreAcademy", "Online-B", "Online-G", "Online-W", "Lan-Bridge",
           "HuaweiTSC", "refA")
HUMAN_FILES = ("human-news", "human-encyclopedic", "human-science", "human-informal",
               "human-nonnative", "human-fiction", "human-technical", "llm-web")
WMT_FILES = ("mt-wmt", "ref-wmt", "native-wmt")


def parse_id(rid: str) -> tuple[str, str | None, str | None]:
    """(original document id, system, source language) of a record id."""
    for s in SYSTEMS:
        if rid.endswith("-" + s):
            doc = rid[: -len(s) - 1]
            lang = rid.split("-")[1]
            return doc, (None if s == "refA" else s), lang
    m = re.match(r"(.*?)(?:-s\d+)?-p\d+$", rid)
    return (m.group(1) if m else rid), None, None


def original_id(file_stem: str, rid: str) -> str:
    """The record's original as the benchmark names it (``tools/benchmark/build.py``): a human
    record is its own original (``"<file stem>:<id>"``); a machine translation's original is the
    human reference of the same document (``"ref-wmt:<document>-refA"``)."""
    if file_stem == "mt-wmt":
        doc, _, _ = parse_id(rid)
        return f"ref-wmt:{doc}-refA"
    return f"{file_stem}:{rid}"


def in_quality_gate(file_stem: str, rid: str) -> bool:
    """The record belongs to the benchmark's quality-gate split: never fitted on."""
    from tools.benchmark.build import split_of

    return split_of(original_id(file_stem, rid)) == "gate"


def load(data: Path) -> list[dict]:
    recs = []
    for name in WMT_FILES + HUMAN_FILES:
        p = data / f"{name}.jsonl"
        with p.open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                doc, system, lang = parse_id(r["id"])
                r.update(file=name, doc=doc, system=system, lang=lang)
                recs.append(r)
    return recs


def compute(recs: list[dict], cache_dir: Path) -> None:
    from features import features

    cache_dir.mkdir(parents=True, exist_ok=True)
    src = (HERE / "features.py").read_bytes()
    key = hashlib.sha256(src).hexdigest()[:12]
    path = cache_dir / f"features-{key}.json"
    cache = json.loads(path.read_text()) if path.exists() else {}
    dirty = False
    for i, r in enumerate(recs):
        h = hashlib.sha256(r["text"].encode("utf-8")).hexdigest()[:20]
        if h not in cache:
            cache[h] = features(r["text"])
            dirty = True
        r["f"] = cache[h]
        if i % 500 == 0:
            print(f"features {i}/{len(recs)}", file=sys.stderr)
    if dirty:
        path.write_text(json.dumps(cache))


def add_skeleton(recs: list[dict], cache_dir: Path, top: int) -> list[str]:
    """Add skeleton n-gram rates ("sk_...") for the ``top`` n-grams by document frequency over all
    records (unsupervised: labels are not looked at); returns their names."""
    from features import skeleton_counts

    key = hashlib.sha256((HERE / "features.py").read_bytes()).hexdigest()[:12]
    path = cache_dir / f"skeleton-{key}.json"
    cache = json.loads(path.read_text()) if path.exists() else {}
    dirty = False
    df: dict[str, int] = {}
    for r in recs:
        h = hashlib.sha256(r["text"].encode("utf-8")).hexdigest()[:20]
        if h not in cache:
            cache[h] = skeleton_counts(r["text"])
            dirty = True
        r["sk"] = cache[h]
        for k in r["sk"][0]:
            df[k] = df.get(k, 0) + 1
    if dirty:
        path.write_text(json.dumps(cache))
    vocab = sorted(df, key=lambda k: (-df[k], k))[:top]
    for r in recs:
        counts, total = r["sk"]
        for k in vocab:
            r["f"]["sk_" + k] = counts.get(k, 0) / max(total, 1)
    return ["sk_" + k for k in vocab]


def auc(pos: list[float], neg: list[float]) -> float:
    """ROC-AUC = P(pos > neg) + 0.5 P(tie), by ranks."""
    if not pos or not neg:
        return float("nan")
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    ranks = [0.0] * len(allv)
    i = 0
    while i < len(allv):
        j = i
        while j + 1 < len(allv) and allv[j + 1][0] == allv[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    rp = sum(r for r, (_, lab) in zip(ranks, allv) if lab == 1)
    npos, nneg = len(pos), len(neg)
    return (rp - npos * (npos + 1) / 2) / (npos * nneg)


def feature_table(recs: list[dict]) -> list[dict]:
    mt = [r for r in recs if r["file"] == "mt-wmt"]
    ref = [r for r in recs if r["file"] == "ref-wmt"]
    nat = [r for r in recs if r["file"] == "native-wmt"]
    ref_by_doc = {r["doc"]: r for r in ref}
    engines = sorted({r["system"] for r in mt})
    langs = sorted({r["lang"] for r in mt})
    rows = []
    for name in mt[0]["f"]:
        if name in ("n_words", "n_sentences"):
            continue
        v = lambda rs: [r["f"][name] for r in rs]  # noqa: E731
        row = {"feature": name,
               "auc_ref": auc(v(mt), v(ref)), "auc_native": auc(v(mt), v(nat))}
        wins = [(r["f"][name] > ref_by_doc[r["doc"]]["f"][name]) + 0.5 * (
            r["f"][name] == ref_by_doc[r["doc"]]["f"][name]) for r in mt if r["doc"] in ref_by_doc]
        row["paired_win"] = sum(wins) / len(wins)
        row["engine_ref"] = {e: auc(v([r for r in mt if r["system"] == e]), v(ref)) for e in engines}
        row["engine_native"] = {e: auc(v([r for r in mt if r["system"] == e]), v(nat)) for e in engines}
        row["lang_ref"] = {l: auc(v([r for r in mt if r["lang"] == l]), v([r for r in ref if r["lang"] == l]))
                           for l in langs}
        row["lang_native"] = {l: auc(v([r for r in mt if r["lang"] == l]), v(nat)) for l in langs}
        up = row["auc_native"] >= 0.5
        mv = sorted(v(mt))
        thr = mv[len(mv) // 2]
        beyond = (lambda x: x > thr) if up else (lambda x: x < thr)
        row["direction"] = "MT higher" if up else "MT lower"
        row["threshold_r50"] = thr
        row["genre_beyond"] = {g: sum(beyond(x) for x in v([r for r in recs if r["file"] == g]))
                               / sum(1 for r in recs if r["file"] == g)
                               for g in HUMAN_FILES + ("ref-wmt", "native-wmt")}
        rows.append(row)
    return rows


def _d(a: float) -> float:
    """Distance of an AUC from chance."""
    return abs(a - 0.5)


def write_table(rows: list[dict], out: Path) -> None:
    out.write_text(json.dumps(rows, indent=1))


def print_table(rows: list[dict], top: int = 60) -> None:
    rows = sorted(rows, key=lambda r: -(_d(r["auc_ref"]) + _d(r["auc_native"])))
    langs = list(rows[0]["lang_ref"])
    engines = list(rows[0]["engine_ref"])
    print("| feature | dir | AUC ref | AUC nat | paired | ref per lang " + "/".join(langs)
          + " | ref per engine min-max | nat per engine min-max | max human-genre share beyond r50 |")
    print("|---|---|---:|---:|---:|---|---|---|---|")
    for r in rows[:top]:
        er = [r["engine_ref"][e] for e in engines]
        en = [r["engine_native"][e] for e in engines]
        g = {k: v for k, v in r["genre_beyond"].items() if k not in ("ref-wmt", "native-wmt")}
        worst = max(g, key=g.get)
        print(f"| {r['feature']} | {r['direction']} | {r['auc_ref']:.3f} | {r['auc_native']:.3f} | "
              f"{r['paired_win']:.2f} | " + "/".join(f"{r['lang_ref'][l]:.2f}" for l in langs)
              + f" | {min(er):.2f}-{max(er):.2f} | {min(en):.2f}-{max(en):.2f} | "
              f"{worst} {g[worst]:.2f} |")


MODEL_FEATURES = {
    # robust: same direction for every engine and source language, not content words
    "small": ["lm_fw_mean", "lm_high_share", "mattr50", "fw_of", "p_comma", "lm_burst", "fw_the",
              "sent_init_adverbial", "the_over_a", "fw_share", "contractions", "pron1",
              "sent_init_pronoun", "lm_mean", "zipf_mean"],
}
# Format artefacts of this data (quote style, WMT segment = paragraph layout, bracketed datelines,
# semicolons in zh references) and topic measures: reported, never modelled.
ARTEFACTS = {"p_curly_share", "sent_per_para", "para_words_mean", "p_bracket", "n_words",
             "n_sentences"}


def feature_set(spec: str, recs: list[dict]) -> list[str]:
    if spec in MODEL_FEATURES:
        return MODEL_FEATURES[spec]
    every = [n for n in recs[0]["f"] if n not in ("n_words", "n_sentences")]
    if spec == "every":
        return every
    if spec == "robust":
        return [n for n in every if n not in ARTEFACTS and not n.startswith(("topic_", "sk_"))]
    if spec == "skeleton":
        return [n for n in every if n.startswith("sk_")]
    if spec == "robust+skeleton":
        return [n for n in every if n not in ARTEFACTS and not n.startswith("topic_")]
    return spec.split(",")


def _matrix(recs, names):
    import numpy as np
    return np.array([[r["f"][n] for n in names] for r in recs], dtype=float)


def select_features(X, files, names, k):
    """Top ``k`` features by |AUC - 0.5| against references plus against native English, among
    those whose direction agrees in both comparisons (measured on the rows given: a training fold)."""
    import numpy as np
    from sklearn.metrics import roc_auc_score

    mt, ref, nat = files == "mt-wmt", files == "ref-wmt", files == "native-wmt"
    scored = []
    for j, n in enumerate(names):
        col = X[:, j]
        if np.ptp(col) == 0:
            continue
        a_ref = roc_auc_score(np.r_[np.ones(mt.sum()), np.zeros(ref.sum())], np.r_[col[mt], col[ref]])
        a_nat = roc_auc_score(np.r_[np.ones(mt.sum()), np.zeros(nat.sum())], np.r_[col[mt], col[nat]])
        if (a_ref - 0.5) * (a_nat - 0.5) <= 0:
            continue
        scored.append((abs(a_ref - 0.5) + abs(a_nat - 0.5), j))
    scored.sort(reverse=True)
    return [j for _, j in scored[:k]]


def model_study(recs: list[dict], names: list[str], negatives: str, seed_folds: int = 5,
                C: float = 1.0, select_k: int = 0) -> dict:
    """Out-of-fold scores of a standardised L2 logistic regression, MT vs human.

    ``negatives``: "wmt" (ref + native only) or "all" (also every human genre). Folds: GroupKFold
    by original document (MT and its reference never straddle folds). Conditions: all engines and
    languages in training; leave one engine out (its MT removed from training, scored on the test
    fold); leave one source language out (its MT and references removed from training). The
    operating threshold is fitted on the training fold: the highest 99th percentile of the
    inner-cross-validated training scores of any human file other than the human translations (so that each human
    genre and native English fail at most ~1 %; the references' failure rate is reported).
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X = _matrix(recs, names)
    y = np.array([r["label"] == "mt" for r in recs], dtype=int)
    groups = np.array([r["doc"] for r in recs])
    files = np.array([r["file"] for r in recs])
    systems = np.array([r["system"] or "" for r in recs])
    langs = np.array([r["lang"] or "" for r in recs])
    human_files = [f for f in WMT_FILES + HUMAN_FILES if f != "mt-wmt"]
    usable_neg = np.isin(files, ["ref-wmt", "native-wmt"]) if negatives == "wmt" else (y == 0)
    conds = [("all", None, None)] + [("engine", e, None) for e in sorted(set(systems) - {""})] \
        + [("lang", None, l) for l in sorted(set(langs) - {""})]
    oof = {c: np.full(len(recs), np.nan) for c in conds}
    thr = {c: np.full(len(recs), np.nan) for c in conds}
    for tr, te in GroupKFold(n_splits=seed_folds).split(X, y, groups):
        for c in conds:
            _, e, l = c
            m = np.zeros(len(recs), bool)
            m[tr] = True
            m &= (y == 1) | usable_neg
            if e:
                m &= systems != e
            if l:
                m &= langs != l
            cols = (select_features(X[m], files[m], names, select_k) if select_k
                    else list(range(len(names))))
            clf = make_pipeline(StandardScaler(), LogisticRegression(C=C, class_weight="balanced",
                                                                     max_iter=2000))
            clf.fit(X[m][:, cols], y[m])
            # threshold from honest scores of the training fold: an inner GroupKFold
            s_tr = np.full(len(recs), np.nan)
            trm = np.where(m)[0]
            for itr, ite in GroupKFold(n_splits=3).split(trm, y[trm], groups[trm]):
                inner = make_pipeline(StandardScaler(), LogisticRegression(
                    C=C, class_weight="balanced", max_iter=2000))
                inner.fit(X[trm[itr]][:, cols], y[trm[itr]])
                s_tr[trm[ite]] = inner.decision_function(X[trm[ite]][:, cols])
            t = max(np.quantile(s_tr[m & (files == f)], 0.99) for f in human_files
                    if (m & (files == f)).any() and f != "ref-wmt")
            oof[c][te] = clf.decision_function(X[te][:, cols])
            thr[c][te] = t
    out = {"features": names, "negatives": negatives, "C": C, "select_k": select_k}
    mt = files == "mt-wmt"
    ref = files == "ref-wmt"
    nat = files == "native-wmt"

    def block(sc, th, mtmask, refmask):
        return {"auc_ref": auc(list(sc[mtmask]), list(sc[refmask])),
                "auc_native": auc(list(sc[mtmask]), list(sc[nat])),
                "recall_at_op": float((sc[mtmask] > th[mtmask]).mean())}

    sc, th = oof[("all", None, None)], thr[("all", None, None)]
    out["all"] = block(sc, th, mt, ref)
    out["all"]["fp_at_op"] = {f: float((sc[files == f] > th[files == f]).mean()) for f in human_files}
    out["per_engine_in"] = {e: block(sc, th, mt & (systems == e), ref)
                            for e in sorted(set(systems) - {""})}
    out["per_lang_in"] = {l: block(sc, th, mt & (langs == l), ref & (langs == l))
                          for l in sorted(set(langs) - {""})}
    out["leave_engine_out"] = {e: block(oof[c], thr[c], mt & (systems == e), ref)
                               for c in conds if c[0] == "engine" for e in [c[1]]}
    out["leave_lang_out"] = {l: block(oof[c], thr[c], mt & (langs == l), ref & (langs == l))
                             for c in conds if c[0] == "lang" for l in [c[2]]}
    # recall 0.5 operating point vs native (threshold = MT median, out of fold): human shares
    med = float(np.median(sc[mt]))
    out["beyond_mt_median"] = {f: float((sc[files == f] > med).mean()) for f in human_files}
    return out


def print_model(res: dict) -> None:
    a = res["all"]
    print(f"\n== model ({len(res['features'])} features, in-fold top {res['select_k']} by AUC, "
          f"C={res['C']}, negatives={res['negatives']}) ==")
    print(f"out-of-fold AUC vs ref {a['auc_ref']:.3f}, vs native {a['auc_native']:.3f}, "
          f"recall at the 1%-per-human-file operating point {a['recall_at_op']:.3f}")
    print("FP at operating point: " + ", ".join(f"{k} {v:.3f}" for k, v in a["fp_at_op"].items()))
    print("share beyond MT median (recall 0.5): "
          + ", ".join(f"{k} {v:.2f}" for k, v in res["beyond_mt_median"].items()))
    for key in ("per_engine_in", "leave_engine_out", "per_lang_in", "leave_lang_out"):
        print(key + ": " + "; ".join(f"{k} ref {v['auc_ref']:.3f} nat {v['auc_native']:.3f} "
                                     f"rec {v['recall_at_op']:.2f}" for k, v in res[key].items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(HERE.parent.parent.parent / "shared" / "data" / "genres"))
    ap.add_argument("--out", default=str(HERE / ".cache" / "study.json"))
    ap.add_argument("--top", type=int, default=60)
    ap.add_argument("--model", action="append", default=[],
                    help="feature set name (or comma-separated feature list) to cross-validate")
    ap.add_argument("--negatives", default="wmt,all")
    ap.add_argument("--select", type=int, default=0,
                    help="keep the top N features by univariate AUC, chosen inside each fold")
    ap.add_argument("--skeleton", type=int, default=0,
                    help="add rates of the N most widespread function-word skeleton n-grams")
    ap.add_argument("--C", type=float, default=1.0, help="inverse L2 strength")
    args = ap.parse_args(argv)
    data = Path(args.data)
    if not (data / "mt-wmt.jsonl").is_file():
        print(f"study: no mt-wmt.jsonl in {data}", file=sys.stderr)
        return 2
    recs = load(data)
    compute(recs, HERE / ".cache")
    if args.skeleton:
        add_skeleton(recs, HERE / ".cache", args.skeleton)
    rows = feature_table(recs)
    write_table(rows, Path(args.out))
    print_table(rows, args.top)
    results = []
    for spec in args.model:
        names = feature_set(spec, recs)
        for neg in args.negatives.split(","):
            res = model_study(recs, names, neg, C=args.C, select_k=args.select)
            res["spec"] = spec
            print_model(res)
            results.append(res)
    if results:
        Path(args.out).with_name("models.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
