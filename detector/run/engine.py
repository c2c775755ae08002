"""The engine: run the enabled rules over a document, filter and locate their findings, score.

:class:`EngineSpec` is what identifies an engine (picklable, for worker processes);
:func:`engine_for` is the one cache of built engines in a process.
"""

from __future__ import annotations

import bisect
import difflib
import json
from dataclasses import dataclass, field, replace

from ..config import ConfigError, Settings, display_path
from ..core.document import Document
from ..core.finding import Finding
from ..core.merge import merge
from ..core.report import FileReport
from ..core.rule import Rule, SettingsError, parse_settings
from ..rules import registry
from ..scoring.model import default_model, load_model
from ..scoring.verdict import Scorer


def default_scorer() -> Scorer:
    """The committed calibrated model."""
    return Scorer(default_model())


def code_matches(code: str, prefixes) -> bool:
    return any(code.startswith(p.upper()) for p in prefixes)


@dataclass
class Selection:
    """select/ignore by code prefix (``MT3`` covers the family, ``MT301`` one code)."""

    select: tuple[str, ...] = ("MT",)
    ignore: tuple[str, ...] = ()

    def enabled(self, code: str) -> bool:
        if code_matches(code, self.ignore):
            # A more specific select wins over a broader ignore (as in ruff).
            longest_ignore = max(len(p) for p in self.ignore if code.startswith(p.upper()))
            sel = [p for p in self.select if code.startswith(p.upper())]
            return bool(sel) and max(len(p) for p in sel) > longest_ignore
        return code_matches(code, self.select)


@dataclass
class Engine:
    selection: Selection = field(default_factory=Selection)
    scorer: Scorer = field(default_factory=default_scorer)
    rule_settings: dict = field(default_factory=dict)
    _rules: list[Rule] | None = None

    def __post_init__(self) -> None:
        # Build the rules now, not at the first article: rules may start loading heavy data in
        # the background (the grammar checker does), which then overlaps reading the input.
        _ = self.rules

    @property
    def rules(self) -> list[Rule]:
        if self._rules is None:
            self._rules = [cls(self.rule_settings.get(cls.name)) for cls in registry.rule_classes()
                           if any(self.selection.enabled(c.code) for c in cls.codes)]
        return self._rules

    @property
    def context(self) -> frozenset[str]:
        """The features the rules declare as context (not evidence)."""
        return frozenset(n for rule in self.rules for n in rule.context_features)

    def check(self, doc: Document) -> FileReport:
        findings: list[Finding] = []
        features: dict[str, float] = {}
        notes: list[str] = list(doc.load_notes)
        kinds: dict[str, str] = {}
        passages: set[str] = set()
        located: set[str] = set()
        for rule in self.rules:
            try:
                out = rule.run(doc)
            except Exception as exc:  # a rule bug must not take the run down: report, go on
                return FileReport(path=doc.path, error=f"internal error in rule {rule.name}: "
                                  f"{type(exc).__name__}: {exc}".splitlines()[0])
            features.update(out.features)
            notes.extend(out.notes)
            for c in rule.codes:
                kinds[c.code] = c.kind
                if c.passage:
                    passages.add(c.code)
                if c.located:
                    located.add(c.code)
            findings.extend(f for f in out.findings if self.selection.enabled(f.code)
                            and not doc.is_excluded(f.start, f.end)
                            and not doc.is_suppressed(f.code, f.start))
        findings = [self._locate(doc, f) for f in _dedupe(findings)]
        words = doc.word_count
        foreign = _share_covered(doc, [f for f in findings if kinds.get(f.code) == "foreign"])
        # The scorer reads every rule's findings as reported; the report shows one finding per
        # suspicious span (the constituents stay inside each merged finding).
        assessment = self.scorer.score(words, findings, features, kinds, foreign, self.context,
                                       frozenset(located))
        shown = [self._locate(doc, f) if f.supporting else f  # the others are located
                 for f in merge(findings, doc.text, frozenset(passages))]
        return FileReport(path=doc.path, verdict=assessment.verdict, spun=assessment.spun,
                          machine_translated=assessment.machine_translated, words=words,
                          findings=shown, reasons=assessment.reasons,
                          set_aside=doc.set_aside(), notes=notes, features=features,
                          text=doc.text,
                          set_aside_spans=[(r.start, r.end, r.kind) for r in doc.excluded])

    @staticmethod
    def _locate(doc: Document, f: Finding) -> Finding:
        line, col = doc.line_col(f.start)
        end_line, end_col = doc.line_col(f.end)
        return replace(f, line=line, column=col, end_line=end_line, end_column=end_col)


