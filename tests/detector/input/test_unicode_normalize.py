"""Tests of the Unicode normaliser: what it undoes, what it leaves alone, and the offset map."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtcheck.input.unicode_normalize import _SUSPECT_RE, JOIN, SUSPECT_CHARS, normalize

CYR_A, CYR_E, CYR_O = "\u0430", "\u0435", "\u043e"
ZWSP, SHY, RLO, PDF = "\u200b", "\u00ad", "\u202e", "\u202c"


@pytest.mark.parametrize("original, expected, kinds", [
    ("The p" + CYR_A + "per was r" + CYR_E + "ad.", "The paper was read.", ["homoglyph"] * 2),
    ("a w" + ZWSP + "ord here", "a word here", ["zero-width"]),
    ("inter" + SHY + "national", "international", ["soft-hyphen"]),
    ("bi" + RLO + PDF + "di", "bidi", ["bidi"]),
    ("ﬁne ｗｏｒｄ 𝐛𝐨𝐥𝐝", "fine word bold", []),
    ("word" + ZWSP + " next", "word next", []),          # between words: removed, not reported
    ("\ufeffStart of text", "Start of text", []),
    ("in " + CYR_O + " out", "in o out", ["homoglyph"]),  # a look-alike word between Latin words
    ("un" + JOIN + "believable", "unbelievable", []),     # the markup join placeholder
])
def test_undoes_tricks(original, expected, kinds):
    result = normalize(original)
    assert result.text == expected
    assert [o.kind for o in result.obfuscations] == kinds


@pytest.mark.parametrize("text", [
    "Привет, как дела? Это русский текст с буквами а, о и с.",  # Russian stays Russian
    "The α-helix and ρ = 0.5 with σx small.",                  # Greek symbols in science
    "Plain ASCII text.",
    "Café naïve résumé – “quotes” … ½ ™ x²",                      # ordinary non-ASCII is kept
])
def test_leaves_ordinary_text_alone(text):
    result = normalize(text)
    assert result.text == text
    assert result.obfuscations == []


def test_offsets_point_into_the_original():
    original = "Zero" + ZWSP + "width and ﬁne p" + CYR_A + "per" + SHY + "s."
    result = normalize(original)
    assert result.text == "Zerowidth and fine papers."
    for word in ("Zerowidth", "and", "fine", "papers"):
        s = result.text.index(word)
        os_, oe = result.offsets.span(s, s + len(word))
        visible = "".join(c for c in original[os_:oe] if c not in (ZWSP, SHY))
        assert normalize(visible).text == word
    spans = [(o.start, o.end) for o in result.obfuscations]
    assert [original[s:e] for s, e in spans] == [ZWSP, CYR_A, SHY]
    assert all(o.word_start <= o.start < o.end <= o.word_end for o in result.obfuscations)


def test_ascii_text_is_returned_as_is():
    text = "Nothing to do here. " * 100
    result = normalize(text)
    assert result.text is text and result.offsets.identity


def test_suspect_set_is_exactly_what_the_regex_matches():
    # normalize() decides "nothing to undo" with the set; the edits come from the regex: every
    # code point must be treated alike by both.
    differ = [cp for cp in range(0x110000)
              if (chr(cp) in SUSPECT_CHARS) != (_SUSPECT_RE.match(chr(cp)) is not None)]
    assert differ == []
    assert len(SUSPECT_CHARS) > 1000


tricks = st.sampled_from([ZWSP, SHY, RLO, "\u2060", "\ufe0f", JOIN])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="abcdefgh .,", min_size=0, max_size=6), tricks),
                max_size=12), st.text(alphabet="abc ", max_size=5))
def test_removing_invisibles_keeps_a_monotone_map(pieces, tail):
    original = "".join(a + b for a, b in pieces) + tail
    plain = "".join(a for a, _ in pieces) + tail
    result = normalize(original)
    assert result.text == plain
    positions = [result.offsets.start(i) for i in range(len(plain) + 1)]
    assert positions == sorted(positions)
    for i, ch in enumerate(plain):
        assert original[result.offsets.start(i)] == ch
    assert result.offsets.start(len(plain)) == len(original)
    # and back: every original position maps to a normalised one, in order
    back = [result.offsets.to_normalized(i) for i in range(len(original) + 1)]
    assert back == sorted(back) and back[-1] == len(plain)
    for i in range(len(plain)):
        assert result.offsets.to_normalized(result.offsets.start(i)) == i


def test_linear_on_long_inputs():
    # Operation count, not time: the word scan is bounded per suspect character.
    text = ("x" * 10_000 + CYR_A) * 20
    result = normalize(text)
    assert len(result.text) == len(text)
    assert len(result.obfuscations) == 20
