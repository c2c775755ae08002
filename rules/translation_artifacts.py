"""MT5xx translation artifacts: foreign or untranslated text, number oddities, broken sentences,
lower-cased names and generic machine-translation slips."""

from __future__ import annotations

import bisect
import gzip
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from mtcheck.core.document import Document, Span, SpanSet, Token
from mtcheck.core.finding import Severity
from mtcheck.core.rule import Code, Rule, RuleOutput, flags, passes

from .english import typo_of

DATA_PACKAGE = "mtcheck.rules"
DATA_DIR = "data/translation-artifacts"


# --------------------------------------------------------------------------------------------
# Data, loaded lazily once per process
# --------------------------------------------------------------------------------------------
def _calendar_word(text: str) -> bool:
    return " ".join(text.lower().split()) in _CALENDAR_WORDS


def _zipf_en(word: str) -> float:
    """wordfreq Zipf band of an English word (0 below 1: not in the large English list)."""
    from .grammar_backends import zipf  # the shared wordfreq tables, loaded once

    return zipf(word)


@dataclass(frozen=True)
class Lexicon:
    english: frozenset[str]  # English words with Zipf >= 3
    english_accented: frozenset[str]  # rarer English words with letters outside ASCII
    foreign_lang: dict[str, str]  # foreign-leaning word -> language code (es ca fr de it pt)
    foreign_in_english: frozenset[str]  # foreign words English does use now and then
    foreign_common: frozenset[str]  # very common foreign words, rare in English


def _data_text(name: str) -> bytes:
    return resources.files(DATA_PACKAGE).joinpath(DATA_DIR, name).read_bytes()


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = gzip.decompress(_data_text("lexicon.txt.gz")).decode("utf-8")
    lines = dict(line.split("\t", 1) for line in raw.splitlines())
    lang: dict[str, str] = {}
    for key in sorted(lines):
        if key.startswith("lang:"):
            lang.update(dict.fromkeys(lines[key].split(), key[5:]))
    return Lexicon(english=frozenset(lines["en"].split()),
                   english_accented=frozenset(lines["en-accented"].split()),
                   foreign_lang=lang,
                   foreign_in_english=frozenset(lines["foreign-en"].split()),
                   foreign_common=frozenset(lines["common"].split()))


@lru_cache(maxsize=1)
def proper_names() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[tuple[str, ...], ...]]]:
    """Lower-case name -> (usual spelling, other suggestions...), and first word -> the names
    starting with it, as word tuples, longest first."""
    names: dict[str, tuple[str, ...]] = {}
    for line in _data_text("proper_names.txt").decode("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        extra = tuple(s.strip() for s in parts[2].split(";")) if len(parts) > 2 else ()
        names[parts[0]] = (parts[1],) + extra
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for name in names:
        words = tuple(name.split())
        by_first.setdefault(words[0], []).append(words)
    return names, {k: tuple(sorted(v, key=lambda w: (-len(w), w))) for k, v in by_first.items()}


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


# --------------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------------
# Foreign words English borrows as they are (joie de vivre, nous): never "untranslated".
LOANWORDS = frozenset(
    "nous vivre joie raison fait accompli grâce grace résistance pièce carte quoi sais savoir "
    "faire vu déjà deja entente détente detente rapprochement cause célèbre celebre vis avis "
    "bête noire dolce vita tapas siesta fiesta señor senor señora amigo adios hasta vista "
    "bon mot mots voyage bienvenue merci gracias grazie danke bitte ciao prego vino rosso "
    "blanc rouge auteur oeuvre œuvre genre milieu ancien régime regime gauche droit bourgeois "
    "habitué habitue flâneur zeitgeist angst schadenfreude wanderlust kindergarten realpolitik "
    "uber über doppelganger doppelgänger ersatz kitsch leitmotif wunderkind gesundheit "
    "fatwa intifada jihad mujahideen sharia madrassa ayatollah kibbutz chutzpah ".split())

# Words before a foreign term that show it is cited, not left untranslated.
CITATION_CUES = frozenset(
    "called so-called known dubbed term terms word words phrase literally means meaning meant "
    "stands nicknamed named title titled entitled motto slogan translates translated "
    "translation spelled spelt pronounced".split())

_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
          "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORD_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
              "ninth")
