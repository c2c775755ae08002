"""The rule protocol.

A rule family is one module under ``mtcheck.rules``. It defines a subclass of :class:`Rule` whose
class docstring is its user documentation, declares the codes it can emit (:class:`Code`), example
texts that must and must not be flagged (:class:`Example`), and implements :meth:`Rule.run`, which
turns a :class:`~mtcheck.core.document.Document` into findings plus per-article measurements (features)
for the scorer. The engine knows nothing else about a rule.
"""

from __future__ import annotations

import difflib
import inspect
import types
import typing
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, ClassVar, Iterable, Mapping

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
    # A passage-level code (a paragraph in another script, a rare-word passage): context for
    # many words, never merged with the word-level findings it overlaps (mtcheck.core.merge).
    passage: bool = False
    # Whether a finding of this code is located evidence that can carry a failing verdict.
    # Passage-level register measures describe the text's genre as much as its history, so
    # they may sharpen a verdict but never carry one.
    located: bool = True
    # The kind whose failing verdict these findings can carry, where narrower than ``kind``
    # (a code counted for either kind by the scorer may be located evidence of one only).
    located_kind: str = ""

    @property
    def evidence_kind(self) -> str:
        """The kind whose failing verdict this code's findings can carry ("any" for both, ""
        for none)."""
        return (self.located_kind or self.kind) if self.located else ""

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


class RuleError(Exception):
    """This rule cannot check this document (an external tool it was configured to use is
    missing, failed or took too long): the file's report is this one-line error (exit 2), and
    other files are still checked. Not for bugs: those are reported as internal errors."""


class SettingsError(ValueError):
    """A rule setting that is unknown or has the wrong type or value; one line, naming the key."""


@dataclass(frozen=True)
class NoSettings:
    """The settings of a rule family that has none."""


def _type_text(tp: Any) -> str:
    if tp is bool:
        return "boolean"
    if tp is int:
        return "integer"
    if tp is float:
        return "number"
    if tp is str:
        return "string"
    if typing.get_origin(tp) is tuple:
        return f"list of {_type_text(typing.get_args(tp)[0])}s"
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if len(args) == 1:  # Optional
        return _type_text(args[0])
    return str(tp)  # pragma: no cover - only the types above are used


def _convert(tp: Any, value: Any) -> Any:
    """``value`` as type ``tp`` (bool, int, float, str, tuple[X, ...], X | None) or ValueError."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _convert(inner, value)
    if typing.get_origin(tp) is tuple:
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise ValueError(f"must be {_a(_type_text(tp))}, not {_given(value)}")
        return tuple(_convert(args[0], v) for v in value)
    if tp is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if tp in (bool, int, str) and type(value) is tp:
        return value
    raise ValueError(f"must be {_a(_type_text(tp))}, not {_given(value)}")


def _a(words: str) -> str:
    return ("an " if words[0] in "aeiou" else "a ") + words


def _given(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
            list: "a list", tuple: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def setting_specs(settings_cls: type) -> list[tuple[str, str, Any]]:
    """(name, type in words, default) of each setting, for documentation."""
    hints = typing.get_type_hints(settings_cls)
    out = []
    for f in fields(settings_cls):
        default = f.default if f.default is not MISSING else f.default_factory()  # type: ignore[misc]
        out.append((f.name, _type_text(hints[f.name]), default))
    return out


def parse_settings(settings_cls: type, raw: Mapping[str, Any] | Any, rule: str) -> Any:
    """The typed settings of rule ``rule`` from a mapping (``kebab-case`` or ``snake_case`` keys):
    defaults for what is not given; :class:`SettingsError` for an unknown key, a wrong type or a
    value the settings class rejects (its ``__post_init__`` raising ValueError)."""
    if isinstance(raw, settings_cls):
        return raw
    hints = typing.get_type_hints(settings_cls)
    known = [f.name for f in fields(settings_cls)]
    values = {}
    for key, value in dict(raw).items():
        name = str(key).replace("-", "_")
        if name not in known:
            hint = difflib.get_close_matches(name, known, n=1)
            raise SettingsError(
                f"unknown setting {key!r} of rule {rule}"
                + (f" (did you mean {hint[0]!r}?)" if hint
                   else f"; known: {', '.join(known)}" if known else "; it has no settings"))
        try:
            values[name] = _convert(hints[name], value)
        except ValueError as exc:
            raise SettingsError(f"setting {key!r} of rule {rule}: {exc}") from None
    try:
        return settings_cls(**values)
    except ValueError as exc:
        raise SettingsError(f"rule {rule}: {exc}") from None


@dataclass
class RuleOutput:
    findings: list[Finding] = field(default_factory=list)
    # Per-article measurements, named "<family>.<feature>", e.g. "collocation.suspects_per_100w".
    features: dict[str, float] = field(default_factory=dict)
    # Plain-language notes for the report (e.g. which grammar backend ran).
    notes: list[str] = field(default_factory=list)
    # Notes that change how to read the result (a server down, a fallback): also in ``notes``;
    # the command prints them on stderr whatever the format.
    warnings: list[str] = field(default_factory=list)


class Rule:
    """Base class of a rule family. Subclasses set the class attributes and implement ``run``."""

    family: ClassVar[str]  # code prefix, e.g. "MT1"
    name: ClassVar[str]  # e.g. "spinner-fingerprints"
    codes: ClassVar[tuple[Code, ...]]
    examples: ClassVar[tuple[Example, ...]]
    # The settings class (a frozen dataclass: typed fields with defaults; ``__post_init__`` may
    # reject values with ValueError). Set from ``[tool.mtcheck.rules.<name>]`` or the library.
    Settings: ClassVar[type] = NoSettings
    # The features ``run`` emits ("<name>.<feature>"); the scorer and the evaluation read them.
    features: ClassVar[tuple[str, ...]] = ()
    # Those of the features that describe the text rather than evidence of rewriting (e.g. how
    # much of it is English): reported, but never fitted or scored.
    context_features: ClassVar[tuple[str, ...]] = ()
    # The settings the examples are checked with (a family that is off by default turns itself
    # on here).
    example_settings: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        self.settings = parse_settings(type(self).Settings, settings or {}, self.name)

    @classmethod
    def unavailable(cls) -> str | None:
        """Why the examples cannot run on this machine (an optional tool they need is not
        installed), or None."""
        return None

    def prepare(self) -> None:
        """Start loading what ``run`` needs (in the background, if it is slow to load). The
        engine calls this for the rules that will run on every article; a rule it may skip
        (the two-stage check) loads on its first ``run`` instead."""

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
                confidence: float = 0.5, severity: Severity | None = None,
                contextual: bool = False) -> Finding:
        """Build a finding for one of this rule's codes (line/column are filled by the engine;
        ``contextual``: see :attr:`Finding.contextual`)."""
        c = self.code(code)
        return Finding(code=c.code, rule=c.name, severity=Severity(severity or c.severity), start=start,
                       end=end, text=text, message=message,
                       suggestions=tuple(dict.fromkeys(s for s in suggestions if s)),
                       evidence=dict(evidence or {}), confidence=confidence,
                       contextual=contextual)
