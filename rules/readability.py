"""MT4xx readability drift: passages whose vocabulary is far rarer than ordinary news prose.

The measurements (content-word rarity from wordfreq, Flesch reading ease and Dale-Chall with
textstat's formulas) are computed on windows of about 200 words and compared with the range of
windows in ordinary human news (fitted numbers in ``data/readability-drift/human_news.json``, made
by ``python -m tools.readability_build fit CORPUS_DIR``).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mtcheck.core.document import Document, SpanSet
from mtcheck.core.finding import Severity
from mtcheck.core.rule import Code, Rule, RuleOutput, flags, passes
from mtcheck.core.text import FUNCTION_WORDS
from mtcheck.core.wordfreq import zipf_table

NAME = "readability-drift"
DATA = Path(__file__).resolve().parent / "data" / NAME

WINDOW_WORDS = 200  # a window is the shortest run of paragraphs with at least this many words
MIN_ARTICLE_WORDS = 200  # shorter articles get features but no window findings
UNIT_WORDS = 60  # paragraphs longer than ~2 units are cut into sentence groups of >= this size
RARE_ZIPF = 3.0  # "rare": below Zipf 3 (less than once per million words)
UNUSUAL_ZIPF = 4.5  # "unusual": below Zipf 4.5 and used only once in the article
UNLISTED_ZIPF = 2.5  # value for a word absent from wordfreq's list (which stops at Zipf 3.0)
RAREST_SHOWN = 6
TTR_CHUNK = 100  # content words per run for the type/token ratio

# Function words and reporting verbs: everything else made of lower-case letters is a content word.
STOPWORDS = FUNCTION_WORDS | frozenset("""
across ago almost along already although always among another anyone anything around away back
became become cannot done enough even get gets getting got however like made make near never onto
put said say says see seen something still told toward towards well whatever
""".split())


# -- lexical resources (loaded lazily, once per process) ------------------------------------------

@lru_cache(maxsize=1)
def syllable_table() -> dict[str, int]:
    """Syllable counts from CMUdict (the copy in pocketsphinx) for common words, see README."""
    table: dict[str, int] = {}
    with open(DATA / "syllables.txt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            count, words = line.split("\t", 1)
            table.update(dict.fromkeys(words.split(), int(count)))
    return table


@lru_cache(maxsize=1)
def easy_words() -> frozenset[str]:
    """The Dale-Chall list of familiar words, as shipped by textstat (MIT)."""
    with open(DATA / "easy_words.txt", encoding="utf-8") as f:
        return frozenset(w.strip() for w in f if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=4)
def human_stats(path: str | None = None) -> dict:
    """The fitted range of ordinary human news (``readability_build fit``)."""
    with open(path or DATA / "human_news.json", encoding="utf-8") as f:
        return json.load(f)


def guess_syllables(word: str) -> int:
    """Vowel groups, minus a silent final e: for words CMUdict's common part does not list."""
    groups = 0
    prev = False
    for ch in word:
        vowel = ch in "aeiouy"
        if vowel and not prev:
            groups += 1
        prev = vowel
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    return max(groups, 1)


def syllables(word: str) -> int:
    word = word.lower()
    n = syllable_table().get(word)
    return n if n is not None else guess_syllables(word)


def zipf(word: str) -> float:
    return zipf_table().get(word, UNLISTED_ZIPF)


_NOT_LATIN = re.compile(r"[^\x00-\u024f\u2018\u2019]")


def _latin(word: str) -> bool:
    """Every character is Latin (below U+0250) or a curly single quote."""
    return word.isascii() or not _NOT_LATIN.search(word)


@lru_cache(maxsize=65536)
def _word_info(text: str) -> tuple[int, bool, tuple[str, ...]]:
    """(syllables, Dale-Chall difficult, content-word parts) of one word token."""
    lower = text.lower().replace("’", "'")
    syl = sum(syllables(p) for p in lower.replace("'", "-").split("-") if p)
    difficult = lower not in easy_words()
    parts: tuple[str, ...] = ()
    if text.islower():
        base = lower[:-2] if lower.endswith("'s") else lower
        parts = tuple(p for p in base.split("-")
                      if len(p) >= 3 and p.isalpha() and p not in STOPWORDS)
    return syl, difficult, parts


