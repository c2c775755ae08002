"""Findings in plain words, for people: a short headline and the evidence behind it.

The rules' own messages are stable (the concise format, JSON and SARIF print them unchanged) and
some speak in model terms ("fits here 10^2.1 times better"). The full terminal format and the
HTML report use these helpers instead: they read the finding's ``evidence`` fields (never its
message) and say the same thing in words an editor can act on. A code without a phrasing here
keeps its message.
"""

from __future__ import annotations

import math

from ..core.finding import Finding


def times(log10_ratio: float) -> str:
    """``2.13`` -> ``"about 130 times"``: a ratio given as a power of ten, in round figures
    (two significant digits, thousands separated)."""
    if not math.isfinite(log10_ratio):
        return "vastly more"
    ratio = 10 ** log10_ratio
    if ratio < 1.5:
        return "about as"
    if ratio >= 1e9:
        return "over a billion times"
    digits = max(0, int(math.floor(math.log10(ratio))) - 1)
    rounded = int(round(ratio / 10 ** digits) * 10 ** digits)
    return f"about {rounded:,} times"


def _number(value, default: float = 0.0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _percent(share) -> str:
    return f"{100 * _number(share):.0f} %"


def headline(f: Finding) -> str:
    """The finding's message, in plain words where the rule's message uses model terms."""
    ev = f.evidence
    alt = f.suggestions[0] if f.suggestions else ""
    if f.code == "MT302" and ev.get("spun_like_article") and alt:
        return (f"'{f.text}' is a known spinner substitute for '{alt}', in an article dense "
                f"with known spinner phrases")
    if f.code in ("MT301", "MT302") and "gain" in ev and alt:
        more = times(_number(ev["gain"]))
        if f.code == "MT302":
            return (f"'{f.text}' is a known spinner substitute for '{alt}', which is {more} "
                    f"more likely here")
        return f"unusual word '{f.text}': the synonym '{alt}' is {more} more likely here"
    if f.code == "MT401" and "words" in ev:
        return (f"a {int(_number(ev['words']))}-word passage whose vocabulary is far rarer than "
                f"ordinary news prose")
    if f.code == "MT402" and "words" in ev:
        return (f"a {int(_number(ev['words']))}-word passage whose vocabulary is far rarer than "
                f"the rest of the article")
    return f.message


def explanation(f: Finding) -> str:
    """The evidence behind a finding, in a sentence ("" when it has none worth saying)."""
    ev = f.evidence
    alt = f.suggestions[0] if f.suggestions else ""
    if f.code == "MT302" and ev.get("spun_like_article") and alt and "pair_count" in ev:
        # reported for its prior, not for its fit (the rule's spun-like article tier)
        text = (f"in articles spun by a synonym spinner, '{alt}' was replaced by '{f.text}' "
                f"{int(_number(ev['pair_count']))} times, and {_percent(ev.get('pair_prior'))} "
                f"of the uses of '{f.text}' there were such replacements; this article holds "
                f"many other known spinner phrases")
        gain = _number(ev.get("gain"))
        if gain >= math.log10(1.5):
            text += (f", and an English language model finds '{alt}' {times(gain)} more likely "
                     f"here")
        return text
    if f.code in ("MT301", "MT302") and "gain" in ev and alt:
        text = (f"an English language model finds '{alt}' {times(_number(ev['gain']))} more "
                f"likely than '{f.text}' between these neighbouring words")
        if f.code == "MT302" and "pair_count" in ev:
            text += (f"; in articles spun by a synonym spinner, '{alt}' was replaced by "
                     f"'{f.text}' {int(_number(ev['pair_count']))} times, and "
                     f"{_percent(ev.get('pair_prior'))} of the uses of '{f.text}' there were "
                     f"such replacements")
        return text
    if f.code.startswith("MT1") and "pack" in ev:
        pack = ev["pack"]
        source = {"general": "mtcheck's general spinner lexicon",
                  "scientific": "the Problematic Paper Screener's list of tortured phrases"}.get(
                      str(pack), f"the spinner lexicon pack '{pack}'")
        return (f"listed in {source}: spinners produce this phrase, writers almost never do "
                f"(lexicon confidence {_number(ev.get('entry_confidence'), f.confidence):.2f})")
    if f.code.startswith("MT2") and "checker" in ev:
        return f"found by the {ev['checker']} grammar checker (its rule '{ev.get('rule', '?')}')"
    if f.code in ("MT401", "MT402") and "rare_share" in ev:
        text = (f"{_percent(ev['rare_share'])} of its content words are rare (used less than "
                f"once per million words of English)")
        if f.code == "MT402" and "rest_unusual_share" in ev:
            text += (f"; uncommon one-off words make up {_percent(ev.get('unusual_share'))} here "
                     f"against {_percent(ev['rest_unusual_share'])} in the rest")
        if ev.get("rarest_words"):
            text += f"; rarest: {ev['rarest_words']}"
        return text
    if f.code == "MT501" and "language" in ev:
        return (f"{ev['language']} text in {ev.get('script', 'another')} script, left "
                f"untranslated: evidence of translation, not of spinning")
    if f.code == "MT502" and ev.get("language") not in (None, "unknown"):
        return f"the word looks {ev['language']}"
    if f.code == "MT504" and "last_word" in ev:
        return (f"the sentence before ends with '{ev['last_word']}' and this one starts with "
                f"'{ev.get('next_word', '?')}'")
    return ""
