"""Measure the round-trip check (MT801, ``--roundtrip-check``) on the benchmark's dev split.

    python benchmarks/roundtrip_eval.py [--benchmark .benchmark] [--pivots spa,cat] [--per-class 150]

Round-trips a sample of the dev split's articles through Apertium (English -> pivot -> English,
exactly as the rule does: its prose sentences one per paragraph) and prints, per measure
(article similarity, share of unchanged sentences, BLEU), the ROC-AUC of telling:

(a) Apertium round trips (``mt-apertium-*``, per generator) from human texts of the same genres:
    when the checking pivot is the generator's own, the engine checks its own output;
(b) WMT neural MT (``mt-wmt``, per system and pooled) from human reference translations
    (``human-translation``) and from native news (``news-native``): a different engine checks;
(c) spun texts (per spinner) from human texts of the same genres.

Then the rule's default threshold (article similarity ``min_similarity``) and, chosen inside
5 cross-validation folds, the threshold at which no human genre has more than 1 % of its
articles reach it: the share of each class reaching it (recall, human failure rates), and the
CPU cost per article. The gate split is never read. Engine outputs are cached in
``.cache/roundtrip/`` (git-ignored), so a second run only measures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEASURES = ("similarity", "unchanged_share", "bleu")
MIN_WORDS = 50
SEP = "Xqzsep {:04d} qzsep"
SEP_RE = re.compile(r"\n*Xqzsep (\d{4}) qzsep\n*")
TIMED = 40  # articles round-tripped one by one, as the rule does, to measure the cost  # shorter texts are left out (the benchmark's articles are longer anyway)


def load(bench: Path, per_class: int, seed: int) -> list[dict]:
    """The dev records, sampled: ``per_class`` per Apertium generator, WMT system pool and
    spinner; every human-translation and news-native text; ``per_class // 2`` per other human
    genre. Deterministic."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for path in sorted(bench.glob("*.jsonl")):
        if path.name == "dev-generated.jsonl":
            continue
        for line in path.open(encoding="utf-8"):
            r = json.loads(line)
            if r.get("split") != "dev":  # never the gate split
                continue
            if r["label"] == "human":
                key = ("human", r["genre"])
            elif r["generator"].startswith("wmt"):
                key = ("wmt", "all")
            else:
                key = (r["label"], r["generator"])
            groups[key].append(r)
    out = []
    for key, recs in sorted(groups.items()):
        recs.sort(key=lambda r: r["id"])
        if key[0] == "human":
            n = len(recs) if key[1] in ("human-translation", "news-native") else per_class // 2
        else:
            n = per_class * (2 if key[0] == "wmt" else 1)
        # a stable order (a smaller sample is a prefix of a larger one, so the cache carries over)
        recs.sort(key=lambda r: hashlib.sha256(f"{seed}:{r['id']}".encode()).hexdigest())
        out.extend(recs[:n])
    return out


class CachedApertium:
    """The rule's Apertium engine with its outputs cached on disk (and its CPU time counted)."""

    def __init__(self, pivot: str, cache: Path) -> None:
        from mtcheck.rules import roundtrip as rt

        self.engine = rt.Apertium(pivot, timeout=600)
        self.engine.check()
        self.cache = cache / pivot
        self.cpu: list[tuple[float, int]] = []  # (CPU seconds of the engine, words) per new trip

    def _path(self, sentences: list[str]) -> Path:
        text = "\n\n".join(sentences)
        key = hashlib.sha256(f"apertium-{self.engine.pivot}\0{text}".encode()).hexdigest()
        return self.cache / key[:2] / f"{key}.txt"

    def cached(self, sentences: list[str]) -> str | None:
        path = self._path(sentences)
        return path.read_text(encoding="utf-8") if path.exists() else None

    def _store(self, sentences: list[str], out: str) -> None:
        path = self._path(sentences)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(out, encoding="utf-8")
        tmp.replace(path)

    def trip(self, sentences: list[str], n_words: int) -> str:
        """One article, as the rule runs it (timed)."""
        from mtcheck.rules import roundtrip as rt

        out = self.cached(sentences)
        if out is None:
            before = os.times()
            out = rt.round_trip(self.engine, sentences)
            after = os.times()
            self.cpu.append((after.children_user - before.children_user
                             + after.children_system - before.children_system, n_words))
            self._store(sentences, out)
        return out

    def trip_batch(self, articles: list[list[str]]) -> None:
        """Several articles in one Apertium run (its start-up dominates), separated by numbered
        paragraphs it passes through unchanged; each is cached as if run alone. Falls back to
        one run per article when the separators do not come back intact."""
        from mtcheck.rules import roundtrip as rt

        sentences = []
        for i, art in enumerate(articles):
            sentences += ([SEP.format(i)] if i else []) + art
        parts = SEP_RE.split(rt.round_trip(self.engine, sentences))
        if len(parts) == 2 * len(articles) - 1 and \
                [int(x) for x in parts[1::2]] == list(range(1, len(articles))):
            for art, out in zip(articles, parts[0::2]):
                self._store(art, out.strip("\n") + "\n")
        else:
            for art in articles:
                self.trip(art, 0)


