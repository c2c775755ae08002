"""Sort a batch of articles into families of near-duplicates and say how each member relates
to the family's likely source.

1. Every article becomes its prose words (boilerplate and comments set aside by the document
   model) and a MinHash signature (``datasketch``, ``NUM_PERM`` permutations) of its set of
   content words (words that are not function words, and numbers): a thesaurus spinner or a
   round trip through another language changes many words but keeps most of them, and the
   names and numbers, so the sets of rewritten copies stay close to the original's while the
   exact word sequence does not.
2. Candidate pairs come from MinHash LSH (``datasketch.MinHashLSH``, ``LSH_THRESHOLD``); a pair
   is linked when its estimated Jaccard similarity is at least ``STRONG_LINK``. Families are
   the connected components of the strong links. An article without a strong link joins the
   family of its most similar candidate when that similarity is at least ``WEAK_LINK``; such
   weak links never merge two families (an article mixing two stories joins one of them, it
   does not chain them together).
3. In each family the *pivot* is the member with the most near-identical members (verbatim
   reposts), then the highest mean share of the other members' content words it contains
   (estimated from the signatures; see :func:`pivot_order`). When it has no repost, the pivot
   is instead the winner of direction duels among the members that contain most of the others
   (see :func:`_tournament`: spinners and translation pick less common words than the
   original's). Every other member is aligned with the pivot (:mod:`.align`); members that are
   verbatim copies of it (sharing at least ``PARTIAL_BELOW`` of their words) form the clean
   group. The likely source is the clean member with the fewest artifacts (findings of mtcheck's own check when
   ``count_artifacts`` is given, else none) and, among equals, the fewest words of its own
   (insertions against the pivot), then input order. Rewritten members are aligned with their
   closest clean member for their substitution rate. (This pivot rule was chosen among
   variants by how often it picks an unmodified copy in ``benchmarks/cluster_scale.py``'s
   batches: reposts then containment 64 % / 81 % of families at 2,500 / 10,000 articles,
   containment alone 57 % / 56 %, the duels alone 59 % at 10,000, the rule above 75 % / 81 %.)

With ``related=True`` (``mtcheck cluster --related``) the families and unrelated articles are
then grouped further by shared passages, the way different outlets' versions of one story
share quotations: two groups are joined when their representatives (a family's most central
member, or the article itself) share at least ``RELATED_MIN_SHARED`` words in anchored shared
regions (:func:`.align.regions`). Every pair of representatives is aligned, so this is meant
for small batches.

Steps 1 and 3 run in worker processes; memory holds one signature and one word list per
article, so it grows linearly with the batch.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np

from ..core.document import Document
from .align import classify, features, regions, word_ops
from .report import Clustering, Family, Member
from .words import FUNCTION_WORDS

NUM_PERM = 128
SEED = 15
SCHEME = "affine32"
LSH_THRESHOLD = 0.25
STRONG_LINK = 0.5
WEAK_LINK = 0.25
# Members sharing less than this share of their words with the one they are compared with are
# reported as partial copies.
PARTIAL_BELOW = 0.6
EXAMPLES = 8
# --related: families and unrelated articles whose representatives share at least this many
# words in anchored shared regions (about a sentence) are put together; quadratic in their
# number, so refused above RELATED_MAX representatives.
RELATED_MIN_SHARED = 20
RELATED_MAX = 2000


class ClusterInputError(Exception):
    """An input that cannot be read (one line, naming the problem)."""


@dataclass(frozen=True)
class Item:
    """One article to cluster: a file (``path``) or a text (a JSON Lines record)."""

    name: str
    path: str | None = None
    text: str | None = None


def default_expand(paths: list[str]) -> list[str]:
    """Files as given; directories walked for text files (mtcheck's suffixes) and ``*.jsonl``."""
    from ..input.paths import TEXT_SUFFIXES, PathFilter, expand_paths

    globs = tuple(f"*{s}" for s in TEXT_SUFFIXES) + ("*.jsonl", "*.ndjson")
    return expand_paths(list(paths), PathFilter(include=globs))


def read_items(paths: Sequence[str], id_field: str = "id", text_field: str = "text",
               expand: Callable[[list[str]], list[str]] | None = default_expand,
               max_bytes: int | None = None) -> tuple[list[Item], list[tuple[str, str]]]:
    """Items from files, directories (through ``expand``, which lists the files a directory
    walk collects) and JSON Lines files (``*.jsonl``: one record per line, ``id_field`` and
    ``text_field``; an item is named ``FILE:ID``). Returns the items and (name, one-line error)
    for what could not be read; files are read later, by :func:`cluster`."""
    from ..input.jsonl import read_jsonl

    items: list[Item] = []
    errors: list[tuple[str, str]] = []
    files = expand(list(paths)) if expand else list(paths)
    for path in files:
        if not path.lower().endswith((".jsonl", ".ndjson")):
            items.append(Item(path, path=path))
            continue
        try:
            with open(path, "rb") as fh:
                for rec in read_jsonl(fh, id_field, text_field, max_bytes):
                    if rec.error:
                        errors.append((f"{path}:{rec.line}", rec.error))
                    else:
                        items.append(Item(f"{path}:{rec.id}", text=rec.text))
        except FileNotFoundError:
            errors.append((path, "no such file"))
        except IsADirectoryError:
            errors.append((path, "is a directory"))
        except OSError as exc:
            errors.append((path, exc.strerror or str(exc)))
    return items, errors


# ------------------------------------------------------------------------------------------
# Step 1: words and signatures
# ------------------------------------------------------------------------------------------
@dataclass
class Prepared:
    name: str
    norms: tuple[str, ...]
    signature: np.ndarray  # uint64[NUM_PERM]
    error: str | None = None
    content_size: int = 0  # number of distinct content words


def _content(norms) -> set[bytes]:
    return {w.encode("utf-8") for w in norms if w not in FUNCTION_WORDS and (len(w) > 2 or w.isdigit())}


_PERMUTATIONS = None


def signature(norms, content: set[bytes] | None = None) -> np.ndarray:
    """MinHash hash values of the article's content-word set (empty when it has none)."""
    from datasketch import MinHash

    global _PERMUTATIONS
    content = _content(norms) if content is None else content
    if not content:
        return np.zeros(0, dtype=np.uint64)
    if _PERMUTATIONS is None:
        _PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
    m = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_PERMUTATIONS, scheme=SCHEME)
    m.update_batch(list(content))
    return m.hashvalues


