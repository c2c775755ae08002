"""Grammar-checker backends for the MT2xx family (``mtcheck.rules.grammar``).

A backend turns a :class:`~mtcheck.core.document.Document` into :class:`GrammarHit` objects, each
sorted into one of four categories the rule reports:

``agreement``    subject-verb, a/an, determiner-noun number, plural possessives ("states's")
``confusion``    wrong word, word order, confused or doubled words ("to to", "that" for "than")
``misspelling``  a lower-case word unknown in both British and American spelling
``style``        the few style hits that carry signal: lower-case sentence starts, lower-cased
                 organisation names, missing comma after a discourse marker, British and
                 American spellings mixed in one text

Two backends share this interface:

* :class:`HarperBackend` (default, embedded, offline): ``harper-py``. One linter bundle per
  process, built lazily (about 0.6 s, once) and reused under a lock.
* :class:`LanguageToolBackend`: ``language-tool-python`` against a LanguageTool server the user
  names (``languagetool_url`` setting or ``MTCHECK_LANGUAGETOOL_URL``), or a local LanguageTool
  install when the user asks for one (``languagetool_local = true``). Nothing is ever
  downloaded, and an installed LanguageTool is never picked up unasked: the confidences and the
  scorer were fitted with harper, so the same article must get the same verdict on every machine
  with the same configuration.

:func:`select_backend` picks one from the rule settings; the rule falls back to harper when
LanguageTool fails (server down, timeout, bad JSON) and says so in its notes (the first note
always names the backend that ran).
"""

from __future__ import annotations

import array
import bisect
import hashlib
import os
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from mtcheck.core.document import Document
from mtcheck.core.rule import parse_settings
from mtcheck.core.text import APOSTROPHES
from mtcheck.core.wordfreq import rare_english, zipf_table

from .english import typo_of

CATEGORIES = ("agreement", "confusion", "misspelling", "style")
URL_ENV_VAR = "MTCHECK_LANGUAGETOOL_URL"


@dataclass(frozen=True)
class GrammarHit:
    """One grammar-checker hit, already filtered and categorised. Offsets index ``doc.text``."""

    category: str  # one of CATEGORIES
    start: int
    end: int
    text: str
    message: str
    # The backend's rule id ("AnA", "EN_A_VS_AN") or a derived key ("spelling",
    # "plural-possessive", "dialect-mix"); confidences are looked up by it.
    rule: str
    suggestions: tuple[str, ...] = ()


class BackendError(RuntimeError):
    """A backend could not check the text (server down, timeout, malformed answer)."""


class GrammarBackend(Protocol):
    name: str

    def describe(self) -> str:
        """The note shown in the report, e.g. ``grammar: embedded harper backend``."""

    def check(self, doc: Document) -> list[GrammarHit]:
        ...


# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------
_NOT_NEWLINE = re.compile(r"[^\n]")


def prose_text(doc: Document) -> str:
    """``doc.text`` with everything outside the prose paragraphs blanked to spaces (newlines
    kept), so checker offsets are document offsets and boilerplate is never checked."""
    parts: list[str] = []
    pos = 0
    for p in doc.paragraphs:
        parts.append(_NOT_NEWLINE.sub(" ", doc.text[pos:p.start]))
        parts.append(doc.text[p.start:p.end])
        pos = p.end
    parts.append(_NOT_NEWLINE.sub(" ", doc.text[pos:]))
    return "".join(parts)


def spelling_candidates(doc: Document) -> dict[str, list[tuple[int, int]]]:
    """Lower-case word types worth a spelling check -> their (start, end) occurrences.

    Left out: capitalised words (names, sentence starts) and words with a capital inside
    ("eDonkey"), single letters, hyphenated compounds (checked part by part they flag "wi-fi"),
    words glued to digits ("1bn", "5m"), "et al", and lower-case particles between two
    capitalised words ("Ana da Silva", "Omar al Bashir")."""
    words = doc.words
    text = doc.text
    out: dict[str, list[tuple[int, int]]] = {}
    for i, w in enumerate(words):
        t = w.text
        if not 2 <= len(t) <= MAX_SPELLING_WORD or not t.islower() or "-" in t \
                or t in _LATIN_ABBREVIATIONS:
            continue
        if (w.start > 0 and text[w.start - 1].isdigit()) or text[w.end:w.end + 1].isdigit():
            continue
        if _in_domain_name(text, w.start, w.end):
            continue
        if 0 < i < len(words) - 1 and words[i - 1].text[0].isupper() \
                and words[i + 1].text[0].isupper():
            continue
        out.setdefault(t, []).append((w.start, w.end))
    return out


_LATIN_ABBREVIATIONS = frozenset({"et", "al"})
# Longer "words" are not spell-checked: no dictionary word is that long, and harper's
# suggestion search needs memory quadratic in the word's length (a 100,000-letter word asks
# for ~30 GB and aborts the process).
MAX_SPELLING_WORD = 50