def measure_all(records: list[dict], engine: CachedApertium, jobs: int) -> tuple[list[dict], list[float]]:
    from mtcheck.input.setaside import prose_document
    from mtcheck.rules import roundtrip as rt

    prepared = []
    for r in records:
        doc = prose_document(r["text"])
        spans = [s for s in doc.sentences[:rt.MAX_SENTENCES]
                 if rt.WORD_RE.search(doc.text, s.start, s.end)]
        if doc.word_count < MIN_WORDS:
            continue
        sentences = [" ".join(doc.text[s.start:s.end].split()) for s in spans]
        prepared.append((r, sentences, doc.word_count))

    todo = [p for p in prepared if engine.cached(p[1]) is None]
    timed, rest = todo[:TIMED], todo[TIMED:]
    batches, cur, n = [], [], 0
    for p in rest:
        if cur and n + p[2] > 4000:
            batches.append(cur)
            cur, n = [], 0
        cur.append(p[1])
        n += p[2]
    if cur:
        batches.append(cur)
    with ThreadPoolExecutor(max_workers=jobs) as ex:
        list(ex.map(lambda p: engine.trip(p[1], p[2]), timed))
        list(ex.map(engine.trip_batch, batches))
    trips = [engine.trip(p[1], p[2]) for p in prepared]
    rows, python_cpu = [], []
    for (r, sentences, n), trip in zip(prepared, trips):
        t = time.process_time()
        originals = [rt.words(s) for s in sentences]
        m = rt.measure(originals, rt.align_sentences(originals, trip))
        python_cpu.append(time.process_time() - t)
        rows.append({"label": r["label"], "genre": r["genre"], "generator": r["generator"],
                     "words": n, "similarity": m.similarity, "unchanged_share": m.unchanged_share,
                     "bleu": m.bleu})
    return rows, python_cpu


def _fmt(x: float) -> str:
    return "  -  " if x != x else f"{x:.3f}"


def comparisons(rows: list[dict]) -> list[tuple[str, list[dict], list[dict]]]:
    human = [r for r in rows if r["label"] == "human"]
    by_genre = defaultdict(list)
    for r in human:
        by_genre[r["genre"]].append(r)
    out = []
    mt_gens = sorted({r["generator"] for r in rows if r["generator"].startswith("apertium")})
    for gen in mt_gens:
        pos = [r for r in rows if r["generator"] == gen]
        genres = {r["genre"] for r in pos}
        out.append((f"(a) {gen} vs human (same genres)", pos,
                    [r for r in human if r["genre"] in genres]))
    allap = [r for r in rows if r["generator"].startswith("apertium")]
    for g in sorted(by_genre):
        pos = [r for r in allap if r["genre"] == g]
        if pos:
            out.append((f"(a) apertium-* vs human, genre {g}", pos, by_genre[g]))
    wmt = [r for r in rows if r["generator"].startswith("wmt")]
    for ref in ("human-translation", "news-native"):
        out.append((f"(b) wmt (all) vs {ref}", wmt, by_genre[ref]))
    for sys_ in sorted({r["generator"] for r in wmt}):
        out.append((f"(b) {sys_} vs human-translation",
                    [r for r in wmt if r["generator"] == sys_], by_genre["human-translation"]))
    for gen in sorted({r["generator"] for r in rows if r["label"] == "spun"}):
        pos = [r for r in rows if r["generator"] == gen]
        genres = {r["genre"] for r in pos}
        out.append((f"(c) spun {gen} vs human (same genres)", pos,
                    [r for r in human if r["genre"] in genres]))
    return out