# -- measurements -----------------------------------------------------------------------------

METRICS = ("mean_zipf", "rare_share", "unusual_share", "flesch", "dale_chall",
           "difficult_share", "words_per_sentence")


@dataclass
class Profile:
    """Per-word measurements of one article with prefix sums, so any run of words is O(1)."""

    doc: Document
    units: list[tuple[int, int, int, int]]  # (start offset, end offset, first word, end word)
    sent_starts: list[int]  # word index of each sentence start
    cum: list[list[float]]  # prefix sums: words, syllables, difficult, content, zipf, rare, unusual
    content: list[list[tuple[str, float]]]  # per word index: its content parts with zipf

    @classmethod
    def of(cls, doc: Document) -> "Profile":
        # Words in other scripts (a Russian paragraph) are foreign text, not rare English.
        words = [w for w in doc.words if _latin(w.text)]
        infos = [_word_info(w.text) for w in words]
        counts = Counter(p for _, _, parts in infos for p in parts)
        table = zipf_table()
        # running sums (floats, added in word order) and their prefix lists
        cum: list[list[float]] = [[0.0] for _ in range(7)]
        c0, c1, c2, c3, c4, c5, c6 = cum
        content: list[list[tuple[str, float]]] = []
        a0 = a1 = a2 = a3 = a4 = a5 = a6 = 0.0
        get = table.get
        for syl, difficult, parts in infos:
            zs = [(p, get(p, UNLISTED_ZIPF)) for p in parts]
            content.append(zs)
            a0 += 1
            a1 += syl
            a2 += difficult
            for p, z in zs:
                a3 += 1
                a4 += z
                a5 += z < RARE_ZIPF
                a6 += z < UNUSUAL_ZIPF and counts[p] == 1
            c0.append(a0)
            c1.append(a1)
            c2.append(a2)
            c3.append(a3)
            c4.append(a4)
            c5.append(a5)
            c6.append(a6)
        starts = [w.start for w in words]
        from bisect import bisect_left

        sent_starts = sorted({bisect_left(starts, s.start) for s in doc.sentences})
        units = _units(doc, starts)
        return cls(doc, units, sent_starts, cum, content)

    @property
    def word_count(self) -> int:
        return int(self.cum[0][-1])

    def totals(self, i: int, j: int) -> list[float]:
        return [c[j] - c[i] for c in self.cum]

    def sentences_in(self, i: int, j: int) -> int:
        from bisect import bisect_left

        starts = self.sent_starts
        first = bisect_left(starts, i)
        n = bisect_left(starts, j) - first
        if first == len(starts) or starts[first] != i:  # (not `i in starts`: linear per call)
            n += 1  # the run starts inside a sentence
        return max(n, 1)

    def metrics(self, i: int, j: int, sentences: int | None = None) -> dict[str, float]:
        return metrics_from(self.totals(i, j), sentences or self.sentences_in(i, j))

    def rest_metrics(self, i: int, j: int) -> dict[str, float]:
        """Measurements of the article without words i..j."""
        whole = self.totals(0, len(self.content))
        part = self.totals(i, j)
        sents = max(len(self.sent_starts) - self.sentences_in(i, j), 1)
        return metrics_from([a - b for a, b in zip(whole, part)], sents)

    def content_ttr(self, chunk: int = TTR_CHUNK) -> float:
        """Mean type/token ratio of content words over consecutive runs of ``chunk`` of them
        (spinners pick a random synonym for each occurrence, so their vocabulary is more varied).
        An article with fewer content words is measured as one run (biased upwards)."""
        words = [p for zs in self.content for p, _ in zs]
        runs = [words[k:k + chunk] for k in range(0, len(words) - chunk + 1, chunk)] or [words]
        return sum(len(set(r)) / len(r) for r in runs if r) / len(runs) if words else 0.0

    def rarest(self, i: int, j: int, n: int = RAREST_SHOWN) -> list[tuple[str, float]]:
        seen: dict[str, float] = {}
        for zs in self.content[i:j]:
            for p, z in zs:
                seen.setdefault(p, z)
        return sorted(seen.items(), key=lambda kv: (kv[1], kv[0]))[:n]

    def windows(self, size: int = WINDOW_WORDS) -> list[tuple[int, int]]:
        """Runs of whole units (unit index a..b inclusive) holding at least ``size`` words: the
        shortest such run from every unit, plus the one that ends the article."""
        out: list[tuple[int, int]] = []
        units = self.units
        b = 0
        for a in range(len(units)):
            b = max(b, a)
            while b < len(units) and units[b][3] - units[a][2] < size:
                b += 1
            if b == len(units):
                break
            out.append((a, b))
        if units and units[-1][3] - units[0][2] >= size:
            a = len(units) - 1
            while units[-1][3] - units[a][2] < size:
                a -= 1
            if (a, len(units) - 1) not in out:
                out.append((a, len(units) - 1))
        return out