_ORD_BIG = ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
            "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth")
_DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
            "seventies": 70, "eighties": 80, "nineties": 90}
_VALUES = {w: i for i, w in enumerate(_UNITS)}
_VALUES.update({w: 10 + i for i, w in enumerate(_TEENS)})
_VALUES.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
_ORD_VALUES = {w: i + 1 for i, w in enumerate(_ORD_UNITS)}
_ORD_VALUES.update({w: 10 + i for i, w in enumerate(_ORD_BIG[:10])})
_ORD_VALUES.update({"twentieth": 20, "thirtieth": 30})
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_SMALL_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _alt(words) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


# Every word of _UNITS, _TEENS, _TENS, "hundred" and "thousand", factorised (it is repeated
# in the large patterns below, and a short pattern compiles faster).
_NUMW = (r"(?:(?:thir|four|fif|six|seven|eigh|nine)teen|(?:twen|thir|for|fif|six|seven|eigh|nine)ty"
         r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|hundred|thousand)")
# A run of number words: "seventy five", "one hundred", "sixty-eight". At most 12 words (no
# number is longer): unbounded, every word of a long run of number words rescanned the rest of
# the run (quadratic: 235 s for 100 kB of "twenty one").
_NUMSEQ = rf"(?:{_NUMW})(?:[ -](?:{_NUMW})){{0,11}}"
_MONTH = _alt(_MONTHS)
_UNIT_1_9 = _alt(_UNITS[1:])
_TENS_RE = _alt(_TENS)
_DAY_WORDS = (rf"(?:(?:{_TENS_RE})(?:[ -](?:{_UNIT_1_9}|{_alt(_ORD_UNITS)}))?"
              rf"|{_alt(_TEENS + _ORD_BIG)})")

_I = re.IGNORECASE
# Words that may follow a single digit in news style (units, scales, scores, dates).
_AFTER_DIGIT_OK = frozenset(
    "per percent pc point points times x m bn b k km kg g lb lbs ft in cm mm mph am pm p st nd "
    "rd th and or to by hundred thousand million billion trillion dozen percentage second "
    "seconds minute minutes hour hours goal goals set sets wicket wickets run runs stone yard "
    "yards metre metres mile miles feet inches".split())


@lru_cache(maxsize=1)
def number_patterns() -> tuple[tuple[str, re.Pattern, float], ...]:
    """(kind, pattern, confidence) of MT503, compiled on first use (they are large)."""
    return _number_patterns()


