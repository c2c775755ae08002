"""Speed and memory benchmark: prints each figure of the speed targets (README, "Speed and memory").

    python benchmarks/speed.py CORPUS.jsonl [--articles 200] [--repeat 3] [--long 10000]
                               [--words 400] [--skip cold,long,big,auto]

CORPUS.jsonl holds records with a "text" field (a development corpus file); each text is cut at
the last paragraph end before ``--words`` words (longer articles) so the batch is of ~400-word
articles; without a corpus the seed articles are used. CPU times (user + system, this process and
its children) are the figures to compare on a shared machine; wall-clock times and rates are
printed beside them and depend on how busy the machine is. Nothing here is a test.

Figures, in order:
  batch       articles/s at --jobs 2 and --jobs 1 (wall), and CPU ms per article (median of
              --repeat runs), and on how many articles the two-stage check skipped the grammar
              rule
  per rule    median CPU ms per article for the document model and each rule family, single
              process, and how many articles the grammar checker ran on
  cold start  ``python -m mtcheck --exit-zero ARTICLE`` for one clean and one spun seed, and the
              clean one with ``--full-check``: median of 5 (wall and CPU), the package
              byte-compiled first (as an installed one is)
  long batch  peak RSS of one process checking --long articles (records repeated), sampled
              every tenth of the run (flat = no growth)
  1 MB        one article of about 1 MB made of corpus paragraphs: time and peak RSS
  auto        --jobs 0 (auto) against --jobs 1 on small batches of JSON Lines records (wall
              and CPU, median of --repeat)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def cut(text: str, words: int) -> str:
    """The text up to the last paragraph end before ``words`` words (at least one paragraph)."""
    out, n = [], 0
    for para in text.split("\n\n"):
        if out and n + len(para.split()) > words * 1.1:
            break
        out.append(para)
        n += len(para.split())
        if n >= words:
            break
    return "\n\n".join(out)


def load_texts(path: Path | None, n: int, words: int) -> list[str]:
    if path:
        with open(path, encoding="utf-8") as fh:
            texts = [cut(json.loads(line)["text"], words) for line in fh if line.strip()]
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return [texts[i % len(texts)] for i in range(n)]


def cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


# -- subprocess probes (each a fresh process, so its peak memory is its own) -----------------

def probe(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, "--probe", *args], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def run_probe(kind: str, arg: str, extra: list[str]) -> None:
    from mtcheck.run.engine import EngineSpec
    from mtcheck.run.evaluation import check_record
    from mtcheck.run.pool import run_batch

    t0, c0 = time.perf_counter(), cpu_self()
    if kind == "batch":  # batch JOBS FILE: check the records of FILE
        texts = json.loads(Path(extra[0]).read_text())
        records = [{"id": str(i), "text": t} for i, t in enumerate(texts)]
        reports = list(run_batch(records, check_record, EngineSpec(), jobs=int(arg)))
        wall = time.perf_counter() - t0
        cpu = cpu_self() + cpu_children() - c0
        print(json.dumps({"wall": wall, "cpu": cpu, "n": len(reports),
                          "verdicts": [r.verdict for r in reports],
                          "skipped": sum(bool(r.skipped_rules) for r in reports)}))
    elif kind == "long":  # long N FILE: one process, N records (repeated), RSS samples
        texts = json.loads(Path(extra[0]).read_text())
        n = int(arg)
        step = max(1, n // 10)
        samples = []

        def records():
            for i in range(n):
                yield {"id": str(i), "text": texts[i % len(texts)]}

        for i, _ in enumerate(run_batch(records(), check_record, EngineSpec(), jobs=1), 1):
            if i % step == 0:
                samples.append((i, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
        print(json.dumps({"wall": time.perf_counter() - t0, "cpu": cpu_self() - c0,
                          "samples": samples}))
    elif kind == "big":  # big FILE: one article
        from mtcheck.input.setaside import prose_document
        from mtcheck.run.engine import engine_for

        text = Path(arg).read_text(encoding="utf-8")
        engine = engine_for(EngineSpec())
        t1, c1 = time.perf_counter(), cpu_self()
        report = engine.check(prose_document(text))
        print(json.dumps({"wall": time.perf_counter() - t1, "cpu": cpu_self() - c1,
                          "start_cpu": c1 - c0, "verdict": report.verdict, "words": report.words,
                          "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


# -- the figures --------------------------------------------------------------------------

def batch_figures(texts: list[str], repeat: int, tmp: Path) -> None:
    path = tmp / "batch.json"
    path.write_text(json.dumps(texts))
    for jobs in (2, 1):
        runs = [probe(["batch", str(jobs), str(path)]) for _ in range(repeat)]
        rate = statistics.median(len(texts) / r["wall"] for r in runs)
        cpu = statistics.median(1000 * r["cpu"] / len(texts) for r in runs)
        print(f"batch --jobs {jobs}: {rate:.1f} articles/s wall, {cpu:.1f} ms CPU per article "
              f"(median of {repeat}, start-up included; runs: "
              + ", ".join(f"{len(texts) / r['wall']:.1f}/s" for r in runs)
              + f"); grammar check skipped (two-stage) on {runs[0].get('skipped', 0)} articles")


def rule_figures(texts: list[str]) -> None:
    from mtcheck.input.setaside import prose_document
    from mtcheck.run.engine import Engine

    engine = Engine()
    for rule in engine.rules:  # load the data first
        rule.run(prose_document(texts[0]))
    times: dict[str, list[float]] = {"document": []}
    total = []
    for text in texts:
        t0 = time.thread_time()
        doc = prose_document(text)
        _ = doc.tokens, doc.sentences, doc.words, doc.paragraphs
        times["document"].append(time.thread_time() - t0)
        for rule in engine.rules:
            t0 = time.thread_time()
            rule.run(doc)
            times.setdefault(rule.name, []).append(time.thread_time() - t0)
    for text in texts:
        t0 = time.thread_time()
        engine.check(prose_document(text))
        total.append(time.thread_time() - t0)
    print(f"per article, one process, CPU ms (median / mean over {len(texts)} articles, each "
          f"seen for the first time):")
    for name, v in times.items():
        print(f"  {name:<24} {1000 * statistics.median(v):7.2f} {1000 * statistics.mean(v):7.2f}")
    print(f"  {'whole check, seen before':<24} {1000 * statistics.median(total):7.2f} "
          f"{1000 * statistics.mean(total):7.2f}   (the same articles again: harper's and the "
          f"spelling caches warm)")


def compile_package() -> None:
    """Byte-compile mtcheck's modules first, as ``pip install`` does and as any run does unless
    PYTHONDONTWRITEBYTECODE is set (it is on some machines, this one included): otherwise every
    timed start compiles ~70 modules from source again (~0.2 s) where a user's would not."""
    import compileall

    import mtcheck
    import mtcheck.rules

    for folder in {*mtcheck.__path__, *mtcheck.rules.__path__}:
        compileall.compile_dir(folder, quiet=1)