def metrics_from(t: list[float], sentences: int) -> dict[str, float]:
    words, syl, difficult, content, zsum, rare, unusual = t
    words = max(words, 1.0)
    content_n = max(content, 1.0)
    wps = words / max(sentences, 1)
    pct_difficult = 100.0 * difficult / words
    # textstat's formulas (flesch_reading_ease, dale_chall_readability_score), English constants.
    flesch = 206.835 - 1.015 * wps - 84.6 * (syl / words)
    dale_chall = 0.1579 * pct_difficult + 0.0496 * wps + (3.6365 if pct_difficult > 5 else 0.0)
    return {
        "mean_zipf": zsum / content_n if content else UNLISTED_ZIPF,
        "rare_share": rare / content_n,
        "unusual_share": unusual / content_n,
        "flesch": flesch,
        "dale_chall": dale_chall,
        "difficult_share": difficult / words,
        "words_per_sentence": wps,
    }


def _units(doc: Document, starts: list[int]) -> list[tuple[int, int, int, int]]:
    """Paragraphs as (start, end, first word, end word); long paragraphs are cut into groups of
    whole sentences of at least UNIT_WORDS words, so windows stay near WINDOW_WORDS."""
    from bisect import bisect_left

    out = []
    sentences = doc.sentences
    si = 0
    for para in doc.paragraphs:
        w0, w1 = bisect_left(starts, para.start), bisect_left(starts, para.end)
        if w1 <= w0:
            continue
        if w1 - w0 < 2 * UNIT_WORDS:
            out.append((para.start, para.end, w0, w1))
            continue
        while si < len(sentences) and sentences[si].start < para.start:
            si += 1
        cur_start, cur_w = None, w0
        while si < len(sentences) and sentences[si].start < para.end:
            s = sentences[si]
            if cur_start is None:
                cur_start, cur_w = s.start, bisect_left(starts, s.start)
            end_w = bisect_left(starts, s.end)
            if end_w - cur_w >= UNIT_WORDS:
                out.append((cur_start, s.end, cur_w, end_w))
                cur_start = None
            si += 1
        if cur_start is not None:
            if out and out[-1][1] > para.start and w1 - cur_w < UNIT_WORDS // 2:
                last = out.pop()  # fold a short tail into the previous group
                out.append((last[0], para.end, last[2], w1))
            else:
                out.append((cur_start, para.end, cur_w, w1))
    return out


# -- scores -----------------------------------------------------------------------------------

def z(value: float, stats: dict) -> float:
    return (value - stats["mean"]) / (stats["sd"] or 1.0)


