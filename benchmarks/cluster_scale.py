"""Scale benchmark for ``mtcheck cluster``: time, memory and family quality on synthetic batches
built from the development corpus.

Usage::

    python benchmarks/cluster_scale.py ../shared/data/dev [--sizes 2500,5000,10000] [--jobs 2]

Each batch of N articles is built (deterministically, seed 15) from the 500 human articles
and the spun and round-trip versions that name them as ``original_id``. Every article gets a
*base* (a human article, uniformly at random) and is one of:

* the base itself, or a verbatim copy of it with a menu line and a share line added (30 %);
* a spun copy: the base's spun version, sentence by sentence mixed with the original so that
  each copy has its own subset of substitutions (25 %, bases with a spun version);
* a round-trip copy, mixed the same way with the original (20 %, bases with a round-trip version);
* a partial copy: the first half of the base's sentences followed by the second half of another
  article's
  (mixing two stories; either base counts as right) (10 %);
* an unrelated article: a collage of 12 sentences, each from a different random article, so
  it shares no story (15 %; its base is its own, and it should stay alone).

Each batch is written to a temporary JSON Lines file and clustered in a fresh process
(``mtcheck.compare.cluster.cluster`` with ``--jobs`` workers) whose wall time and peak resident
memory (``ru_maxrss`` of the process and of its workers) and CPU seconds (user + system, the
process and its workers: on a shared machine the wall time depends on the load, CPU / 2 is
what two free cores need) are printed with the number of
families and two quality figures over pairs of articles: precision (pairs put in one family
that share a base) and recall (pairs sharing a base that were put in one family), and how
often the likely source of a family that holds an unmodified copy (the base itself, or with a
menu and share line) is such a copy. Nothing from the corpus is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time

SENT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def read(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def sentences(text):
    return [s for s in SENT_RE.split(text) if s]


def mix(original: str, rewritten: str, share: float, rng: random.Random) -> str:
    """Paragraph by paragraph: each sentence from the rewrite with probability ``share``."""
    out = []
    po, pr = original.split("\n\n"), rewritten.split("\n\n")
    if len(po) != len(pr):
        return rewritten
    for a, b in zip(po, pr):
        sa, sb = sentences(a), sentences(b)
        if len(sa) != len(sb):
            out.append(b if rng.random() < share else a)
            continue
        out.append(" ".join(y if rng.random() < share else x for x, y in zip(sa, sb)))
    return "\n\n".join(out)


def build(corpus: str, n: int, seed: int = 15):
    human = read(os.path.join(corpus, "human.jsonl"))
    spun = {r["original_id"]: r["text"] for r in read(os.path.join(corpus, "spun.jsonl"))}
    rt = {r["original_id"]: r["text"] for r in read(os.path.join(corpus, "roundtrip.jsonl"))}
    rng = random.Random(seed)
    ids = [r["id"] for r in human]
    text = {r["id"]: r["text"] for r in human}
    out = []
    for k in range(n):
        base = rng.choice(ids)
        x = rng.random()
        if x < 0.30:
            t = text[base] if rng.random() < 0.3 else f"Home | News | Sport\n\n{text[base]}\n\nShare this article"
            kind, bases = "copy", [base]
        elif x < 0.55 and base in spun:
            t, kind, bases = mix(text[base], spun[base], rng.uniform(0.5, 1.0), rng), "spun", [base]
        elif x < 0.75 and base in rt:
            t, kind, bases = mix(text[base], rt[base], rng.uniform(0.5, 1.0), rng), "roundtrip", [base]
        elif x < 0.85:
            other = rng.choice(ids)
            a, b = sentences(text[base]), sentences(text[other])
            t = " ".join(a[:max(1, len(a) // 2)] + b[len(b) // 2:])
            kind, bases = "partial", [base, other]
        else:
            picked = [rng.choice(sentences(text[rng.choice(ids)])) for _ in range(12)]
            t = " ".join(picked)
            kind, bases = "unrelated", [f"unrelated-{k}"]
        out.append({"id": f"a{k:05d}", "text": t, "kind": kind, "bases": bases})
    return out


def worker(path: str, jobs: int, out: str) -> None:
    from mtcheck.compare.cluster import cluster, read_items

    t0 = time.perf_counter()
    items, errors = read_items([path])
    t1 = time.perf_counter()
    cl = cluster(items, jobs=jobs, errors=errors)
    t2 = time.perf_counter()
    own_r = resource.getrusage(resource.RUSAGE_SELF)
    kids_r = resource.getrusage(resource.RUSAGE_CHILDREN)
    own, kids = own_r.ru_maxrss, kids_r.ru_maxrss
    cpu = own_r.ru_utime + own_r.ru_stime + kids_r.ru_utime + kids_r.ru_stime
    fam_of = {}
    for n, fam in enumerate(cl.families):
        for m in fam.members:
            fam_of[m.name.rsplit(":", 1)[1]] = n
    sources = [fam.source.rsplit(":", 1)[1] for fam in cl.families]
    with open(out, "w") as fh:
        json.dump({"sources": sources, "cpu": cpu, "read": t1 - t0, "cluster": t2 - t1, "maxrss_kb": own, "workers_maxrss_kb": kids,
                   "families": len(cl.families), "singletons": len(cl.singletons),
                   "fam_of": fam_of, "errors": len(cl.errors),
                   "roles": _roles(cl), "timings": cl.timings}, fh)


def _roles(cl):
    out = {}
    for fam in cl.families:
        for m in fam.members:
            out[m.name.rsplit(":", 1)[1]] = m.role
    return out


def quality(articles, fam_of):
    """Pairwise precision and recall of the families against the bases."""
    from collections import defaultdict

    by_fam = defaultdict(list)
    for a in articles:
        if a["id"] in fam_of:
            by_fam[fam_of[a["id"]]].append(a)
    same_pred = right = 0
    for members in by_fam.values():
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                same_pred += 1
                right += bool(set(members[i]["bases"]) & set(members[j]["bases"]))
    by_base = defaultdict(list)
    for a in articles:
        if a["kind"] != "partial":  # a partial copy may rightly join either of its stories
            by_base[a["bases"][0]].append(a)
    true_pairs = found = 0
    for members in by_base.values():
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                true_pairs += 1
                fi, fj = fam_of.get(members[i]["id"]), fam_of.get(members[j]["id"])
                found += fi is not None and fi == fj
    return (right / same_pred if same_pred else 1.0), (found / true_pairs if true_pairs else 1.0)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--sizes", default="2500,5000,10000")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.worker[0], int(args.worker[1]), args.worker[2])
        return 0
    print(f"{'articles':>8} {'families':>8} {'alone':>6} {'read s':>7} {'cluster s':>9} {'CPU s':>6} "
          f"{'peak MB (main + a worker)':>26} {'pair precision':>14} {'pair recall':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(x) for x in args.sizes.split(",")]:
            articles = build(args.corpus, n)
            path = os.path.join(tmp, f"batch-{n}.jsonl")
            with open(path, "w", encoding="utf-8") as fh:
                for a in articles:
                    fh.write(json.dumps({"id": a["id"], "text": a["text"]}) + "\n")
            out = os.path.join(tmp, "result.json")
            subprocess.run([sys.executable, __file__, args.corpus, "--worker", path, str(args.jobs), out],
                           check=True)
            with open(out) as fh:
                r = json.load(fh)
            p, rc = quality(articles, r["fam_of"])
            print(f"{n:8d} {r['families']:8d} {r['singletons']:6d} {r['read']:7.1f} {r['cluster']:9.1f} "
                  f"{r['cpu']:6.1f} "
                  f"{r['maxrss_kb'] / 1024:12.0f} + {r['workers_maxrss_kb'] / 1024:<11.0f} "
                  f"{p:14.4f} {rc:11.4f}  (" +
                  ", ".join(f"{k} {v:.1f} s" for k, v in r["timings"].items()) + ")", flush=True)
            by_id = {a["id"]: a for a in articles}
            with_copy = 0
            right_source = 0
            fam_members = {}
            for aid, f in r["fam_of"].items():
                fam_members.setdefault(f, []).append(by_id[aid])
            for f, src in enumerate(r["sources"]):
                if any(a["kind"] == "copy" for a in fam_members.get(f, [])):
                    with_copy += 1
                    right_source += by_id[src]["kind"] == "copy"
            print(f"{'':8} likely source is an unmodified copy in {right_source}/{with_copy} "
                  f"families that have one ({right_source / max(with_copy, 1):.1%})")
            if n == max(int(x) for x in args.sizes.split(",")):
                kinds = {}
                for a in articles:
                    role = r["roles"].get(a["id"], "alone")
                    role = role.replace("partial ", "")
                    kinds.setdefault(a["kind"], {}).setdefault(role, 0)
                    kinds[a["kind"]][role] += 1
                print(f"roles found at {n} articles, by how each article was made:")
                for kind, roles in sorted(kinds.items()):
                    print(f"  {kind:9s} " + ", ".join(f"{k} {v}" for k, v in
                                                      sorted(roles.items(), key=lambda kv: -kv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
