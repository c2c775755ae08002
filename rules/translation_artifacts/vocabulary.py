"""Word lists, number words and the patterns of the MT5xx checks (numbers, dates, sentence
ends, names), with small helpers on words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from mtcheck.core.text import APOSTROPHES, MONTHS, TEENS, TENS, UNITS

from .lexicon import lexicon

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

_ORD_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
              "ninth")
_ORD_BIG = ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
            "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth")
_DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
            "seventies": 70, "eighties": 80, "nineties": 90}
_VALUES = {w: i for i, w in enumerate(UNITS)}
_VALUES.update({w: 10 + i for i, w in enumerate(TEENS)})
_VALUES.update({w: 20 + 10 * i for i, w in enumerate(TENS)})
_ORD_VALUES = {w: i + 1 for i, w in enumerate(_ORD_UNITS)}
_ORD_VALUES.update({w: 10 + i for i, w in enumerate(_ORD_BIG[:10])})
_ORD_VALUES.update({"twentieth": 20, "thirtieth": 30})
_SMALL_WORDS = UNITS[1:]


def _alt(words) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


# Every word of UNITS, TEENS, TENS, "hundred" and "thousand", factorised (it is repeated
# in the large patterns below, and a short pattern compiles faster).
_NUMW = (r"(?:(?:thir|four|fif|six|seven|eigh|nine)teen|(?:twen|thir|for|fif|six|seven|eigh|nine)ty"
         r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|hundred|thousand)")
# A run of number words: "seventy five", "one hundred", "sixty-eight". At most 12 words (no
# number is longer): unbounded, every word of a long run of number words rescanned the rest of
# the run (quadratic: 235 s for 100 kB of "twenty one").
_NUMSEQ = rf"(?:{_NUMW})(?:[ -](?:{_NUMW})){{0,11}}"
_MONTH = _alt(MONTHS)
_UNIT_1_9 = _alt(UNITS[1:])
_TENS_RE = _alt(TENS)
_DAY_WORDS = (rf"(?:(?:{_TENS_RE})(?:[ -](?:{_UNIT_1_9}|{_alt(_ORD_UNITS)}))?"
              rf"|{_alt(TEENS + _ORD_BIG)})")

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
            rf"|\btwo thousand(?: and)? (?:{_alt(UNITS[1:] + TEENS)}|twenty)\b"
            rf"(?![ -](?:{_NUMW}|per|percent|people|of)\b)", _I), 0.8),
        # "thirteen December", "December thirteen", "on five December": a day spelled out.
        ("day", re.compile(
            rf"\b{_DAY_WORDS}(?: of)? (?:{_MONTH})\b(?!-)"
            rf"|\b(?:{_MONTH}) {_DAY_WORDS}\b(?![ -](?:{_NUMW}|years?|months?|days?|weeks?)\b)"
            rf"|(?<=\b[Oo]n )(?:{_alt(_SMALL_WORDS[1:])}) (?:{_MONTH})\b"), 0.85),
        # "fifty three", "twenty fifth": a compound number without its hyphen.
        ("unhyphenated", re.compile(
            rf"\b(?:{_TENS_RE}) (?:{_alt(UNITS[1:] + _ORD_UNITS)})\b", _I), 0.6),
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
_MONTHS_LOWER = frozenset(m.lower() for m in MONTHS)
_NOT_BEFORE_NAME = frozenset("@#/.-_") | frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
# Lower-case days and months are common in careless human writing: weaker evidence.
_CALENDAR_WORDS = _MONTHS_LOWER | frozenset(
    "monday tuesday wednesday thursday friday saturday sunday christmas easter".split())
_NUMBER_WORDS = frozenset(UNITS + TEENS + TENS + ("hundred", "thousand"))
_DIGITS_1_9 = frozenset("123456789")
_ONLY_WORDS = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")
_DAY_TRIGGERS = frozenset(TEENS + TENS + _ORD_BIG + _SMALL_WORDS)
_NUMBER_TRIGGERS = {
    "mixed": lambda lows: bool(lows & _NUMBER_WORDS),
    "decade": lambda lows: "nineteen" in lows or "eighteen" in lows,
    "year": lambda lows: "nineteen" in lows or "eighteen" in lows or "thousand" in lows,
    "day": lambda lows: bool(lows & _MONTHS_LOWER and lows & _DAY_TRIGGERS),
    "unhyphenated": lambda lows: bool(lows & frozenset(TENS)),
    "digit": lambda lows: bool(lows & _DIGITS_1_9),
    "initial-digit": lambda lows: bool(lows & _DIGITS_1_9),
    "one-of": lambda lows: "1" in lows,
    "ordinal": lambda lows: "d" in lows or "d-" in " ".join(w for w in lows if w[:2] == "d-"),
}
# The last token of a sentence ending in a full stop, if it is a word.
_LAST_TOKEN = re.compile(r"(?<![\w'’-])([^\W\d_]+)\.\s*$")
_WORD = re.compile(rf"[^\W\d_]+(?:[{APOSTROPHES}][^\W\d_]+)*", re.UNICODE)


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
