"""Cross-validated evaluation of the rare-collocations family (MT3xx) on a labelled corpus.

    python benchmarks/eval_collocations.py CORPUS_DIR [--folds 5] [--no-pairs] [--no-thesaurus]
        [--set moby_gain=3.5 ...] [--dump slots.jsonl]

CORPUS_DIR holds human.jsonl, spun.jsonl and roundtrip.jsonl (records with "id", "text" and, for
rewritten texts, "original_id"). Articles are split into folds by their original article (so a spun
text and its original always fall in the same fold). For each fold the spinner pairs are learned
from the other folds only (``tools.collocations_build.learn_pairs``), then the held-out
texts are checked. Reported:

- per-article ROC-AUC and recall at 1 % false-positive rate of ``suspects_per_100w`` (spun vs
  human, round trip vs human), and of a cross-validated logistic regression over all the family's
  features (needs scikit-learn; skipped without it);
- word level on spun texts: share of findings on words the spinner really replaced (found by
  aligning each spun text with its original), findings per 100 words on human texts, by code;
- median rule CPU time per article and per 400 words (process time: the machine may be shared).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from difflib import SequenceMatcher
from pathlib import Path

from mtcheck.core.document import TOKEN_RE
from mtcheck.input.setaside import prose_document
from mtcheck.rules.collocations import RareCollocations
from mtcheck.rules.lm import lm_word, sequence_logprob
from mtcheck.scoring.metrics import recall_at_fpr, roc_auc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tools/ (not installed)
from tools.collocations_build import (base_id, fold_of, learn_pairs, read_jsonl,  # noqa: E402
                                      write_pairs)


def replaced_offsets(spun: str, original: str) -> list[tuple[int, int]]:
    """Character ranges of the spun text that differ from the original."""
    a = [(lm_word(m.group()), m.start(), m.end()) for m in TOKEN_RE.finditer(spun)]
    b = [lm_word(m.group()) for m in TOKEN_RE.finditer(original)]
    sm = SequenceMatcher(None, [t for t, _, _ in a], b, autojunk=False)
    out = []
    for op, i1, i2, _j1, _j2 in sm.get_opcodes():
        if op in ("replace", "delete") and i2 > i1:
            out.append((a[i1][1], a[i2 - 1][2]))
    return out


def partial_spin(spun: str, original: str, keep: float, rng) -> tuple[str, list]:
    """A lightly spun text: the original with only a share ``keep`` of the spinner's
    substitutions applied (the rest restored from the original). -> (text, replaced ranges)."""
    a = [(lm_word(m.group()), m.start(), m.end()) for m in TOKEN_RE.finditer(spun)]
    b = [(lm_word(m.group()), m.start(), m.end()) for m in TOKEN_RE.finditer(original)]
    sm = SequenceMatcher(None, [t for t, _, _ in a], [t for t, _, _ in b], autojunk=False)
    pieces, truth, pos = [], [], 0
    out_len = 0
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        s_start = a[i1][1] if i1 < len(a) else len(spun)
        s_end = a[i2 - 1][2] if i2 > i1 else s_start
        o_text = original[b[j1][1]:b[j2 - 1][2]] if j2 > j1 else ""
        pieces.append(spun[pos:s_start])
        out_len += len(pieces[-1])
        if rng.random() < keep:
            pieces.append(spun[s_start:s_end])
            if s_end > s_start:
                truth.append((out_len, out_len + s_end - s_start))
        else:
            pieces.append(o_text)
        out_len += len(pieces[-1])
        pos = s_end
    pieces.append(spun[pos:])
    return "".join(pieces), truth


def overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in ranges)


def run(corpus: Path, folds: int, settings: dict, dump: Path | None, limit: int | None,
        light: float = 0.0):
    human = read_jsonl(corpus / "human.jsonl")
    spun = read_jsonl(corpus / "spun.jsonl")
    rt = read_jsonl(corpus / "roundtrip.jsonl")
    by_id = {r["id"]: r for r in human}
    records = [("human", r) for r in human] + [("spun", r) for r in spun] + \
        [("roundtrip", r) for r in rt]
    if light:
        rng = random.Random(1)
        for r in spun:
            if r["original_id"] in by_id:
                text, truth = partial_spin(r["text"], by_id[r["original_id"]]["text"], light, rng)
                records.append(("light", {**r, "id": "light-" + r["id"], "text": text,
                                          "truth": truth}))
    if limit:
        records = [x for x in records if int(fold_of(base_id(x[1]), 1000)) < limit]
    rows = []
    times = []
    out = open(dump, "w") if dump else None
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(folds):
            held = {r["id"] for r in human if fold_of(r["id"], folds) == fold}
            pair_path = Path(tmp) / f"pairs{fold}.tsv"
            prows, meta = learn_pairs(corpus, held)
            write_pairs(prows, meta, pair_path)
            rule = RareCollocations({**settings, "pairs_path": str(pair_path)})
            for label, r in records:
                if base_id(r) not in held:
                    continue
                doc = prose_document(r["text"])
                doc.sentences, doc.tokens  # parsed once by the engine for all rules: not timed
                t0 = time.process_time()  # CPU time: other processes share the machine
                res = rule.run(doc)
                times.append((time.process_time() - t0, doc.word_count))
                truth = r.get("truth", [])
                if label == "spun" and r.get("original_id") in by_id:
                    truth = replaced_offsets(r["text"], by_id[r["original_id"]]["text"])
                hits = [(f.code, overlaps(f.start, f.end, truth)) for f in res.findings]
                rows.append({"label": label, "id": r["id"], "words": doc.word_count,
                             "features": res.features, "hits": hits})
                if out:
                    segs, slots = rule.analyse(doc)
                    model = rule.tester.model
                    for sl in slots:
                        items = segs[sl.seg].items[sl.i:sl.i + sl.k]
                        st, en = items[0].tok.start, items[-1].tok.end
                        out.write(json.dumps({
                            "label": label, "id": r["id"], "source": sl.source, "gain": sl.gain,
                            "used": sl.used, "alt": sl.alt, "prior": sl.prior, "k": sl.k,
                            "n_sub": sl.n_sub, "true": overlaps(st, en, truth),
                            "used_score": sl.used_score, "alt_score": sl.alt_score,
                            "left_gain": sl.left_gain,
                            "ctx": rule.tester._context(segs[sl.seg], sl.i, sl.k),
                            "used_uni": sequence_logprob(model, sl.used.split()),
                            "alt_uni": sequence_logprob(model, sl.alt.split())}) + "\n")
            print(f"fold {fold}: {len(held)} held-out originals, {len(prows)} pairs",
                  file=sys.stderr)
    if out:
        out.close()
    return rows, times


def report(rows, times) -> None:
    def feat(label, name):
        return [r["features"].get("rare-collocations." + name, 0.0) for r in rows
                if r["label"] == label]

    names = sorted({k.split(".", 1)[1] for r in rows for k in r["features"]})
    print("per-article separation, one feature at a time (higher = more suspect; "
          "lm_logprob_per_word negated):")
    for pos_label in ("spun", "light", "roundtrip"):
        if not any(r["label"] == pos_label for r in rows):
            continue
        for name in names:
            pos, neg = feat(pos_label, name), feat("human", name)
            sign = -1 if name == "lm_logprob_per_word" else 1
            pos, neg = [sign * v for v in pos], [sign * v for v in neg]
            print(f"  {pos_label:9s} vs human  {name:22s} AUC {roc_auc(pos, neg):.3f}  "
                  f"recall@1%FPR {recall_at_fpr(pos, neg):.3f}")
    combined(rows)
    print("word level:")
    for code in ("MT301", "MT302"):
        spun_hits = [ok for r in rows if r["label"] in ("spun", "light") for c, ok in r["hits"]
                     if c == code]
        human_hits = sum(1 for r in rows if r["label"] == "human" for c, _ in r["hits"]
                         if c == code)
        human_words = sum(r["words"] for r in rows if r["label"] == "human")
        rt_hits = sum(1 for r in rows if r["label"] == "roundtrip" for c, _ in r["hits"]
                      if c == code)
        rt_words = sum(r["words"] for r in rows if r["label"] == "roundtrip")
        spun_words = sum(r["words"] for r in rows if r["label"] in ("spun", "light"))
        prec = sum(spun_hits) / len(spun_hits) if spun_hits else float("nan")
        print(f"  {code}: spun+light {100 * len(spun_hits) / max(spun_words, 1):.2f}/100w "
              f"(on replaced words {prec:.2f}), human {100 * human_hits / max(human_words, 1):.2f}"
              f"/100w, roundtrip {100 * rt_hits / max(rt_words, 1):.2f}/100w")
    if times:
        per = [t for t, _ in times]
        per400 = [t * 400 / max(w, 1) for t, w in times if w >= 100]
        print(f"time: median {1000 * statistics.median(per):.1f} ms per article, "
              f"{1000 * statistics.median(per400):.1f} ms per 400 words")


def combined(rows) -> None:
    """Cross-validated logistic regression over all features (per-article)."""
    try:
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import cross_val_predict
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
    except ImportError:
        print("  (scikit-learn not installed: combined-feature numbers skipped)")
        return
    names = sorted({k for r in rows for k in r["features"]})
    for pos_label in ("spun", "light", "roundtrip"):
        sub = [r for r in rows if r["label"] in (pos_label, "human")]
        X = [[r["features"].get(k, 0.0) for k in names] for r in sub]
        y = [int(r["label"] == pos_label) for r in sub]
        groups_ok = len(set(y)) == 2 and min(y.count(0), y.count(1)) >= 5
        if not groups_ok:
            continue
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
        p = cross_val_predict(model, X, y, cv=5, method="predict_proba")[:, 1]
        pos = [v for v, t in zip(p, y) if t]
        neg = [v for v, t in zip(p, y) if not t]
        print(f"  {pos_label:9s} vs human  all features (logistic, 5-fold) AUC "
              f"{roc_auc(pos, neg):.3f}  recall@1%FPR {recall_at_fpr(pos, neg):.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-pairs", action="store_true", help="thesaurus candidates only")
    ap.add_argument("--no-thesaurus", action="store_true", help="learned pairs only")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="rule setting, e.g. moby_gain=3.5")
    ap.add_argument("--dump", type=Path, help="write every scored slot as JSON lines")
    ap.add_argument("--light", type=float, default=0.0, metavar="SHARE",
                    help="also test lightly spun texts: each spun text with only SHARE of its "
                         "substitutions kept (e.g. 0.3)")
    ap.add_argument("--limit", type=int, help="use ~limit/1000 of the articles (quick runs)")
    args = ap.parse_args(argv)
    settings: dict = {}
    for kv in args.set:
        k, _, v = kv.partition("=")
        settings[k] = float(v) if v.replace(".", "", 1).lstrip("-").isdigit() else v
    if args.no_pairs:
        settings["use_pairs"] = False
    if args.no_thesaurus:
        settings["use_thesaurus"] = False
    t0 = time.perf_counter()
    rows, times = run(args.corpus, args.folds, settings, args.dump, args.limit, args.light)
    report(rows, times)
    print(f"total {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
