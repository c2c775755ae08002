"""Learn the spinner substitution table of the rare-collocations family from a labelled corpus.

The corpus is a folder with ``human.jsonl`` and ``spun.jsonl`` (records ``{"id", "text",
"original_id", ...}``; each spun text names the human article it was made from). Every spun text is
aligned with its original word by word (difflib); each replaced stretch of at most four words gives
a pair *spun phrase -> original phrase*. The table keeps, per pair, how often it was seen
(``n_sub``), and per spun phrase how often the phrase occurs in the human texts (``n_human``), so
the rule can tell a spinner's habit ("used to be" for "was") from ordinary English ("on" for "at").

Only the learned pairs and counts are written, never article text. For honest evaluation the
learning can leave out articles: ``--exclude FILE`` (one article id per line; a human id also drops
the spun/round-trip texts made from it) or ``--folds K --fold I`` (leave out fold I of K; folds are
assigned by a hash of the original article id, see :func:`fold_of`)::

    python -m tools.collocations_build CORPUS_DIR [--out PATH] [--min-count 2]
        [--exclude FILE] [--folds 5 --fold 0]
"""

from __future__ import annotations

import argparse
import json
import zlib
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

from mtcheck.core.document import TOKEN_RE
from tools.benchmark.build import split_of

from mtcheck.rules.lm import lm_word
from mtcheck.rules.thesaurus import DATA_DIR

PAIRS_PATH = DATA_DIR / "pairs.tsv"
MAX_PHRASE = 4


def fold_of(article_id: str, folds: int) -> int:
    """The cross-validation fold of an (original, human) article id: stable across runs."""
    return zlib.crc32(article_id.encode("utf-8")) % folds


def base_id(record: dict) -> str:
    """The human article a record stands for (itself for human texts)."""
    return record.get("original_id") or record["id"]


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def norm_tokens(text: str) -> list[str]:
    """Lower-case word/number/punctuation tokens for alignment."""
    return [lm_word(m.group()) for m in TOKEN_RE.finditer(text)]


def _wordy(tokens: list[str]) -> bool:
    return bool(tokens) and all(t[:1].isalpha() for t in tokens)


def aligned_pairs(spun: list[str], original: list[str]) -> list[tuple[str, str]]:
    """(spun phrase, original phrase) for each short replaced stretch. A pure insertion or deletion
    is widened by one neighbouring word on each side in turn ("by means of" -> "by"), giving two
    variants of which only the right one recurs across articles."""
    out = []
    sm = SequenceMatcher(None, spun, original, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        variants = []
        if op == "replace":
            variants.append((i1, i2, j1, j2))
        else:
            if i1 > 0 and j1 > 0:
                variants.append((i1 - 1, i2, j1 - 1, j2))
            if i2 < len(spun) and j2 < len(original):
                variants.append((i1, i2 + 1, j1, j2 + 1))
        for a1, a2, b1, b2 in variants:
            s, o = spun[a1:a2], original[b1:b2]
            if (1 <= len(s) <= MAX_PHRASE and 1 <= len(o) <= MAX_PHRASE and s != o
                    and _wordy(s) and _wordy(o)):
                out.append((" ".join(s), " ".join(o)))
    return out


def _count_phrases(tokens: list[str], phrases: set[str], counts: Counter) -> None:
    n = len(tokens)
    for i in range(n):
        for k in range(1, MAX_PHRASE + 1):
            if i + k > n:
                break
            p = " ".join(tokens[i:i + k])
            if p in phrases:
                counts[p] += 1


def learn_pairs(corpus: Path, exclude: set[str] = frozenset(), min_count: int = 2):
    """-> (rows, meta): rows (spun, original, n_sub, n_human) sorted; meta counts of articles."""
    human = [r for r in read_jsonl(corpus / "human.jsonl") if base_id(r) not in exclude]
    spun = [r for r in read_jsonl(corpus / "spun.jsonl")
            if base_id(r) not in exclude and r["id"] not in exclude]
    originals = {r["id"]: r for r in human}
    pair_counts: Counter = Counter()
    for r in spun:
        orig = originals.get(r["original_id"])
        if orig is None:
            continue
        pair_counts.update(aligned_pairs(norm_tokens(r["text"]), norm_tokens(orig["text"])))
    kept = {p: n for p, n in pair_counts.items() if n >= min_count}
    phrases = {s for s, _ in kept}
    human_counts: Counter = Counter()
    for r in human:
        _count_phrases(norm_tokens(r["text"]), phrases, human_counts)
    rows = sorted(((s, o, n, human_counts[s]) for (s, o), n in kept.items()),
                  key=lambda row: (row[0], -row[2], row[1]))
    meta = {"spun_articles": len(spun), "human_articles": len(human)}
    return rows, meta


def write_pairs(rows, meta, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Spinner substitution pairs learned by python -m tools.collocations_build"
                " (counts only, no article text)\n")
        f.write(f"# spun_articles={meta['spun_articles']} "
                f"human_articles={meta['human_articles']}\n")
        f.write("# spun\toriginal\tn_sub\tn_human\n")
        for s, o, n, h in rows:
            f.write(f"{s}\t{o}\t{n}\t{h}\n")


def excluded_ids(corpus: Path, exclude_file: Path | None, folds: int, fold: int | None) -> set[str]:
    # Never learn from an article of the benchmark's gate split (tools/benchmark), on which the
    # quality-gate test judges the shipped data.
    out: set[str] = {r["id"] for r in read_jsonl(corpus / "human.jsonl")
                     if split_of(f"dev-human:{r['id']}") == "gate"}
    if exclude_file:
        out |= {line.strip() for line in exclude_file.read_text().splitlines() if line.strip()}
    if fold is not None:
        for r in read_jsonl(corpus / "human.jsonl"):
            if fold_of(r["id"], folds) == fold:
                out.add(r["id"])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Learn spinner substitution pairs from a corpus.")
    ap.add_argument("corpus", type=Path, help="folder with human.jsonl and spun.jsonl")
    ap.add_argument("--out", type=Path, default=PAIRS_PATH)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--exclude", type=Path, help="file of article ids to leave out")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--fold", type=int, help="leave out this fold (0-based) of --folds")
    args = ap.parse_args(argv)
    exclude = excluded_ids(args.corpus, args.exclude, args.folds, args.fold)
    rows, meta = learn_pairs(args.corpus, exclude, args.min_count)
    write_pairs(rows, meta, args.out)
    print(f"{len(rows)} pairs from {meta['spun_articles']} spun / {meta['human_articles']} human "
          f"articles ({len(exclude)} ids excluded) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
