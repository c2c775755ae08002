"""Make lightly spun variants of articles from spun/original pairs.

A spun text and its original are aligned word by word (difflib); each replaced stretch is one
substitution. A light variant starts from the original and applies only a random share of the
substitutions, so that 10-20 % of the matchable phrases end up replaced (the spun corpus replaced
30-70 %, recorded as ``spin_rate``). Seeded by article id: the same corpus gives the same variants.

    python benchmarks/light_spin.py CORPUS_DIR OUT.jsonl [--low 0.10 --high 0.20]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import zlib
from difflib import SequenceMatcher
from pathlib import Path

WORD = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def substitutions(original: str, spun: str) -> list[tuple[int, int, str]]:
    """Replaced stretches as (start, end) in the original and the spun wording."""
    a = list(WORD.finditer(original))
    b = list(WORD.finditer(spun))
    sm = SequenceMatcher(None, [m.group().lower() for m in a], [m.group().lower() for m in b],
                         autojunk=False)
    subs = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "replace" and i2 - i1 <= 4 and j2 - j1 <= 5:
            subs.append((a[i1].start(), a[i2 - 1].end(), spun[b[j1].start():b[j2 - 1].end()]))
    return subs


def light_variant(original: str, spun: str, spin_rate: float, target: float,
                  rng: random.Random) -> tuple[str, int]:
    subs = substitutions(original, spun)
    keep_share = min(1.0, target / max(spin_rate, 1e-6))
    chosen = [s for s in subs if rng.random() < keep_share]
    out, pos = [], 0
    for start, end, replacement in chosen:
        out.append(original[pos:start])
        out.append(replacement)
        pos = end
    out.append(original[pos:])
    return "".join(out), len(chosen)


def make_variants(corpus: Path, low: float = 0.10, high: float = 0.20) -> list[dict]:
    human = {r["id"]: r for r in read_jsonl(corpus / "human.jsonl")}
    variants = []
    for rec in read_jsonl(corpus / "spun.jsonl"):
        original = human.get(rec["original_id"])
        if original is None:
            continue
        rng = random.Random(zlib.crc32(rec["id"].encode()))
        target = rng.uniform(low, high)
        text, n = light_variant(original["text"], rec["text"], float(rec.get("spin_rate", 0.5)),
                                target, rng)
        if n == 0:
            continue
        variants.append({"id": "light-" + rec["id"], "label": "spun", "text": text,
                         "original_id": rec["original_id"], "spin_rate": round(target, 3),
                         "replaced": n, "variant": "light"})
    return variants


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--low", type=float, default=0.10)
    ap.add_argument("--high", type=float, default=0.20)
    args = ap.parse_args(argv)
    variants = make_variants(args.corpus, args.low, args.high)
    with open(args.out, "w", encoding="utf-8") as fh:
        for v in variants:
            fh.write(json.dumps(v, ensure_ascii=False) + "\n")
    print(f"wrote {len(variants)} light variants to {args.out}")


if __name__ == "__main__":
    main()