def _document(item: Item, loader: Callable[[str], Document] | None) -> Document:
    if item.text is not None:
        return Document.from_text(item.text, path=item.name)
    if loader is None:
        from ..input.reading import load_path

        return load_path(item.path)
    return loader(item.path)


def prepare(item: Item, loader: Callable[[str], Document] | None = None) -> Prepared:
    from .words import prose_norms

    try:
        doc = _document(item, loader)
    except Exception as exc:  # the loader's one-line errors (InputError and the like)
        reason = " ".join(str(exc).split()) or type(exc).__name__
        return Prepared(item.name, (), np.zeros(0, dtype=np.uint64), reason)
    norms = tuple(prose_norms(doc))
    content = _content(norms)
    return Prepared(item.name, norms, signature(norms, content), content_size=len(content))


# ------------------------------------------------------------------------------------------
# Step 2: families
# ------------------------------------------------------------------------------------------
def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a) if len(a) else 0.0


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def families(signatures: Sequence[np.ndarray]) -> list[list[int]]:
    """Indices of the articles grouped into families (lists of two or more, in input order)."""
    from datasketch import LeanMinHash, MinHashLSH

    n = len(signatures)
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    usable = [i for i in range(n) if len(signatures[i])]
    # Identical signatures (verbatim copies) share one LSH entry.
    first_of: dict[bytes, int] = {}
    uf = _UnionFind(n)
    for i in usable:
        key = signatures[i].tobytes()
        if key in first_of:
            uf.union(first_of[key], i)
            continue
        first_of[key] = i
        lsh.insert(i, LeanMinHash(seed=SEED, hashvalues=signatures[i], scheme=SCHEME))
    best: dict[int, tuple[float, int]] = {}
    strong = set()
    for i in first_of.values():
        for j in lsh.query(LeanMinHash(seed=SEED, hashvalues=signatures[i], scheme=SCHEME)):
            if j <= i:
                continue
            s = similarity(signatures[i], signatures[j])
            if s >= STRONG_LINK:
                uf.union(i, j)
                strong.update((i, j))
            elif s >= WEAK_LINK:
                for a, b in ((i, j), (j, i)):
                    if s > best.get(a, (0.0, -1))[0]:
                        best[a] = (s, b)
    for i in sorted(best, key=lambda k: (-best[k][0], k)):
        if i not in strong:
            uf.union(best[i][1], i)
            strong.add(i)
    groups: dict[int, list[int]] = {}
    for i in usable:
        groups.setdefault(uf.find(i), []).append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