def _in_domain_name(text: str, start: int, end: int) -> bool:
    """"blinkx.tv", "jolt.co.uk", "SM:tv": a dot or colon glued to the word on either side."""
    before = text[start - 2:start] if start >= 2 else ""
    after = text[end:end + 2]
    return (len(before) == 2 and before[1] in ".:" and before[0].isalnum()) or \
        (len(after) == 2 and after[0] == "." and after[1].isalnum())


_POSSESSIVE = re.compile(rf"[{APOSTROPHES}]s$")


def _is_plural_possessive(word: str) -> bool:
    """"states's", "ladies’s": a plural noun given a singular possessive."""
    return len(word) > 4 and word[-2:] in ("'s", "’s") and word[-3] == "s"


# --------------------------------------------------------------------------------------------
# Harper (embedded)
# --------------------------------------------------------------------------------------------
# Harper rule name -> category. Only these rules are switched on: every harper rule costs time
# on every article (all ~900 default rules: ~65 ms per 430-word article; this set: ~15 ms, of
# which ~11 ms is harper's parsing), and most of the rest are style advice that fires on edited
# news as often as on rewritten text. Chosen from hit counts per class on the development corpus
# (benchmarks/grammar_dev.py), plus rules of the same kind (agreement and confusion checks) that
# did not fire there; dropped for false alarms on human news: MassNouns, MissingPreposition,
# WrongNegative, QuantifierNumeralConflict, MissingTo, OneOfTheSingular, AdjectiveDoubleDegree,
# NounVerbConfusion.
HARPER_RULES: dict[str, str] = {
    # agreement: subject-verb, articles, number
    **dict.fromkeys((
        "AnA", "AnAnother", "AnotherAn", "AnotherOnes", "AnotherThings", "TheAnother",
        "PronounVerbAgreement", "ThereIsAgreement", "IAmAgreement", "PronounInflectionBe",
        "PronounAre", "HavePronoun", "SingleBe", "DoubleModal", "IsBeenAuxSequence",
        "ProgressiveNeedsBe", "WillNonLemma", "DidPast", "SimplePastToPastParticiple",
        "ThisTypeOfThing", "PluralWrongWordOfPhrase",
        "WentAheadAndAgreement", "YourOutClauseAgreement", "DontCan", "WantBe",
        "ThereMissingIsClause", "VerbToAdjective",
    ), "agreement"),
    # confusion: wrong word, doubled or missing word, word order
    **dict.fromkeys((
        "ToTo", "ThatThan", "ThenThan", "TheMy", "NotTo", "NotIn", "ModalBeAdjective",
        "QuantifierNeedsOf", "TheHowWhy", "ToTwoToo", "AndIn", "RepeatedWords", "TheTheToThatThe",
        "RedundantThat", "InterestedIn", "LetsConfusion", "SinceDuration", "ModalOf",
        "ModalSeem", "ThatThis", "ThoughThought", "ThingThink", "ThesesThese",
        "MultipleSequentialPronouns", "TheyreConfusions", "CapitalizePersonalPronouns",
        "NeedToNoun", "Yourself", "TheLastDays", "AsHow", "RedundantFirsts",
        # spellings no news desk uses, common in spinner synonym files
        "Without", "WithoutOut", "ExpandGovt", "ExpandThrough", "InDemandInDepth",
    ), "confusion"),
    # style hits that carry signal
    **dict.fromkeys((
        "SentenceCapitalization", "DiscourseMarkers", "UnitedOrganizations",
    ), "style"),
}
# Run with the rules above, used only as American-vocabulary evidence for the dialect mix.
HARPER_DIALECT_RULES = ("Regionalisms",)
_HARMLESS_REPEATS = frozenset({"had", "that"})
_SENTENCE_GAP = set(" \t\"'“”‘’([")


