"""One finding per suspicious span: overlapping findings of several rules become one.

Rules run independently, so the same words can be reported by a lexicon entry (MT101), the slot
test (MT301/MT302), the grammar checker (MT2xx) and a translation-artifact check (MT5xx). An
editor should read that passage once, with one ranked list of likely originals. :func:`merge`
groups word-level findings that share at least one character (transitively) and returns one
finding per group:

- its code, rule, message and evidence are those of the *primary* finding: the most confident
  one; on equal confidence the more specific family (lexicon MT1 > slot test MT3 > translation
  artifacts MT5 > grammar MT2 > the rest), then the narrower span;
- its span is the union of the group's spans; every suggestion is rewritten to replace that whole
  span (the words around a constituent's own span are kept as written);
- the suggestions are ranked by the confidence-weighted votes of the constituents (a finding's
  first suggestion counts fully, its second half, ...), the primary's first suggestion first,
  or, where spinner evidence (MT1/MT3) on other words of the span fits beside it, the primary's
  and those findings' first suggestions applied together ("used to be founded by way of":
  "was founded" + "by" -> "was founded by");
  A constituent of another family votes only when its span covers the primary's span: otherwise
  its suggestion keeps words the primary says were replaced (a possessive fix "states'" inside
  "the united states" -> "the country" would contradict it), so it is evidence without a vote;
- ``evidence["codes"]`` lists every code of the group and ``evidence["supporting"]`` every
  constituent (code, span, text, confidence, suggestions, evidence), so JSON keeps all the
  measurements; :attr:`Finding.supporting` holds the constituents themselves and
  :func:`constituents` gives them back (the scorer reads those, so merging never changes a
  verdict).

Passage-level findings (codes the rules mark as passages: rarity passages, foreign-script
paragraphs) are context for many words, not a claim about one span: they are never merged.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from .finding import Finding, Severity

FAMILY_ORDER = ("MT1", "MT3", "MT5", "MT2")


def _specificity(code: str) -> int:
    for i, prefix in enumerate(FAMILY_ORDER):
        if code.startswith(prefix):
            return i
    return len(FAMILY_ORDER)


def _primary_key(f: Finding) -> tuple:
    return (-f.confidence, _specificity(f.code), f.end - f.start, f.start, f.code)


def constituents(findings: Iterable[Finding]) -> list[Finding]:
    """The findings as the rules reported them (merged findings expanded, in position order)."""
    out: list[Finding] = []
    for f in findings:
        out.extend(f.supporting or (f,))
    out.sort(key=Finding.sort_key)
    return out


def overlapping_groups(findings: list[Finding]) -> list[list[Finding]]:
    """The findings grouped by overlap (each group one stretch of text), in text order."""
    groups: list[list[Finding]] = []
    end = -1
    for f in sorted(findings, key=Finding.sort_key):
        if groups and f.start < end:
            groups[-1].append(f)
            end = max(end, f.end)
        else:
            groups.append([f])
            end = f.end
    return groups


def _expanded(text: str, start: int, end: int, f: Finding, suggestion: str) -> str:
    """``suggestion`` for ``f``'s span, as a replacement of the whole span [start, end)."""
    return text[start:f.start] + suggestion + text[f.end:end]


def _family(code: str) -> str:
    return code[:3]


def merge_group(group: list[Finding], text: str) -> Finding:
    if len(group) == 1:
        return group[0]
    primary = min(group, key=_primary_key)
    start = min(f.start for f in group)
    end = max(f.end for f in group)
    votes: dict[str, float] = {}
    shown: dict[str, str] = {}
    for f in sorted(group, key=_primary_key):
        covers = f.start <= primary.start and primary.end <= f.end
        if f is not primary and not covers and _family(f.code) != _family(primary.code):
            continue
        for rank, s in enumerate(f.suggestions):
            full = _expanded(text, start, end, f, s)
            key = " ".join(full.lower().split())
            if key == " ".join(text[start:end].lower().split()):
                continue
            votes[key] = votes.get(key, 0.0) + f.confidence / (rank + 1)
            shown.setdefault(key, full)
    first = None
    if primary.suggestions:
        first = " ".join(_expanded(text, start, end, primary, primary.suggestions[0])
                         .lower().split())
    composed = _composed(group, primary, text, start, end)
    if composed is not None:
        first = " ".join(composed.lower().split())
        votes[first] = votes.get(first, 0.0) + primary.confidence
        shown.setdefault(first, composed)
    ranked = sorted(votes, key=lambda k: (k != first, -votes[k], k))
    codes = list(dict.fromkeys(f.code for f in sorted(group, key=_primary_key)))
    evidence = dict(primary.evidence)
    evidence["codes"] = codes
    evidence["supporting"] = [
        {"code": f.code, "start": f.start, "end": f.end, "text": f.text,
         "confidence": round(f.confidence, 4), "suggestions": list(f.suggestions),
         "evidence": dict(f.evidence)}
        for f in group]
    others = [c for c in codes if c != primary.code]
    message = primary.message + (f" (also {', '.join(others)})" if others else "")
    severity = max((f.severity for f in group), key=lambda s: s.rank)
    return replace(primary, start=start, end=end, text=text[start:end], message=message,
                   suggestions=tuple(shown[k] for k in ranked), evidence=evidence,
                   severity=Severity(severity), supporting=tuple(group))


def _composed(group: list[Finding], primary: Finding, text: str, start: int, end: int
              ) -> str | None:
    """The primary's first suggestion together with the first suggestions of same-family
    constituents on other words of the span ("used to be founded by way of": "was founded" and
    "by" -> "was founded by"), or None when no other edit fits beside the primary's."""
    chosen = [primary] if primary.suggestions else []
    for f in sorted(group, key=_primary_key):
        if f is primary or not f.suggestions or _family(f.code) != _family(primary.code) and \
                not (_family(f.code) in ("MT1", "MT3") and _family(primary.code) in ("MT1", "MT3")):
            continue
        if all(f.end <= g.start or g.end <= f.start for g in chosen):
            chosen.append(f)
    if len(chosen) < 2:
        return None
    out = text[start:end]
    for f in sorted(chosen, key=lambda g: -g.start):
        out = out[:f.start - start] + f.suggestions[0] + out[f.end - start:]
    return out


def merge(findings: Iterable[Finding], text: str, passage_codes: frozenset[str] = frozenset()
          ) -> list[Finding]:
    """One finding per group of overlapping word-level findings (see the module docstring);
    passage-level findings (``passage_codes``) pass through unchanged. ``text`` is the document
    text the offsets point into."""
    findings = list(findings)
    passages = [f for f in findings if f.code in passage_codes]
    words = [f for f in findings if f.code not in passage_codes]
    out = [merge_group(g, text) for g in overlapping_groups(words)] + passages
    out.sort(key=Finding.sort_key)
    return out