def _number_patterns() -> tuple[tuple[str, re.Pattern, float], ...]:
    return (
        # "three,000", "0.five%", "£seventy five", "6-three", "eighty%": digits and number words
        # glued together; human text never does this.
        ("mixed", re.compile(
            rf"(?<![\w.,])(?:[£$€]\s?)?(?:\d+[.,:-])+(?:{_NUMSEQ})(?:[.,]\d+)*%?(?![\w-])"
            rf"|(?<![\w.,])(?:[£$€]\s?)?(?:{_NUMSEQ})(?:[.,]\d+)+(?:[.,:-](?:\d+|{_NUMSEQ}))*"
            rf"(?:%|[mkb]n?|bn)?(?![\w-])"
            rf"|(?<![\w.,])(?:{_NUMSEQ})-\d+(?![\w.-])"
            rf"|(?<![\w.,])(?:{_NUMSEQ})\.(?:{_NUMSEQ})%?(?![\w-])"
            rf"|(?<![\w.,])[£$€]\s?(?:{_NUMSEQ})(?![\w-])"
            rf"|(?<![\w.,])(?:{_NUMSEQ})%", _I), 0.95),
        # "the Nineteen Nineties": a decade spelled out.
        ("decade", re.compile(
            rf"\b(?:nineteen|eighteen)[ -]?(?:{_alt(_DECADES)})\b", _I), 0.85),
        # "nineteen ninety-nine", "two thousand and five": a year spelled out.
        ("year", re.compile(
            rf"\b(?:nineteen|eighteen)[ -](?:{_TENS_RE})(?:[ -](?:{_UNIT_1_9}))?\b"
            rf"(?![ -](?:{_NUMW}))"
            rf"|\btwo thousand(?: and)? (?:{_alt(_UNITS[1:] + _TEENS)}|twenty)\b"
            rf"(?![ -](?:{_NUMW}|per|percent|people|of)\b)", _I), 0.8),
        # "thirteen December", "December thirteen", "on five December": a day spelled out.
        ("day", re.compile(
            rf"\b{_DAY_WORDS}(?: of)? (?:{_MONTH})\b(?!-)"
            rf"|\b(?:{_MONTH}) {_DAY_WORDS}\b(?![ -](?:{_NUMW}|years?|months?|days?|weeks?)\b)"
            rf"|(?<=\b[Oo]n )(?:{_alt(_SMALL_WORDS[1:])}) (?:{_MONTH})\b"), 0.85),
        # "fifty three", "twenty fifth": a compound number without its hyphen.
        ("unhyphenated", re.compile(
            rf"\b(?:{_TENS_RE}) (?:{_alt(_UNITS[1:] + _ORD_UNITS)})\b", _I), 0.6),
        # "the 2 countries", "both 4 sides": a digit where news style has a word.
        ("digit", re.compile(
            r"\b(?:[Tt]he|[Tt]hese|[Tt]hose|[Bb]oth|[Aa]ll|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur|"
            r"[Mm]y|[Yy]our|[Ff]irst|[Ll]ast|[Oo]ther|[Nn]ext|[Aa]nother|[Oo]nly|[Ff]inal|[Tt]op|"
            r"[Pp]ast|[Pp]revious)\s+([1-9])\s+([A-Za-z][a-z'’-]+)(?:\s+([A-Z][a-z]+))?"), 0.8),
        # A sentence opening with a digit ("8 super-casinos are proposed").
        ("initial-digit", re.compile(
            r"(?:^|(?<=[.!?]\s)|(?<=[.!?][\"”’]\s))([1-9]) ([a-z][a-z'’-]+)"
            r"(?:\s+([A-Z][a-z]+))?"), 0.75),
        # "1 of the", "2d place".
        ("one-of", re.compile(
            r"(?<![\w.,:-])(1) of(?= (?:the|his|her|their|its|our|my|them|those|these)\b)"), 0.8),
        ("ordinal", re.compile(r"(?<![\w.,:-])([23])d(?=[\s,.;:-])(?![-\s]*\d)"), 0.7),
    )

# Words a sentence essentially never ends with in English.
NEVER_FINAL = frozenset(
    "the a an its their our my your whose during among amongst amid amidst despite via nor "
    "because although whereas whether than and or every".split())
CONFIDENT_FINAL = frozenset("the a an its their our my your whose during among amongst amid "
                            "amidst despite via nor because whereas whether than every".split())
_FRAGMENT_PRONOUNS = frozenset(
    "he she they it we i you the a an his her their its this that these those".split())
_SUBORD_AUX = re.compile(
    r"\b(because|although|though|if|unless|whereas|while|since|whether|until|when)\s+"
    r"(is|was|are|were|has|have|had|will|would|can|could|should|must|might|does|did)\b(?!n['’]t)")
_INITIAL_AUX = re.compile(r"(Is|Was|Are|Were|Has|Have|Had|Will|Would|Can|Could)\s+([a-z]+)")
_INITIAL_AUX_OK = frozenset("it he she they we i you there the a an this that these those its his "
                            "her their our my your not anyone anybody someone no any all".split())