class _Harper:
    """Three harper linters (grammar rules in British English; spelling only, British and
    American) and a per-process cache of word-type spellings. Not thread-safe by itself: use it
    under :data:`_HARPER_LOCK`."""

    def __init__(self) -> None:
        import harper

        self.harper = harper
        self.grammar = harper.Linter(harper.Dialect.BRITISH)  # the slow, once-per-process step
        defaults = self.grammar.get_default_lint_config()
        wanted = set(HARPER_RULES) | set(HARPER_DIALECT_RULES)
        missing = sorted(wanted - set(defaults))
        if missing:  # a harper upgrade renamed rules: run what exists, the tests will say
            wanted -= set(missing)
        self.grammar.set_lint_config({k: k in wanted for k in defaults})
        spell_only = {k: k == "SpellCheck" for k in defaults}
        self.spell_gb = harper.Linter(harper.Dialect.BRITISH)
        self.spell_gb.set_lint_config(spell_only)
        self.spell_us = harper.Linter(harper.Dialect.AMERICAN)
        self.spell_us.set_lint_config(spell_only)
        # word -> (unknown in British, unknown in American, suggestions)
        self.spelling: dict[str, tuple[bool, bool, tuple[str, ...]]] = {}
        # Hashes of common words both dictionaries know, precomputed with this harper version
        # (tools/spelling_table_build.py): they need no lint.
        self.known = known_word_hashes()
        # Precomputed decisions (with suggestions) for rarer plain words: they need no lint.
        self.decided = spelling_decisions()
        # harper initialises more on its first lint (~0.05 s): do it here, which is in the
        # background thread when the rule prewarmed us.
        self.grammar.lint("He have a apple.", language="plaintext")
        for linter in (self.spell_gb, self.spell_us):  # not through the tables
            self._unknown(linter, ["warmup", "wurd"])
        # The word-frequency lists are pure Python (they hold the GIL): they load on first use
        # in the calling thread, in parallel with harper's build, which releases the GIL.

    def lint_rules(self, text: str) -> dict[str, list]:
        return self.grammar.organized_lints(text, language="plaintext")

    def spell(self, words: list[str]) -> dict[str, tuple[bool, bool, tuple[str, ...]]]:
        # Bound memory in very long batch runs; cleared before this call's look-ups, so every
        # word asked for is in the cache when the answer is read from it.
        if len(self.spelling) > SPELLING_CACHE_MAX:
            self.spelling.clear()
        new = [w for w in words if w not in self.spelling]
        if new and self.known:
            known = self.known
            for w in new:
                if word_hash(w) in known:
                    self.spelling[w] = KNOWN_WORD
            new = [w for w in new if w not in self.spelling]
        # Only when every new word is plain: harper's decision on a word with other characters
        # can depend on the lines around it ("m.e" is flagged when a word follows it, not when
        # it is the last line), so such a batch is linted whole, as before the table.
        if new and self.decided and all(_PLAIN_WORD.fullmatch(w) for w in new):
            get = self.decided.get
            for w in new:
                d = get(w)
                if d is not None:
                    self.spelling[w] = d
            new = [w for w in new if w not in self.spelling]
        if new:
            gb, sugg = self._unknown(self.spell_gb, new)
            us, sugg_us = self._unknown(self.spell_us, new)
            for w in new:
                self.spelling[w] = (w in gb, w in us, sugg.get(w) or sugg_us.get(w) or ())
        return {w: self.spelling[w] for w in words}

    @staticmethod
    def _unknown(linter, words: list[str]) -> tuple[set[str], dict[str, tuple[str, ...]]]:
        """Lint one word per line; a word is unknown when a lint falls on its line."""
        text = "\n".join(words)
        starts = []
        pos = 0
        for w in words:
            starts.append(pos)
            pos += len(w) + 1
        unknown: set[str] = set()
        sugg: dict[str, tuple[str, ...]] = {}
        for lint in linter.lint(text, language="plaintext"):
            w = words[bisect.bisect_right(starts, lint.span.start) - 1]
            unknown.add(w)
            if w not in sugg:
                sugg[w] = tuple(s.replacement_text for s in lint.suggestions[:3])
        return unknown, sugg


# Spelling decisions kept per process before the cache is emptied.
SPELLING_CACHE_MAX = 200_000
# The spelling decision of a word both dictionaries know (what linting it gives).
KNOWN_WORD: tuple[bool, bool, tuple[str, ...]] = (False, False, ())
SPELLING_TABLE = "data/grammar/known_words.bin"
_TABLE_MAGIC = b"mtcheck-known-words"


