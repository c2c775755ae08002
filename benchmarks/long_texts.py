"""Failing and suspicious verdicts on long human texts: human articles of one genre put one after
another into documents of 5,000-20,000 words, judged in windows (the default) or whole
(``--whole``, as before windowing). A failing threshold applied per window gives a long text
many chances to fail: this measures how often it does.

Usage: python benchmarks/long_texts.py [.benchmark/human.jsonl] [--whole] [--passes 2]
       python benchmarks/long_texts.py --inserted .benchmark/spun-moby.jsonl [--limit 40]
Only the benchmark's ``dev`` split is read (the ``gate`` split is never used to choose anything).
Each pass shuffles every genre's articles (seeded) and cuts them into documents of a random
length between --min-words and --max-words; a second pass gives other documents of the same
articles. Prints, per genre: documents, words, documents failing / suspicious, and for windowed
runs the windows and the windows failing / suspicious.

With ``--inserted``: each of --limit spun or machine-translated articles of that file (dev split,
seeded sample) is put between --pad-words words of human articles of its genre before and after
it (not its own original), and judged alone and inside that text: how often the padding hides
it. Prints, per generator: articles failing alone, failing inside the long text, and failing
with the verdict's window on the inserted article.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import Counter, defaultdict

from mtcheck.run import windows
from mtcheck.run.engine import EngineSpec
from mtcheck.run.evaluation import check_record
from mtcheck.run.pool import run_batch
from mtcheck.scoring.verdict import fails

WORD = re.compile(r"[^\W\d_]+")


def documents(path: str, passes: int, low: int, high: int, seed: int) -> list[dict]:
    by_genre = human_pool(path)
    rng = random.Random(seed)
    docs = []
    for p in range(passes):
        for genre in sorted(by_genre):
            texts = [h["text"] for h in by_genre[genre]]
            rng.shuffle(texts)
            parts, words, target = [], 0, rng.randint(low, high)
            for text in texts:
                parts.append(text)
                words += len(WORD.findall(text))
                if words >= target:
                    docs.append({"id": f"{genre}-{p}-{len(docs)}", "genre": genre,
                                 "text": "\n\n".join(parts)})
                    parts, words, target = [], 0, rng.randint(low, high)
            if words >= low:  # the rest, when long enough to be one of these documents
                docs.append({"id": f"{genre}-{p}-{len(docs)}", "genre": genre,
                             "text": "\n\n".join(parts)})
    return docs


def human_pool(path: str) -> dict[str, list[dict]]:
    by_genre: dict[str, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("label") == "human" and rec.get("split") == "dev":
                by_genre[rec["genre"]].append(rec)
    return by_genre


def padded(corpus: str, inserted: str, limit: int, pad: int, seed: int) -> list[dict]:
    """Inserted articles between human text of their genre: records with the inserted span."""
    pool = human_pool(corpus)
    with open(inserted, encoding="utf-8") as fh:
        recs = [r for r in map(json.loads, fh) if r.get("split") == "dev" and r["label"] != "human"]
    rng = random.Random(seed)
    recs = rng.sample(recs, min(limit, len(recs)))
    docs = []
    for rec in recs:
        # WMT machine translations beside human translations (their references' genre)
        genre = "human-translation" if rec["genre"] == "machine-translation" else rec["genre"]
        humans = [h["text"] for h in pool[genre] if h["id"] != rec["original_id"]]
        rng.shuffle(humans)
        before, after, words = [], [], 0
        for text in humans:
            side = before if words < pad else after
            side.append(text)
            words += len(WORD.findall(text))
            if words >= 2 * pad:
                break
        head = "\n\n".join(before) + "\n\n"
        docs.append({"id": rec["id"], "generator": rec["generator"], "alone": rec["text"],
                     "text": head + rec["text"] + "\n\n" + "\n\n".join(after),
                     "span": (len(head), len(head) + len(rec["text"]))})
    return docs


def inserted_figures(args) -> None:
    docs = padded(args.corpus, args.inserted, args.limit, args.pad_words, args.seed)
    alone = run_batch([{"id": d["id"], "text": d["alone"]} for d in docs], check_record,
                      EngineSpec(), jobs=args.jobs)
    inside = run_batch(docs, check_record, EngineSpec(), jobs=args.jobs)
    rows: dict[str, Counter] = defaultdict(Counter)
    for doc, one, long in zip(docs, alone, inside):
        row = rows[doc["generator"].split("-")[0]]
        row["n"] += 1
        row["words"] += long.words
        row["alone fails"] += fails(one.verdict)
        row["inside fails"] += fails(long.verdict)
        w = long.window
        on_it = bool(w) and w["start"] < doc["span"][1] and w["end"] > doc["span"][0]
        row["inside fails, its window"] += fails(long.verdict) and on_it
        if args.dump:
            print(json.dumps({"id": doc["id"], "alone": [one.verdict, one.spun,
                                                       one.machine_translated],
                              "inside": [long.verdict, long.spun, long.machine_translated],
                              "on_it": on_it}), file=args.dump)
        if fails(one.verdict) and not fails(long.verdict):
            print(f"  {doc['id']}: alone {one.verdict} ({one.reasons[:1]}), inside "
                  f"{long.verdict} ({long.reasons[:2]})")
    for gen, row in sorted(rows.items()):
        print(f"{gen}: {row['n']} articles in texts of {row['words'] // max(row['n'], 1)} words "
              f"on average; fail alone {row['alone fails']}, inside {row['inside fails']} (on "
              f"the inserted article's window: {row['inside fails, its window']})")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=".benchmark/human.jsonl")
    ap.add_argument("--whole", action="store_true", help="judge each document whole (no windows)")
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--min-words", type=int, default=5000)
    ap.add_argument("--max-words", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--inserted", help="spun or machine-translated articles to hide in human text")
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument("--pad-words", type=int, default=2000)
    ap.add_argument("--window-strictness", type=float,
                    help="a window's thresholds' distance to 1 divided by this (default: mtcheck's)")
    ap.add_argument("--dump", type=argparse.FileType("a"),
                    help="append each document's verdict and probabilities (JSON Lines)")
    ap.add_argument("--window-words", type=int, help="words per window (default: mtcheck's)")
    args = ap.parse_args(argv)
    if args.window_words:
        windows.WINDOW_WORDS = args.window_words
    if args.window_strictness is not None:
        windows.WINDOW_STRICTNESS = args.window_strictness
    if args.whole:
        windows.WINDOWED_ABOVE_WORDS = 10 ** 12
    if args.inserted:
        inserted_figures(args)
        return
    docs = documents(args.corpus, args.passes, args.min_words, args.max_words, args.seed)
    started = time.process_time()
    rows: dict[str, Counter] = defaultdict(Counter)
    for doc, report in zip(docs, run_batch(docs, check_record, EngineSpec(), jobs=args.jobs)):
        row = rows[doc["genre"]]
        row["documents"] += 1
        row["words"] += report.words
        row["fail"] += fails(report.verdict)
        row["suspicious"] += report.verdict == "suspicious"
        if report.window:
            counts = report.window["verdicts"]
            row["windows"] += report.window["of"]
            row["windows fail"] += sum(n for v, n in counts.items() if fails(v))
            row["windows suspicious"] += counts.get("suspicious", 0)
        if args.dump:
            print(json.dumps({"id": doc["id"], "verdict": report.verdict, "spun": report.spun,
                              "machine_translated": report.machine_translated,
                              "windows": (report.window or {}).get("of")}), file=args.dump)
        if report.verdict != "clean":
            print(f"  {doc['id']}: {report.verdict} (spun {report.spun:.2f}, machine-translated "
                  f"{report.machine_translated:.2f}), {report.words} words; {report.reasons[:2]}")
    total = Counter()
    print(f"{'genre':<18} {'docs':>5} {'words':>8}  {'fail':>4} {'susp':>4}  {'windows':>7} "
          f"{'w-fail':>6} {'w-susp':>6}")
    for genre, row in sorted(rows.items()) + [("all", total)]:
        if genre != "all":
            total.update(row)
        print(f"{genre:<18} {row['documents']:>5} {row['words']:>8}  {row['fail']:>4} "
              f"{row['suspicious']:>4}  {row['windows']:>7} {row['windows fail']:>6} "
              f"{row['windows suspicious']:>6}")
    print(f"{'whole' if args.whole else 'windows'}; {args.passes} passes; CPU "
          f"{time.process_time() - started:.0f} s (this process)")


if __name__ == "__main__":
    main()
