"""Unicode scripts and a guess at the language of a foreign sentence (MT501/MT502)."""

from __future__ import annotations

import bisect
import re
import unicodedata


# --------------------------------------------------------------------------------------------
# Unicode scripts
# --------------------------------------------------------------------------------------------
_SCRIPT_RANGES = sorted([
    (0x0041, 0x024F, "Latin"), (0x0250, 0x02AF, "Latin"), (0x1E00, 0x1EFF, "Latin"),
    (0x2C60, 0x2C7F, "Latin"), (0xA720, 0xA7FF, "Latin"), (0xFF21, 0xFF5A, "Latin"),
    (0x0370, 0x03FF, "Greek"), (0x1F00, 0x1FFF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"), (0x1C80, 0x1C8F, "Cyrillic"), (0x2DE0, 0x2DFF, "Cyrillic"),
    (0xA640, 0xA69F, "Cyrillic"), (0x0530, 0x058F, "Armenian"),
    (0x0590, 0x05FF, "Hebrew"), (0xFB1D, 0xFB4F, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"), (0x0750, 0x077F, "Arabic"), (0x08A0, 0x08FF, "Arabic"),
    (0xFB50, 0xFDFF, "Arabic"), (0xFE70, 0xFEFF, "Arabic"), (0x0700, 0x074F, "Syriac"),
    (0x0780, 0x07BF, "Thaana"), (0x0900, 0x097F, "Devanagari"), (0x0980, 0x09FF, "Bengali"),
    (0x0A00, 0x0A7F, "Gurmukhi"), (0x0A80, 0x0AFF, "Gujarati"), (0x0B00, 0x0B7F, "Oriya"),
    (0x0B80, 0x0BFF, "Tamil"), (0x0C00, 0x0C7F, "Telugu"), (0x0C80, 0x0CFF, "Kannada"),
    (0x0D00, 0x0D7F, "Malayalam"), (0x0D80, 0x0DFF, "Sinhala"), (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Lao"), (0x0F00, 0x0FFF, "Tibetan"), (0x1000, 0x109F, "Myanmar"),
    (0x10A0, 0x10FF, "Georgian"), (0x1100, 0x11FF, "Hangul"), (0x1200, 0x139F, "Ethiopic"),
    (0x1780, 0x17FF, "Khmer"), (0x1800, 0x18AF, "Mongolian"),
    (0x3040, 0x309F, "Hiragana"), (0x30A0, 0x30FF, "Katakana"), (0x31F0, 0x31FF, "Katakana"),
    (0x3130, 0x318F, "Hangul"), (0x3400, 0x4DBF, "Han"), (0x4E00, 0x9FFF, "Han"),
    (0xAC00, 0xD7AF, "Hangul"), (0xF900, 0xFAFF, "Han"), (0xFF66, 0xFF9F, "Katakana"),
    (0x20000, 0x2FA1F, "Han"),
])
_SCRIPT_STARTS = [r[0] for r in _SCRIPT_RANGES]
# Scripts written without spaces: count letters, not words.
_UNSPACED = frozenset({"Han", "Hiragana", "Katakana", "Thai", "Lao", "Khmer", "Myanmar", "Tibetan"})


def char_script(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x80:
        return "Latin" if ch.isalpha() else ""
    i = bisect.bisect_right(_SCRIPT_STARTS, cp) - 1
    if i >= 0 and cp <= _SCRIPT_RANGES[i][1]:
        return _SCRIPT_RANGES[i][2]
    if ch.isalpha():
        name = unicodedata.name(ch, "")
        return name.split(" ")[0].title() if name else "Other"
    return ""


def word_script(word: str) -> str:
    """The script of a word: "Latin" for ASCII, else the script of most of its letters."""
    if word.isascii():
        return "Latin"
    counts: dict[str, int] = {}
    for ch in word:
        s = char_script(ch)
        if s:
            counts[s] = counts.get(s, 0) + 1
    if not counts:
        return ""
    return max(sorted(counts), key=counts.__getitem__)


_CLOSING = frozenset(".,;:!?»”’\")]。，、；：！？」』）")
_OPENING = frozenset("«“‘\"([「『（")
_SENTENCE_END = re.compile(r"[.!?](?=[\s»”’\")]|$)|[。！？]")

_LANG_NAMES = {"es": "Spanish", "ca": "Catalan", "fr": "French", "de": "German",
               "it": "Italian", "pt": "Portuguese"}


def guess_language(script: str, text: str) -> str:
    """A language name for foreign-script text, from letters specific to one language."""
    if script == "Cyrillic":
        low = text.lower()
        if any(c in low for c in "іїєґ"):
            return "Ukrainian"
        if "ў" in low:
            return "Belarusian"
        if any(c in low for c in "ђјљњћџ"):
            return "Serbian"
        if any(c in low for c in "ѓќѕ"):
            return "Macedonian"
        if any(c in low for c in "ыэё"):
            return "Russian"
        return ""
    if script == "Arabic":
        if any(c in text for c in "ٹڈڑںے"):
            return "Urdu"
        if any(c in text for c in "پچژگکی"):
            return "Persian"
        return "Arabic"
    if script in ("Han", "Hiragana", "Katakana"):
        if any(char_script(c) in ("Hiragana", "Katakana") for c in text):
            return "Japanese"
        return "Chinese"
    return {"Greek": "Greek", "Hebrew": "Hebrew", "Hangul": "Korean", "Devanagari": "Hindi",
            "Bengali": "Bengali", "Tamil": "Tamil", "Thai": "Thai", "Georgian": "Georgian",
            "Armenian": "Armenian"}.get(script, "")