def word_hash(word: str) -> int:
    """A 64-bit hash of a word (BLAKE2b): the table stores no words, only these."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "big")


def harper_version() -> str:
    """The installed harper-py version. Read from the one ``harper_py-*.dist-info`` next to the
    ``harper`` package when there is exactly one (importing :mod:`importlib.metadata` costs
    ~25 ms of a cold start: it imports the email package), else from the package metadata."""
    try:
        import harper

        found = list(Path(harper.__file__).parent.parent.glob("harper_py-*.dist-info/METADATA"))
        if len(found) == 1:
            with open(found[0], encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("Version:"):
                        return line.split(":", 1)[1].strip()
                    if not line.strip():  # end of the headers
                        break
    except (ImportError, OSError, TypeError):  # pragma: no cover
        pass
    from importlib import metadata

    try:
        return metadata.version("harper-py")
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


def known_word_hashes() -> frozenset[int]:
    """The precomputed table, or an empty set when it is missing or was built with another
    harper version (whose dictionaries may differ): then every word is linted, as before."""
    from importlib import resources

    try:
        data = resources.files("mtcheck.rules").joinpath(SPELLING_TABLE).read_bytes()
    except (FileNotFoundError, OSError):
        return frozenset()
    header, _, body = data.partition(b"\n")
    fields = header.split()
    if len(fields) < 2 or fields[0] != _TABLE_MAGIC or \
            fields[1].decode("ascii", "replace") != f"harper-py={harper_version()}":
        return frozenset()
    table = array.array("Q")
    table.frombytes(body[:len(body) // 8 * 8])
    if sys.byteorder == "little":
        table.byteswap()  # stored big-endian
    return frozenset(table)


def write_known_word_table(path, words: list[str]) -> int:
    """Write the hashes of ``words`` (decided known to both dictionaries) with the header."""
    hashes = sorted({word_hash(w) for w in words})
    table = array.array("Q", hashes)
    if sys.byteorder == "little":
        table.byteswap()
    with open(path, "wb") as fh:
        fh.write(_TABLE_MAGIC + f" harper-py={harper_version()} words={len(hashes)}\n".encode())
        fh.write(table.tobytes())
    return len(hashes)


# Words whose spelling decision is the same alone as among other words (checked by the
# builder and tests/rules/test_spelling_table.py): letters, with apostrophes inside.
_PLAIN_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)*")
SPELLING_DECISIONS = "data/grammar/spelling_decisions.bin"
_DECISIONS_MAGIC = b"mtcheck-spelling-decisions"


class SpellingDecisions:
    """word hash -> (unknown in British, unknown in American, suggestions), read in place from
    the table (sorted hashes, searched by bisection; nothing is parsed at load)."""

    def __init__(self, hashes: array.array, flags: bytes, offsets: array.array,
                 blob: bytes) -> None:
        self.hashes = hashes
        self.flags = flags
        self.offsets = offsets
        self.blob = blob

    def __len__(self) -> int:
        return len(self.hashes)

    def get(self, word: str) -> tuple[bool, bool, tuple[str, ...]] | None:
        h = word_hash(word)
        i = bisect.bisect_left(self.hashes, h)
        if i == len(self.hashes) or self.hashes[i] != h:
            return None
        f = self.flags[i]
        text = self.blob[self.offsets[i]:self.offsets[i + 1]].decode("utf-8")
        return bool(f & 1), bool(f & 2), tuple(text.split("\t")) if text else ()


def _big_endian(typecode: str, data: bytes) -> array.array:
    a = array.array(typecode)
    a.frombytes(data)
    if sys.byteorder == "little":
        a.byteswap()
    return a


def spelling_decisions() -> SpellingDecisions | None:
    """The precomputed decisions, or None when the table is missing or was built with another
    harper version: then those words are linted, as before."""
    from importlib import resources

    try:
        data = resources.files("mtcheck.rules").joinpath(SPELLING_DECISIONS).read_bytes()
    except (FileNotFoundError, OSError):
        return None
    header, _, body = data.partition(b"\n")
    fields = dict(f.split(b"=", 1) for f in header.split()[1:] if b"=" in f)
    if not header.startswith(_DECISIONS_MAGIC) or \
            fields.get(b"harper-py", b"").decode("ascii", "replace") != harper_version():
        return None
    n = int(fields[b"words"])
    hashes = _big_endian("Q", body[:8 * n])
    flags = body[8 * n:9 * n]
    offsets = _big_endian("L" if array.array("L").itemsize == 4 else "I", body[9 * n:13 * n + 4])
    return SpellingDecisions(hashes, flags, offsets, body[13 * n + 4:])


def write_spelling_decisions(path, decided: dict[str, tuple[bool, bool, tuple[str, ...]]]) -> int:
    """Write ``decided`` (word -> its decision) as the table :func:`spelling_decisions` reads."""
    rows = sorted((word_hash(w), d) for w, d in decided.items())
    if len({h for h, _ in rows}) != len(rows):
        raise ValueError("two words share a 64-bit hash")
    hashes = array.array("Q", [h for h, _ in rows])
    code = "L" if array.array("L").itemsize == 4 else "I"
    offsets = array.array(code, [0])
    blob = bytearray()
    flags = bytearray()
    for _, (gb, us, sugg) in rows:
        flags.append((1 if gb else 0) | (2 if us else 0))
        blob += "\t".join(sugg).encode("utf-8")
        offsets.append(len(blob))
    if sys.byteorder == "little":
        hashes.byteswap()
        offsets.byteswap()
    with open(path, "wb") as fh:
        fh.write(_DECISIONS_MAGIC + f" harper-py={harper_version()} words={len(rows)}\n".encode())
        fh.write(hashes.tobytes() + bytes(flags) + offsets.tobytes() + bytes(blob))
    return len(rows)


_HARPER: _Harper | None = None
_HARPER_LOCK = threading.Lock()


def _harper() -> _Harper:
    global _HARPER
    with _HARPER_LOCK:
        if _HARPER is None:
            _HARPER = _Harper()
        return _HARPER


def prewarm_harper() -> None:
    """Start building the harper linters in a background thread (harper releases the GIL while
    it builds its dictionary), so the ~0.6 s cold start overlaps other rules' work."""
    if _HARPER is None and not _PREWARM.is_set():
        _PREWARM.set()
        threading.Thread(target=_harper, name="mtcheck-grammar-load", daemon=True).start()