def _share_covered(doc: Document, findings: list[Finding]) -> float:
    """Share of the document's prose words that lie inside the given findings."""
    if not findings or not doc.words:
        return 0.0
    merged: list[list[int]] = []  # the union of the spans (linear, not words x findings)
    for s, e in sorted((f.start, f.end) for f in findings):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    starts = [s for s, _ in merged]
    inside = 0
    for w in doc.words:
        i = bisect.bisect_right(starts, w.start) - 1
        inside += i >= 0 and w.start < merged[i][1]
    return inside / len(doc.words)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Sort by position; drop exact repeats of the same code on the same span."""
    seen = set()
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        key = (f.code, f.start, f.end)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


@dataclass(frozen=True)
class EngineSpec:
    """What identifies an engine: worker processes build the same engine from it."""

    select: tuple[str, ...] = ("MT",)
    ignore: tuple[str, ...] = ()
    rule_settings: dict = field(default_factory=dict)
    model_path: str | None = None

    def build(self) -> Engine:
        scorer = Scorer(load_model(self.model_path)) if self.model_path else default_scorer()
        return Engine(selection=Selection(self.select, self.ignore), scorer=scorer,
                      rule_settings=dict(self.rule_settings))

    def key(self) -> tuple:
        """A hashable identity: two specs with the same key build the same engine."""
        return (self.select, self.ignore, json.dumps(self.rule_settings, sort_keys=True),
                self.model_path)


def spec_for(settings: Settings, path: str | None = None) -> EngineSpec:
    """The engine a file (``path``; None for standard input and records) is checked with. Rule
    settings are checked here, so a typo is a one-line :class:`ConfigError` before any check."""
    rule_settings = settings.rule_settings_for_engine()
    check_rule_settings(rule_settings, settings.config_file)
    return EngineSpec(select=settings.select, ignore=settings.ignores_for(path),
                      rule_settings=rule_settings, model_path=settings.model)


def check_rule_settings(rule_settings: dict, config_file: str | None = None) -> None:
    """Every ``rule name -> settings`` entry names a rule and only its settings, well typed."""
    where = (f"{display_path(config_file)}: config error: " if config_file
             else "invalid option: ")
    by_name = {cls.name: cls for cls in registry.rule_classes()}
    for name, values in rule_settings.items():
        cls = by_name.get(name)
        if cls is None:
            hint = difflib.get_close_matches(name, list(by_name), n=1)
            raise ConfigError(f"{where}unknown rule {name!r} in rules"
                              + (f" (did you mean {hint[0]!r}?)" if hint
                                 else f"; rules: {', '.join(by_name)}"))
        try:
            parse_settings(cls.Settings, values, name)
        except SettingsError as exc:
            raise ConfigError(f"{where}{exc}") from None


_engines: dict[tuple, Engine] = {}
MAX_CACHED_ENGINES = 32


def engine_for(spec: EngineSpec) -> Engine:
    """The engine for ``spec``, built once per process (rule data is shared between engines)
    while the registered rule families stay the same."""
    key = (spec.key(), tuple(registry.rule_classes()))
    engine = _engines.get(key)
    if engine is None:
        if len(_engines) >= MAX_CACHED_ENGINES:
            _engines.clear()
        engine = _engines[key] = spec.build()
    return engine
