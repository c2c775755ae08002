"""Share of prose words that mtcheck sets aside (boilerplate, reader comments, bylines) in
corpora of human articles, where nearly everything is article prose.

Usage: python benchmarks/set_aside_share.py FILE.jsonl... (JSON Lines with a "text" field; records
with a "label" other than "human" are skipped). Prints one line per file: words, words set aside
by kind, share, and the records with the most set aside.
"""

from __future__ import annotations

import json
import os
import sys

from mtcheck.core.document import WORD_RE
from mtcheck.input.setaside import prose_document

PROSE_KINDS = ("boilerplate", "comments", "byline")


def measure(path: str, top: int = 3) -> tuple[int, dict[str, int], list[tuple[int, int, str]]]:
    total = 0
    kinds: dict[str, int] = {}
    worst: list[tuple[int, int, str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec.get("label", "human") != "human":
                continue
            doc = prose_document(rec["text"])
            words = sum(1 for _ in WORD_RE.finditer(rec["text"]))
            aside = {k: v for k, v in doc.set_aside().items() if k in PROSE_KINDS}
            total += words
            for k, v in aside.items():
                kinds[k] = kinds.get(k, 0) + v
            n = sum(aside.values())
            if n:
                worst.append((n, words, str(rec.get("id"))))
    worst.sort(reverse=True)
    return total, kinds, worst[:top]


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    for path in argv:
        total, kinds, worst = measure(path)
        aside = sum(kinds.values())
        detail = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none"
        most = "; ".join(f"{i}: {n}/{w}" for n, w, i in worst)
        print(f"{os.path.basename(path):28} {total:>8} words, set aside {aside:>6} "
              f"({aside / max(total, 1):.2%}; {detail})" + (f"  most: {most}" if most else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