_PREWARM = threading.Event()


def _reset_after_fork() -> None:
    """A child forked while the parent's build thread held the lock would wait forever: give
    it a fresh lock, and let it build for itself if the parent's build had not finished."""
    global _HARPER_LOCK
    _HARPER_LOCK = threading.Lock()
    if _HARPER is None:
        _PREWARM.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)



# Harper's time grows faster than linearly with the length of one text (~0.2 s for 70 kB, ~17 s
# for 1.1 MB) and of one sentence (8,000 one-letter Cyrillic words: 3.8 s). A longer text is
# linted in pieces cut at paragraph starts (inside a longer paragraph: at sentence starts), and
# a sentence longer than LONG_SENTENCE in pieces of about half that, cut at spaces; the cost
# stays linear. Articles are shorter and are linted whole, as before.
LINT_PIECE = 40_000
LONG_SENTENCE = 2_000


def lint_pieces(doc: Document, text: str, limit: int | None = None,
                long_sentence: int | None = None) -> list[tuple[int, int]]:
    """Consecutive ranges covering ``text`` (= ``doc.text`` blanked) to lint one at a time:
    at most ``limit`` (default ``LINT_PIECE``) characters where a paragraph or sentence start
    allows, and long sentences (over ``long_sentence``, default ``LONG_SENTENCE``) on their own,
    in pieces of about half that."""
    limit = limit or LINT_PIECE
    long_sentence = long_sentence or LONG_SENTENCE
    long_ones = [s for s in doc.sentences if len(s) > long_sentence]
    if len(text) <= limit and not long_ones:
        return [(0, len(text))]
    points = [(p.start, False) for p in doc.paragraphs]  # (offset, must cut there)
    starts = [s.start for s in doc.sentences]
    for p in doc.paragraphs if len(text) > limit else ():
        if len(p) > limit:  # a long paragraph: its sentence starts too
            i, j = bisect.bisect_left(starts, p.start), bisect.bisect_left(starts, p.end)
            points.extend((start, False) for start in starts[i:j])
    step = long_sentence // 2
    for s in long_ones:
        points.append((s.start, True))
        at = s.start + step
        while at < s.end:  # at a space, else anywhere
            space = text.find(" ", at, min(s.end, at + step))
            at = space + 1 if space >= 0 else at
            points.append((at, True))
            at += step
        points.append((s.end, True))
    points.sort()
    cuts = [0]
    last_ok = 0
    for point, forced in points + [(len(text), True)]:
        if point - cuts[-1] > limit and last_ok > cuts[-1]:
            cuts.append(last_ok)
        if forced and point > cuts[-1]:
            cuts.append(point)
        last_ok = point
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


class HarperBackend:
    """The embedded backend: harper's grammar rules (a chosen subset, see ``HARPER_RULES``)
    plus a dialect-neutral spelling check of lower-case words."""

    name = "harper"

    def describe(self) -> str:
        return "grammar: embedded harper backend"

    def check(self, doc: Document) -> list[GrammarHit]:
        if not doc.paragraphs:
            return []
        text = prose_text(doc)
        candidates = spelling_candidates(doc)
        h = _harper()
        organized: dict[str, list[tuple[int, int, object]]] = {}
        with _HARPER_LOCK:
            for a, b in lint_pieces(doc, text):
                for rule, lints in h.lint_rules(text[a:b]).items():
                    organized.setdefault(rule, []).extend(
                        (a + lint.span.start, a + lint.span.end, lint) for lint in lints)
            bases = {_POSSESSIVE.sub("", w) for w in candidates}
            spelling = h.spell(sorted(set(candidates) | bases))
        hits: list[GrammarHit] = []
        american_vocab: list[GrammarHit] = []
        for rule in sorted(organized):
            for start, end, lint in organized[rule]:
                if end <= start or doc.is_excluded(start, end):
                    continue
                sugg = tuple(s.replacement_text for s in lint.suggestions[:3])
                hit = GrammarHit(HARPER_RULES.get(rule, "style"), start, end, text[start:end],
                                 lint.message, rule, sugg)
                if rule in HARPER_DIALECT_RULES:
                    american_vocab.append(hit)
                elif rule in HARPER_RULES and _keep_harper_hit(rule, text, start, end):
                    hits.append(hit)
        uses: dict[str, int] = {}
        for w in doc.words:  # every spelling of a word type counts ("Frataxin", "frataxin")
            k = w.text.lower()
            uses[k] = uses.get(k, 0) + 1
        hits.extend(_spelling_hits(candidates, spelling, american_vocab, uses))
        return hits


