"""Small English-vocabulary helpers shared by rule families (no heavy data of their own).

:func:`typo_of` tells an ordinary typo ("cofidence", "continuos") from a word that is not
English at all: a typo is one edit (a letter deleted, inserted, replaced, or two neighbours
swapped) away from a common English word. Typos are a writer's slips, not evidence of spinning
or translation, so the grammar and translation-artifact families leave them alone.
"""

from __future__ import annotations

from typing import Collection

LETTERS = "abcdefghijklmnopqrstuvwxyz"
MIN_TYPO_LENGTH = 5  # shorter words are one edit away from too many others ("anys" -> "any")


def edits1(word: str) -> set[str]:
    """Every string one edit away from ``word`` (lower-case ASCII letters)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in LETTERS if c != b[0]}
    inserts = {a + c + b for a, b in splits for c in LETTERS}
    return deletes | swaps | replaces | inserts


def typo_of(word: str, english: Collection[str]) -> str | None:
    """The common English word (from ``english``) that ``word`` is one edit away from, or None
    (also for words shorter than five letters). Deterministic: the alphabetically first."""
    w = word.lower()
    if len(w) < MIN_TYPO_LENGTH or not w.isalpha():
        return None
    near = sorted(c for c in edits1(w) if c in english and c != w)
    return near[0] if near else None
