"""The verdict: the one place that turns an article's measurements into probabilities, a
verdict and the reasons printed for it.

In order: the model's probabilities (from the clipped, standardised features); the
near-certain-fingerprint floor (a few distinct near-certain spinner fingerprints carry a
failing verdict on their own, so a lightly spun article is not averaged away); the verdict from
the model's thresholds; "not-english" when most of the prose is not English (then nothing is
judged). The reasons name the features that pushed the probability, in log-odds computed from
the same numbers the probabilities use, so they add up to the model's log-odds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..core.finding import Finding
from .features import distinct_strong, finding_features, strong_count
from .model import CLASSES, LogisticModel

VERDICTS = ("clean", "suspicious", "spun", "machine-translated", "not-english", "too-short",
            "not-judged")
# Verdicts that fail a run unless configured otherwise (``fail-on``).
FAILING_VERDICTS = ("spun", "machine-translated")
# Share of the prose covered by findings of kind "foreign" from which a text counts as not English.
NOT_ENGLISH_AT = 0.5
# Near-certain findings (confidence >= NEAR_CERTAIN) with distinct wording that carry a verdict on
# their own: human news almost never contains this many fingerprints.
STRONG_FLOOR = 3
# Fewer prose words than this: "too-short" instead of "clean" or "suspicious" (a failing verdict
# from near-certain evidence stands).
TOO_SHORT_WORDS = 50
# Verdict strength, for "the stronger of two verdicts" (the whole text judged beside the prose).
STRENGTH = {"not-judged": 0, "too-short": 1, "clean": 2, "not-english": 2, "suspicious": 3,
            "spun": 4, "machine-translated": 4}
# A feature is named as a reason when it pushed the log-odds up by more than this.
REASON_MIN_PUSH = 0.5
REASONS_SHOWN = 3


@dataclass
class Assessment:
    spun: float
    machine_translated: float
    verdict: str
    reasons: list[str] = field(default_factory=list)


def verdict_for(p_spun: float, p_mt: float, suspicious_at: float, failing_at: float) -> str:
    top = max(p_spun, p_mt)
    if top >= failing_at:
        return "spun" if p_spun >= p_mt else "machine-translated"
    if top >= suspicious_at:
        return "suspicious"
    return "clean"


def floored(p_spun: float, strong: int, fail_at: float) -> float:
    """P(spun) raised to the failing threshold when ``strong`` distinct near-certain spinner
    fingerprints were found."""
    return max(p_spun, fail_at) if strong >= STRONG_FLOOR else p_spun


def finish(a: Assessment, words: int, findings: list[Finding], kinds: dict[str, str],
           judging: bool, set_aside: dict[str, int] | None = None) -> Assessment:
    """The verdict when the article could not be judged, and the evasion floor, on top of the
    model's verdict (``a`` is changed and returned):

    - ``not-judged``: no enabled rule judges spinning or machine translation (``judging`` is
      false: ``--select``/``--ignore``/``per-file-ignores``/``disable-file`` switched them all
      off), or there is no prose at all (empty, or everything was markup, code, suppressed or
      set aside; ``set_aside``: words per region kind);
    - ``too-short``: fewer than :data:`TOO_SHORT_WORDS` words of prose and no failing verdict;
    - evasion: words disguised with Unicode tricks (findings of kind ``evasion``, MT6) make the
      verdict at least ``suspicious``, whatever the length.
    """
    evasion = [f for f in findings if kinds.get(f.code) == "evasion"]
    if a.verdict == "not-english":
        # A judgement of its own: the text was read and is not English; it was not judged for
        # spinning or translation, so no probability of either is shown.
        a.spun = a.machine_translated = 0.0
    elif not judging:
        a.spun = a.machine_translated = 0.0
        a.verdict = "not-judged"
        a.reasons = ["not judged: every rule that judges spinning or machine translation is "
                     "switched off for this file (select, ignore, per-file-ignores, disable-file)"]
    elif words == 0:
        a.verdict = "not-judged"
        aside = sum((set_aside or {}).values())
        detail = ", ".join(f"{k} {n}" for k, n in sorted((set_aside or {}).items()))
        a.reasons = ["not judged: no prose to check" + (
            f" ({aside} word{'s' if aside != 1 else ''} set aside: {detail})" if aside else "")]
    elif words < TOO_SHORT_WORDS and a.verdict in ("clean", "suspicious"):
        a.reasons = [f"too short to judge: {words} word{'s' if words != 1 else ''} of prose "
                     f"(at least {TOO_SHORT_WORDS} needed; the model alone says {a.verdict})"]
        a.verdict = "too-short"
    if a.verdict == "suspicious" and not a.reasons:
        a.reasons.append(f"the model's probabilities (spun {a.spun:.2f}, machine-translated "
                         f"{a.machine_translated:.2f}) lie between its suspicious and failing "
                         f"thresholds, with no single strong feature")
    if evasion and a.verdict in ("clean", "too-short", "not-judged"):
        a.verdict = "suspicious"
    if evasion:
        n = len({(f.start, f.end) for f in evasion})
        a.reasons.insert(0, f"{n} word{'s' if n != 1 else ''} disguised with look-alike letters "
                            f"or invisible characters (MT6): a sign of evading checks")
    return a


def stronger(a: str | None, b: str | None) -> bool:
    """Whether verdict ``a`` says more than verdict ``b``."""
    return STRENGTH.get(a or "", -1) > STRENGTH.get(b or "", -1)


def fails(verdict: str | None, fail_on=FAILING_VERDICTS) -> bool:
    """Whether an article with this verdict fails the run."""
    return verdict in fail_on


class Scorer:
    """Scores articles with one :class:`LogisticModel`."""

    def __init__(self, model: LogisticModel):
        self.model = model

    def score(self, words: int, findings: list[Finding], features: dict[str, float],
              kinds: dict[str, str], foreign_share: float = 0.0) -> Assessment:
        """``kinds`` maps each finding code to the kind of rewriting it is evidence for;
        ``foreign_share`` is the share of the prose covered by not-English findings."""
        feats = {**features, **finding_features(words, findings, kinds)}
        m = self.model
        probs = m.probabilities(feats)
        p_mt = probs["machine_translated"]
        p_spun = floored(probs["spun"], strong_count(feats), m.fail_at)
        verdict = verdict_for(p_spun, p_mt, m.suspicious_at, m.fail_at)
        reasons = []
        if p_spun > probs["spun"]:
            strong = sorted(distinct_strong(findings, kinds, "spun"))
            reasons.append(f"{len(strong)} near-certain spinner fingerprints: " + ", ".join(strong[:5]))
        if verdict != "clean":
            reasons.extend(self.reasons(feats, "machine_translated" if p_mt > p_spun else "spun"))
        if foreign_share >= NOT_ENGLISH_AT:
            verdict = "not-english"
            reasons.insert(0, f"{foreign_share:.0%} of the prose is not English; it was not "
                              "judged for spinning or machine translation")
        return Assessment(round(p_spun, 4), round(p_mt, 4), verdict, reasons)

    def reasons(self, feats: dict[str, float], cls: str) -> list[str]:
        """The features that pushed most towards ``cls`` (against human), in plain words."""
        label = "spinning" if cls == "spun" else "machine translation"
        return [f"{describe(name, feats.get(name, 0.0))}: points to {label} (+{push:.1f} log-odds)"
                for name, push in self.model.contributions(feats, cls)[:REASONS_SHOWN]
                if push > REASON_MIN_PUSH]


def describe(feature: str, value: float) -> str:
    """A feature and its value in plain words: 'rare-collocations.suspects_per_100w' ->
    'rare collocations: suspects per 100 words = 2.1'."""
    if feature.endswith("_strong_log"):  # stored as log1p(count) for the model
        kind = feature.split(".")[1].removesuffix("_strong_log")
        label = {"spun": "spinning", "machine_translated": "machine-translation"}.get(kind, kind)
        return f"{round(math.expm1(value))} distinct near-certain {label} findings"
    if feature == "article.log_words":
        return f"article length {round(math.expm1(value))} words"
    family, _, name = feature.partition(".")
    name = name.replace("_per_100w", " per 100 words").replace("_", " ")
    return f"{family.replace('-', ' ')}: {name} = {value:.3g}"


def cv_assessments(model: LogisticModel, cv: dict) -> tuple[list, list, list, list]:
    """Labels, P(spun), P(machine-translated) and verdicts of cross-validated probabilities
    (from :func:`mtcheck.scoring.model.fit`), with the same floor the scorer applies."""
    labels, p_spun, p_mt, verdicts = [], [], [], []
    spun, mt = CLASSES.index("spun"), CLASSES.index("machine_translated")
    for label, p, strong in zip(cv["labels"], cv["cv_probabilities"], cv["strong_log"]):
        s = floored(p[spun], round(math.expm1(strong)), model.fail_at)
        labels.append(label)
        p_spun.append(s)
        p_mt.append(p[mt])
        verdicts.append(verdict_for(s, p[mt], model.suspicious_at, model.fail_at))
    return labels, p_spun, p_mt, verdicts