# ------------------------------------------------------------------------------------------
# Step 3: roles inside a family
# ------------------------------------------------------------------------------------------
def relation(member: Sequence[str], other: Sequence[str], fast: bool = True) -> dict:
    """How ``member`` relates to ``other`` (word lists): relation, rates, a few examples."""
    src, art = other, member
    ops = word_ops(src, art, fast=fast)
    inside = [op for op in ops if not op[0].startswith("unaligned")]
    shared_art = sum(j2 - j1 for _, _, _, j1, j2 in inside)
    f = features(ops, src, art, with_zipf=True)
    subs = [op for op in ops if op[0] == "substitution"]
    return {
        "zipf_drop": f["zipf_drop"],
        "relation": classify(f, shared_art, len(art), len(src), len(subs)),
        "substitution_rate": f["substitution_rate"],
        "substitutions": len(subs),
        "overlap": shared_art / len(art) if art else 0.0,
        "verbatim_fraction": (sum(j2 - j1 for op, _, _, j1, j2 in ops if op == "equal") / len(art)
                              if art else 0.0),
        "inserted": sum(j2 - j1 for op, _, _, j1, j2 in ops if op in ("insertion", "unaligned-ins")),
        "examples": [f"{' '.join(member[j1:j2])} <- {' '.join(other[i1:i2])}"
                     for _, i1, i2, j1, j2 in subs[:EXAMPLES]],
    }


def _sample(n: int) -> np.ndarray:
    # A sample of the others keeps the centrality measures linear in the family size.
    if n > 400:
        return np.random.default_rng(SEED).choice(n, 400, replace=False)
    return np.arange(n)


def _mean_similarity(sigs: list[np.ndarray]) -> list[float]:
    m = np.stack(sigs)
    others = m[_sample(len(sigs))]
    sims = np.array([(others == row).mean(axis=1).sum() for row in m])
    return list(sims / max(len(others) - 1, 1))


def pivot_order(sigs: list[np.ndarray], sizes: list[int]) -> list[tuple[int, float]]:
    """For each member: how many members are near-identical to it (estimated similarity >=
    0.9), and the mean estimated share of the other members' content words it contains
    (containment from the Jaccard estimate J and the set sizes a, b: J (a + b) / ((1 + J) b)).
    The original a family derives from has the most verbatim reposts and contains most of
    what the others share with it."""
    m = np.stack(sigs)
    idx = _sample(len(sigs))
    size = np.asarray(sizes, dtype=float)
    out = []
    for k, row in enumerate(m):
        j = (m[idx] == row).mean(axis=1)
        other = idx != k
        cont = j[other] * (size[k] + size[idx][other]) / ((1 + j[other]) * np.maximum(size[idx][other], 1))
        out.append((int(np.count_nonzero(j[other] >= 0.9)), float(np.minimum(cont, 1).mean()) if other.any() else 0.0))
    return out


REWRITES = ("spun copy", "machine-translated rewrite")
DIRECTION_MARGIN = 0.05


def _relations(norms, pivot: int, fast: bool) -> list[dict | None]:
    out: list[dict | None] = [None] * len(norms)
    for k in range(len(norms)):
        if k == pivot:
            continue
        if norms[k] == norms[pivot]:
            out[k] = {"relation": "verbatim copy", "substitution_rate": 0.0, "substitutions": 0,
                      "overlap": 1.0, "verbatim_fraction": 1.0, "inserted": 0, "examples": [],
                      "zipf_drop": 0.0}
        else:
            out[k] = relation(norms[k], norms[pivot], fast)
    return out


