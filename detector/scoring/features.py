"""Article-level features derived from the findings (the rule families add their own)."""

from __future__ import annotations

import math
from typing import Mapping

from ..core.density import per_100_words
from ..core.finding import NEAR_CERTAIN, Finding
from ..core.merge import overlapping_groups

KINDS = ("spun", "machine_translated")


def evidential(findings: list[Finding]) -> list[Finding]:
    """The findings the scorer counts: all but the contextual ones (``Finding.contextual``:
    reported because the article already carries that evidence, so not evidence again)."""
    return [f for f in findings if not f.contextual]


def evidence_per_100_words(findings: list[Finding], kinds: dict[str, str], kind: str,
                           words: int) -> float:
    """Confidence-weighted findings of one kind per 100 prose words. ``kinds`` maps each
    finding code to the kind of rewriting it is evidence for ("any" counts for every kind)."""
    return per_100_words(sum(f.confidence for f in findings if kinds.get(f.code) in (kind, "any")),
                         words)


def strong_findings(findings: list[Finding], kinds: dict[str, str], kind: str) -> list[Finding]:
    """The near-certain findings of one kind."""
    return [f for f in findings if kinds.get(f.code) == kind and f.confidence >= NEAR_CERTAIN]


def distinct_strong(findings: list[Finding], kinds: dict[str, str], kind: str) -> set[str]:
    """The distinct wordings (lower-cased) of the near-certain findings of one kind."""
    return {f.text.lower() for f in strong_findings(findings, kinds, kind)}


def strong_count(features: dict[str, float], kind: str = "spun") -> int:
    """The number of distinct near-certain findings, back from its feature (stored as log1p)."""
    return round(math.expm1(features.get(f"findings.{kind}_strong_log", 0.0)))


def supports(located: Mapping[str, str], code: str, kind: str) -> bool:
    """Is a finding of ``code`` located evidence for ``kind``? ``located`` maps each code whose
    findings are located evidence to the kind they support ("any" for both; see
    ``Code.located`` and ``Code.located_kind``)."""
    return located.get(code) in (kind, "any")


def located_evidence(findings: list[Finding], located: Mapping[str, str],
                     kind: str) -> list[Finding]:
    """The located findings that support ``kind``, one per distinct code and wording: what a
    failing verdict of that kind must rest on."""
    seen: dict[tuple[str, str], Finding] = {}
    for f in findings:
        if supports(located, f.code, kind):
            seen.setdefault((f.code, f.text.lower()), f)
    return list(seen.values())


def located_places(findings: list[Finding], located: Mapping[str, str], kind: str) -> int:
    """In how many places of the text located findings support ``kind``: findings on the same
    words (several codes, or one code twice) are one place; the same wording in two places is
    two. This is what a failing verdict counts (``Model.min_located``): evidence spread over
    the text, not codes piled on one phrase."""
    return len(overlapping_groups([f for f in evidential(findings)
                                   if supports(located, f.code, kind)]))


def evidence_places(findings: list[Finding], located: Mapping[str, str]) -> tuple[int, int]:
    """:func:`located_places` for spinning and for machine translation."""
    return (located_places(findings, located, "spun"),
            located_places(findings, located, "machine_translated"))


def finding_features(words: int, findings: list[Finding], kinds: dict[str, str],
                     located: Mapping[str, str]) -> dict[str, float]:
    findings = evidential(findings)
    out = {"article.log_words": math.log1p(words)}
    for kind in KINDS:
        out[f"findings.{kind}_per_100w"] = evidence_per_100_words(findings, kinds, kind, words)
        out[f"findings.{kind}_strong_log"] = math.log1p(len(distinct_strong(findings, kinds, kind)))
        out[f"findings.{kind}_located_log"] = math.log1p(
            len(located_evidence(findings, located, kind)))
    return out


def word_count(features: dict[str, float]) -> int:
    """The article's prose words, back from its feature (stored as log1p)."""
    return round(math.expm1(features.get("article.log_words", 0.0)))


def scorer_inputs(rule_features: dict[str, float], context: set[str], words: int,
                  findings: list[Finding], kinds: dict[str, str],
                  located: Mapping[str, str]) -> dict[str, float]:
    """What the model reads: the rules' features without the context-only ones, and the
    features derived from the findings."""
    feats = {k: v for k, v in rule_features.items() if k not in context}
    return {**feats, **finding_features(words, findings, kinds, located)}
