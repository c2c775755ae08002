"""The word lists of the MT5xx family: English, accented English and foreign word classes, and
proper names with their usual spelling (loaded lazily, once per process)."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


DATA_PACKAGE = "mtcheck.rules"
DATA_DIR = "data/translation-artifacts"


# --------------------------------------------------------------------------------------------
# Data, loaded lazily once per process
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Lexicon:
    english: frozenset[str]  # English words with Zipf >= 3
    english_accented: frozenset[str]  # rarer English words with letters outside ASCII
    foreign_lang: dict[str, str]  # foreign-leaning word -> language code (es ca fr de it pt)
    foreign_in_english: frozenset[str]  # foreign words English does use now and then
    foreign_common: frozenset[str]  # very common foreign words, rare in English


def _data_text(name: str) -> bytes:
    return resources.files(DATA_PACKAGE).joinpath(DATA_DIR, name).read_bytes()


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = gzip.decompress(_data_text("lexicon.txt.gz")).decode("utf-8")
    lines = dict(line.split("\t", 1) for line in raw.splitlines())
    lang: dict[str, str] = {}
    for key in sorted(lines):
        if key.startswith("lang:"):
            lang.update(dict.fromkeys(lines[key].split(), key[5:]))
    return Lexicon(english=frozenset(lines["en"].split()),
                   english_accented=frozenset(lines["en-accented"].split()),
                   foreign_lang=lang,
                   foreign_in_english=frozenset(lines["foreign-en"].split()),
                   foreign_common=frozenset(lines["common"].split()))


@lru_cache(maxsize=1)
def proper_names() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[tuple[str, ...], ...]]]:
    """Lower-case name -> (usual spelling, other suggestions...), and first word -> the names
    starting with it, as word tuples, longest first."""
    names: dict[str, tuple[str, ...]] = {}
    for line in _data_text("proper_names.txt").decode("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        extra = tuple(s.strip() for s in parts[2].split(";")) if len(parts) > 2 else ()
        names[parts[0]] = (parts[1],) + extra
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for name in names:
        words = tuple(name.split())
        by_first.setdefault(words[0], []).append(words)
    return names, {k: tuple(sorted(v, key=lambda w: (-len(w), w))) for k, v in by_first.items()}