def _tournament(norms, sigs, order) -> int:
    """The pivot: of the ``CANDIDATES`` members containing most of the others (near-identical
    ones counted once), the one that wins most direction duels. In a duel the two are aligned
    (fast alignment); when one is a whole rewrite of the other (sharing most of its text, three
    substitutions or more), the side whose substituted words are more common by at least
    ``DIRECTION_MARGIN`` in mean Zipf frequency wins (spinners and translation pick less common
    words than the original's: the original wins in about nine spun pairs out of ten on the
    development pairs). Ties: more verbatim reposts, then containment, then input order."""
    ranked = sorted(range(len(norms)), key=lambda k: (-order[k][1], -order[k][0], k))
    cands: list[int] = []
    for k in ranked:
        if all(similarity(sigs[k], sigs[c]) < 0.9 for c in cands):
            cands.append(k)
        if len(cands) == CANDIDATES:
            break
    wins = {k: 0 for k in cands}
    for x in range(len(cands)):
        for y in range(x + 1, len(cands)):
            a, b = cands[x], cands[y]
            r = relation(norms[b], norms[a], fast=True)
            if r["relation"] in REWRITES and r["overlap"] >= PARTIAL_BELOW and r["substitutions"] >= 3:
                if r["zipf_drop"] >= DIRECTION_MARGIN:
                    wins[a] += 1
                elif r["zipf_drop"] <= -DIRECTION_MARGIN:
                    wins[b] += 1
    return max(cands, key=lambda k: (wins[k], order[k][0], order[k][1], -k))


CANDIDATES = 4


def analyse_family(names: list[str], norms: list[tuple[str, ...]], sigs: list[np.ndarray],
                   artifacts: list[int | None] | None = None, fast: bool = False,
                   sizes: list[int] | None = None) -> Family:
    """Roles of a family's members (see the module documentation)."""
    n = len(names)
    sizes = sizes or [len(_content(x)) for x in norms]
    order = pivot_order(sigs, sizes)
    pivot = max(range(n), key=lambda k: (order[k], -k))
    if not order[pivot][0]:
        pivot = _tournament(norms, sigs, order)
    rel = _relations(norms, pivot, fast)
    clean = [pivot] + [k for k in range(n) if k != pivot and rel[k]["relation"] == "verbatim copy"
                       and rel[k]["overlap"] >= PARTIAL_BELOW]
    arts = artifacts or [None] * n
    source = min(clean, key=lambda k: (arts[k] if arts[k] is not None else 0,
                                       rel[k]["inserted"] if rel[k] else 0, k))
    members = []
    for k in range(n):
        if k == source:
            members.append(Member(names[k], len(norms[k]), "source", artifacts=arts[k]))
            continue
        if k == pivot:
            r, against = relation(norms[k], norms[source], fast), source
        elif k in clean:
            r, against = rel[k], pivot  # measured against the pivot, a verbatim copy itself
        else:
            # the closest clean member (by estimated similarity); realigned when not the pivot
            against = max(clean, key=lambda c: (similarity(sigs[k], sigs[c]), c == pivot))
            r = rel[k] if against == pivot else relation(norms[k], norms[against], fast)
        role = r["relation"]
        if role == "unrelated":
            role = "related"
        elif role != "verbatim copy" and r["overlap"] < PARTIAL_BELOW:
            role = f"partial {role}"
        elif role == "verbatim copy" and r["overlap"] < PARTIAL_BELOW:
            role = "partial copy"
        members.append(Member(names[k], len(norms[k]), role,
                              similarity=round(similarity(sigs[k], sigs[source]), 3),
                              substitution_rate=r["substitution_rate"],
                              substitutions=r["substitutions"], overlap=round(r["overlap"], 4),
                              verbatim_fraction=round(r["verbatim_fraction"], 4),
                              against=names[against], artifacts=arts[k], examples=r["examples"]))
    return Family(members=members, source=names[source])