def genre_threshold(human: list[dict], limit: float = 0.01) -> float:
    """The lowest article similarity that no more than ``limit`` of any human genre reaches."""
    by_genre = defaultdict(list)
    for r in human:
        by_genre[r["genre"]].append(r["similarity"])
    t = 0.0
    for sims in by_genre.values():
        sims.sort(reverse=True)
        allowed = int(limit * len(sims))  # this many may reach it
        t = max(t, sims[allowed] + 1e-9 if allowed < len(sims) else 0.0)
    return t


def cv_threshold_rates(rows: list[dict], folds: int = 5, seed: int = 0) -> tuple[dict, list[float]]:
    """Per class (human genre / generator), the share of articles reaching the threshold chosen
    on the other folds' human texts."""
    rng = random.Random(seed)
    idx = list(range(len(rows)))
    rng.shuffle(idx)
    fold_of = {i: k % folds for k, i in enumerate(idx)}
    hits: dict[str, list[int]] = defaultdict(list)
    thresholds = []
    for f in range(folds):
        train = [rows[i] for i in idx if fold_of[i] != f and rows[i]["label"] == "human"]
        t = genre_threshold(train)
        thresholds.append(t)
        for i in idx:
            if fold_of[i] == f:
                r = rows[i]
                key = f"human {r['genre']}" if r["label"] == "human" else r["generator"]
                hits[key].append(r["similarity"] >= t)
    return {k: sum(v) / len(v) for k, v in hits.items()}, thresholds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmark", type=Path, default=ROOT / ".benchmark")
    parser.add_argument("--pivots", default="spa", help="Apertium pivots to check with (comma-separated)")
    parser.add_argument("--per-class", type=int, default=150)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "roundtrip")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)

    from mtcheck.rules import roundtrip as rt
    from mtcheck.scoring.metrics import roc_auc

    if not (args.benchmark / "human.jsonl").exists():
        print(f"{args.benchmark}: error: no benchmark here (human.jsonl missing)", file=sys.stderr)
        return 2
    records = load(args.benchmark, args.per_class, args.seed)
    default_t = rt.RoundTripSettings().min_similarity
    for pivot in args.pivots.split(","):
        engine = CachedApertium(pivot, args.cache)
        rows, python_cpu = measure_all(records, engine, args.jobs)
        print(f"\nChecking engine: Apertium via {pivot} ({len(rows)} dev articles of "
              f"{MIN_WORDS}+ words)\n")
        print(f"| comparison | n pos | n neg | {' | '.join(MEASURES)} |")
        print("|---|---|---|" + "---|" * len(MEASURES))
        for name, pos, neg in comparisons(rows):
            aucs = [roc_auc([r[m] for r in pos], [r[m] for r in neg]) for m in MEASURES]
            print(f"| {name} | {len(pos)} | {len(neg)} | {' | '.join(_fmt(a) for a in aucs)} |")
        print(f"\nArticle similarity (median) and share reaching the threshold: the rule's default "
              f"{default_t:.2f}, and chosen in 5 CV folds (human genres <= 1 %):")
        rates, ts = cv_threshold_rates(rows)
        print(f"(CV thresholds: {', '.join(f'{t:.3f}' for t in ts)})\n")
        print("| class | n | median similarity | >= default | >= CV threshold |")
        print("|---|---|---|---|---|")
        classes = defaultdict(list)
        for r in rows:
            classes[f"human {r['genre']}" if r["label"] == "human" else r["generator"]].append(r)
        for k in sorted(classes, key=lambda k: (not k.startswith("human"), k)):
            sims = [r["similarity"] for r in classes[k]]
            print(f"| {k} | {len(sims)} | {statistics.median(sims):.3f} | "
                  f"{sum(s >= default_t for s in sims) / len(sims):.1%} | {rates[k]:.1%} |")
        if engine.cpu:
            per_art = [c for c, _ in engine.cpu]
            words = [n for _, n in engine.cpu]
            print(f"\nCost: Apertium {1000 * statistics.mean(per_art):.0f} ms CPU per article "
                  f"(mean over {len(per_art)} uncached, mean {statistics.mean(words):.0f} words; "
                  f"{1000 * sum(per_art) / sum(words) * 100:.0f} ms per 100 words); measuring "
                  f"{1000 * statistics.mean(python_cpu):.1f} ms per article")
        else:
            print(f"\nCost: all round trips cached (delete {args.cache} to time Apertium); "
                  f"measuring {1000 * statistics.mean(python_cpu):.1f} ms CPU per article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
