"""The verdict: the one place that turns an article's measurements into probabilities, a
verdict and the reasons printed for it.

In order: the model's probabilities (from the clipped, standardised features); the
near-certain-fingerprint floor (a few distinct near-certain spinner fingerprints carry a
failing verdict on their own, so a lightly spun article is not averaged away); the verdict from
the model's thresholds and the located evidence (a failing verdict rests on located findings
of its kind, never on whole-article measurements alone); "not-english" when most of the prose
is not English (then nothing is judged). The reasons name the features that pushed the probability, in log-odds computed from
the same numbers the probabilities use, so they add up to the model's log-odds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

from ..core.finding import Finding
from .features import (distinct_strong, evidence_places, evidential, located_evidence,
                       scorer_inputs, strong_count, word_count)
from .model import CLASSES, Model

VERDICTS = ("clean", "suspicious", "spun", "machine-translated", "not-english", "too-short",
            "not-judged")
# Verdicts that fail a run unless configured otherwise (``fail-on``).
FAILING_VERDICTS = ("spun", "machine-translated")
# Share of the prose covered by findings of kind "foreign" from which a text counts as not English.
NOT_ENGLISH_AT = 0.5
# Near-certain findings (confidence >= NEAR_CERTAIN) with distinct wording that carry a verdict on
# their own: human news almost never contains this many fingerprints.
STRONG_FLOOR = 3
# ... and one per this many words of a longer text (densities, not counts).
STRONG_FLOOR_WORDS = 1000
# Fewer prose words than this: "too-short" instead of "clean" or "suspicious" (a failing verdict
# from near-certain evidence stands).
TOO_SHORT_WORDS = 50
# Verdict strength, for "the stronger of two verdicts" (the whole text judged beside the prose).
STRENGTH = {"not-judged": 0, "too-short": 1, "clean": 2, "not-english": 2, "suspicious": 3,
            "spun": 4, "machine-translated": 4}
# A feature is named as a reason when it pushed the log-odds up by more than this.
REASON_MIN_PUSH = 0.5
REASONS_SHOWN = 3
# Located findings named in the evidence reason.
EVIDENCE_SHOWN = 5


@dataclass
class Assessment:
    spun: float
    machine_translated: float
    verdict: str
    reasons: list[str] = field(default_factory=list)


def verdict_for(p_spun: float, p_mt: float, located_spun: int, located_mt: int,
                model: Model) -> str:
    """The verdict from the two probabilities and the located evidence behind each kind
    (``located_*``: in how many places of the text located findings support it,
    :func:`~mtcheck.scoring.features.located_places`).

    An article fails as a kind when the model's probability for it reaches that kind's
    threshold (``model.fail_threshold``) *and* located findings support it in at least
    ``model.min_located`` places: whole-article measurements (register, genre, length) can
    sharpen the evidence but never fail an article on their own. When both kinds qualify, the
    more probable one is named. Without that support a high probability is at most
    ``suspicious``, which itself needs one located finding to point at."""
    spun = p_spun >= model.fail_threshold("spun") and located_spun >= model.min_located
    mt = (p_mt >= model.fail_threshold("machine_translated")
          and located_mt >= model.min_located)
    if spun and (not mt or p_spun >= p_mt):
        return "spun"
    if mt:
        return "machine-translated"
    if max(p_spun, p_mt) >= model.suspicious_at and max(located_spun, located_mt) >= 1:
        return "suspicious"
    return "clean"


def floored(p_spun: float, strong: int, fail_at: float, words: int = 0) -> float:
    """P(spun) raised to the failing threshold when ``strong`` distinct near-certain spinner
    fingerprints were found: at least :data:`STRONG_FLOOR`, and at least one per
    :data:`STRONG_FLOOR_WORDS` words of prose, so a book-length human text does not fail on a
    handful of fingerprints scattered through it."""
    needed = max(STRONG_FLOOR, -(-words // STRONG_FLOOR_WORDS))
    return max(p_spun, fail_at) if strong >= needed else p_spun


def judge(model: Model, p_spun: float, p_mt: float, strong: int, words: int,
          evidence: tuple[int, int]) -> tuple[float, float, str]:
    """P(spun) with the fingerprint floor, P(machine-translated) and the verdict, from the
    model's two probabilities, the distinct near-certain spinner fingerprints, the prose words
    and the located evidence (places supporting spinning, machine translation): the one rule
    the scorer, the fitting and the benchmarks apply."""
    p_spun = floored(p_spun, strong, model.fail_at, words)
    return p_spun, p_mt, verdict_for(p_spun, p_mt, *evidence, model)


def judge_inputs(model: Model, feats: dict[str, float], evidence: tuple[int, int]
                 ) -> tuple[float, float, str]:
    """:func:`judge` on scorer inputs (:func:`~mtcheck.scoring.features.scorer_inputs`), without
    the not-English and too-short checks."""
    p = model.probabilities(feats)
    return judge(model, p["spun"], p["machine_translated"], strong_count(feats), word_count(feats),
                 evidence)


def finish(a: Assessment, words: int, findings: list[Finding], kinds: dict[str, str],
           judging: bool, set_aside: dict[str, int] | None = None) -> Assessment:
    """The verdict when the article could not be judged, and the evasion floor, on top of the
    model's verdict (``a`` is changed and returned):

    - ``not-judged``: no enabled rule judges spinning or machine translation (``judging`` is
      false: ``--select``/``--ignore``/``per-file-ignores``/``disable-file`` switched them all
      off), or there is no prose at all (empty, or everything was markup, code, suppressed or
      set aside; ``set_aside``: words per region kind);
    - ``too-short``: fewer than :data:`TOO_SHORT_WORDS` words of prose and no failing verdict;
    - evasion: words disguised with Unicode tricks (findings of kind ``evasion``, MT7) make the
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
                            f"or invisible characters (MT7): a sign of evading checks")
    return a