def rarity_score(m: dict[str, float], level: dict) -> float:
    """Mean of the z-scores of rarity measurements (positive = rarer than human news)."""
    return (-z(m["mean_zipf"], level["mean_zipf"]) + z(m["unusual_share"], level["unusual_share"])
            + z(m["rare_share"], level["rare_share"])) / 3.0


def drift_score(w: dict[str, float], rest: dict[str, float], drift: dict) -> float:
    """How much rarer one window is than the rest of its article, in human-drift sd units."""
    dz = (rest["mean_zipf"] - w["mean_zipf"]) / (drift["mean_zipf"]["sd"] or 1.0)
    du = (w["unusual_share"] - rest["unusual_share"]) / (drift["unusual_share"]["sd"] or 1.0)
    return (dz + du) / 2.0


def readability_score(m: dict[str, float], level: dict) -> float:
    """Harder to read than human news (positive): lower Flesch, higher Dale-Chall."""
    return (-z(m["flesch"], level["flesch"]) + z(m["dale_chall"], level["dale_chall"])) / 2.0


# -- the rule ---------------------------------------------------------------------------------

def _sentences(*parts: str) -> str:
    return " ".join(parts)


_PLAIN = _sentences(
    "The city council met on Monday to talk about the new bus station.",
    "Many people in the town want the station to open next year.",
    "The mayor said the work would start in the spring and end before the winter.",
    "Local shops hope that more people will come to the centre of the town.",
    "Some families are worried about the noise from the building site.",
    "The council has promised to keep the roads open while the work goes on.",
    "A meeting for local people will be held at the school next week.",
)
_SPUN = _sentences(
    "The metropolis conclave convened on Monday to confer regarding the novel omnibus depot.",
    "Myriad denizens in the township covet the depot to commence forthwith.",
    "The burgomaster averred the toil would commence in the vernal season and cease ere the "
    "hibernal months.",
    "Parochial emporia anticipate that additional multitudes will throng the nucleus of the "
    "township.",
    "Certain kinfolk are perturbed concerning the cacophony emanating from the edifice plot.",
    "The conclave has pledged to preserve the thoroughfares unobstructed whilst the toil persists.",
    "A convocation for parochial denizens will be convened at the academy henceforth.",
)
_SPUN_LIGHT = _sentences(
    "The city council convened on Monday to discuss the novel bus depot.",
    "Numerous residents in the township desire the depot to open next year.",
    "The mayor averred the toil would commence in the spring and conclude before the winter.",
    "Local emporia hope that additional people will come to the nucleus of the town.",
    "Certain families are perturbed about the cacophony from the building plot.",
    "The council has pledged to preserve the thoroughfares open while the toil goes on.",
    "A gathering for local residents will be convened at the academy next week.",
)
_PLAIN_B = _sentences(
    "Football fans filled the ground on Saturday to watch the home team play.",
    "The game was close for most of the first half, and both sides had good chances.",
    "After the break the home team scored twice in ten minutes.",
    "The manager said he was proud of his players and thanked the fans for their support.",
    "The next match is away from home in two weeks.",
    "Tickets for that game will go on sale on Friday morning.",
)


@dataclass(frozen=True)
class ReadabilitySettings:
    stats: str | None = None  # a fitted range of human text (tools/readability_build.py fit)
    rarity_threshold: float | None = None  # MT401 score threshold [default: from the stats]
    drift_threshold: float | None = None  # MT402 score threshold [default: from the stats]
    window_words: int | None = None  # words per window [default: from the stats]

    def __post_init__(self) -> None:
        if self.window_words is not None and self.window_words < 50:
            raise ValueError(f"window_words must be at least 50, not {self.window_words}")


