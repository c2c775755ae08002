"""MT5xx translation artifacts: foreign or untranslated text, number oddities, broken sentences,
lower-cased names and generic machine-translation slips.

The rule class (documentation, codes, examples, settings, features) and :meth:`run`; the
checks themselves are in :mod:`.foreign`, :mod:`.paragraphs` and :mod:`.sentences`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtcheck.core.density import per_100_words_factor
from mtcheck.core.document import Document, SpanSet
from mtcheck.core.finding import Severity
from mtcheck.core.rule import Code, Rule, RuleOutput, flags, passes

from .foreign import ForeignChecks
from .paragraphs import ParagraphChecks
from .sentences import SentenceChecks
from .vocabulary import _CALENDAR_WORDS

# --------------------------------------------------------------------------------------------
# The rule family
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TranslationSettings:
    loanwords: tuple[str, ...] = ()  # foreign words your texts use as English (never MT502)
    extra_names: tuple[str, ...] = ()  # proper names to check for lower-casing (MT505)


def _calendar_word(text: str) -> bool:
    return " ".join(text.lower().split()) in _CALENDAR_WORDS


class TranslationArtifacts(ForeignChecks, ParagraphChecks, SentenceChecks, Rule):
    """Finds foreign or untranslated text and the slips that spinners and machine translation
    leave in numbers, sentences and names.

    What it does
    ------------
    - MT501 reports a passage in another script (Cyrillic, Greek, Arabic, CJK, ...) or a whole
      sentence in another language inside English prose, once per passage, as context: foreign
      text is not spinning.
    - MT502 flags a lower-case Latin-script word that English text essentially never uses but
      Spanish, Catalan, French, German, Italian or Portuguese use a lot ("els", "aixecar"), or a
      lower-case word spelled with accents that no English word list knows. Rare or archaic
      English words ("conduce": in wordfreq's English list) and learner typos one edit from a
      common English word ("continuos", "responsable") are not reported.
    - MT503 flags numbers a spinner rewrote: digits and number words glued together
      ("three,000", "£seventy five", "0.five%"), spelled-out decades, years and days
      ("the Nineteen Nineties", "thirteen December"), compound numbers without their hyphen
      ("sixty five"), and digits where prose has a word ("the 2 countries", "2d place").
    - MT504 flags a sentence broken mid-clause: a full stop after a word no English sentence ends
      with ("during. Which he"), or a fragment opening with a relative pronoun or a participle
      ("Stating that ...").
    - MT505 flags a proper name written in lower case ("the united states's", "european union").
      A lower-case month or weekday alone ("see you in january") is informal style: it is
      reported only beside a lower-cased name that is not a calendar word or a rewritten number.
    - MT506 flags a doubled word ("used to to reduce").
    - MT507 flags a clause with its subject pronoun dropped ("when was linked to Citigroup",
      "although have the potential").
    - MT508 flags a Romance-style date ("the 1 of January").
    - MT509 flags a doubled article ("the Tory the party", "the most interesting the pieces").

    Why
    ---
    Round-trip machine translation leaves words untranslated, drops pronouns the source language
    leaves implicit, and copies its word order and dates; spinners swap digits and number words
    and break sentences. Human news text almost never shows any of these: on 500 human news
    articles the family fired twice (two genuine "the the" typos), while MT502/MT507/MT508/MT509
    fired on 63 % of 250 round-trip translations and MT503/MT504/MT505 on 59 % of 250 spun
    articles (``benchmarks/translation_artifacts_eval.py``).

    Per-article features for the scorer: ``english_share`` (share of recognisable words that are
    English; low means "not an English text"), ``foreign_share``, ``of_per_100w`` (round trips
    from Romance languages turn compounds into "X of Y": 5.9 vs 2.3 per 100 words), and one
    ``*_per_100w`` density per code.

    Example
    -------
    "the state had barely emerged from famine during the Nineteen Nineties" gives MT503 with the
    suggestion "1990s"; "dating among the 2 countries" gives MT503 with "two".

    Data and licence
    ----------------
    ``data/translation-artifacts/lexicon.txt.gz`` is derived from the word frequencies of the
    ``wordfreq`` package (data CC BY-SA 4.0, Robyn Speer and contributors) by
    ``python -m tools.translation_artifacts_build``. ``proper_names.txt`` was written for
    mtcheck. See ``data/translation-artifacts/README.md``.

    Settings
    --------
    ``extra_names``: a list of further lower-case proper names ("acme corp") for MT505.
    ``loanwords``: a list of further foreign words your texts use as English (MT502 skips them).
    """

    family = "MT5"
    name = "translation-artifacts"
    # How much of the text is English describes the text; it is not evidence of translation
    # (untranslated words are, through untranslated_per_100w).
    context_features = ("translation-artifacts.english_share", "translation-artifacts.foreign_share")
    codes = (
        Code("MT501", "foreign-script", Severity.INFO,
             "Passage in another script or language (untranslated text)", "foreign",
             passage=True),
        Code("MT502", "untranslated-word", Severity.WARNING,
             "Word left untranslated from another language", "machine_translated"),
        Code("MT503", "spelled-out-number", Severity.WARNING,
             "Number rewritten by a spinner (digits and words swapped or glued)", "spun"),
        Code("MT504", "broken-sentence", Severity.WARNING,
             "Sentence broken mid-clause by a full stop", "spun"),
        Code("MT505", "lowercased-proper-noun", Severity.WARNING,
             "Proper name written in lower case", "spun"),
        Code("MT506", "doubled-word", Severity.WARNING, "The same word twice in a row", "any"),
        Code("MT507", "missing-subject", Severity.WARNING,
             "Clause with its subject pronoun dropped", "machine_translated"),
        Code("MT508", "romance-date", Severity.WARNING,
             "Date in Romance-language order ('the 1 of January')", "machine_translated"),
        Code("MT509", "doubled-article", Severity.WARNING,
             "Article repeated inside a noun phrase ('the Tory the party')",
             "machine_translated"),
    )
    examples = (
        flags("The minister said on Monday. Диктор британского телеканала перепутал визит "
              "президента. Пост с ошибкой диктора был размещен в сети.", "MT501"),
        flags("The tax cuts aixequen the spirits of els voters in the north.", "MT502"),
        flags("The state barely emerged from famine during the Nineteen Nineties.", "MT503"),
        flags("Sales rose by three,000 units and the 2 countries signed a deal.", "MT503"),
        flags("Kim made a rare visit to Russia last year, during. Which he and Putin spoke.",
              "MT504"),
        flags("Kim Jong Il was the united states's chief at that time.", "MT505"),
        flags("He has earmarked £4 billion that will be used to to reduce taxes.", "MT506"),
        flags("Barclays was linked to a bid in August, when was linked at Citigroup.", "MT507"),
        flags("The law comes into force the 1 of January.", "MT508"),
        flags("Some in the Tory the party are urging Mr Howard to act.", "MT509"),
        passes("Putin visited North Korea in July 2000, his first trip in twenty-four years."),
        passes("see you all in january, the meetup is on a friday as usual"),
        passes("Such habits conduce to health, and continuos practice is responsable for it."),
        passes("The two countries signed 13 agreements on 13 December during the 1990s."),
        passes("The joie de vivre of the team was clear. The prime minister praised it."),
        passes("He said the plan, which the United States backs, would be ready in 2005."),
        passes("Beijing (北京) is the capital. Sales rose 3% to £4.5bn in the third quarter."),
        passes("If it is true, it was because they had worked hard and were well paid."),
    )

    features = tuple("translation-artifacts." + n for n in (
        "untranslated_per_100w", "number_oddities_per_100w", "broken_sentences_per_100w",
        "lowercased_names_per_100w", "doubled_words_per_100w", "missing_subjects_per_100w",
        "romance_dates_per_100w", "doubled_articles_per_100w", "of_per_100w", "english_share",
        "foreign_share",
    ))
    Settings = TranslationSettings

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        self._loanwords = frozenset(w.lower() for w in self.settings.loanwords)
        extra = tuple(n.lower() for n in self.settings.extra_names)
        self._extra_names = re.compile(
            rf"(?<![\w@#/.-])(?:{'|'.join(re.escape(n) for n in sorted(extra))})(?![\w-])"
        ) if extra else None

    # ----------------------------------------------------------------------------------------
    def run(self, doc: Document) -> RuleOutput:
        out = RuleOutput()
        n_words = max(doc.word_count, 1)
        counts = {c.code: 0 for c in self.codes}
        scan = self._scan_sentences(doc)
        out.findings.extend(scan.passages)
        taken = SpanSet((f.start, f.end) for f in scan.passages)

        def keep(found) -> None:
            for f in found:
                if not taken.overlaps(f.start, f.end):
                    out.findings.append(f)
                    counts[f.code] += 1
                    taken.add(f.start, f.end)

        keep(scan.untranslated)
        for para in doc.paragraphs:
            keep(self._paragraph_findings(doc, para))
        keep(self._broken_sentences(doc))
        keep(self._initial_aux(doc))
        # A lower-case month or weekday alone is informal style ("see you in january"), not a
        # rewriter's trace: kept only beside other evidence of the kind (a lower-cased name
        # that is not a calendar word, or a number a spinner rewrote).
        calendar = [f for f in out.findings if f.code == "MT505" and _calendar_word(f.text)]
        if calendar and not any(f.code == "MT503" or (f.code == "MT505"
                                                       and not _calendar_word(f.text))
                                for f in out.findings):
            out.findings = [f for f in out.findings if f not in calendar]
            counts["MT505"] -= len(calendar)

        # -- features --------------------------------------------------------------------
        per100 = per_100_words_factor(n_words)
        english, foreign = scan.english_words, scan.foreign_words + scan.foreign_script_words
        of_count = sum(1 for t in doc.words if t.text == "of")
        untranslated = counts["MT502"] + scan.foreign_latin_words
        name = self.name
        out.features.update({
            f"{name}.foreign_share":
                min(1.0, (scan.foreign_script_words + untranslated) / n_words),
            f"{name}.english_share": english / (english + foreign) if english + foreign else 1.0,
            f"{name}.untranslated_per_100w": counts["MT502"] * per100,
            f"{name}.number_oddities_per_100w": counts["MT503"] * per100,
            f"{name}.broken_sentences_per_100w": counts["MT504"] * per100,
            f"{name}.lowercased_names_per_100w": counts["MT505"] * per100,
            f"{name}.doubled_words_per_100w": counts["MT506"] * per100,
            f"{name}.missing_subjects_per_100w": counts["MT507"] * per100,
            f"{name}.romance_dates_per_100w": counts["MT508"] * per100,
            f"{name}.doubled_articles_per_100w": counts["MT509"] * per100,
            f"{name}.of_per_100w": of_count * per100,
        })
        return out
