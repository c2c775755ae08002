"""How each evasion attack of ``tests/evasion_attacks.py`` changes mtcheck's verdicts.

    python benchmarks/evasion.py [--data ../shared/data/dev] [--sample 40] [--out rows.jsonl]

Checks ``seeds/004`` and a seeded sample of the corpus's ``spun.jsonl`` and ``roundtrip.jsonl``
through the public API, unmodified and under each attack, and prints per attack how many verdicts
were lowered (see ``evasion_attacks.lowered``) and which changes happened.
"""

from __future__ import annotations

import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))

from evasion_attacks import ATTACKS, BASELINES, check, lowered  # noqa: E402


def main(argv: list[str]) -> int:
    import argparse
    import json
    import tempfile
    from collections import Counter

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="../shared/data/dev")
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", help="write per-article rows as JSON Lines here")
    args = ap.parse_args(argv)
    articles = []
    seed004 = [p for p in sorted(os.listdir("seeds")) if p.startswith("004_")][0]
    with open(os.path.join("seeds", seed004), encoding="utf-8") as fh:
        articles.append(("seeds/004", "spun", fh.read()))
    for name in ("spun", "roundtrip"):
        path = os.path.join(args.data, name + ".jsonl")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh if line.strip()]
        for r in random.Random(args.seed).sample(records, min(args.sample, len(records))):
            articles.append((r["id"], name, r["text"]))
    out = open(args.out, "w", encoding="utf-8") if args.out else None
    summary: dict[str, dict[str, Counter]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for ident, label, text in articles:
            base = check(text, "text", tmp).verdict
            for name, attack in ATTACKS.items():
                rng = random.Random(f"{args.seed}:{ident}:{name}")
                before = base
                if name in BASELINES:
                    before = check(*BASELINES[name](text, random.Random(0)), tmp).verdict
                attacked, markup = attack(text, rng)
                after = check(attacked, markup, tmp).verdict
                group = "seeds/004" if ident == "seeds/004" else label
                c = summary.setdefault(name, {}).setdefault(group, Counter())
                c["n"] += 1
                c["lowered"] += lowered(before, after)
                c[f"{before}->{after}"] += 1
                if out:
                    out.write(json.dumps({"id": ident, "label": label, "attack": name,
                                          "before": before, "after": after}) + "\n")
    if out:
        out.close()
    for name, groups in summary.items():
        cells = []
        for group, c in groups.items():
            changes = ", ".join(f"{k} {v}" for k, v in sorted(c.items())
                                if "->" in k and k.split("->")[0] != k.split("->")[1])
            cells.append(f"{group}: {c['lowered']}/{c['n']} lowered" + (f" ({changes})" if changes else ""))
        print(f"{name:32} " + "; ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
