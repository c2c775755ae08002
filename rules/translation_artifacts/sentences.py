"""Checks across sentences: sentences broken mid-clause (MT504) and clauses without their subject
pronoun (MT507)."""

from __future__ import annotations

from mtcheck.core.document import Document

from .vocabulary import (
    _FRAGMENT_PRONOUNS, _INITIAL_AUX, _INITIAL_AUX_OK, _keeps_capital, _LAST_TOKEN, _WORD,
    CONFIDENT_FINAL, NEVER_FINAL)


class SentenceChecks:
    """Mixed into :class:`TranslationArtifacts`: the sentence-boundary checks."""

    def _broken_sentences(self, doc: Document):
        """MT504: full stops in the middle of a clause."""
        text = doc.text
        sentences = doc.sentences
        for a, b in zip(sentences, sentences[1:]):
            head = text[a.start:a.end].rstrip()
            if not head.endswith(".") or text[a.end:b.start].count("\n"):
                continue
            last_m = _LAST_TOKEN.search(head, max(0, len(head) - 40))
            b_words = _WORD.findall(text, b.start, min(b.end, b.start + 60))
            if not last_m or not b_words:
                continue
            last_word = last_m.group(1)
            last, first = last_word.lower(), b_words[0]
            b_text = text[b.start:b.end].rstrip()
            if not b_text.startswith(first):
                continue
            reason = ""
            conf = 0.0
            joined = f"{last_word} {first if _keeps_capital(first) else first.lower()}"
            if last in NEVER_FINAL and not head.endswith(("..", "…")):
                reason = f"the sentence before ends with '{last_word}'"
                conf = 0.8 if last in CONFIDENT_FINAL else 0.6
            elif (first in ("Which", "Whom", "Whose", "Whereby", "Wherein") and len(b_words) > 1
                  and b_words[1].lower() in _FRAGMENT_PRONOUNS and not b_text.endswith("?")):
                reason = f"the next 'sentence' is a relative clause opening with '{first}'"
                conf = 0.7
            elif (first.endswith("ing") and len(b_words) > 1 and b_words[1] == "that"
                  and ", " not in b_text and first not in ("Nothing", "Something", "Everything",
                                                           "Anything", "During", "Being")):
                reason = f"the next 'sentence' is a participle clause opening with '{first} that'"
                conf = 0.65
                joined = f"{last_word}, {first.lower()}"
            if not reason:
                continue
            start = a.start + last_m.start(1)
            end = b.start + len(first)
            yield self.finding(
                "MT504", start, end, text[start:end],
                f"sentence broken mid-clause: {reason}",
                suggestions=[joined], evidence={"last_word": last, "next_word": first},
                confidence=conf)

    def _initial_aux(self, doc: Document):
        """MT507: a statement opening with an auxiliary verb and no subject ("Has had critics")."""
        text = doc.text
        for sent in doc.sentences:
            m = _INITIAL_AUX.match(text, sent.start, sent.end)
            if not m or m.group(2) in _INITIAL_AUX_OK or "?" in text[sent.start:sent.end]:
                continue
            yield self.finding(
                "MT507", m.start(), m.end(), m.group(),
                f"'{m.group()}' opens a statement with no subject: a dropped pronoun",
                suggestions=[f"It {m.group(1).lower()} {m.group(2)}",
                             f"He {m.group(1).lower()} {m.group(2)}"],
                confidence=0.7)