class ReadabilityDrift(Rule):
    """Passages whose words are far rarer, or harder to read, than ordinary news prose.

    What it does
        Measures windows of about 200 words (whole paragraphs) and compares them with the range
        of windows in ordinary human news: the rarity of content words (mean wordfreq Zipf
        frequency, share below Zipf 3, share of uncommon words used only once) and readability
        (Flesch reading ease, Dale-Chall, with textstat's formulas). MT401 flags a window whose
        vocabulary is rarer than the rarest window of 99.5 % of human news articles; MT402 flags
        a window much rarer than the rest of the same article (a spun section between clean
        paragraphs). Each finding spans the window's paragraphs, gives the numbers with the human
        range and names the window's rarest words. Articles under 200 words are measured
        (features for the scorer) but never flagged. Readability (Flesch, Dale-Chall) and the
        variety of content words (type/token ratio per 100 content words: spinners pick a random
        synonym each time) are exported as features only: as window findings, readability
        outliers flagged human and spun news at the same rate.

    Why
        Article spinners swap common words for rarer synonyms ("conclave" for "meeting",
        "emporia" for "shops"), so spun prose drifts towards rare vocabulary and harder reading.
        One window is noisy and topics differ (a technology story is rarer than a football
        report), so the thresholds come from the fitted human distribution and the findings are
        weak evidence (confidence at most 0.75) for the scorer to combine. Spinners that pick
        common synonyms shift rarity less than topics do: they are left to other rule families.

    Example
        "The metropolis conclave convened on Monday to confer regarding the novel omnibus
        depot. Myriad denizens in the township covet the depot ..." (200+ words like this) is
        flagged MT401; the same story in plain words is not.

    Data and licence
        Word frequencies: the ``wordfreq`` package's English list (Apache-2.0 code, CC BY-SA 4.0
        data), read from the installed package. Syllable counts: CMUdict as shipped in
        ``pocketsphinx`` (BSD-style, Carnegie Mellon University). Dale-Chall familiar words:
        textstat's list (MIT). Human range: fitted on BBC news windows by
        ``python -m tools.readability_build fit CORPUS_DIR`` (numbers only). Nothing is
        downloaded; NLTK is never used.

    Settings
        ``window_words`` (default 200), ``rarity_threshold`` / ``drift_threshold`` (override the
        fitted score thresholds, in z units), ``stats`` (path to a JSON written by
        ``python -m tools.readability_build fit CORPUS_DIR --out PATH`` on your corpus).
    """

    family = "MT4"
    name = NAME
    codes = (
        Code("MT401", "rarity-outlier", Severity.WARNING,
             "A passage whose content words are far rarer than ordinary news prose.", "spun",
             located=False, passage=True),
        Code("MT402", "rarity-drift", Severity.WARNING,
             "A passage far rarer than the rest of the same article (a spun section).", "spun",
             located=False, passage=True),
    )
    examples = (
        flags(_sentences(_SPUN, _SPUN, _SPUN), "MT401"),
        flags("\n\n".join([_PLAIN, _PLAIN_B, _SPUN, _SPUN, _PLAIN_B, _PLAIN]), "MT402"),
        flags("\n\n".join([_SPUN_LIGHT, _SPUN, _SPUN_LIGHT, _SPUN]), "MT401"),
        flags("\n\n".join([_PLAIN_B, _PLAIN, _SPUN, _SPUN_LIGHT, _PLAIN_B, _PLAIN]), "MT402"),
        passes("\n\n".join([_PLAIN, _PLAIN_B, _PLAIN, _PLAIN_B])),
        passes(_SPUN),  # too short for a window: measured, never flagged
        passes("\n\n".join([_PLAIN_B, _PLAIN, _PLAIN_B, _PLAIN, _PLAIN_B])),
    )

    features = tuple(f"{NAME}.{n}" for n in (
        "content_ttr_z", "dale_chall_z", "difficult_share", "flesch_z", "max_window_drift",
        "max_window_rarity_z", "max_window_readability_z", "mean_zipf_z", "rare_share",
        "rarity_z", "unusual_share", "words_per_sentence_z",
    ))
    Settings = ReadabilitySettings

    def _stats(self) -> dict:
        return human_stats(self.settings.stats)

    def _threshold(self, key: str) -> float:
        given = getattr(self.settings, f"{key}_threshold")
        return self._stats()["thresholds"][key] if given is None else given

    def run(self, doc: Document) -> RuleOutput:
        stats = self._stats()
        prof = Profile.of(doc)
        n = prof.word_count
        level = stats["article"]
        if n == 0:  # no English prose: neutral features (the human average), no findings
            art = {k: level[k]["mean"] for k in level}
            return RuleOutput(features={f"{NAME}.{k}": round(v, 4) for k, v in
                                        self._features(art, level, art["content_ttr"]).items()})
        art = prof.metrics(0, n, max(len(prof.sent_starts), 1))
        feats = self._features(art, level, prof.content_ttr())
        findings = []
        size = self.settings.window_words or int(stats.get("window_words", WINDOW_WORDS))
        windows = prof.windows(size) if n >= MIN_ARTICLE_WORDS else []
        if windows:
            findings = self._window_findings(prof, windows, feats, stats)
        features = {f"{NAME}.{k}": round(v, 4) for k, v in feats.items()}
        return RuleOutput(findings=findings, features=features)

    @staticmethod
    def _features(art: dict, level: dict, ttr: float) -> dict[str, float]:
        return {
            "rarity_z": rarity_score(art, level),
            "mean_zipf_z": -z(art["mean_zipf"], level["mean_zipf"]),
            "rare_share": art["rare_share"],
            "unusual_share": art["unusual_share"],
            "flesch_z": z(art["flesch"], level["flesch"]),
            "dale_chall_z": z(art["dale_chall"], level["dale_chall"]),
            "difficult_share": art["difficult_share"],
            "words_per_sentence_z": z(art["words_per_sentence"], level["words_per_sentence"]),
            "content_ttr_z": z(ttr, level["content_ttr"]),
            "max_window_rarity_z": 0.0,
            "max_window_drift": 0.0,
            "max_window_readability_z": 0.0,
        }

    def _window_findings(self, prof: Profile, windows, feats: dict, stats: dict) -> list:
        wl = stats["window"]
        n = prof.word_count
        scored = []
        for a, b in windows:
            i, j = prof.units[a][2], prof.units[b][3]
            m = prof.metrics(i, j)
            rarity = rarity_score(m, wl)
            read = readability_score(m, wl)
            drift = None
            if n - (j - i) >= size_rest(stats):
                rest = prof.rest_metrics(i, j)
                drift = (drift_score(m, rest, stats["drift"]), rest)
            scored.append((a, b, i, j, m, rarity, read, drift))
        feats["max_window_rarity_z"] = max(s[5] for s in scored)
        feats["max_window_readability_z"] = max(s[6] for s in scored)
        feats["max_window_drift"] = max((s[7][0] for s in scored if s[7]), default=0.0)

        findings = []
        t_rar, t_drift = self._threshold("rarity"), self._threshold("drift")
        for code, pick, thr in (("MT401", lambda s: s[5], t_rar),
                                ("MT402", lambda s: s[7][0] if s[7] else -math.inf, t_drift)):
            hits = sorted((s for s in scored if pick(s) > thr),
                          key=lambda s: (-pick(s), s[0], s[1]))
            taken = SpanSet()  # unit ranges s[0]..s[1] (inclusive) as [s[0], s[1] + 1)
            for s in hits:  # the most unusual window first; then those that do not overlap it
                if taken.overlaps(s[0], s[1] + 1):
                    continue
                taken.add(s[0], s[1] + 1)
                findings.append(self._finding(code, prof, s, pick(s), thr, stats))
        return sorted(findings, key=lambda f: f.sort_key())

    def _finding(self, code, prof: Profile, s, score: float, thr: float, stats: dict):
        a, b, i, j, m, rarity, read, drift = s
        wl = stats["window"]
        start, end = prof.units[a][0], prof.units[b][1]
        rarest = prof.rarest(i, j)
        rare_txt = ", ".join(f"{w} (Zipf {zv:.1f})" if zv > UNLISTED_ZIPF else f"{w} (Zipf < 3)"
                             for w, zv in rarest)
        q = lambda k, p: wl[k][p]  # noqa: E731
        zipf_line = (f"mean Zipf frequency of content words {m['mean_zipf']:.2f} (human news "
                     f"windows {q('mean_zipf', 'mean'):.2f} ± {q('mean_zipf', 'sd'):.2f}, 0.5th "
                     f"percentile {q('mean_zipf', 'q005'):.2f}); {100 * m['rare_share']:.0f} % of "
                     f"content words below Zipf 3 (human {100 * q('rare_share', 'mean'):.0f} %, "
                     f"99.5th percentile {100 * q('rare_share', 'q995'):.0f} %)")
        evidence = {
            "words": j - i, "score": round(score, 3), "threshold": round(thr, 3),
            "mean_zipf": round(m["mean_zipf"], 3), "rare_share": round(m["rare_share"], 4),
            "unusual_share": round(m["unusual_share"], 4), "flesch": round(m["flesch"], 2),
            "dale_chall": round(m["dale_chall"], 2), "rarity_z": round(rarity, 3),
            "readability_z": round(read, 3),
            "rarest_words": ", ".join(w for w, _ in rarest),
        }
        excess = score - thr
        if code == "MT401":
            message = (f"Vocabulary far rarer than ordinary news (rarity z {rarity:+.1f}, "
                       f"flagged above {thr:.1f}): {zipf_line}. Rarest words: {rare_txt}.")
            confidence = min(0.75, 0.45 + 0.1 * excess)
        else:
            d, rest = drift
            evidence.update(drift=round(d, 3), rest_mean_zipf=round(rest["mean_zipf"], 3),
                            rest_unusual_share=round(rest["unusual_share"], 4))
            sd_zipf = stats["drift"]["mean_zipf"]["sd"]
            message = (f"This passage is much rarer than the rest of the article (drift "
                       f"{d:+.1f}, flagged above {thr:.1f}, in sd of human window-vs-rest "
                       f"differences): mean Zipf frequency of content words "
                       f"{m['mean_zipf']:.2f} here vs {rest['mean_zipf']:.2f} elsewhere (human "
                       f"news: sd {sd_zipf:.2f}); uncommon one-off words "
                       f"{100 * m['unusual_share']:.0f} % vs {100 * rest['unusual_share']:.0f} %. "
                       f"Rarest words: {rare_txt}.")
            confidence = min(0.75, 0.5 + 0.1 * excess)
        return self.finding(code, start, end, prof.doc.text[start:end], message,
                            evidence=evidence, confidence=round(confidence, 3))


