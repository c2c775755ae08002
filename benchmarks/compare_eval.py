"""Measure ``mtcheck ARTICLE --against SOURCE`` on the development corpus pairs.

Usage::

    python benchmarks/compare_eval.py ../shared/data/dev [--limit N]

Inputs: ``spun.jsonl`` and ``roundtrip.jsonl`` records and the ``human.jsonl`` records their
``original_id`` names. Nothing from the corpus is written anywhere; only numbers are printed.

1. Substitutions (spun -> original pairs)
-----------------------------------------
There is no list of the spinner's substitutions, so the ground truth is derived per pair:

* both texts are tokenised exactly as mtcheck does (prose words and numbers of
  :class:`mtcheck` documents, lower case, punctuation left out);
* the two word sequences are aligned at the finest level by a *minimum* word-level edit script
  (Levenshtein opcodes of ``rapidfuzz.distance.Levenshtein`` over the word lists: every
  single-word replace, insert and delete), which is a different algorithm from the one
  mtcheck uses (difflib's longest-matching-block alignment, grouped into regions);
* a **ground-truth substitution** is a maximal run of consecutive non-equal Levenshtein
  opcodes that has words on both sides (a run with words on one side only is a ground-truth
  insertion or deletion and is not scored here).

Scoring mtcheck's phrase-level substitutions (``Comparison.edits`` of kind "substitution",
mapped back to word index ranges on both sides):

* **recall**: share of ground-truth substitutions *covered* by one reported substitution,
  i.e. the reported source word range contains all the unit's source words and the reported
  article word range contains all its article words;
* **precision**: share of reported substitutions that are *correct*: they cover at least one
  ground-truth substitution and at least half of their words (both sides together) are words
  the ground truth marks as changed;
* the same figures are printed for the fast alignment (equal runs of
  ``rapidfuzz.distance.Indel``, a longest common subsequence, grouped the same way), which the
  pairwise ``--related`` pass of ``mtcheck cluster`` uses to count shared words;
* word-level figures are printed as well (changed source words inside reported substitutions /
  all changed source words of ground-truth substitutions, and the reverse share), and the
  number of reported substitutions next to the spinner's own count (``replaced``: adjacent
  replacements merge into one phrase, so fewer phrases than replacements is expected).

2. Relation (spun copy vs machine-translated rewrite)
-----------------------------------------------------
Each spun and round-trip text is compared with its original. The three translation thresholds
of :func:`mtcheck.compare.align.classify` (function-word, insertion/deletion and moved-word shares) are chosen by grid search on 4/5 of the pairs and
scored on the held-out fifth (5 folds, pairs shuffled with a fixed seed); the held-out
accuracy is printed, then the thresholds chosen on all pairs (compare them with the shipped
constants). Also printed: verbatim copies (each human text against itself with boilerplate
lines added), unrelated pairs (each human text against the next one of another section) and
partial overlap (the spun text against its original with an unrelated article appended to
the source and another prepended to the article).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time

from rapidfuzz.distance import Levenshtein

from mtcheck.compare import align
from mtcheck.compare.words import prose_words
from mtcheck.core.document import Document


def read(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def ground_truth(src_norms: list[str], art_norms: list[str]):
    """Ground-truth substitution units [(i1, i2, j1, j2)] and the changed word positions."""
    units, changed_src, changed_art = [], set(), set()
    run = None
    for op in list(Levenshtein.opcodes(src_norms, art_norms)) + [None]:
        if op is None or op.tag == "equal":
            if run is not None:
                i1, i2, j1, j2 = run
                if i2 > i1 and j2 > j1:
                    units.append(run)
                run = None
            continue
        changed_src.update(range(op.src_start, op.src_end))
        changed_art.update(range(op.dest_start, op.dest_end))
        if run is None:
            run = (op.src_start, op.src_end, op.dest_start, op.dest_end)
        else:
            run = (run[0], op.src_end, run[2], op.dest_end)
    return units, changed_src, changed_art


def reported_substitutions(ops):
    return [(i1, i2, j1, j2) for op, i1, i2, j1, j2 in ops if op == "substitution"]


def score_pair(src_words, art_words, fast=False):
    s = [w.norm for w in src_words]
    a = [w.norm for w in art_words]
    units, cs, ca = ground_truth(s, a)
    reported = reported_substitutions(align.word_ops(s, a, fast))
    covered = sum(1 for (i1, i2, j1, j2) in units
                  if any(r[0] <= i1 and i2 <= r[1] and r[2] <= j1 and j2 <= r[3] for r in reported))
    correct = 0
    for r0, r1, r2, r3 in reported:
        contains = any(r0 <= i1 and i2 <= r1 and r2 <= j1 and j2 <= r3 for (i1, i2, j1, j2) in units)
        words = (r1 - r0) + (r3 - r2)
        changed = sum(1 for i in range(r0, r1) if i in cs) + sum(1 for j in range(r2, r3) if j in ca)
        correct += contains and changed * 2 >= words
    gt_src = {i for (i1, i2, _, _) in units for i in range(i1, i2)}
    rep_src = {i for (r0, r1, _, _) in reported for i in range(r0, r1)}
    return {"units": len(units), "covered": covered, "reported": len(reported), "correct": correct,
            "gt_words": len(gt_src), "gt_words_found": len(gt_src & rep_src),
            "rep_words": len(rep_src), "rep_words_changed": len(rep_src & cs)}


def words_of(text: str):
    doc = Document.from_text(text)
    return doc, prose_words(doc)


def substitution_eval(spun, human, fast=False) -> None:
    tot: dict[str, int] = {}
    per_pair_recall = []
    replaced = 0
    for rec in spun:
        _, sw = words_of(human[rec["original_id"]])
        _, aw = words_of(rec["text"])
        r = score_pair(sw, aw, fast)
        for k, v in r.items():
            tot[k] = tot.get(k, 0) + v
        per_pair_recall.append(r["covered"] / r["units"] if r["units"] else 1.0)
        replaced += rec.get("replaced", 0)
    print(f"substitutions, {len(spun)} spun -> original pairs, "
          f"{'fast alignment (rapidfuzz Indel; the --related pass of cluster)' if fast else 'difflib alignment (--against)'}")
    print(f"  ground-truth substitutions: {tot['units']}; reported: {tot['reported']} "
          f"(the spinner's own count of replacements: {replaced})")
    print(f"  recall:    {tot['covered'] / tot['units']:.4f} ({tot['covered']}/{tot['units']} "
          f"covered); worst pair {min(per_pair_recall):.3f}")
    print(f"  precision: {tot['correct'] / tot['reported']:.4f} ({tot['correct']}/{tot['reported']} correct)")
    print(f"  word level: {tot['gt_words_found'] / tot['gt_words']:.4f} of changed source words inside "
          f"reported substitutions; {tot['rep_words_changed'] / tot['rep_words']:.4f} of the "
          f"source words in reported substitutions are changed")


def relation_features(pairs):
    """pairs: (label, article, source) -> list of (label, features, relation)."""
    out = []
    for label, art, src in pairs:
        c = align.compare(Document.from_text(art), Document.from_text(src))
        out.append((label, c.features, c.relation, c))
    return out


GRID_F = [x / 100 for x in range(20, 81, 4)] + [1.01]
GRID_I = [x / 100 for x in range(4, 61, 4)] + [1.01]
GRID_M = [x / 100 for x in range(2, 31, 2)] + [1.01]


def _predict(f, tf, ti, tm):
    return f["function_share"] >= tf or f["indel_share"] >= ti or f["moved_share"] >= tm


def fit_thresholds(rows):
    """The grid point with the best accuracy (ties: the first, i.e. the lowest thresholds)."""
    best = None
    for tf in GRID_F:
        for ti in GRID_I:
            for tm in GRID_M:
                acc = sum(_predict(f, tf, ti, tm) == (lab == "roundtrip") for lab, f in rows) / len(rows)
                if best is None or acc > best[0]:
                    best = (acc, tf, ti, tm)
    return best


def relation_eval(spun, rt, human, folds: int = 5) -> None:
    feats = relation_features([("spun", r["text"], human[r["original_id"]]) for r in spun] +
                              [("roundtrip", r["text"], human[r["original_id"]]) for r in rt])
    rows = [(lab, f) for lab, f, rel, _ in feats]
    rng = random.Random(15)
    order = list(range(len(rows)))
    rng.shuffle(order)
    correct = 0
    for k in range(folds):
        test = set(order[k::folds])
        train = [rows[i] for i in range(len(rows)) if i not in test]
        _, tf, ti, tm = fit_thresholds(train)
        correct += sum(_predict(rows[i][1], tf, ti, tm) == (rows[i][0] == "roundtrip") for i in test)
    acc_all, tf, ti, tm = fit_thresholds(rows)
    print(f"\nrelation, {len(spun)} spun and {len(rt)} round-trip pairs")
    print(f"  spun vs machine-translated, thresholds fitted inside {folds} folds: held-out "
          f"accuracy {correct / len(rows):.4f}")
    print(f"  thresholds fitted on all pairs: function_share >= {tf}, indel_share >= {ti}, "
          f"moved_share >= {tm} (training accuracy {acc_all:.4f}); shipped: "
          f"{align.TRANSLATION_FUNCTION_SHARE}, {align.TRANSLATION_INDEL_SHARE}, "
          f"{align.TRANSLATION_MOVED_SHARE}")
    for lab in ("spun", "roundtrip"):
        got: dict[str, int] = {}
        for l2, _, rel, _ in feats:
            if l2 == lab:
                got[rel] = got.get(rel, 0) + 1
        print(f"  {lab:9s} with the shipped constants: " +
              ", ".join(f"{k} {v}" for k, v in sorted(got.items())))
    for name in ("substitution_rate", "function_share", "indel_share", "moved_share", "zipf_drop"):
        for lab in ("spun", "roundtrip"):
            v = sorted(f[name] for l2, f, _, _ in feats if l2 == lab)
            print(f"  {name:17s} {lab:9s} p10 {v[len(v) // 10]:.3f} median {v[len(v) // 2]:.3f} "
                  f"p90 {v[9 * len(v) // 10]:.3f}")


def other_relations(spun, human_recs, human) -> None:
    # verbatim: the text itself with a boilerplate line before and after
    rel: dict[str, int] = {}
    for r in human_recs:
        art = "Home | News | Sport\n\n" + r["text"] + "\n\nShare this article\n"
        c = align.compare(Document.from_text(art), Document.from_text(r["text"]))
        rel[c.relation] = rel.get(c.relation, 0) + 1
    print(f"\nverbatim copies ({len(human_recs)} human texts against themselves, a menu line and a "
          f"share line added): " + ", ".join(f"{k} {v}" for k, v in sorted(rel.items())))
    # unrelated: each human text against the next one from another section
    rel = {}
    subs = 0
    sections = [r["id"].split("-")[1] for r in human_recs]
    for k, r in enumerate(human_recs):
        other = next(human_recs[(k + d) % len(human_recs)] for d in range(1, len(human_recs))
                     if sections[(k + d) % len(human_recs)] != sections[k])
        c = align.compare(Document.from_text(r["text"]), Document.from_text(other["text"]))
        rel[c.relation] = rel.get(c.relation, 0) + 1
        subs += c.substitutions
    print(f"unrelated pairs ({len(human_recs)}, different sections): " +
          ", ".join(f"{k} {v}" for k, v in sorted(rel.items())) + f"; substitutions reported: {subs}")
    # partial overlap
    rel = {}
    tot = {"units": 0, "covered": 0, "reported": 0, "correct": 0}
    ids = list(human)
    for k, r in enumerate(spun):
        extra_src = human[ids[(7 * k + 101) % len(ids)]]
        extra_art = human[ids[(11 * k + 203) % len(ids)]]
        src_text = human[r["original_id"]] + "\n\n" + extra_src
        art_text = extra_art + "\n\n" + r["text"]
        sdoc, sw = words_of(src_text)
        adoc, aw = words_of(art_text)
        c = align.compare(adoc, sdoc)
        rel[c.relation] = rel.get(c.relation, 0) + 1
        # substitutions scored on the shared part only: the ground truth is the full pair's
        _, ow = words_of(human[r["original_id"]])
        _, pw = words_of(r["text"])
        units, _, _ = ground_truth([w.norm for w in ow], [w.norm for w in pw])
        off_a = len(aw) - len(pw)
        reported = reported_substitutions(align.word_ops([w.norm for w in sw], [w.norm for w in aw]))
        tot["units"] += len(units)
        tot["covered"] += sum(1 for (i1, i2, j1, j2) in units if any(
            q[0] <= i1 and i2 <= q[1] and q[2] <= j1 + off_a and j2 + off_a <= q[3] for q in reported))
    print(f"partial overlap ({len(spun)} spun texts with another article prepended, against their "
          f"original with another appended): " + ", ".join(f"{k} {v}" for k, v in sorted(rel.items())) +
          f"; substitution recall {tot['covered'] / tot['units']:.4f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", help="folder with human.jsonl, spun.jsonl, roundtrip.jsonl")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N records of each file")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: subs,fast,relation,other")
    args = ap.parse_args(argv)
    try:
        human_recs = read(os.path.join(args.corpus, "human.jsonl"))
        spun = read(os.path.join(args.corpus, "spun.jsonl"))
        rt = read(os.path.join(args.corpus, "roundtrip.jsonl"))
    except OSError as exc:
        print(f"{args.corpus}: error: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if args.limit:
        human_recs, spun, rt = human_recs[:args.limit], spun[:args.limit], rt[:args.limit]
    human = {r["id"]: r["text"] for r in read(os.path.join(args.corpus, "human.jsonl"))}
    skip = set(args.skip.split(","))
    t0 = time.time()
    if "subs" not in skip:
        substitution_eval(spun, human)
    if "fast" not in skip:
        substitution_eval(spun, human, fast=True)
    if "relation" not in skip:
        relation_eval(spun, rt, human)
    if "other" not in skip:
        other_relations(spun, human_recs, human)
    print(f"\n({time.time() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
