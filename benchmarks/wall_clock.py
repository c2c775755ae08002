"""Wall-clock measurements that the tests used to assert and no longer do (a loaded machine made
them fail): the tests check the same properties with CPU-time ratios or CPU-time bounds.

    python benchmarks/wall_clock.py

Prints, in seconds of elapsed time on this machine: loading the shipped thesaurus index, loading
a 400-word Markdown article, and how soon the time budget ends the check of a 1 MB single-line
article (``--timeout 0.5``, engine already warm).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _timed(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    from mtcheck.cli import main as mtcheck
    from mtcheck.input import markup
    from mtcheck.rules import thesaurus

    print(f"thesaurus index load: {_timed(lambda: thesaurus.Thesaurus.from_file(thesaurus.INDEX_PATH)):.3f} s")
    paragraph = ("The visit was the first in years, and officials said the *two* countries would "
                 "deepen their [military cooperation](https://example.com/a) and trade.\n\n")
    article = "# Heading\n\n" + paragraph * 14 * 2
    print(f"400-word Markdown load: {_timed(lambda: markup.load(article, 'a.md', 'markdown', [])):.4f} s")
    seeds = [(ROOT / "seeds").glob(f"{p}_*.txt") for p in ("001", "003", "004")]
    one = " ".join(" ".join(next(g).read_text(encoding="utf-8") for g in seeds).split())
    with tempfile.TemporaryDirectory() as tmp:
        slow = Path(tmp) / "slow.txt"
        slow.write_text(((one + " ") * (1_000_000 // len(one) + 1))[:1_000_000], encoding="utf-8")
        small = Path(tmp) / "small.txt"
        small.write_text(one[:2000], encoding="utf-8")
        mtcheck([str(small)])  # warm
        started = time.perf_counter()
        mtcheck(["--timeout", "0.5", str(slow)])
        print(f"1 MB line with --timeout 0.5 ended after: {time.perf_counter() - started:.2f} s",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
