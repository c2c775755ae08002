"""Thesaurus spinning as simple article spinners do it.

A thesaurus maps a phrase (a tuple of lower-case words) to alternatives. Spinning
finds every matchable phrase in the text, left to right, longest phrase first,
never overlapping; then it replaces a random subset of them (the spin rate is the
fraction of matchable phrases replaced) with a random listed alternative. The
capitalisation of the original's first word is carried over. Names and numbers are
not protected, as in the spinners this simulates.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

WORD_RE = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
KEY_WORD_RE = re.compile(r"^[a-z]+(?:'[a-z]+)*$")


def normalise_key(phrase: str) -> tuple[str, ...] | None:
    """Lower-case word tuple for a thesaurus phrase, or None if it can't be matched."""
    words = phrase.strip().lower().replace("\u2019", "'").split()
    if not words or not all(KEY_WORD_RE.match(w) for w in words):
        return None
    return tuple(words)


@dataclass
class Thesaurus:
    name: str
    entries: dict[tuple[str, ...], list[tuple[str, float]]] = field(default_factory=dict)

    @property
    def max_len(self) -> int:
        return max((len(k) for k in self.entries), default=0)

    def add(self, phrase: str, alternatives, weights=None) -> None:
        key = normalise_key(phrase)
        if key is None:
            return
        own = " ".join(key)
        alts = self.entries.setdefault(key, [])
        seen = {a for a, _ in alts}
        for i, alt in enumerate(alternatives):
            alt = " ".join(alt.split())
            if not alt or alt.lower() == own or alt in seen:
                continue
            seen.add(alt)
            alts.append((alt, 1.0 if weights is None else float(weights[i])))
        if not alts:
            del self.entries[key]

    def __len__(self) -> int:
        return len(self.entries)


def find_matches(text: str, thesaurus: Thesaurus) -> list[tuple[int, int, tuple[str, ...]]]:
    """Non-overlapping (start, end, key) spans, scanning left to right, longest first.

    Words of a multi-word phrase must be separated by a single space in the text.
    """
    toks = [(m.start(), m.end(), m.group().lower().replace("\u2019", "'"))
            for m in WORD_RE.finditer(text)]
    maxn = thesaurus.max_len
    out = []
    i = 0
    while i < len(toks):
        hit = None
        # longest run of tokens joined by single spaces starting at i
        run = 1
        while (run < maxn and i + run < len(toks)
               and text[toks[i + run - 1][1]:toks[i + run][0]] == " "):
            run += 1
        for n in range(run, 0, -1):
            key = tuple(t[2] for t in toks[i:i + n])
            if key in thesaurus.entries:
                hit = (toks[i][0], toks[i + n - 1][1], key, n)
                break
        if hit:
            out.append(hit[:3])
            i += hit[3]
        else:
            i += 1
    return out


def match_case(original: str, replacement: str) -> str:
    first = original.split()[0]
    if len(first) > 1 and first.isupper():
        return replacement.upper()
    if first[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def spin(text: str, thesaurus: Thesaurus, rate_range: tuple[float, float],
         rng: random.Random) -> tuple[str, float, int, int]:
    """Spin text; returns (spun, achieved spin rate, replaced, matchable)."""
    matches = find_matches(text, thesaurus)
    if not matches:
        return text, 0.0, 0, 0
    target = rng.uniform(*rate_range)
    k = max(1, round(target * len(matches)))
    chosen = sorted(rng.sample(range(len(matches)), k))
    parts = []
    pos = 0
    for idx in chosen:
        start, end, key = matches[idx]
        alts = thesaurus.entries[key]
        alt = rng.choices([a for a, _ in alts], weights=[w for _, w in alts])[0]
        parts.append(text[pos:start])
        parts.append(match_case(text[start:end], alt))
        pos = end
    parts.append(text[pos:])
    return "".join(parts), round(k / len(matches), 3), k, len(matches)
