"""Time and peak memory of `mtcheck` on one huge article, for the "Limits and bad input" numbers.

    python benchmarks/huge_inputs.py [CORPUS.jsonl ...] [--sizes 1,5] [--line-sizes 10]

Builds, from the "text" fields of the given JSON Lines corpora (e.g. the development corpus; the
seed articles when none is given), one article of each size in MB with its paragraphs kept
(``--sizes``) and one of each size as a single line (``--line-sizes``: whitespace collapsed to
single spaces, no paragraph or sentence break but full stops), then runs the command on each in a
fresh process with no time budget (``--timeout 0``) and prints wall time and peak memory. The
texts are cycled when the corpus is smaller than the size asked for. Not a test: numbers vary
with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus_texts(paths: list[str]) -> list[str]:
    if not paths:
        return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for line in fh if line.strip())
    return texts


def build(texts: list[str], size: int, one_line: bool) -> str:
    sep = " " if one_line else "\n\n"
    parts, total, i = [], 0, 0
    while total < size:
        text = " ".join(texts[i % len(texts)].split()) if one_line else texts[i % len(texts)]
        parts.append(text)
        total += len(text.encode("utf-8")) + len(sep)
        i += 1
    data = sep.join(parts).encode("utf-8")[:size]
    return data.decode("utf-8", errors="ignore")


def run(path: str) -> tuple[float, float, str]:
    """Wall seconds, peak resident MB of the child, and the verdict line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mtcheck", "--timeout", "0", "--isolated",
                           "--format", "json", path], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        return wall, peak / 1024, f"exit {proc.returncode}: {proc.stderr.strip()[:200]}"
    (report,) = json.loads(proc.stdout)["files"]
    note = f"{report['verdict']}, {report['words']} words, {len(report['findings'])} findings"
    # ru_maxrss of the children is the largest so far: only meaningful when it grew.
    return wall, max(peak, before) / 1024, note


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="*", help="JSON Lines files with a 'text' field")
    ap.add_argument("--sizes", default="1,5", help="article sizes in MB (paragraphs kept)")
    ap.add_argument("--line-sizes", default="10", help="single-line sizes in MB")
    args = ap.parse_args()
    texts = corpus_texts(args.corpus)
    plan = [(float(s), False) for s in args.sizes.split(",") if s] + \
           [(float(s), True) for s in args.line_sizes.split(",") if s]
    print(f"{'input':<28} {'seconds':>8} {'peak MB':>8}  result")
    with tempfile.TemporaryDirectory() as d:
        for mb, one_line in sorted(plan, key=lambda p: p[0]):
            path = os.path.join(d, f"{mb:g}mb{'-line' if one_line else ''}.txt")
            Path(path).write_text(build(texts, int(mb * 1e6), one_line), encoding="utf-8")
            wall, peak, note = run(path)
            label = f"{mb:g} MB {'single line' if one_line else 'article'}"
            print(f"{label:<28} {wall:8.1f} {peak:8.0f}  {note}", flush=True)


if __name__ == "__main__":
    main()