def cold_figures(repeat: int = 5) -> None:
    compile_package()
    for prefix, what, extra in (("001", "clean", []), ("004", "spun", []),
                                ("001", "clean", ["--full-check"])):
        seed = next(SEEDS.glob(f"{prefix}_*.txt"))
        walls, cpus = [], []
        for _ in range(repeat):
            c0, t0 = cpu_children(), time.perf_counter()
            subprocess.run([sys.executable, "-m", "mtcheck", "--exit-zero", *extra, str(seed)],
                           stdout=subprocess.DEVNULL, check=True)
            walls.append(time.perf_counter() - t0)
            cpus.append(cpu_children() - c0)
        print(f"cold start, one {what} article (python -m mtcheck {' '.join(extra + [''])}"
              f"seeds/{seed.name}): median of {repeat}: {statistics.median(walls):.2f} s wall, "
              f"{statistics.median(cpus):.2f} s CPU")


def long_figures(texts: list[str], n: int, tmp: Path) -> None:
    path = tmp / "long.json"
    path.write_text(json.dumps(texts))
    r = probe(["long", str(n), str(path)])
    print(f"long batch, one process, {n} articles ({len(texts)} distinct, repeated): "
          f"{1000 * r['cpu'] / n:.1f} ms CPU per article; peak RSS (MB) after "
          + ", ".join(f"{i}: {mb:.0f}" for i, mb in r["samples"]))


def big_figures(corpus: Path | None, tmp: Path, size: int = 1_000_000) -> None:
    if corpus:
        with open(corpus, encoding="utf-8") as fh:
            paras = [p for line in fh if line.strip() for p in json.loads(line)["text"].split("\n\n")]
    else:
        paras = [p for s in sorted(SEEDS.glob("*.txt")) for p in s.read_text().split("\n\n")]
    parts, total, i = [], 0, 0
    while total < size:
        parts.append(paras[i % len(paras)])
        total += len(parts[-1].encode()) + 2
        i += 1
    path = tmp / "big.txt"
    path.write_text("\n\n".join(parts), encoding="utf-8")
    for label, p in (("1 MB", path),):
        r = probe(["big", str(p)])
        print(f"{label} article ({path.stat().st_size / 1e6:.2f} MB, {r['words']} words, "
              f"{r['verdict']}): {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU (after a "
              f"{r['start_cpu']:.2f} s start), peak RSS {r['rss']:.0f} MB")


def auto_figures(texts: list[str], repeat: int, tmp: Path) -> None:
    for n in (3, 9, 20, 40):
        path = tmp / f"auto{n}.jsonl"
        path.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n"
                                for i, t in enumerate(texts[:n])))
        res = {}
        for jobs in ("0", "1"):
            walls, cpus = [], []
            for _ in range(repeat):
                c0, t0 = cpu_children(), time.perf_counter()
                subprocess.run([sys.executable, "-m", "mtcheck", "--jsonl", str(path), "--jobs",
                                jobs, "--exit-zero"], stdout=subprocess.DEVNULL, check=True)
                walls.append(time.perf_counter() - t0)
                cpus.append(cpu_children() - c0)
            res[jobs] = (statistics.median(walls), statistics.median(cpus))
        print(f"{n:>3} records: --jobs auto {res['0'][0]:.2f} s wall / {res['0'][1]:.2f} s CPU; "
              f"--jobs 1 {res['1'][0]:.2f} s wall / {res['1'][1]:.2f} s CPU (median of {repeat})")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--words", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--long", type=int, default=10_000)
    ap.add_argument("--skip", default="", help="comma-separated: batch,rules,cold,long,big,auto")
    ap.add_argument("--probe", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.probe:
        run_probe(args.probe[0], args.probe[1], args.probe[2:])
        return
    skip = set(args.skip.split(","))
    texts = load_texts(args.corpus, args.articles, args.words)
    words = statistics.median(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, median {words:.0f} words; {os.cpu_count()} cores; load average "
          f"{os.getloadavg()[0]:.1f}; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if "batch" not in skip:
            batch_figures(texts, args.repeat, tmp)
        if "rules" not in skip:
            rule_figures(texts)
        if "cold" not in skip:
            cold_figures()
        if "long" not in skip:
            long_figures(texts, args.long, tmp)
        if "big" not in skip:
            big_figures(args.corpus, tmp)
        if "auto" not in skip:
            auto_figures(texts, args.repeat, tmp)


if __name__ == "__main__":
    main()
