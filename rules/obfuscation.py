"""MT7xx obfuscation: words disguised with Unicode tricks so that a program reads them differently.

What it does
    Reports words in which the input layer found letters of another script that look like Latin
    letters (Cyrillic ``а`` in ``pаper``: MT701), invisible characters (zero-width space or
    joiner, word joiner, byte-order mark, variation selectors, bidirectional controls: MT702) or
    soft hyphens (MT703) *inside* the word. The article is checked as if those tricks were
    undone (look-alikes re-spelt in Latin, invisible characters removed), so the other rules see
    the words a reader sees; findings still point at the file's own lines and columns.

Why is this bad
    These characters are the classic way to slip spun or copied text past a detector: the text
    looks unchanged, but every disguised word is unknown to word lists, spelling checkers and
    fingerprint lexicons. Ordinary prose has no reason to contain them inside words.

Effect on the verdict
    Obfuscation is evidence of evasion, not of spinning or translation: it does not change the
    probabilities, but an article with disguised words is never ``clean``; its verdict is at least
    ``suspicious`` (see the README, "Scores and verdicts"). Soft hyphens may be legitimate
    hyphenation hints in some web pages (``&shy;``): ignore MT703 for such sources.

Example
    ``The kingdom medіa said`` (Cyrillic ``і``) -> MT701; ``mili\u200btary`` (a zero-width space)
    -> MT702; ``co\u00adoperation`` (a soft hyphen) -> MT703.
"""

from __future__ import annotations

from mtcheck.core.document import Document
from mtcheck.core.finding import Severity
from mtcheck.core.rule import Code, Rule, RuleOutput, flags, passes

KIND_CODE = {"homoglyph": "MT701", "zero-width": "MT702", "bidi": "MT702", "soft-hyphen": "MT703"}
CONFIDENCE = {"MT701": 1.0, "MT702": 1.0, "MT703": 0.8}
WHAT = {"MT701": "letters of another script that look like Latin ones",
        "MT702": "invisible characters", "MT703": "soft hyphens"}


class Obfuscation(Rule):
    __doc__ = __doc__
    family = "MT7"
    name = "obfuscation"
    codes = (
        Code("MT701", "look-alike-letters", Severity.ERROR,
             "Letters of another script that look like Latin letters inside a word.", kind="evasion"),
        Code("MT702", "invisible-characters", Severity.ERROR,
             "Zero-width, joiner or bidirectional control characters inside a word.", kind="evasion"),
        Code("MT703", "soft-hyphens", Severity.WARNING,
             "Soft hyphens inside a word.", kind="evasion"),
    )
    examples = (
        flags("The kingdom m\u0435dia said the two countries would deepen ties.", "MT701"),
        flags("The mili\u200btary cooperation between the two countries grew.", "MT702"),
        flags("Their co\u00adoperation grew, officials said.", "MT703"),
        flags("Officials said the ta\u202elk\u202cs went well.", "MT702"),
        passes("Officials in Москва said the talks went well."),
        passes("The α-helix is common, and ρ = 0.5 in this model."),
        passes("A zero-width space between words\u200b is not inside a word."),
    )

    def run(self, doc: Document) -> RuleOutput:
        out = RuleOutput()
        by_word: dict[tuple[int, int, str], list] = {}
        for o in doc.obfuscations:
            code = KIND_CODE.get(o.kind)
            if code:
                by_word.setdefault((o.word_start, o.word_end, code), []).append(o)
        for (start, end, code), found in sorted(by_word.items()):
            details = sorted({o.detail for o in found})
            word = doc.text[start:end]
            out.findings.append(self.finding(
                code, start, end, word,
                f"'{word}' is disguised with {WHAT[code]} ({'; '.join(details[:3])})",
                suggestions=(word,) if code == "MT701" else (),
                evidence={"characters": len(found)}, confidence=CONFIDENCE[code]))
        return out