_SAID_NO_SUBJECT = re.compile(r"[,!?][\"”’]\s+said[.,]")
_ROMANCE_DATE = re.compile(rf"\bthe (\d{{1,2}}) of ({_MONTH})\b")
_DOUBLED_WORDS = frozenset("the a an to of in on at for and was with by from be are it as or"
                           .split())
_SUBORDINATORS = frozenset("because although though if unless whereas while since whether until "
                           "when".split())
_AUX_AFTER_SUBORDINATOR = frozenset("is was are were has have had will would can could should "
                                    "must might does did".split())
_MONTHS_LOWER = frozenset(m.lower() for m in _MONTHS)
_NOT_BEFORE_NAME = frozenset("@#/.-_") | frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
# Lower-case days and months are common in careless human writing: weaker evidence.
_CALENDAR_WORDS = _MONTHS_LOWER | frozenset(
    "monday tuesday wednesday thursday friday saturday sunday christmas easter".split())
_NUMBER_WORDS = frozenset(_UNITS + _TEENS + _TENS + ("hundred", "thousand"))
_DIGITS_1_9 = frozenset("123456789")
_ONLY_WORDS = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")
_DAY_TRIGGERS = frozenset(_TEENS + _TENS + _ORD_BIG + _SMALL_WORDS)
_NUMBER_TRIGGERS = {
    "mixed": lambda lows: bool(lows & _NUMBER_WORDS),
    "decade": lambda lows: "nineteen" in lows or "eighteen" in lows,
    "year": lambda lows: "nineteen" in lows or "eighteen" in lows or "thousand" in lows,
    "day": lambda lows: bool(lows & _MONTHS_LOWER and lows & _DAY_TRIGGERS),
    "unhyphenated": lambda lows: bool(lows & frozenset(_TENS)),
    "digit": lambda lows: bool(lows & _DIGITS_1_9),
    "initial-digit": lambda lows: bool(lows & _DIGITS_1_9),
    "one-of": lambda lows: "1" in lows,
    "ordinal": lambda lows: "d" in lows or "d-" in " ".join(w for w in lows if w[:2] == "d-"),
}
# The last token of a sentence ending in a full stop, if it is a word.
_LAST_TOKEN = re.compile(r"(?<![\w'’-])([^\W\d_]+)\.\s*$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)


def words_to_number(text: str) -> int | None:
    """ "seventy five" -> 75, "one hundred" -> 100, "two thousand and five" -> 2005."""
    total, current, seen = 0, 0, False
    for w in re.split(r"[\s-]+", text.lower().strip()):
        if w == "and" or not w:
            continue
        if w in _VALUES:
            current += _VALUES[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _digits_for_words(text: str) -> str:
    def digits(m: re.Match) -> str:
        n = words_to_number(m.group())
        return m.group() if n is None else str(n)

    return re.sub(rf"\b{_NUMSEQ}\b", digits, text, flags=_I)


def _bare(word: str) -> str:
    """A word without its possessive or contraction ("states's" -> "states")."""
    return word.split("'")[0].split("’")[0]


def _keeps_capital(word: str) -> bool:
    """Does a sentence-initial word keep its capital inside a sentence (a name, "I")?"""
    return word == "I" or word.isupper() or word.lower() not in lexicon().english


@dataclass
class _Scan:
    passages: list = field(default_factory=list)
    untranslated: list = field(default_factory=list)
    foreign_script_words: int = 0
    foreign_latin_words: int = 0  # words of foreign-language sentences in Latin script
    latin_sentences: list = field(default_factory=list)
    english_words: int = 0
    foreign_words: int = 0


# --------------------------------------------------------------------------------------------
# The rule family
# --------------------------------------------------------------------------------------------
class TranslationArtifacts(Rule):
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

    def __init__(self, settings: dict | None = None) -> None:
        super().__init__(settings)
        self._loanwords = frozenset(w.lower() for w in self.settings.get("loanwords", ()))
        extra = tuple(n.lower() for n in self.settings.get("extra_names", ()))
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
        per100 = 100.0 / max(n_words, 100)  # as every family: short texts are not dense
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

    # ----------------------------------------------------------------------------------------
    def _scan_sentences(self, doc: Document) -> "_Scan":
        """Foreign-script passages (MT501), then one pass over the words of each sentence:
        sentences in another Latin-script language (MT501), untranslated words (MT502), and
        the counts behind english_share."""
        lex = lexicon()
        english_set, foreign_lang = lex.english, lex.foreign_lang
        scan = _Scan()
        scan.passages.extend(self._script_passages(doc, scan))
        for sent in doc.sentences:
            toks = doc.tokens_in(sent)
            latin_foreign = latin_english = latin_words = 0
            langs: dict[str, int] = {}
            candidates: list[int] = []
            first_word = True
            for k, t in enumerate(toks):
                if t.kind != "word":
                    continue
                w = t.text
                if not w.isascii() and word_script(w) != "Latin":
                    continue  # counted by _script_passages
                latin_words += 1
                low = w.lower()
                if "'" in low or "’" in low:
                    low = re.split(r"['’]", low)[0]
                if low in english_set:
                    if low not in foreign_lang:
                        latin_english += 1
                elif low in foreign_lang and (first_word or w.islower()):
                    latin_foreign += 1
                    lang = foreign_lang[low]
                    langs[lang] = langs.get(lang, 0) + 1
                if len(w) >= 3 and w.islower() and low == w and low not in english_set:
                    candidates.append(k)
                first_word = False
            scan.english_words += latin_english
            scan.foreign_words += latin_foreign
            if latin_foreign >= 4 and latin_foreign >= 2 * latin_english:
                scan.foreign_latin_words += latin_words
                code = max(sorted(langs), key=langs.__getitem__)
                end = sent.start + len(doc.text[sent.start:sent.end].rstrip())
                scan.latin_sentences.append((sent.start, end, _LANG_NAMES.get(code, ""),
                                             latin_words))
                continue
            for k in candidates:
                f = self._untranslated(toks, k, lex)
                if f is not None:
                    scan.untranslated.append(f)
        scan.passages.extend(self._latin_passages(doc, scan.latin_sentences))
        scan.passages.sort(key=lambda f: f.start)
        return scan

    def _script_passages(self, doc: Document, scan: "_Scan"):
        """Runs of words in a non-Latin script (numbers, punctuation and capitalised Latin
        names may sit inside a run), long enough to be text rather than a name."""
        text = doc.text
        runs: list[tuple[int, int, str, int, int]] = []  # start, end, script, words, letters
        cur = None  # [start, end, scripts{}, words, letters]
        pending_gap = False
        prev_end = -1
        for t in doc.tokens:
            gap_break = cur is not None and "\n" in text[prev_end:t.start] \
                and doc.is_excluded(prev_end, t.start)
            prev_end = t.end
            if gap_break:
                runs.append(cur)
                cur = None
            if t.kind == "word":
                script = "Latin" if t.text.isascii() else word_script(t.text)
                if script and script != "Latin":
                    scan.foreign_script_words += 1
                    if cur is None:
                        cur = [t.start, t.end, {}, 0, 0]
                    cur[1] = t.end
                    cur[2][script] = cur[2].get(script, 0) + len(t.text)
                    cur[3] += 1
                    cur[4] += len(t.text)
                    pending_gap = False
                    continue
                if cur is not None and t.text[0].isupper() and not pending_gap:
                    pending_gap = True  # a Latin name inside the run: "Sky News"
                    continue
                if cur is not None and t.text[0].isupper():
                    continue
                if cur is not None:
                    runs.append(cur)
                    cur = None
                pending_gap = False
            elif cur is not None and t.text in _CLOSING and not pending_gap:
                if text[cur[1]:t.start].strip() == "" or t.text in ".!?。！？":
                    cur[1] = t.end
        if cur is not None:
            runs.append(cur)
        for start, end, scripts, n_words, letters in runs:
            script = max(sorted(scripts), key=scripts.__getitem__)
            if n_words < 3 and not (script in _UNSPACED and letters >= 6):
                continue
            if text[start - 1:start] in _OPENING:
                start -= 1
            passage = text[start:end]
            n_sent = len(_SENTENCE_END.findall(passage))
            yield self._passage_finding(doc, start, end, script, "", n_sent, n_words)

    def _latin_passages(self, doc: Document, sentences: list):
        """Merge consecutive sentences in another Latin-script language into passages."""
        i = 0
        while i < len(sentences):
            start, end, lang, n_words = sentences[i]
            n_sent = 1
            while (i + 1 < len(sentences) and sentences[i + 1][2] == lang
                   and not re.search(r"\w", doc.text[end:sentences[i + 1][0]])):
                i += 1
                end = sentences[i][1]
                n_words += sentences[i][3]
                n_sent += 1
            yield self._passage_finding(doc, start, end, "Latin", lang, n_sent, n_words)
            i += 1

    def _untranslated(self, toks: list[Token], k: int, lex: Lexicon):
        """MT502 for the lower-case word toks[k], which is not an English word."""
        w = toks[k].text
        if not w.isalpha() or w in LOANWORDS or w in self._loanwords:
            return None
        lang = lex.foreign_lang.get(w)
        if lang and w not in lex.foreign_in_english:
            reason, conf = f"a {_LANG_NAMES[lang]} word English text essentially never uses", 0.75
        elif lang and w in lex.foreign_common:
            reason, conf = f"a very common {_LANG_NAMES[lang]} word, rare in English", 0.7
        elif not lang and not w.isascii() and w not in lex.english_accented \
                and word_script(w) == "Latin":
            reason, conf = "spelled with accents no English word has", 0.6
        else:
            return None
        if typo_of(w, lex.english) or (w not in lex.foreign_common and _zipf_en(w) >= 1.0):
            # Rare or archaic English ("conduce") and learner typos one edit from a common
            # English word ("continuos", "responsable") are not untranslated words.
            return None
        # Cited terms ("the so-called latifundios, or large estates") are not slips.
        before = [x.lower for x in toks[max(0, k - 4):k] if x.kind == "word"]
        if any(b in CITATION_CUES for b in before):
            return None
        after = toks[k + 1:k + 3]
        if after and after[0].kind == "word" and after[0].text[0].isupper():
            return None  # a particle inside a name: "D dal Maso", "da Silva"
        if after and after[0].text == "(":
            return None
        if len(after) == 2 and after[0].text == "," and after[1].lower == "or":
            return None
        if k > 0 and toks[k - 1].text in "\"“‘'" and after and after[0].text in "\"”’'":
            return None
        t = toks[k]
        return self.finding(
            "MT502", t.start, t.end, w, f"'{w}' looks untranslated: {reason}",
            evidence={"language": _LANG_NAMES.get(lang, "unknown") if lang else "unknown"},
            confidence=conf)

    def _passage_finding(self, doc, start, end, script, lang_name, n_sentences, n_words):
        text = doc.text
        passage = text[start:end]
        if script != "Latin":
            lang_name = guess_language(script, passage)
        what = (f"{lang_name} text ({script} script)" if lang_name and script != "Latin"
                else f"{lang_name} text" if lang_name else f"text in {script} script")
        size = (f"{n_sentences} sentence{'s' if n_sentences != 1 else ''}" if n_sentences
                else f"{n_words} word{'s' if n_words != 1 else ''}")
        return self.finding(
            "MT501", start, end, passage,
            f"untranslated {what}, {size}: foreign-language passage, not spinning",
            evidence={"script": script, "language": lang_name or "unknown",
                      "sentences": n_sentences, "words": n_words},
            confidence=0.95 if script != "Latin" else 0.8)

    # ----------------------------------------------------------------------------------------
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
                if following in _AFTER_DIGIT_OK or (following == "of" and m.group(3) in _MONTHS):
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
