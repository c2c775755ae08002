"""Speed and memory benchmark: batch throughput, cold start, peak memory, where the time goes.

    python benchmarks/speed.py [CORPUS.jsonl] [--articles 400] [--jobs 2] [--repeat 3]

CORPUS.jsonl holds records with a "text" field (e.g. a development corpus file); without it the
seed articles are repeated. Prints medians. Nothing here is a test: numbers vary with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPUN_SEED = next((ROOT / "seeds").glob("004_*.txt"))


def load_texts(path: Path | None, n: int) -> list[str]:
    if path:
        with open(path, encoding="utf-8") as fh:
            texts = [json.loads(line)["text"] for line in fh if line.strip()]
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return [texts[i % len(texts)] for i in range(n)]


def batch_rate(texts: list[str], jobs: int) -> float:
    from mtcheck.run.engine import EngineSpec, run_batch
    from mtcheck.run.evaluation import check_record

    records = [{"id": str(i), "text": t} for i, t in enumerate(texts)]
    t0 = time.perf_counter()
    list(run_batch(records, check_record, EngineSpec(), jobs=jobs))
    return len(texts) / (time.perf_counter() - t0)


def cold_start(repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mtcheck", "--exit-zero", str(SPUN_SEED)],
                       stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t0)
    return times


def peak_memory_mb(corpus: Path | None, n: int) -> float:
    """Peak resident memory of one worker: a fresh process checking n articles."""
    cmd = [sys.executable, __file__, "--articles", str(n), "--worker-only"]
    subprocess.run(cmd + ([str(corpus)] if corpus else []), check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def rule_times(texts: list[str]) -> dict[str, float]:
    """Median milliseconds per article: document model and each rule family (warm)."""
    from mtcheck.input.setaside import prose_document
    from mtcheck.run.engine import Engine

    engine = Engine()
    for rule in engine.rules:  # warm up: load data
        rule.run(prose_document(texts[0]))
    times: dict[str, list[float]] = {"document": []}
    for text in texts:
        t0 = time.perf_counter()
        doc = prose_document(text)
        _ = doc.tokens, doc.sentences
        times["document"].append(time.perf_counter() - t0)
        for rule in engine.rules:
            t0 = time.perf_counter()
            rule.run(doc)
            times.setdefault(rule.name, []).append(time.perf_counter() - t0)
    return {k: 1000 * statistics.median(v) for k, v in times.items()}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path)
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--worker-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    texts = load_texts(args.corpus, args.articles)
    if args.worker_only:
        batch_rate(texts, 1)
        return
    words = statistics.median(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, median {words:.0f} words, {os.cpu_count()} cores")
    for jobs in sorted({1, args.jobs}):
        rates = [batch_rate(texts, jobs) for _ in range(args.repeat)]
        print(f"batch --jobs {jobs}: {statistics.median(rates):.1f} articles/s "
              f"(median of {args.repeat}; per run {', '.join(f'{r:.1f}' for r in rates)})")
    cold = cold_start(max(args.repeat, 5))
    print(f"cold start, one article (python -m mtcheck seeds/004): median {statistics.median(cold):.2f} s")
    print(f"peak memory of one worker over {min(args.articles, 200)} articles: "
          f"{peak_memory_mb(args.corpus, min(args.articles, 200)):.0f} MB")
    print("median ms per article (single process, warm):")
    for name, ms in rule_times(texts[: min(len(texts), 200)]).items():
        print(f"  {name:<24} {ms:7.2f}")


if __name__ == "__main__":
    main()