def _keep_harper_hit(rule: str, text: str, start: int, end: int) -> bool:
    """Drop the known false alarms of kept rules on clean news text."""
    flagged = text[start:end]
    if rule == "RepeatedWords":
        words = flagged.split()
        # "had had", "that that" are grammatical; "Duran Duran", "Gimme Gimme" are names.
        return not (words and (words[0].lower() in _HARMLESS_REPEATS
                               or all(w[:1].isupper() for w in words)))
    if rule == "SentenceCapitalization":
        return _after_full_stop(text, start)
    if rule == "AnA":
        # "an historic", "an hotel" are accepted British usage ("an honour" is right);
        # a capital "A" inside a sentence is a letter or a name ("detainee 'A'", "A N Other").
        nxt = text[end:end + 3].lstrip()
        if flagged.lower() == "an" and nxt[:1].lower() == "h":
            return False
        return not (flagged[:1] == "A" and not _after_full_stop(text, start))
    if rule == "PronounVerbAgreement":
        # Harper misreads past tenses ("he beat", "she struck"); auxiliaries are reliable.
        return flagged.strip().lower() in _AUXILIARIES
    if rule == "DiscourseMarkers":
        # Spinners turn "But" into "However" and leave no comma; other markers without a comma
        # ("Meanwhile the", "Instead we") are common house style.
        return flagged == "However"
    if rule == "TheHowWhy":
        return not text[end:end + 1].isupper()  # "The Who"
    return True


_AUXILIARIES = frozenset({"am", "is", "are", "was", "were", "has", "have", "do", "does"})


def _after_full_stop(text: str, start: int) -> bool:
    """True if ``start`` opens the text or follows a full stop and a space ("x. the"). Harper
    also reports words after "Mamma Mia!" in mid-sentence, after a paragraph break inside a
    sentence, and in domain names ("gamesindustry.biz"); a digit before the stop counts
    ("0.five": a spinner spelled out a decimal)."""
    i = start - 1
    while i >= 0 and (text[i] in _SENTENCE_GAP or text[i].isspace()):
        i -= 1
    if i < 0:
        return True
    if text[i] != ".":
        return False
    return i + 1 < start and text[i + 1].isspace() or i > 0 and text[i - 1].isdigit()


def _spelling_hits(candidates: dict[str, list[tuple[int, int]]],
                   spelling: dict[str, tuple[bool, bool, tuple[str, ...]]],
                   american_vocab: list[GrammarHit],
                   uses: dict[str, int] | None = None) -> list[GrammarHit]:
    hits: list[GrammarHit] = []
    british: list[str] = []  # unknown to the American dictionary only
    american: list[str] = []  # unknown to the British dictionary only
    for word in sorted(candidates):
        unknown_gb, unknown_us, sugg = spelling[word]
        if unknown_gb and unknown_us:
            found = _unknown_word(word, spelling, sugg,
                                  (uses or {}).get(word, len(candidates[word])))
            if found:
                cat, key, msg, sugg = found
                hits.extend(GrammarHit(cat, s, e, word, msg, key, sugg)
                            for s, e in candidates[word])
        elif unknown_gb:
            american.append(word)
        elif unknown_us:
            british.append(word)
    n_us = sum(len(candidates[w]) for w in american) + len(american_vocab)
    n_gb = sum(len(candidates[w]) for w in british)
    if n_us and n_gb and n_us != n_gb:
        # Flag the minority spelling only: one text mixing "centre" and "center" suggests parts
        # were rewritten with a word list (spinners and MT engines favour American forms).
        if n_us < n_gb:
            hits.extend(_minority_spellings("American", american, "British", british,
                                            candidates, spelling))
            majority = ", ".join(f"`{w}`" for w in british[:3])
            hits.extend(GrammarHit("style", h.start, h.end, h.text,
                                   f"{h.message} (the text otherwise uses British spelling: "
                                   f"{majority})", "dialect-mix", h.suggestions)
                        for h in american_vocab)
        else:
            hits.extend(_minority_spellings("British", british, "American", american,
                                            candidates, spelling))
    return hits


def _minority_spellings(minority: str, words: list[str], majority: str, others: list[str],
                        candidates: dict[str, list[tuple[int, int]]],
                        spelling: dict[str, tuple[bool, bool, tuple[str, ...]]]
                        ) -> list[GrammarHit]:
    examples = ", ".join(f"`{w}`" for w in others[:3])
    return [GrammarHit("style", s, e, word,
                       f"{minority} spelling `{word}` in a text that otherwise uses {majority} "
                       f"spelling ({examples})", "dialect-mix", spelling[word][2][:1])
            for word in words for s, e in candidates[word]]


