"""MT8xx round trip: the article is a near fixed point of machine translation (off by default).

What it does
    Only with ``--roundtrip-check`` (``roundtrip-check = true``): translates the article's prose
    out to a pivot language and back (English -> X -> English) with a translation engine on your
    machine, and measures how little each sentence changed: the word-level edit similarity of a
    sentence and its round trip (matched words, in order, over the words of both: 1.0 = same
    words). Sentences are sent one per paragraph, so each comes back beside its original; an
    engine that merges or splits them is aligned word by word over the whole text instead.
    Measurements (``-v``): ``round-trip.similarity`` (the article's similarity, word-weighted),
    ``round-trip.unchanged_share`` (share of its sentences of 8+ words that came back unchanged
    or nearly so) and ``round-trip.bleu`` (BLEU-4 of the round trip against the article).
    When the article as a whole is a near fixed point (similarity at least ``min_similarity``),
    MT801 marks its sentences of 8+ words that came back nearly unchanged.

Why
    Machine-translated text is close to a fixed point of machine translation: translating it
    again changes it little, while human writing, with its idioms and freer word order, changes
    more (Nguyen-Son et al., 2019-2021). Measured on the benchmark (README, "Round-trip check"),
    the effect is strong when the engine that checks is the one that made the translation, and
    much weaker for a different engine: a fixed point of Apertium says little about DeepL.

Engines
    Apertium (Debian: ``apt-get install apertium apertium-eng-spa``): ``pivot`` is one of spa,
    cat, glg, epo, hbs (default spa). Or your own command (``roundtrip-command``), run twice per
    article with the text on standard input and the translation expected on standard output;
    ``{source}`` and ``{target}`` in its arguments become the two languages (``english`` and
    ``pivot``, swapped for the way back). A missing engine, a failing command or one that takes
    longer than ``timeout`` seconds is a one-line error for that file (exit 2); other files are
    still checked.

Effect on the verdict
    MT801 is located evidence of machine translation: like the other machine-translation findings
    it counts towards the probability and can carry a verdict. The article's measurements appear
    with ``-v``; the shipped scorer was fitted without them, so they do not move the probabilities.
    The check costs two engine runs per article (Apertium: about 0.3 s of CPU for 500 words).

Example
    Apertium's own English output (from Spanish) comes back word for word from a second trip
    through Spanish: MT801 on each long sentence. Ordinary English prose with phrasal verbs and
    idioms ("ran straight down to the water", "to save my life") changes.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from mtcheck.core.document import Document
from mtcheck.core.finding import Severity
from mtcheck.core.rule import Code, Rule, RuleError, RuleOutput, flags, passes

NAME = "round-trip"
# Apertium modes (there, back) per pivot language, as Debian's packages name them.
APERTIUM_PIVOTS = {
    "spa": ("eng-spa", "spa-eng"),
    "cat": ("eng-cat", "cat-eng"),
    "glg": ("en-gl", "gl-en"),
    "epo": ("en-eo", "eo-en"),
    "hbs": ("eng-hbs", "hbs-eng"),
}
PIVOT_NAMES = {"spa": "Spanish", "cat": "Catalan", "glg": "Galician", "epo": "Esperanto",
               "hbs": "Serbo-Croatian"}
MIN_SENTENCE_WORDS = 8  # shorter sentences come back unchanged whoever wrote them
MAX_SENTENCES = 2000  # the check reads at most this many sentences (a bound for huge inputs)
MAX_FINDINGS = 20
WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
# Apertium marks unknown (*), untranslatable (#) and ambiguous (@) words even with -u in places.
MARKER_RE = re.compile(r"(?<![\w*#@])[*#@]+(?=\w)")
PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class RoundTripSettings:
    """``enabled``: run the check (also ``roundtrip-check`` / ``--roundtrip-check``);
    ``pivot``: the pivot language, as the engine names it (Apertium: spa, cat, glg, epo, hbs);
    ``command``: your translation command (argv; ``{source}``/``{target}`` are replaced by the
    languages; also ``roundtrip-command``), empty for Apertium; ``english``: what the command calls
    English; ``timeout``: seconds each engine run may take; ``min_similarity``: the article
    similarity from which sentences are reported; ``min_sentence_similarity``: a reported
    sentence's similarity."""

    enabled: bool = False
    pivot: str = "spa"
    command: tuple[str, ...] = ()
    english: str = "en"
    timeout: float = 60.0
    min_similarity: float = 0.9
    min_sentence_similarity: float = 0.95

    def __post_init__(self) -> None:
        if not self.command and self.pivot not in APERTIUM_PIVOTS:
            raise ValueError(f"pivot {self.pivot!r} is not an Apertium pivot; choose from "
                             f"{', '.join(APERTIUM_PIVOTS)} (or set a roundtrip-command)")
        if self.command and not self.command[0].strip():
            raise ValueError("command: the program name is empty")
        if not self.pivot.strip() or not self.english.strip():
            raise ValueError("pivot and english must not be empty")
        if not self.timeout > 0 or math.isinf(self.timeout):
            raise ValueError("timeout must be a positive number of seconds")
        for name in ("min_similarity", "min_sentence_similarity"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be between 0 and 1")


# -- engines ------------------------------------------------------------------------------------

class Engine:
    """A translation engine: ``translate(text, out=True)`` is English -> pivot, ``out=False`` back."""

    label: str

    def translate(self, text: str, out: bool) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


def _run(argv: list[str], text: str, timeout: float, what: str) -> str:
    """Run a translation program on ``text`` (``what`` names the run in errors): its output, or
    a one-line :class:`RuleError`."""
    try:
        done = subprocess.run(argv, input=text.encode("utf-8"), capture_output=True,
                              timeout=timeout)
    except FileNotFoundError:
        raise RuleError(f"round-trip check: command not found: {argv[0]}") from None
    except OSError as exc:
        raise RuleError(f"round-trip check: cannot run {argv[0]}: {exc.strerror or exc}") from None
    except subprocess.TimeoutExpired:
        raise RuleError(f"round-trip check: {what} took longer than {timeout:g} s "
                        f"(the round-trip timeout)") from None
    if done.returncode != 0:
        err = next((ln.strip() for ln in done.stderr.decode("utf-8", "replace").splitlines()
                    if ln.strip()), "")
        raise RuleError(f"round-trip check: {what} failed (exit status {done.returncode})"
                        + (f": {err[:200]}" if err else ""))
    out = done.stdout.decode("utf-8", "replace")
    if text.strip() and not out.strip():
        raise RuleError(f"round-trip check: {what} wrote no translation on standard output")
    return out


@lru_cache(maxsize=1)
def apertium_modes() -> frozenset[str]:
    """The installed Apertium modes (empty when Apertium is not installed)."""
    if shutil.which("apertium") is None:
        return frozenset()
    try:
        done = subprocess.run(["apertium", "-l"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(done.stdout.split())


class Apertium(Engine):
    def __init__(self, pivot: str, timeout: float) -> None:
        self.pivot, self.timeout = pivot, timeout
        self.modes = APERTIUM_PIVOTS[pivot]
        self.label = f"Apertium via {PIVOT_NAMES[pivot]}"

    def check(self) -> None:
        if shutil.which("apertium") is None:
            raise RuleError("round-trip check: Apertium is not installed (apt-get install "
                            f"apertium apertium-{self._package()}), or set roundtrip-command")
        missing = [m for m in self.modes if m not in apertium_modes()]
        if missing:
            raise RuleError(f"round-trip check: Apertium has no {'/'.join(missing)} mode "
                            f"(apt-get install apertium-{self._package()})")

    def _package(self) -> str:
        return {"glg": "en-gl", "epo": "eo-en", "hbs": "hbs-eng"}.get(self.pivot, f"eng-{self.pivot}")

    def translate(self, text: str, out: bool) -> str:
        mode = self.modes[0 if out else 1]
        return MARKER_RE.sub("", _run(["apertium", "-u", "-f", "txt", mode], text, self.timeout,
                                      f"apertium {mode}"))


class Command(Engine):
    def __init__(self, argv: tuple[str, ...], english: str, pivot: str, timeout: float) -> None:
        self.argv, self.english, self.pivot, self.timeout = argv, english, pivot, timeout
        self.label = f"{os.path.basename(argv[0])} via {pivot}"

    def check(self) -> None:
        pass  # a missing program is reported by the first run

    def translate(self, text: str, out: bool) -> str:
        source, target = (self.english, self.pivot) if out else (self.pivot, self.english)
        argv = [a.replace("{source}", source).replace("{target}", target) for a in self.argv]
        return _run(argv, text, self.timeout, f"{os.path.basename(argv[0])} ({source} -> {target})")


def make_engine(settings: RoundTripSettings) -> Engine:
    if settings.command:
        return Command(settings.command, settings.english, settings.pivot, settings.timeout)
    return Apertium(settings.pivot, settings.timeout)


# -- measures (engine-independent) ---------------------------------------------------------------

def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in WORD_RE.findall(text)]


def similarity(a: list[str], b: list[str]) -> float:
    """Word-level edit similarity: 2 x the words matched in order / (|a| + |b|)."""
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def matched(a: list[str], b: list[str]) -> int:
    return sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def bleu(pairs: list[tuple[list[str], list[str]]], n_max: int = 4) -> float:
    """Corpus BLEU-n (add-one smoothed above unigrams) of the round trips (second of each pair)
    against the originals (first)."""
    hits = [0] * n_max
    totals = [0] * n_max
    ref_len = hyp_len = 0
    for ref, hyp in pairs:
        ref_len += len(ref)
        hyp_len += len(hyp)
        for n in range(1, n_max + 1):
            r = Counter(tuple(ref[i:i + n]) for i in range(len(ref) - n + 1))
            h = Counter(tuple(hyp[i:i + n]) for i in range(len(hyp) - n + 1))
            hits[n - 1] += sum(min(c, r[g]) for g, c in h.items())
            totals[n - 1] += max(len(hyp) - n + 1, 0)
    if not hyp_len or not hits[0]:
        return 0.0
    logp = sum(math.log((hits[n] + (n > 0)) / (totals[n] + (n > 0))) for n in range(n_max)) / n_max
    bp = min(0.0, 1 - ref_len / hyp_len)
    return math.exp(logp + bp)


def align_sentences(originals: list[list[str]], trip: str) -> list[list[str]]:
    """The round trip's words per original sentence. Sentences went out one per paragraph; when
    as many paragraphs come back they pair up one to one, otherwise the words of the whole round
    trip are aligned with the whole original and each returned word goes to the sentence of the
    nearest original word matched before it."""
    parts = [p for p in PARAGRAPH_BREAK_RE.split(trip.strip()) if p.strip()]
    if len(parts) == len(originals):
        return [words(p) for p in parts]
    flat = [w for s in originals for w in s]
    owner = [i for i, s in enumerate(originals) for _ in s]
    back = words(trip)
    out: list[list[str]] = [[] for _ in originals]
    if not flat:
        return out
    current = 0
    ops = difflib.SequenceMatcher(None, flat, back, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        for k, j in enumerate(range(j1, j2)):
            if tag == "equal":
                current = owner[i1 + k]
            elif i2 > i1:  # a replaced run: spread its words over the sentences it replaces
                current = owner[min(i1 + k * (i2 - i1) // (j2 - j1), i2 - 1)]
            out[current].append(back[j])
    return out


@dataclass
class Measurement:
    similarities: list[float]  # per sentence
    lengths: list[int]  # words per original sentence
    similarity: float  # the article's, word-weighted
    unchanged_share: float  # of the sentences of MIN_SENTENCE_WORDS+ words
    bleu: float


def measure(originals: list[list[str]], returned: list[list[str]],
            min_sentence_similarity: float = 0.95) -> Measurement:
    sims = [similarity(a, b) for a, b in zip(originals, returned)]
    lengths = [len(a) for a in originals]
    both = sum(len(a) + len(b) for a, b in zip(originals, returned))
    doc_sim = (sum(s * (len(a) + len(b)) for s, a, b in zip(sims, originals, returned)) / both
               if both else 1.0)
    long = [s for s, n in zip(sims, lengths) if n >= MIN_SENTENCE_WORDS]
    unchanged = sum(s >= min_sentence_similarity for s in long) / len(long) if long else 0.0
    return Measurement(sims, lengths, doc_sim, unchanged, bleu(list(zip(originals, returned))))


def round_trip(engine: Engine, sentences: list[str]) -> str:
    """The sentences (one per paragraph) out to the pivot language and back."""
    text = "\n\n".join(sentences) + "\n"
    return engine.translate(engine.translate(text, out=True), out=False)


# -- the rule ----------------------------------------------------------------------------------

class RoundTrip(Rule):
    __doc__ = __doc__
    family = "MT8"
    name = NAME
    Settings = RoundTripSettings
    codes = (
        Code("MT801", "round-trip-fixed-point", Severity.INFO,
             "A sentence that comes back unchanged from a machine-translation round trip, in an "
             "article that does so as a whole (only with --roundtrip-check)",
             kind="machine_translated"),
    )
    # The examples need the check on and Apertium (Spanish) installed: see ``unavailable``.
    example_settings = {"enabled": True, "pivot": "spa"}
    # Written for mtcheck. The must-flag ones are Apertium's translation (English -> Spanish ->
    # English) of sentences written for mtcheck, which a second trip leaves unchanged.
    examples = (
        flags("The city council approved the estimate for next year yesterday. The mayor said "
              "that the new plan will improve services for each resident of the city. The "
              "opposition voted against the estimate because it thinks that the taxes are too "
              "tall.", "MT801"),
        flags("The Monday the company announced that it will open a new factory in the one of "
              "the north of the country. According to the company, the factory will create more "
              "than five hundred works in the region on the next three years.", "MT801"),
        flags("The government presented a new law to protect the rivers and the forests of the "
              "country. The minister explained that the law will be spent before the end of the "
              "year and that the companies will have to cut his emissions.", "MT801"),
        passes("I wasn't sure what to expect when we pulled into the campsite last Friday. My "
               "brother had booked it months ago, and honestly I'd forgotten all about it until he "
               "texted me a photo of the lake. The kids ran straight down to the water while I "
               "fought with the tent poles and lost, twice."),
        passes("Mara had never liked the harbour at night. She walked fast, hands deep in her "
               "pockets, counting the boats she knew by name and ignoring the ones she didn't. "
               "Somebody was singing on the far pier, badly, and a dog answered him."),
        passes("Turnout picked up after lunch, officials said, though queues never got out of "
               "hand. Pundits had written the race off weeks ago; nobody is writing it off now."),
    )
    features = tuple(f"{NAME}.{n}" for n in ("similarity", "unchanged_share", "bleu"))

    @classmethod
    def unavailable(cls) -> str | None:
        modes = APERTIUM_PIVOTS[cls.example_settings["pivot"]]
        if not all(m in apertium_modes() for m in modes):
            return f"needs Apertium with the {'/'.join(modes)} modes"
        return None

    def run(self, doc: Document) -> RuleOutput:
        settings: RoundTripSettings = self.settings
        if not settings.enabled:
            return RuleOutput()
        spans = [s for s in doc.sentences[:MAX_SENTENCES] if WORD_RE.search(doc.text, s.start, s.end)]
        if not spans:
            return RuleOutput()
        engine = make_engine(settings)
        engine.check()
        sentences = [" ".join(doc.text[s.start:s.end].split()) for s in spans]
        originals = [words(s) for s in sentences]
        returned = align_sentences(originals, round_trip(engine, sentences))
        m = measure(originals, returned, settings.min_sentence_similarity)
        out = RuleOutput(features={f"{NAME}.similarity": round(m.similarity, 4),
                                   f"{NAME}.unchanged_share": round(m.unchanged_share, 4),
                                   f"{NAME}.bleu": round(m.bleu, 4)})
        out.notes.append(f"round-trip check ({engine.label}): article similarity "
                         f"{m.similarity:.2f}, {m.unchanged_share:.0%} of its sentences of "
                         f"{MIN_SENTENCE_WORDS}+ words came back unchanged or nearly so")
        if m.similarity < settings.min_similarity:
            return out
        candidates = [i for i, (s, n) in enumerate(zip(m.similarities, m.lengths))
                      if n >= MIN_SENTENCE_WORDS and s >= settings.min_sentence_similarity]
        # The longest first: a long sentence coming back word for word says the most.
        keep = sorted(sorted(candidates, key=lambda i: (-m.lengths[i], i))[:MAX_FINDINGS])
        for i in keep:
            span = spans[i]
            same = "unchanged" if m.similarities[i] == 1.0 else "nearly unchanged"
            out.findings.append(self.finding(
                "MT801", span.start, span.end, doc.text[span.start:span.end],
                f"comes back {same} from a round trip ({engine.label}): sentence similarity "
                f"{m.similarities[i]:.2f}, article {m.similarity:.2f} (reported from "
                f"{settings.min_similarity:.2f}); machine translation is a near fixed point of "
                f"machine translation",
                evidence={"sentence_similarity": round(m.similarities[i], 4),
                          "article_similarity": round(m.similarity, 4),
                          "threshold": settings.min_similarity, "engine": engine.label,
                          "round_trip": " ".join(returned[i])},
                confidence=round(0.5 + 0.3 * (m.similarity - settings.min_similarity)
                                 / max(1e-9, 1 - settings.min_similarity), 3)))
        return out