def size_rest(stats: dict) -> int:
    """Words the rest of an article needs before a window is compared with it."""
    return int(stats.get("drift_rest_words", WINDOW_WORDS))


# -- textstat, offline ------------------------------------------------------------------------

class _CmuLike(dict):
    """Looks like NLTK's ``cmudict.dict()`` to textstat: word -> [[phones]], where textstat
    counts the phones that end in a stress digit."""

    def __missing__(self, word):
        n = syllable_table().get(word)
        if n is None:
            raise KeyError(word)  # textstat then falls back to pyphen, as it does for NLTK misses
        return [["1"] * n]


def offline_textstat():
    """Return the ``textstat`` module with its syllable source replaced by the CMUdict counts
    shipped here, so it never calls ``nltk.download`` (offline: LookupError or a network attempt).

    The rule itself does not import textstat (importing it imports NLTK: ~0.17 s); it applies
    textstat's formulas to the document's own tokens. This is for callers who want textstat's
    other indices with the same, offline, syllable counts.
    """
    import textstat
    from textstat.backend import utils as ts_utils
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    mapping = _CmuLike()

    def get_cmudict(lang: str):
        return mapping if lang.lower().startswith("en") else None

    _count_syllables.get_cmudict = get_cmudict
    _get_cmudict.get_cmudict = get_cmudict
    ts_utils.get_cmudict = get_cmudict
    _count_syllables.count_syllables.cache_clear()
    return textstat