def _unknown_word(word: str, spelling: dict[str, tuple[bool, bool, tuple[str, ...]]],
                  sugg: tuple[str, ...], occurrences: int = 1
                  ) -> tuple[str, str, str, tuple[str, ...]] | None:
    """Sort a lower-case word unknown to both dictionaries: (category, key, message,
    suggestions), or None for a rare but real English word the checker lacks ("dialler"), an
    ordinary typo one edit from a common word ("cofidence"), and a term the text uses more than
    once (technical vocabulary, names, transliterations: "frataxin", "gevent", "sekiwake")."""
    if _is_plural_possessive(word):
        return ("agreement", "plural-possessive",
                f"`{word}`: a plural noun with a singular possessive ('s); an original name or "
                f"noun was probably replaced", (word[:-2] + word[-2],))
    base = _POSSESSIVE.sub("", word)
    base_unknown = base == word or all(spelling.get(base, (False, False))[:2])
    if base_unknown and zipf(base) >= 4.0:
        name = base.upper() if len(base) <= 3 else base.capitalize()
        return ("misspelling", "lowercase-name",
                f"`{word}`: a common name or acronym written in lower case ({name}?)",
                (name + word[len(base):],))
    if base != word:
        return ("misspelling", "odd-apostrophe",
                f"`{word}`: an apostrophe form that is not English (a word was probably "
                f"replaced or mangled)", sugg)
    if zipf(word) < 1.0:
        if occurrences > 1 or not word.isalpha() or _typo(word):
            return None
        return ("misspelling", "unknown-word",
                f"`{word}` is not an English word in either British or American spelling "
                f"(a typo or an untranslated word)", sugg)
    return None


def _typo(word: str) -> bool:
    return typo_of(word, zipf_table()) is not None


def zipf(word: str) -> float:
    """wordfreq Zipf frequency bands: the exact value from 3 up, 2.0 for 1-3, 0.0 below 1."""
    z = zipf_table().get(word)
    if z is not None:
        return z
    return 2.0 if word in rare_english() else 0.0


# --------------------------------------------------------------------------------------------
# LanguageTool (optional: a server URL or an existing local install, never a download)
# --------------------------------------------------------------------------------------------
# LanguageTool rule id fragments that mean agreement; other GRAMMAR hits are "confusion".
_LT_AGREEMENT = re.compile(
    r"AGREEMENT|A_VS_AN|EN_A_VS_AN|SINGULAR|PLURAL|_NNS|NNS_|NON3PRS|3SG|HE_VERB|DT_|"
    r"THIS_NNS|MANY_NN|MUCH_COUNTABLE|DOES_X_HAS|PRP_VBZ|PRP_VBP|BE_VBP|COUNTABLE")
_LT_CONFUSION_CATEGORIES = frozenset({"GRAMMAR", "CONFUSED_WORDS", "COLLOCATIONS",
                                      "NONSTANDARD_PHRASES", "MISC", "SEMANTICS"})
_LT_REPEAT_RULES = frozenset({"ENGLISH_WORD_REPEAT_RULE", "ENGLISH_WORD_REPEAT_BEGINNING_RULE"})
_LT_STYLE_RULES = frozenset({"UPPERCASE_SENTENCE_START"})
_LT_SPELLING_RULE = re.compile(r"MORFOLOGIK_RULE|HUNSPELL|SPELLER")
_LT_DIALECT_MESSAGE = re.compile(
    r"\b(British|American|Canadian|Australian|New Zealand|South African|Irish) English\b")


def _classify_lt(match, text: str) -> str | None:
    """Category of a LanguageTool match, or None to drop it (style advice, typography,
    capitalised names flagged as misspellings, dialect spellings)."""
    rule, category = match.rule_id or "", match.category or ""
    issue = match.rule_issue_type or ""
    start = match.offset
    word = text[start:start + match.error_length]
    if category == "TYPOS" and (issue == "misspelling" or _LT_SPELLING_RULE.match(rule)):
        if not word.islower() or _LT_DIALECT_MESSAGE.search(match.message or ""):
            return None
        return "agreement" if _is_plural_possessive(word) else "misspelling"
    if rule in _LT_STYLE_RULES:
        return "style"
    if rule in _LT_REPEAT_RULES:
        words = word.split()
        if words and (words[0].lower() in _HARMLESS_REPEATS or all(w[:1].isupper() for w in words)):
            return None
        return "confusion"
    if _LT_AGREEMENT.search(rule):
        return "agreement"
    if category in _LT_CONFUSION_CATEGORIES or issue == "grammar":
        return "confusion"
    return None