def stronger(a: str | None, b: str | None) -> bool:
    """Whether verdict ``a`` says more than verdict ``b``."""
    return STRENGTH.get(a or "", -1) > STRENGTH.get(b or "", -1)


def fails(verdict: str | None, fail_on=FAILING_VERDICTS) -> bool:
    """Whether an article with this verdict fails the run."""
    return verdict in fail_on


class Scorer:
    """Scores articles with one model (:class:`~mtcheck.scoring.model.TreeModel` or
    :class:`~mtcheck.scoring.model.LogisticModel`)."""

    def __init__(self, model: Model):
        self.model = model

    def score(self, words: int, findings: list[Finding], features: dict[str, float],
              kinds: dict[str, str], foreign_share: float = 0.0,
              context: frozenset[str] = frozenset(),
              located: Mapping[str, str] | None = None) -> Assessment:
        """``kinds`` maps each finding code to the kind of rewriting it is evidence for;
        ``foreign_share`` is the share of the prose covered by not-English findings; the
        ``context`` features (declared by the rules) describe the text and are not evidence;
        ``located`` maps the codes whose findings are located evidence to the kind they
        support (``Code.evidence_kind``).
        Contextual findings are not evidence (:func:`~mtcheck.scoring.features.evidential`)."""
        findings = evidential(findings)
        located = located or {}
        feats = scorer_inputs(features, context, words, findings, kinds, located)
        m = self.model
        probs = m.probabilities(feats)
        evidence = evidence_places(findings, located)
        p_spun, p_mt, verdict = judge(m, probs["spun"], probs["machine_translated"],
                                      strong_count(feats), words, evidence)
        cls = "machine_translated" if p_mt > p_spun else "spun"
        reasons = []
        if p_spun > probs["spun"]:
            strong = sorted(distinct_strong(findings, kinds, "spun"))
            reasons.append(f"{len(strong)} near-certain spinner fingerprints: " + ", ".join(strong[:5]))
        if verdict != "clean":
            places = evidence[0 if cls == "spun" else 1]
            reasons.append(self.evidence_reason(findings, located, places, cls, verdict))
            reasons.extend(self.reasons(feats, cls))
        if foreign_share >= NOT_ENGLISH_AT:
            verdict = "not-english"
            reasons.insert(0, f"{foreign_share:.0%} of the prose is not English; it was not "
                              "judged for spinning or machine translation")
        return Assessment(round(p_spun, 4), round(p_mt, 4), verdict, reasons)

    def evidence_reason(self, findings: list[Finding], located: Mapping[str, str], places: int,
                        cls: str, verdict: str) -> str:
        """The located findings the verdict rests on, named, and in how many ``places`` of the
        text they are (what the verdict counted), or why they do not suffice."""
        label = "spinning" if cls == "spun" else "machine translation"
        support = sorted(located_evidence(findings, located, cls),
                         key=lambda f: (-f.confidence, f.start))
        named = ", ".join(f"'{f.text}' ({f.code})" for f in support[:EVIDENCE_SHOWN])
        more = f" and {len(support) - EVIDENCE_SHOWN} more" if len(support) > EVIDENCE_SHOWN else ""
        text = f"located findings of {label} in {places} place{'' if places == 1 else 's'}"
        if len(support) != places:
            # several codes on the same words, or one wording in several places
            text += f" ({len(support)} distinct finding{'' if len(support) == 1 else 's'})"
        if verdict == "suspicious" and places < self.model.min_located:
            text += f" (a failing verdict needs {self.model.min_located})"
        return text + (f": {named}{more}" if support else "")

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


def cv_assessments(model: Model, cv: dict) -> tuple[list, list, list, list]:
    """Labels, P(spun), P(machine-translated) and verdicts of cross-validated probabilities
    (from :func:`mtcheck.scoring.model.fit`), with the same floor and evidence rule the scorer
    applies."""
    labels, p_spun, p_mt, verdicts = [], [], [], []
    spun, mt = CLASSES.index("spun"), CLASSES.index("machine_translated")
    for label, p, strong, evidence, words in zip(
            cv["labels"], cv["cv_probabilities"], cv["strong"], cv["located"], cv["words"]):
        s, m, verdict = judge(model, p[spun], p[mt], strong, words, evidence)
        labels.append(label)
        p_spun.append(s)
        p_mt.append(m)
        verdicts.append(verdict)
    return labels, p_spun, p_mt, verdicts
