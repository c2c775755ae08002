"""Build the technical-phrase statistics of the rare-collocations rule (MT303):
``rules/data/rare-collocations/technical-bigrams.tsv.gz`` (word and word-pair counts of
openly licensed technical prose) and ``rules/data/rare-collocations/spinner-word-pairs.tsv``
(word-for-word substitutions of the tortured-phrase list, held-out part excluded)::

    python -m tools.technical_phrases_build counts [--mirror DIR] [--out PATH]
    python -m tools.technical_phrases_build word-pairs TORTURED.tsv [--out PATH]

``counts`` reads snapshots brought with the search tool's ``fetch`` (git directories under
``--mirror``, default ``/work/.mirror``) at the pinned commits of ``SOURCES`` and counts, in the
prose only (code blocks, inline code, maths and markup dropped), lower-case words and adjacent
word pairs inside clauses (a clause ends at any punctuation but a hyphen or apostrophe inside a
word). Written: words and pairs seen at least ``MIN_COUNT`` times; no text. Nothing fetched is
committed.

``word-pairs`` aligns each tortured phrase of the list with its expected wording (same number
of words) and keeps the words replaced ("profound" -> "deep"). Entries of the held-out part
(``benchmarks/findings_eval.py``: crc32 of the phrase % 5 == 0) are skipped, so the
held-out measurement never sees what it scores.
"""

from __future__ import annotations

import argparse
import gzip
import html
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "rules" / "data" / "rare-collocations"
COUNTS_PATH = DATA / "technical-bigrams.tsv.gz"
WORD_PAIRS_PATH = DATA / "spinner-word-pairs.tsv"
MIN_COUNT = 2

# (snapshot folder under --mirror, pinned commit, path suffix, kind, licence)
SOURCES = (
    ("d2l-ai+d2l-en", "23d7a5aecceee57d1292c56e90cce307f183bb0a", ".md", "markdown",
     "CC BY-SA 4.0 (Dive into Deep Learning, Zhang, Lipton, Li and Smola)"),
    ("openstax+osbooks-introduction-python-programming",
     "d6d069bb24677a375aa28a574bd506d4b893cfdf", ".cnxml", "cnxml",
     "CC BY 4.0 (OpenStax, Introduction to Python Programming)"),
    ("python+peps", "ba4deeb7969588d937da609008d05bb83a47b1ab", ".rst", "pep",
     "public domain or CC0 (Python Enhancement Proposals; only PEPs that say so are read)"),
)
# A PEP is read only when its own copyright section dedicates it to the public domain.
PEP_PUBLIC = re.compile(r"placed in the public domain|CC0-1\.0|CC0 1\.0", re.I)

WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*")
# A clause: the words between two punctuation marks (hyphens and apostrophes inside words stay).
CLAUSE_BREAK = re.compile(r"[^\w\s'-]|\s-+\s|_|\d")


def _blobs(repo: Path, commit: str, suffix: str) -> list[tuple[str, str]]:
    names = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "--name-only", commit],
                           check=True, capture_output=True, text=True).stdout.split("\n")
    names = sorted(n for n in names if n.endswith(suffix))
    out = []
    for name in names:
        data = subprocess.run(["git", "-C", str(repo), "show", f"{commit}:{name}"], check=True,
                              capture_output=True).stdout
        out.append((name, data.decode("utf-8", errors="replace")))
    return out


def markdown_prose(text: str) -> str:
    text = re.sub(r"```.*?```", "\n", text, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", " . ", text, flags=re.S)
    text = re.sub(r"\$[^$\n]*\$", " . ", text)
    text = re.sub(r"`[^`\n]*`", " . ", text)
    text = re.sub(r":[a-z]+:`[^`]*`", " . ", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return text


def rst_prose(text: str) -> str:
    text = re.sub(r"::\s*\n(?:\n|[ \t]+.*\n)+", ".\n", text)  # literal blocks
    text = re.sub(r"^\.\. .*$", " . ", text, flags=re.M)
    text = re.sub(r"^[A-Z][\w-]*: .*$", " . ", text, flags=re.M)  # PEP header fields
    text = re.sub(r"`+[^`\n]*`+_?", " . ", text)
    return text


def cnxml_prose(text: str) -> str:
    text = re.sub(r"<(code|m:math|math|pre)\b.*?</\1>", " . ", text, flags=re.S)
    text = re.sub(r"<(title|md:[a-z-]+)\b[^>]*>", " . ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def count(texts) -> tuple[Counter, Counter]:
    words: Counter = Counter()
    pairs: Counter = Counter()
    for text in texts:
        for clause in CLAUSE_BREAK.split(text.lower().replace("\u2019", "'")):
            ws = WORD.findall(clause)
            words.update(ws)
            pairs.update(zip(ws, ws[1:]))
    return words, pairs


def build_counts(mirror: Path, out: Path) -> None:
    texts = []
    for folder, commit, suffix, kind, _ in SOURCES:
        repo = mirror / folder / "repo"
        if not repo.is_dir():
            sys.exit(f"{repo}: not found (fetch github:{folder.replace('+', '/')} first)")
        prose = {"markdown": markdown_prose, "cnxml": cnxml_prose, "pep": rst_prose}[kind]
        for _, t in _blobs(repo, commit, suffix):
            if kind != "pep" or PEP_PUBLIC.search(t):
                texts.append(prose(t))
    words, pairs = count(texts)
    total = sum(words.values())
    lines = [f"# words={total} min_count={MIN_COUNT} sources="
             + ",".join(f"{f}@{c[:12]}" for f, c, *_ in SOURCES)]
    lines += [f"{w}\t{n}" for w, n in sorted(words.items()) if n >= MIN_COUNT]
    lines += [f"{a} {b}\t{n}" for (a, b), n in sorted(pairs.items()) if n >= MIN_COUNT]
    out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 and no file name: the same input gives byte-identical output.
    with open(out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                               mtime=0) as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{out}: {total} words counted, {len(lines) - 1} entries")


def build_word_pairs(tortured: Path, out: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from findings_eval import clean_tortured, is_held_out

    found: Counter = Counter()
    for spun, expected in clean_tortured(tortured):
        if is_held_out(spun):
            continue
        sw, ew = spun.split(), expected.split()
        if len(sw) != len(ew):
            continue
        for a, b in zip(sw, ew):
            if a != b:
                found[a, b] += 1
    lines = ["# spun\toriginal\tphrases (tortured-phrase list, held-out fifth excluded)"]
    lines += [f"{a}\t{b}\t{n}" for (a, b), n in sorted(found.items())]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(found)} word pairs")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    c = sub.add_parser("counts")
    c.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    c.add_argument("--out", type=Path, default=COUNTS_PATH)
    w = sub.add_parser("word-pairs")
    w.add_argument("tortured", type=Path)
    w.add_argument("--out", type=Path, default=WORD_PAIRS_PATH)
    args = ap.parse_args(argv)
    if args.what == "counts":
        build_counts(args.mirror, args.out)
    else:
        if not args.tortured.is_file():
            print(f"{args.tortured}: not found", file=sys.stderr)
            return 2
        build_word_pairs(args.tortured, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
