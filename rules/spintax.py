"""Spintax left in published text (MT104, reported by the spinner-fingerprints family).

An article spinner works from a template in *spintax*: ``{quick|fast|rapid}`` stands for one of
its alternatives, chosen at random each time an article is made. Spam pages regularly publish a
group unspun (a template the tool did not expand, or braces it did not recognise). Such a group
is a spinner's own syntax in the text, so one is near-certain evidence; the first alternative is
taken for the likely original.

Only groups that read like word choices count: two or more alternatives of one to six words
(letters, digits inside words, spaces, apostrophes, hyphens and light punctuation), at least one of
them a real word of two letters or more, not all of them the same, and not set-builder or code
notation (``{x | x > 0}``: a lone letter or a symbol rules a group out), nor a template's
filter inside double braces (``{{ name | upper }}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# {alt|alt|...}: no braces, pipes or line breaks inside an alternative; one may be empty
# ("{|very }" makes a word optional).
_GROUP = re.compile(r"\{([^{}|\n]{0,80}(?:\|[^{}|\n]{0,80})+)\}")
# what an alternative may hold: words and light punctuation, nothing of code or mathematics
_ALTERNATIVE = re.compile(r"[^\W_](?:(?:[^\W_]|['’ -])*[^\W_])?[.,!?]?")
MAX_WORDS = 6


@dataclass(frozen=True)
class SpintaxGroup:
    start: int  # offsets of the whole group, braces included
    end: int
    alternatives: tuple[str, ...]  # as written, trimmed; empty ones dropped


def _is_alternative(text: str) -> bool:
    return bool(_ALTERNATIVE.fullmatch(text)) and len(text.split()) <= MAX_WORDS


def find_spintax(text: str) -> list[SpintaxGroup]:
    """The spintax groups of ``text`` (see the module docstring for what counts)."""
    out = []
    for m in _GROUP.finditer(text):
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if before in ("$", "%", "\\") or (before == "{" and after == "}"):
            # template or markup syntax: "{{ name | upper }}", "${a|b}", "\\{a|b\\}" (nested
            # spintax, "{{best|greatest}|top}", still counts: its inner group)
            continue
        parts = [p.strip() for p in m.group(1).split("|")]
        alternatives = tuple(p for p in parts if p)
        if len(parts) < 2 or not alternatives or not all(map(_is_alternative, alternatives)):
            continue
        if len({p.lower() for p in parts}) < 2:
            continue  # "{a|a}": nothing to choose between ("{|very}" is: the word or none)
        if any(len(a) == 1 and a.isalpha() for a in alternatives):
            continue  # "{x | y}": notation, not word choices
        if not any(sum(c.isalpha() for c in a) >= 2 for a in alternatives):
            continue
        out.append(SpintaxGroup(m.start(), m.end(), alternatives))
    return out
