"""The rule protocol.

A rule family is one module under ``mtcheck.rules``. It defines a subclass of :class:`Rule` whose
class docstring is its user documentation, declares the codes it can emit (:class:`Code`), example
texts that must and must not be flagged (:class:`Example`), and implements :meth:`Rule.run`, which
turns a :class:`~mtcheck.core.document.Document` into findings plus per-article measurements (features)
for the scorer. The engine knows nothing else about a rule.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import ClassVar, Iterable

from .finding import Finding, Severity


@dataclass(frozen=True)
class Code:
    """One reportable check inside a rule family (``MT101`` ...)."""

    code: str
    name: str
    severity: Severity
    summary: str
    # Which kind of rewriting this code is evidence for: "spun", "machine_translated", "foreign"
    # (not English; context, never spinning) or "any".
    kind: str = "any"

    def __post_init__(self) -> None:
        # Accept "warning" as well as Severity.WARNING; everything downstream sees the enum.
        object.__setattr__(self, "severity", Severity(self.severity))


@dataclass(frozen=True)
class Example:
    """A text the rule must flag (``codes`` non-empty: each listed code must appear) or must
    leave alone (``codes`` empty: the family emits no finding)."""

    text: str
    codes: tuple[str, ...] = ()

    @property
    def must_flag(self) -> bool:
        return bool(self.codes)


def flags(text: str, *codes: str) -> Example:
    return Example(text, tuple(codes))


def passes(text: str) -> Example:
    return Example(text, ())


@dataclass
class RuleOutput:
    findings: list[Finding] = field(default_factory=list)
    # Per-article measurements, named "<family>.<feature>", e.g. "collocation.suspects_per_100w".
    features: dict[str, float] = field(default_factory=dict)
    # Plain-language notes for the report (e.g. which grammar backend ran).
    notes: list[str] = field(default_factory=list)


class Rule:
    """Base class of a rule family. Subclasses set the class attributes and implement ``run``."""

    family: ClassVar[str]  # code prefix, e.g. "MT1"
    name: ClassVar[str]  # e.g. "spinner-fingerprints"
    codes: ClassVar[tuple[Code, ...]]
    examples: ClassVar[tuple[Example, ...]]
    # Feature names that describe the text rather than evidence of rewriting (e.g. how much of
    # it is English): reported, but never fitted or scored.
    context_features: ClassVar[tuple[str, ...]] = ()

    def __init__(self, settings: dict | None = None) -> None:
        # Settings come from configuration (e.g. extra lexicon packs, a LanguageTool URL).
        self.settings = dict(settings or {})

    def run(self, doc) -> RuleOutput:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- documentation -------------------------------------------------------------------
    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        doc = cls.documentation()
        return doc.splitlines()[0] if doc else cls.name

    @classmethod
    def code(cls, code: str) -> Code:
        for c in cls.codes:
            if c.code == code:
                return c
        raise KeyError(code)

    def finding(self, code: str, start: int, end: int, text: str, message: str,
                suggestions: Iterable[str] = (), evidence: dict | None = None,
                confidence: float = 0.5, severity: Severity | None = None) -> Finding:
        """Build a finding for one of this rule's codes (line/column are filled by the engine)."""
        c = self.code(code)
        return Finding(code=c.code, rule=c.name, severity=Severity(severity or c.severity), start=start,
                       end=end, text=text, message=message,
                       suggestions=tuple(dict.fromkeys(s for s in suggestions if s)),
                       evidence=dict(evidence or {}), confidence=confidence)