# ------------------------------------------------------------------------------------------
# The whole run
# ------------------------------------------------------------------------------------------
def _map(fn, args: list, jobs: int, chunksize: int = 64) -> Iterator:
    if jobs <= 1 or len(args) < 2 * chunksize:
        return map(fn, args)
    import multiprocessing as mp

    pool = mp.get_context("fork" if hasattr(os, "fork") else "spawn").Pool(jobs)
    try:
        return iter(list(pool.imap(fn, args, chunksize)))
    finally:
        pool.close()
        pool.join()


_LOADER = None


def _prepare_task(item: Item) -> Prepared:
    return prepare(item, _LOADER)


def _family_task(args) -> Family:
    names, norms, sigs, arts, sizes = args
    return analyse_family(names, norms, sigs, arts, sizes=sizes)


def shared_words(a: Sequence[str], b: Sequence[str]) -> int:
    """Words of ``b`` in verbatim runs inside the regions it shares with ``a``."""
    return sum(size for reg in regions(a, b, fast=True) for _, _, size in reg)


def related_groups(fams: list[list[int]], n: int, norms: Sequence[Sequence[str]],
                   signatures: Sequence[np.ndarray]) -> list[list[int]]:
    """Families and the other articles joined by shared passages (see the module docs)."""
    in_family = {i for f in fams for i in f}
    groups = [list(f) for f in fams] + [[i] for i in range(n) if i not in in_family and norms[i]]
    reps = []
    for g in groups:
        if len(g) == 1:
            reps.append(g[0])
        else:
            sims = _mean_similarity([signatures[i] for i in g])
            reps.append(g[max(range(len(g)), key=lambda k: (sims[k], -k))])
    uf = _UnionFind(len(groups))
    for x in range(len(groups)):
        for y in range(x + 1, len(groups)):
            if shared_words(norms[reps[x]], norms[reps[y]]) >= RELATED_MIN_SHARED:
                uf.union(x, y)
    merged: dict[int, list[int]] = {}
    for x, g in enumerate(groups):
        merged.setdefault(uf.find(x), []).extend(g)
    return sorted((sorted(g) for g in merged.values() if len(g) > 1), key=lambda g: g[0])


def cluster(items: Sequence[Item], jobs: int = 1, loader: Callable[[str], Document] | None = None,
            count_artifacts: Callable[[Item], int] | None = None,
            errors: Iterable[tuple[str, str]] = (), related: bool = False) -> Clustering:
    """Cluster ``items``. ``loader`` reads a file into a document (default: mtcheck's reader,
    with its decoding, markup handling and size limit);
    ``count_artifacts`` (optional, slow) counts the findings of mtcheck's own check on an item,
    used for the likely source and shown per member; ``related``: also group by shared
    passages (see the module documentation)."""
    import time

    global _LOADER
    _LOADER = loader
    t0 = time.perf_counter()
    prepared = list(_map(_prepare_task, list(items), jobs))
    t1 = time.perf_counter()
    errs = list(errors) + [(p.name, p.error) for p in prepared if p.error]
    ok = [k for k, p in enumerate(prepared) if not p.error]
    fams = families([prepared[k].signature for k in ok])
    notes = []
    if related:
        reps = len(fams) + len(ok) - sum(len(f) for f in fams)
        if reps > RELATED_MAX:
            notes.append(f"--related skipped: {reps} families and unrelated articles to compare "
                         f"pairwise (at most {RELATED_MAX})")
        else:
            fams = related_groups(fams, len(ok), [prepared[k].norms for k in ok],
                                  [prepared[k].signature for k in ok])
    t2 = time.perf_counter()
    tasks = []
    for fam in fams:
        idx = [ok[i] for i in fam]
        arts = [count_artifacts(items[k]) for k in idx] if count_artifacts else None
        tasks.append(([prepared[k].name for k in idx], [prepared[k].norms for k in idx],
                      [prepared[k].signature for k in idx], arts,
                      [prepared[k].content_size for k in idx]))
    analysed = list(_map(_family_task, tasks, jobs, chunksize=8))
    in_family = {ok[i] for fam in fams for i in fam}
    singletons = [prepared[k].name for k in ok if k not in in_family]
    t3 = time.perf_counter()
    return Clustering(families=analysed, singletons=singletons, articles=len(ok), errors=errs,
                      notes=notes, timings={"prepare": t1 - t0, "families": t2 - t1, "roles": t3 - t2})
