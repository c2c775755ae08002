"""Scorers turn an article's findings and measurements into probabilities and a verdict.

The engine only calls :meth:`Scorer.score`; which scorer runs is a configuration choice. The
default is :class:`DensityScorer`, which weighs findings per 100 words of prose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .finding import Finding

VERDICTS = ("clean", "suspicious", "spun", "machine-translated", "not-english")
FAILING_VERDICTS = ("spun", "machine-translated")
# Share of the prose covered by findings of kind "foreign" from which a text counts as not English.
NOT_ENGLISH_AT = 0.5


@dataclass
class Assessment:
    spun: float
    machine_translated: float
    verdict: str
    reasons: list[str] = field(default_factory=list)


class Scorer:
    def score(self, words: int, findings: list[Finding], features: dict[str, float],
              kinds: dict[str, str]) -> Assessment:  # pragma: no cover - abstract
        """``kinds`` maps each finding code to the kind of rewriting it is evidence for."""
        raise NotImplementedError


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))


def evidence_per_100_words(findings: list[Finding], kinds: dict[str, str], kind: str,
                           words: int) -> float:
    """Confidence-weighted findings of one kind per 100 prose words (at least 100 assumed, so a
    single hit in a tiny text does not look dense)."""
    total = sum(f.confidence for f in findings if kinds.get(f.code) in (kind, "any"))
    return 100.0 * total / max(words, 100)


def strong_findings(findings: list[Finding], kinds: dict[str, str], kind: str,
                    threshold: float = 0.9) -> list[Finding]:
    return [f for f in findings if kinds.get(f.code) == kind and f.confidence >= threshold]


class DensityScorer(Scorer):
    """Evidence density with fixed thresholds, plus a floor from high-confidence findings so a
    few near-certain fingerprints decide a lightly rewritten article on their own."""

    # Density (confidence-weighted findings per 100 words) at which the probability is 0.5.
    midpoint = {"spun": 1.5, "machine_translated": 1.5}
    slope = 2.5
    suspicious_at = 0.2
    failing_at = 0.5

    def score(self, words, findings, features, kinds):
        probs: dict[str, float] = {}
        reasons: list[str] = []
        for kind in ("spun", "machine_translated"):
            density = evidence_per_100_words(findings, kinds, kind, words)
            p = _logistic(self.slope * (density - self.midpoint[kind]))
            strong = strong_findings(findings, kinds, kind)
            # Three distinct near-certain fingerprints are rare in human prose.
            distinct = {f.text.lower() for f in strong}
            if len(distinct) >= 3:
                p = max(p, 0.5 + 0.1 * min(len(distinct) - 3, 4))
            probs[kind] = round(p, 4)
            label = "spinning" if kind == "spun" else "machine translation"
            if density > 0:
                reasons.append(f"{density:.2f} findings per 100 words point to {label}"
                               + (f" ({len(distinct)} near-certain)" if distinct else ""))
        verdict = verdict_for(probs["spun"], probs["machine_translated"],
                              self.suspicious_at, self.failing_at)
        return Assessment(probs["spun"], probs["machine_translated"], verdict, reasons)


def verdict_for(p_spun: float, p_mt: float, suspicious_at: float, failing_at: float) -> str:
    top = max(p_spun, p_mt)
    if top >= failing_at:
        return "spun" if p_spun >= p_mt else "machine-translated"
    if top >= suspicious_at:
        return "suspicious"
    return "clean"
