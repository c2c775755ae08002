"""Undo Unicode tricks that hide words from the rules, keeping a map back to the original text.

Spinners and copiers slip text past detectors by making words look the same to a reader and
different to a program:

- letters from another script that look like Latin ones (Cyrillic ``а`` in ``pаper``);
- invisible characters inside words: zero-width space/joiners, word joiner, byte-order mark,
  variation selectors, tag characters, and the bidirectional controls (``U+202A``-``U+202E``,
  ``U+2066``-``U+2069``, marks ``U+200E``/``U+200F``/``U+061C``);
- soft hyphens (``U+00AD``) inside words.

:func:`normalize` returns the text with those undone, plus compatibility forms of letters and
digits folded (NFKC: fullwidth ``ｗｏｒｄ``, ligatures ``ﬁ``, mathematical letters), an
:class:`OffsetMap` from positions in the normalised text back to the original (so findings point
into the file as it is), and the :class:`Obfuscation` spans: look-alike letters and invisible
characters *inside words*, which are evidence of evasion. Invisible characters between words are
removed without comment, and so is a look-alike letter's script in a word that is not otherwise
Latin (Russian text stays Russian: a word is only re-spelt when it mixes Latin letters with
look-alikes, or consists of look-alikes between Latin words).

Markup loaders may mark the place of a tag that split a word (``<b>wo</b>rd``) with
:data:`JOIN`; it is removed like an invisible character but not reported as obfuscation by this
module (the loader decides).

Linear time: a text without any of these characters is returned as it is after one set test.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field

from ..core.offsets import Obfuscation, OffsetMap

# Placeholder a markup loader may put where a tag split a word: removed, not reported here.
JOIN = "\ue000"

ZERO_WIDTH = ("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u034f"
              "\u115f\u1160\u3164\uffa0")
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
SOFT_HYPHEN = "\u00ad"
# Variation selectors and tag characters are invisible too.
_INVISIBLE_CODE_RANGES = ((0xFE00, 0xFE0F), (0xE0000, 0xE007F), (0xE0100, 0xE01EF))
_INVISIBLE_RANGES = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _INVISIBLE_CODE_RANGES)
INVISIBLE_CLASS = (f"[{re.escape(ZERO_WIDTH + BIDI + SOFT_HYPHEN + JOIN)}{_INVISIBLE_RANGES}]")
_INVISIBLE_RE = re.compile(INVISIBLE_CLASS + "+")

# Where compatibility forms of letters and digits live (the rest of NFKC is left alone: it
# would turn "½" into "1⁄2", "™" into "TM", "…" into "...", superscripts into digits).
_COMPAT_RANGES = [(0x00AA, 0x00BA), (0x0132, 0x0133), (0x013F, 0x0140), (0x0149, 0x0149),
                  (0x017F, 0x017F), (0x01C4, 0x01CC), (0x01F1, 0x01F3), (0x2102, 0x2149),
                  (0xFB00, 0xFB06), (0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A),
                  (0x1D400, 0x1D7FF)]


def _compat_table() -> dict[str, str]:
    out = {}
    for lo, hi in _COMPAT_RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if not unicodedata.category(ch).startswith(("L", "Nd")):
                continue
            folded = unicodedata.normalize("NFKC", ch)
            if folded != ch and folded.isalnum() and folded.isascii():
                out[ch] = folded
    return out


def _load_confusables() -> dict[str, str]:
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "latin_confusables.tsv")
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            cp, latin, _name = line.rstrip("\n").split("\t")
            out[chr(int(cp, 16))] = latin
    return out


CONFUSABLES: dict[str, str] = _load_confusables()
COMPAT: dict[str, str] = _compat_table()
_SUSPECT_RE = re.compile(
    INVISIBLE_CLASS + "+|[" + re.escape("".join(CONFUSABLES) + "".join(COMPAT)) + "]")
# The characters _SUSPECT_RE matches, as a set: whether a text has any is a set test (~0.03 ms
# for a 400-word article), where the search through that large character class, with ranges
# beyond U+FFFF, took ~1.7 ms even when it found nothing (most non-ASCII articles).
SUSPECT_CHARS = frozenset(ZERO_WIDTH + BIDI + SOFT_HYPHEN + JOIN + "".join(CONFUSABLES)
                          + "".join(COMPAT)) | frozenset(
    chr(cp) for lo, hi in _INVISIBLE_CODE_RANGES for cp in range(lo, hi + 1))
# A word: letters and combining marks, with invisible characters among them. Bounded on each
# side so that a pathological "word" of megabytes stays linear.
_WORD_MAX = 64


@dataclass
class Normalized:
    text: str
    offsets: OffsetMap
    obfuscations: list[Obfuscation] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return not self.offsets.identity or bool(self.obfuscations) or self._replaced

    _replaced: bool = False


def _is_latin(ch: str) -> bool:
    cp = ord(ch)
    return ch.isalpha() and (cp < 0x0250 or 0x1E00 <= cp <= 0x1EFF) and ch not in CONFUSABLES


def _is_word_char(ch: str) -> bool:
    return ch.isalpha() or unicodedata.category(ch).startswith("M") or _INVISIBLE_RE.match(ch) is not None


def _word_bounds(text: str, i: int, j: int) -> tuple[int, int]:
    """The word around text[i:j] (letters, marks and invisible characters), bounded."""
    s = i
    lo = max(0, i - _WORD_MAX)
    while s > lo and _is_word_char(text[s - 1]):
        s -= 1
    e = j
    hi = min(len(text), j + _WORD_MAX)
    while e < hi and _is_word_char(text[e]):
        e += 1
    return s, e


def _neighbour_is_latin(text: str, pos: int, step: int) -> bool:
    """Whether the nearest word before (step -1) or after (step 1) ``pos`` has Latin letters."""
    if step < 0:
        near = range(pos - 1, max(-1, pos - 41), -1)
    else:
        near = range(pos, min(len(text), pos + 40))
    for k in near:
        if text[k].isalpha():
            break
    else:
        return False
    for _ in range(_WORD_MAX):
        if not (0 <= k < len(text)) or not text[k].isalpha():
            break
        if _is_latin(text[k]):
            return True
        k += step
    return False


def _name(ch: str) -> str:
    return unicodedata.name(ch, f"U+{ord(ch):04X}")


def normalize(text: str) -> Normalized:
    """The text with look-alike letters in Latin words re-spelt, invisible characters and soft
    hyphens removed and compatibility letters folded; see the module docstring."""
    if text.isascii() or SUSPECT_CHARS.isdisjoint(text):
        return Normalized(text, OffsetMap(length=len(text), original_length=len(text)))
    # Edits over the original: (start, end, replacement), and obfuscation spans.
    edits: list[tuple[int, int, str]] = []
    found: list[Obfuscation] = []
    words_done: dict[tuple[int, int], bool] = {}  # word bounds -> re-spell look-alikes?
    for m in _SUSPECT_RE.finditer(text):
        i, j = m.start(), m.end()
        run = m.group()
        if run[0] in CONFUSABLES and len(run) == 1 and not _INVISIBLE_RE.match(run):
            ws, we = _word_bounds(text, i, j)
            decision = words_done.get((ws, we))
            if decision is None:
                decision = words_done[(ws, we)] = _respell(text, ws, we)
            if decision:
                edits.append((i, j, CONFUSABLES[run]))
                found.append(Obfuscation(i, j, "homoglyph", ws, we,
                                         f"{_name(run)} for '{CONFUSABLES[run]}'"))
            continue
        if len(run) == 1 and run in COMPAT:
            edits.append((i, j, COMPAT[run]))
            continue
        # Invisible characters: removed; inside a word with Latin (or look-alike) letters on a
        # side, reported, except for the markup join placeholder.
        edits.append((i, j, ""))
        before = text[i - 1] if i > 0 else ""
        after = text[j] if j < len(text) else ""
        if before.isalpha() and after.isalpha() and (
                _is_latin(before) or _is_latin(after) or before in CONFUSABLES
                or after in CONFUSABLES):
            visible = run.replace(JOIN, "")
            if not visible:
                continue
            ws, we = _word_bounds(text, i, j)
            kind = ("soft-hyphen" if set(visible) == {SOFT_HYPHEN}
                    else "bidi" if all(c in BIDI for c in visible) else "zero-width")
            names = ", ".join(sorted({_name(c) for c in visible}))
            found.append(Obfuscation(i, j, kind, ws, we, names))
    return _apply(text, edits, found)


def _respell(text: str, ws: int, we: int) -> bool:
    """Whether the look-alike letters of text[ws:we] stand for Latin ones."""
    letters = [c for c in text[ws:we] if c.isalpha()]
    if not letters:
        return False
    foreign = [c for c in letters if not _is_latin(c)]
    if any(c not in CONFUSABLES for c in foreign):
        return False  # a word of another script (or a mix we cannot read as Latin)
    latin = len(letters) - len(foreign)
    greek = any(unicodedata.name(c, "").startswith("GREEK") for c in foreign)
    if latin:
        # Greek letters beside Latin ones are common in science ("σx", "νe"): only words
        # of three letters or more are re-spelt.
        return not greek or len(letters) >= 3
    if greek and len(letters) < 3:
        return False  # a Greek symbol ("α", "ρ") in Latin text
    # Only look-alikes: a Latin word in disguise when the words on both sides are Latin.
    return _neighbour_is_latin(text, ws, -1) and _neighbour_is_latin(text, we, 1)


def _apply(text: str, edits: list[tuple[int, int, str]], found: list[Obfuscation]) -> Normalized:
    edits.sort()
    out: list[str] = []
    breaks: list[int] = []
    origins: list[int] = []
    pos = 0  # in the original
    npos = 0  # in the output
    replaced = False
    for s, e, rep in edits:
        if s < pos:
            continue
        out.append(text[pos:s])
        npos += s - pos
        if rep and len(rep) == e - s:
            out.append(rep)  # one for one: the map does not change
            npos += len(rep)
            replaced = True
        else:
            for k, ch in enumerate(rep):
                if k:  # extra characters of an expansion map to the same original character
                    breaks.append(npos)
                    origins.append(s)
                out.append(ch)
                npos += 1
            breaks.append(npos)
            origins.append(e)
        pos = e
    out.append(text[pos:])
    npos += len(text) - pos
    # Drop breaks that do not change the mapping (e.g. a final one at the very end).
    kept_b, kept_o = [], []
    for b, o in zip(breaks, origins):
        if kept_b and kept_b[-1] == b:
            kept_o[-1] = o
            continue
        prev = (kept_o[-1] + (b - kept_b[-1])) if kept_b else b
        if prev != o:
            kept_b.append(b)
            kept_o.append(o)
    result = Normalized("".join(out), OffsetMap(kept_b, kept_o, npos, len(text)), found)
    result._replaced = replaced
    return result
