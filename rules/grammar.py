"""MT2xx grammar-checker hits: agreement errors, wrong or doubled words, misspelt common words
and a few telling style slips, from an embedded checker (harper) or a LanguageTool server."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from mtcheck.core.density import per_100_words_factor
from mtcheck.core.document import Document
from mtcheck.core.finding import Severity
from mtcheck.core.rule import Code, Rule, RuleOutput, flags, passes

from .grammar_backends import (
    CATEGORIES,
    BackendError,
    GrammarBackend,
    GrammarHit,
    GrammarSettings,
    HarperBackend,
    prewarm_harper,
    select_backend,
)

DATA_PACKAGE = "mtcheck.rules"
DATA_FILE = "data/grammar/confidence.json"

CODE_OF = {"agreement": "MT201", "confusion": "MT202", "misspelling": "MT203", "style": "MT204"}
FEATURE_OF = {"agreement": "agreement_per_100w", "confusion": "wrong_word_per_100w",
              "misspelling": "misspelling_per_100w", "style": "style_per_100w"}
# LanguageTool failures in a row after which the rest of the run uses harper.
MAX_FAILURES = 3
# Writer habits (see GrammarHits.run): a lower-case pronoun "i" ("i", "i'm", "i’ve") ...
LOWERCASE_PRONOUN = re.compile(r"i(?:['’](?:m|ve|ll|d))?")
# ... and the checkers' rules for a sentence that starts in lower case.
SENTENCE_START_RULES = frozenset({"SentenceCapitalization", "UPPERCASE_SENTENCE_START"})
PRONOUN_HABIT = 2  # lower-case pronouns in one text that make them the writer's habit
SENTENCE_HABIT = (3, 0.2)  # lower-case sentence starts (count, share of sentences) that do
# Confidence of a hit whose rule has too few hits on the development corpus to measure.
DEFAULT_CONFIDENCE = {"agreement": 0.6, "confusion": 0.6, "misspelling": 0.5, "style": 0.4}


@lru_cache(maxsize=1)
def measured_confidence() -> dict[str, float]:
    """Rule key -> confidence measured on the development corpus (see
    ``benchmarks/grammar_dev.py``), e.g. ``{"AnA": 0.8, "spelling": 0.6}``."""
    try:
        raw = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return {k: float(v["confidence"]) for k, v in json.loads(raw)["rules"].items()}


def hit_confidence(hit: GrammarHit) -> float:
    return measured_confidence().get(hit.rule, DEFAULT_CONFIDENCE[hit.category])


def without_writer_habits(hits: list[GrammarHit], sentences: int) -> list[GrammarHit]:
    """The hits less the slips a writer makes throughout a text: a pronoun "i" written in lower
    case more than once, and sentences started in lower case three times or more and in at
    least a fifth of the text's sentences. Learners and informal writers do both; spinners and
    translation engines do not (their output has them only where the text they rewrote did), so
    such hits describe the writer, not a rewriting."""
    pronouns = [h for h in hits if LOWERCASE_PRONOUN.fullmatch(h.text.strip())]
    starts = [h for h in hits if h.rule in SENTENCE_START_RULES and h.text[:1].islower()]
    habits: set[int] = set()
    if len(pronouns) >= PRONOUN_HABIT:
        habits.update(id(h) for h in pronouns)
    least, share = SENTENCE_HABIT
    if len(starts) >= least and len(starts) >= share * sentences:
        habits.update(id(h) for h in starts)
    return [h for h in hits if id(h) not in habits] if habits else hits


class GrammarHits(Rule):
    """Grammar-checker hits that rewritten text produces: agreement, wrong words, misspellings.

    What it does
    ------------
    Runs a grammar checker over the article's prose and keeps the hits that point at rewriting,
    sorted into four codes:

    - MT201 agreement: "a" before a vowel sound or "an" before a consonant ("a enlargement",
      "an motion film"), a verb that does not agree with its subject ("he have"), a plural noun
      with a singular possessive ("the united states's chief"), "used to be became".
    - MT202 wrong, doubled or misplaced word: "to to", "that" for "than" in a comparison, "the
      my", "no to" for "not to", a modal without "be" ("would happy"), spellings no news desk
      uses but spinner word lists do ("with out", "govt", "thru").
    - MT203 misspelt common word: a lower-case word that is not English in either British or
      American spelling: typos, untranslated words ("aixecar"), names or acronyms a rewriter
      put in lower case ("tv", "pc", "usa"), apostrophes no writer uses ("yr's", "will't").
      Capitalised words are never spell-checked, so unusual names stay quiet, and rare real
      words missing from the checker's dictionary ("dialler": Zipf 1 to 3 in wordfreq) are
      not reported. Nor are ordinary typos (one edit from a common word: "cofidence"), words
      with digits or underscores, and unknown words the text uses more than once (technical
      terms, names, transliterations: "frataxin", "gevent"): a writer's vocabulary and slips
      are not evidence of rewriting. What is left can carry a machine-translated verdict (an
      untranslated word is a translation's trace) but not a spun one: spinners seldom leave
      non-words, and the scorer still reads MT203's density for both kinds.
    - MT204 telling style slips: a sentence starting in lower case after a full stop ("0.five"
      where a spinner spelled out a digit), an organisation name in lower case ("the united
      states"), a sentence-opening "However" without its comma, and British and American
      spellings mixed in one text ("centre" and "center"): only the minority spelling is
      reported, so a consistently American or British text is never flagged for its dialect.

    A writer's habits are not reported either: a pronoun "i" in lower case more than once, and
    sentences started in lower case three times or more and in at least a fifth of the text's
    sentences. Learners and informal writers do both throughout a text; spinners and translation
    engines do not (in the benchmark their output has them only where the text they rewrote
    did), so such hits would fail a learner's essay for its writer's orthography.

    Everything else grammar checkers report (long sentences, Oxford commas, en dashes, unclosed
    quotes, compound words, style advice) is ignored: it fires on edited news as often as on
    rewritten text.

    Why
    ---
    A spinner swaps words without looking at their neighbours, so articles and verb forms stop
    agreeing ("a uncooked deal"); machine translation garbles function words and word order
    ("the my", "it is the first time I has come"). Each hit is weak evidence (edited news has a
    few too), so findings are warnings whose confidence is the measured share of such hits in
    rewritten rather than human text, and the scorer reads their density per 100 words.

    Measured on the development corpus (500 BBC articles, 250 spun, 250 round-trip translated
    through Catalan; ``python benchmarks/grammar_dev.py CORPUS_DIR``): hits per 100 words average
    0.04 in human articles, 0.51 in spun and 0.46 in round-trip ones; the confidence-weighted
    density alone separates human from spun text with ROC-AUC 0.84 and from round trips with
    0.86 (a third of rewritten articles score above 99 % of human ones).

    Example
    -------
    ``He changed into the united states's chief and has a uncooked deal.`` gives MT201
    ``states's`` (a plural noun with a singular possessive) and MT201 ``a`` (use "an");
    ``It is the my house, higher that last year.`` gives MT202 ``the my`` and MT202 ``that``.

    Data and licence
    ----------------
    Checkers: harper (``harper-py``, Apache-2.0, embedded and offline) or LanguageTool
    (LGPL-2.1, a separate server you run; mtcheck only talks to it). ``confidence.json`` holds
    per-rule hit counts and confidences fitted on the development corpus by
    ``benchmarks/grammar_dev.py`` (numbers only, written for mtcheck, MIT). ``known_words.bin``
    holds hashes of the common words both harper dictionaries know, so they are not linted
    (``python -m tools.spelling_table_build``; derived from wordfreq's list, CC BY-SA 4.0).

    Settings
    --------
    - ``languagetool_url``: a LanguageTool server to use instead of harper (also the
      ``languagetool-url`` configuration key, the ``--languagetool-url`` flag and the
      ``MTCHECK_LANGUAGETOOL_URL`` environment variable). If the server fails (down, timeout,
      malformed answer) the article is checked with harper and the report says so; after
      three failures in a row the rest of the run uses harper.
    - ``languagetool_local`` (default false): use a LanguageTool already installed where
      ``language-tool-python`` keeps it (and Java), when no URL is given. Never downloads, and
      never used unless set: confidences and the scorer were measured with harper (LanguageTool
      hits reuse the per-code defaults), so verdicts would depend on the machine.
    - ``languagetool_language`` (default ``en-US``): the LanguageTool language code; spelling
      hits that LanguageTool explains as another dialect's spelling are dropped.
    - ``languagetool_timeout`` (default 10): seconds to wait for the server.
    """

    family = "MT2"
    name = "grammar"
    codes = (
        Code("MT201", "agreement", Severity.WARNING,
             "Agreement error: a/an, subject and verb, noun number or possessive", "any"),
        Code("MT202", "wrong-word", Severity.WARNING,
             "Wrong, doubled or misplaced word (to to, that/than, the my, with out)", "any"),
        Code("MT203", "misspelling", Severity.WARNING,
             "Lower-case word unknown in both British and American spelling", "any",
             located_kind="machine_translated"),
        Code("MT204", "style-slip", Severity.WARNING,
             "Lower-case sentence start or organisation name, mixed British/American spelling",
             "any"),
    )
    examples = (
        flags("He changed into the united states's chief last year.", "MT201"),
        flags("Sales confirmed a enlargement charge of 2% this year.", "MT201"),
        flags("She said that the plan was better that the old one and went to to the shop.",
              "MT202"),
        flags("The lawsuit was filed with out informing the govt of the plans.", "MT202"),
        flags("He watched the match on tv and then played games on his pc.", "MT203"),
        flags("New rules come into force in the united states at the start of the year.",
              "MT204"),
        passes("He was the country's leader last year, and an honest one."),
        passes("Sales showed a growth rate of 2% this year, better than the old plan."),
        passes("Kim Jong Un met Vladimir Putin in Pyongyang, KCNA said on Wednesday."),
        passes("The programme was criticised by the organisation's defence team."),
        passes("The program was criticized by the organization's defense team."),
        passes("Frataxin levels fell; frataxin is a mitochondrial protein. We had cofidence."),
        passes("i think the plan is good, and i will vote for it when the time comes."),
        passes("the bus was late. we waited an hour. it was cold. my friend went home."),
    )

    features = tuple(f"grammar.{n}" for n in (
        "hits_per_100w", "weighted_per_100w", *(FEATURE_OF[c] for c in CATEGORIES),
        "backend_languagetool"))
    Settings = GrammarSettings

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        self.backend: GrammarBackend = select_backend(self.settings)
        self._failures = 0
        self._given_up = ""

    def prepare(self) -> None:
        if isinstance(self.backend, HarperBackend):
            # Build harper in the background while the engine runs the other rules.
            prewarm_harper()

    def run(self, doc: Document) -> RuleOutput:
        backend = self.backend
        notes: list[str] = []
        try:
            hits = backend.check(doc)
            self._failures = 0
        except BackendError as e:
            # The next article tries the server again (it may have timed out once), until it
            # has failed MAX_FAILURES times in a row: then harper checks the rest of the run.
            self._failures += 1
            note = (f"grammar: {backend.describe().removeprefix('grammar: ')} failed "
                    f"({_short(e)}); fell back to the embedded harper backend")
            if self._failures >= MAX_FAILURES:
                self._given_up = (f"grammar: {backend.describe().removeprefix('grammar: ')} "
                                  f"was given up after {self._failures} failures in a row")
                self.backend = HarperBackend()
                note += f" for the rest of this run ({self._failures} failures in a row)"
            notes.append(note)
            backend = HarperBackend()
            hits = backend.check(doc)
        hits = without_writer_habits(hits, len(doc.sentences))
        notes.insert(0, backend.describe())
        if self._given_up and not self._failures:
            notes.append(self._given_up)
        out = RuleOutput(notes=notes, warnings=notes[1:])  # failures and fallbacks
        counts = dict.fromkeys(CATEGORIES, 0)
        weighted = 0.0
        for hit in sorted(hits, key=lambda h: (h.start, h.end, h.rule)):
            code = CODE_OF[hit.category]
            conf = hit_confidence(hit)
            counts[hit.category] += 1
            weighted += conf
            out.findings.append(self.finding(
                code, hit.start, hit.end, hit.text, hit.message, suggestions=hit.suggestions,
                evidence={"checker": backend.name, "rule": hit.rule}, confidence=conf))
        per100 = per_100_words_factor(doc.word_count)
        name = self.name
        out.features.update({
            f"{name}.hits_per_100w": sum(counts.values()) * per100,
            f"{name}.weighted_per_100w": weighted * per100,
            **{f"{name}.{FEATURE_OF[c]}": counts[c] * per100 for c in CATEGORIES},
            f"{name}.backend_languagetool": 1.0 if backend.name == "languagetool" else 0.0,
        })
        return out


def _short(e: Exception, limit: int = 160) -> str:
    text = " ".join(str(e).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