def _languagetool_class():
    import language_tool_python

    class _LanguageTool(language_tool_python.LanguageTool):
        # language_tool_python waits 300 s per request by default; a linter must not hang.
        _TIMEOUT = 10

    return _LanguageTool


def local_languagetool_version() -> str | None:
    """The newest LanguageTool already installed where language_tool_python keeps it (and a
    Java to run it), or None. Only looks at the disk, never downloads; language_tool_python
    (70 ms to import) is imported only when an install folder exists."""
    import shutil
    from pathlib import Path

    folder = Path(os.environ.get("LTP_PATH") or Path.home() / ".cache" / "language_tool_python")
    if not any(folder.glob("LanguageTool-*/languagetool*.jar")) or not shutil.which("java"):
        return None
    try:
        from language_tool_python.download_lt import LocalLanguageTool

        installed = LocalLanguageTool.get_latest_installed_version()
        if installed is None:
            return None
        installed.get_jar_path()  # raises when the folder holds no jar
        return installed.version_name
    except Exception:  # noqa: BLE001 - any problem means "no usable install"
        return None


class LanguageToolBackend:
    """LanguageTool through ``language-tool-python``: a remote server (``url``) or a local
    install already on disk (``local_version``). Raises :class:`BackendError` on any failure."""

    name = "languagetool"

    def __init__(self, url: str | None = None, language: str = "en-US",
                 local_version: str | None = None, timeout: float = 10.0) -> None:
        if not url and not local_version:
            raise ValueError("LanguageToolBackend needs a server URL or a local install")
        self.url = url
        self.language = language
        self.local_version = local_version
        self.timeout = timeout
        self._tool = None

    def describe(self) -> str:
        if self.url:
            return f"grammar: LanguageTool at {self.url}"
        return f"grammar: local LanguageTool {self.local_version}"

    def _client(self):
        if self._tool is None:
            cls = _languagetool_class()
            cls._TIMEOUT = self.timeout
            try:
                if self.url:
                    self._tool = cls(self.language, remote_server=self.url)
                else:
                    # The installed version is passed so language_tool_python finds it on disk
                    # and skips its download step.
                    self._tool = cls(self.language,
                                     language_tool_download_version=self.local_version)
            except Exception as e:  # noqa: BLE001 - connection, JSON, language, Java errors
                raise BackendError(f"{type(e).__name__}: {e}") from e
        return self._tool

    def check(self, doc: Document) -> list[GrammarHit]:
        if not doc.paragraphs:
            return []
        text = prose_text(doc)
        tool = self._client()
        try:
            matches = tool.check(text)
        except Exception as e:  # noqa: BLE001
            raise BackendError(f"{type(e).__name__}: {e}") from e
        hits = []
        for m in matches:
            try:
                start, end = int(m.offset), int(m.offset) + int(m.error_length)
            except (TypeError, ValueError, AttributeError) as e:
                raise BackendError(f"malformed match: {e}") from e
            if end <= start or end > len(text) or doc.is_excluded(start, end):
                continue
            category = _classify_lt(m, text)
            if category is None:
                continue
            hits.append(GrammarHit(category, start, end, text[start:end], m.message or "",
                                   m.rule_id or "", tuple(list(m.replacements or ())[:3])))
        return hits


# --------------------------------------------------------------------------------------------
# Choice
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GrammarSettings:
    languagetool_url: str | None = None  # a LanguageTool server (also MTCHECK_LANGUAGETOOL_URL)
    languagetool_local: bool = False  # use a local LanguageTool install (never unasked)
    languagetool_language: str = "en-US"  # LanguageTool language code
    languagetool_timeout: float = 10.0  # seconds to wait for the server

    def __post_init__(self) -> None:
        if self.languagetool_timeout <= 0:
            raise ValueError(f"languagetool_timeout must be positive, not {self.languagetool_timeout}")


def languagetool_url(settings: GrammarSettings) -> str | None:
    """The LanguageTool server URL from the rule settings, else the environment."""
    url = settings.languagetool_url or os.environ.get(URL_ENV_VAR) or ""
    return url.strip() or None


def select_backend(settings: GrammarSettings | dict) -> GrammarBackend:
    """LanguageTool when a URL is configured, or a local install when ``languagetool_local`` is
    set (and one exists); the embedded harper backend otherwise."""
    settings = parse_settings(GrammarSettings, settings, "grammar")
    language = settings.languagetool_language
    timeout = settings.languagetool_timeout
    url = languagetool_url(settings)
    if url:
        return LanguageToolBackend(url=url, language=language, timeout=timeout)
    if settings.languagetool_local:
        version = local_languagetool_version()
        if version:
            return LanguageToolBackend(local_version=version, language=language, timeout=timeout)
    return HarperBackend()
