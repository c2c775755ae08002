"""Checks within a paragraph: numbers and dates (MT503, MT508), lower-cased names (MT505),
doubled words and articles (MT506, MT509)."""

from __future__ import annotations

import re

from mtcheck.core.document import Document, Span, SpanSet, Token
from mtcheck.core.finding import Severity
from mtcheck.core.text import MONTHS

from .lexicon import proper_names
from .vocabulary import (
    _AFTER_DIGIT_OK, _AUX_AFTER_SUBORDINATOR, _bare, _CALENDAR_WORDS, _DECADES,
    _digits_for_words, _DOUBLED_WORDS, _I, _MONTH, _MONTHS_LOWER, _NOT_BEFORE_NAME,
    _NUMBER_TRIGGERS, _NUMSEQ, _ONLY_WORDS, _ORD_VALUES, _ROMANCE_DATE, _SAID_NO_SUBJECT,
    _SMALL_WORDS, _SUBORD_AUX, _SUBORDINATORS, _VALUES, number_patterns, words_to_number)


class ParagraphChecks:
    """Mixed into :class:`TranslationArtifacts`: the per-paragraph checks."""

    def _paragraph_findings(self, doc: Document, para: Span):
        """MT503, MT505-MT509 in one paragraph; each regex runs only where its trigger words
        occur (a set lookup), which keeps the rule fast."""
        text = doc.text
        toks = doc.tokens_in(para)
        lows = {t.lower for t in toks}
        yield from self._numbers(doc, para, lows)
        yield from self._lowercased_names(text, toks)
        if self._extra_names is not None:
            for m in self._extra_names.finditer(text, para.start, para.end):
                yield self._name_finding(m.start(), m.end(), m.group(), {})
        words = [t for t in toks if t.kind == "word"]
        for a, b in zip(words, words[1:]):
            if (a.lower == b.lower and a.lower in _DOUBLED_WORDS and text[a.end:b.start].isspace()
                    and text[b.end:b.end + 1] not in ("-", "’", "'")
                    and not text[a.start - 1:a.start].isalnum()):
                yield self.finding("MT506", a.start, b.end, text[a.start:b.end],
                                   f"'{a.text}' twice in a row", suggestions=[a.text],
                                   confidence=0.6)
        if lows & _SUBORDINATORS and lows & _AUX_AFTER_SUBORDINATOR:
            for m in _SUBORD_AUX.finditer(text, para.start, para.end):
                if m.group(1) == "when" and "?" in text[m.end():para.end].split(".")[0]:
                    continue
                yield self.finding(
                    "MT507", m.start(), m.end(), m.group(),
                    f"'{m.group()}' has no subject: a pronoun the source language left "
                    "implicit was dropped in translation",
                    suggestions=[f"{m.group(1)} it {m.group(2)}",
                                 f"{m.group(1)} he {m.group(2)}"],
                    confidence=0.85)
        if "said" in lows:
            for m in _SAID_NO_SUBJECT.finditer(text, para.start, para.end):
                s = m.end() - len("said.")
                yield self.finding("MT507", s, m.end() - 1, "said",
                                   "'said' has no subject: a dropped pronoun",
                                   suggestions=["he said", "she said"], confidence=0.8)
        if "of" in lows and lows & _MONTHS_LOWER:
            for m in _ROMANCE_DATE.finditer(text, para.start, para.end):
                yield self.finding(
                    "MT508", m.start(), m.end(), m.group(),
                    f"'{m.group()}' is a date in Romance-language order",
                    suggestions=[f"{m.group(1)} {m.group(2)}"], confidence=0.85)
        yield from self._doubled_articles(text, words)

    def _doubled_articles(self, text: str, words: list[Token]):
        """MT509: "the Tory the party", "the most interesting the pieces"."""
        n = len(words)
        for i, t in enumerate(words):
            if t.lower != "the" or i + 3 >= n:
                continue
            x, y = words[i + 1], words[i + 2]
            if (x.text[0].isupper() and not x.text.endswith("s") and y.text == "the"
                    and words[i + 3].text.islower()):
                kept = [t, x, words[i + 3]]  # "the Tory the party"
            elif (x.lower in ("most", "least") and i + 4 < n and y.text.islower()
                  and not y.text.endswith("ly") and y.lower not in _DOUBLED_WORDS
                  and words[i + 3].text == "the" and words[i + 4].text.islower()):
                kept = [t, x, y, words[i + 4]]  # "the most interesting the pieces"
            else:
                continue
            start, end = t.start, kept[-1].end
            if not _ONLY_WORDS.fullmatch(text, start, end):
                continue
            yield self.finding(
                "MT509", start, end, text[start:end],
                f"article repeated inside one noun phrase: '{text[start:end]}'",
                suggestions=[" ".join(k.text for k in kept)], confidence=0.65)

    def _lowercased_names(self, text: str, toks: list[Token]):
        """MT505: listed names written all in lower case (case-sensitive on purpose)."""
        names, by_first = proper_names()
        n = len(toks)
        skip_to = 0
        for i, t in enumerate(toks):
            if i < skip_to or _bare(t.text) not in by_first \
                    or text[t.start - 1:t.start] in _NOT_BEFORE_NAME:
                continue
            for words in by_first[_bare(t.text)]:
                j = i + len(words)
                if j > n or any(toks[i + k].text != w for k, w in enumerate(words[:-1])) \
                        or _bare(toks[j - 1].text) != words[-1]:
                    continue
                if any(not text[toks[k].end:toks[k + 1].start].isspace() for k in range(i, j - 1)):
                    continue
                end = toks[j - 1].start + len(words[-1])
                if text[end:end + 1] == "-" or text[end:end + 1].isalnum():
                    continue
                yield self._name_finding(t.start, end, text[t.start:end], names)
                skip_to = j
                break

    def _name_finding(self, start, end, matched, names):
        key = re.sub(r"\s+", " ", matched)
        spelled = names.get(key, (key.title(),))
        sugg = list(spelled)
        return self.finding(
            "MT505", start, end, matched,
            f"'{matched}' is a proper name written in lower case (usually '{spelled[0]}'); "
            "rewriters substitute names like this",
            suggestions=sugg,
            confidence=0.85 if " " in key else 0.5 if key in _CALENDAR_WORDS else 0.7)

    # ----------------------------------------------------------------------------------------
    def _numbers(self, doc: Document, para: Span, lows: set[str]):
        text = doc.text
        used = SpanSet()
        for kind, pattern, conf in number_patterns():
            if not _NUMBER_TRIGGERS[kind](lows):
                continue
            for m in pattern.finditer(text, para.start, para.end):
                start = m.start()
                # The digit patterns look one word further ("the 1 of January") than they flag.
                end = m.end(2) if kind in ("digit", "initial-digit") else m.end()
                if used.overlaps(start, end):
                    continue
                got = self._number_message(kind, m)
                if got is None:
                    continue
                message, sugg = got
                used.add(start, end)
                # Digits glued to number words never occur in human text: an error, not a hint.
                yield self.finding("MT503", start, end, text[start:end], message,
                                   suggestions=sugg, evidence={"pattern": kind},
                                   confidence=conf,
                                   severity=Severity.ERROR if kind == "mixed" else None)

    @staticmethod
    def _number_message(kind: str, m: re.Match):
        s = m.group()
        if kind == "mixed":
            if not re.search(_NUMSEQ, s, _I):
                return None
            return (f"'{s}' mixes digits and number words, as spinners do",
                    [_digits_for_words(s).replace(" ", "") if re.search(r"\d", s)
                     else _digits_for_words(s)])
        if kind == "decade":
            parts = re.split(r"[ -]+", s.lower())
            base = 1900 if parts[0] == "nineteen" else 1800
            decade = _DECADES.get(parts[-1], 0)
            return (f"'{s}': a decade spelled out; news text writes it in digits",
                    [f"{base + decade}s"])
        if kind == "year":
            if s == "Nineteen Eighty-Four":  # Orwell's novel
                return None
            low = s.lower()
            if low.startswith(("nineteen", "eighteen")):
                parts = re.split(r"[ -]+", low)
                year = (1900 if parts[0] == "nineteen" else 1800) + (words_to_number(
                    " ".join(parts[1:])) or 0)
            else:
                year = words_to_number(low)
            return (f"'{s}': a year spelled out; news text writes years in digits",
                    [str(year)] if year else [])
        if kind == "day":
            month = re.search(_MONTH, s)
            day_words = s.replace(month.group(), "").replace(" of ", " ").strip()
            day = words_to_number(day_words)
            if day is None:
                day = sum(_ORD_VALUES.get(w, _VALUES.get(w, 0))
                          for w in re.split(r"[ -]+", day_words.lower()))
            if not 1 <= day <= 31:
                return None
            return (f"'{s}': a date with its day spelled out, as spinners write it",
                    [f"{day} {month.group()}"])
        if kind == "unhyphenated":
            if s[0].isupper():  # "Fifty nine percent ..." opening a sentence: a human typo
                return None
            return (f"'{s}': a compound number without its hyphen, as spinners write it",
                    [_digits_for_words(s) if words_to_number(s) else s.replace(" ", "-"),
                     s.replace(" ", "-")])
        if kind in ("digit", "initial-digit", "one-of"):
            if kind != "one-of":
                following = m.group(2).lower()
                if following in _AFTER_DIGIT_OK or (following == "of" and m.group(3) in MONTHS):
                    return None  # "the 2 million", "the 3 points", "the 1 of January"
                s = s[:m.end(2) - m.start()]
            digit = m.group(1)
            word = _SMALL_WORDS[int(digit) - 1]
            start_of_sentence = kind == "initial-digit"
            repl = word.capitalize() if start_of_sentence else word
            sugg = s[:m.start(1) - m.start()] + repl + s[m.end(1) - m.start():]
            return (f"'{s}': a digit where news style spells the number ('{repl}'); "
                    "spinners swap words and digits", [sugg])
        if kind == "ordinal":
            ordinal = {"2": ("second", "2nd"), "3": ("third", "3rd")}[m.group(1)]
            return (f"'{s}': a spinner's abbreviation of '{ordinal[0]}'", list(ordinal))
        return None

    # ----------------------------------------------------------------------------------------
