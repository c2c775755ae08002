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
from ..core.rule import Rule, RuleError, RuleOutput, SettingsError, parse_settings
from ..rules import registry
from ..scoring.model import default_model, load_model
from ..input.decoding import is_important
from ..scoring.stages import SKIPPED_NOTE, StageOne, default_stage_one, load_stage_one
from ..scoring.verdict import Assessment, Scorer, finish, stronger
from . import windows

# Set-aside kinds that hold prose-like text (not URLs, code or markup).
FURNITURE_KINDS = ("boilerplate", "comments", "byline")
# When more than this share of the words (and at least this many) is set aside as furniture,
# the whole text is judged as well.
LARGE_SET_ASIDE_SHARE = 0.5
LARGE_SET_ASIDE_MIN_WORDS = 20
# Codes of these kinds judge an article; with none enabled, it is "not-judged".
JUDGING_KINDS = ("spun", "machine_translated", "any")


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
class Judgement:
    """One document (or one window of it) judged: the assessment and what the report needs of
    the rules' outputs (findings at the judged document's offsets, as the rules reported them)."""

    assessment: Assessment
    findings: list[Finding]
    features: dict[str, float]
    notes: list[str]
    warnings: list[str]
    suppressed: int
    skipped: list[str]
    passages: frozenset[str]
    kinds: dict[str, str]
    judging: bool  # some enabled rule judges spinning or machine translation


@dataclass
class Engine:
    selection: Selection = field(default_factory=Selection)
    scorer: Scorer = field(default_factory=default_scorer)
    rule_settings: dict = field(default_factory=dict)
    # The two-stage check (None: every article is checked whole): the rule it defers, and the
    # model that judges an article without it (see mtcheck.scoring.stages).
    stage_one: StageOne | None = None
    _rules: list[Rule] | None = None
    _warm: bool = False
    _warm_deferred: bool = False

    def __post_init__(self) -> None:
        # Build the rules now, not at the first article: rules may start loading heavy data in
        # the background (the grammar checker does), which then overlaps reading the input. A
        # deferred rule loads nothing until an article needs it.
        for rule in self.rules:
            if not self._deferred(rule):
                rule.prepare()
        self._stage_scorer = Scorer(self.stage_one.model) if self.stage_one else None

    def _deferred(self, rule: Rule) -> bool:
        return self.stage_one is not None and rule.name == self.stage_one.rule

    @property
    def rules(self) -> list[Rule]:
        if self._rules is None:
            self._rules = [cls(self.rule_settings.get(cls.name)) for cls in registry.rule_classes()
                           if any(self.selection.enabled(c.code) for c in cls.codes)]
        return self._rules

    def warm(self, deferred: bool = False) -> None:
        """Load what the rules load on first use (language model, lexicons ...) by checking a
        short text once, so that a per-file time budget measures checking, not start-up. A rule
        the two-stage check defers (the grammar checker) loads only with ``deferred``, or when
        the first article that needs it is checked (its load then counts towards that
        article's budget): a run of clearly clean articles never loads it. The worker pool
        warms everything before it forks, so the workers inherit it all."""
        if self._warm and (self._warm_deferred or not deferred):
            return
        from ..input.setaside import prose_document

        self._warm = True
        self._warm_deferred = self._warm_deferred or deferred or self.stage_one is None
        self._check(prose_document("The committee met on Monday and agreed a new budget."),
                    full=deferred)

    @property
    def context(self) -> frozenset[str]:
        """The features the rules declare as context (not evidence)."""
        return frozenset(n for rule in self.rules for n in rule.context_features)

    def check(self, doc: Document) -> FileReport:
        report = self._check(doc)
        if report.error:
            return report
        aside = sum(report.set_aside.get(k, 0) for k in FURNITURE_KINDS)
        if aside >= LARGE_SET_ASIDE_MIN_WORDS and aside > LARGE_SET_ASIDE_SHARE * (aside + report.words):
            # No cue may hide the article: judge the whole text as well and keep the stronger
            # verdict, saying so first.
            whole = self._check(doc.without(FURNITURE_KINDS))
            share = aside / (aside + report.words)
            note = (f"{aside} of {aside + report.words} words ({share:.0%}) were set aside as "
                    f"{'/'.join(k for k in FURNITURE_KINDS if report.set_aside.get(k))}; "
                    f"the whole text was judged too")
            if whole.error is None and stronger(whole.verdict, report.verdict):
                whole.set_aside = report.set_aside
                whole.reasons.insert(0, note + f" and gave this verdict (the rest alone: "
                                            f"{report.verdict})")
                whole.notes.insert(0, note)
                return whole
            report.reasons.insert(0, note + f" (verdict {whole.verdict})")
            report.notes.insert(0, note)
        return report

    def _check(self, doc: Document, full: bool = False) -> FileReport:
        """One judgement of ``doc``: whole, or in windows when it is long (see
        :mod:`mtcheck.run.windows`)."""
        cut = windows.plan(doc)
        if cut is not None:
            return self._check_windows(doc, cut, full)
        set_aside = doc.set_aside()
        judged = self._judge(doc, full, doc.file_suppressed(), set_aside)
        if isinstance(judged, FileReport):
            return judged
        return self._report(doc, judged, doc.word_count, set_aside)

    def _check_windows(self, doc: Document, cut: list[windows.Window], full: bool) -> FileReport:
        """``doc`` judged window by window: every window's findings, the worst window's verdict,
        probabilities, reasons and measurements. Only the findings and the worst judgement are
        kept from one window to the next."""
        file_off = doc.file_suppressed()  # the file's, wherever the window is
        scorer = Scorer(windows.window_model(self.scorer.model))
        findings: list[Finding] = []
        notes: list[str] = []
        warnings: list[str] = []
        suppressed = 0
        skipped_in = 0
        verdicts: list[str] = []
        worst: tuple[int, Judgement] | None = None
        for i, (w, window) in enumerate(windows.documents(doc, cut)):
            judged = self._judge(window, full, file_off, window.set_aside(), scorer,
                                 evasion_floor=False)
            if isinstance(judged, FileReport):
                return judged
            findings.extend(windows.at_offset(f, w.start) for f in judged.findings)
            notes.extend(n for n in judged.notes if n != SKIPPED_NOTE)
            warnings.extend(judged.warnings)
            suppressed += judged.suppressed
            skipped_in += bool(judged.skipped)
            a = judged.assessment
            verdicts.append(a.verdict)
            if worst is None or windows.severity(a) > windows.severity(worst[1].assessment):
                worst = (i, judged)
            judged.findings = []  # kept above, moved to the document's offsets
        i, judged = worst
        assessment = judged.assessment
        assessment.reasons.insert(0, windows.reason(doc, cut, i, verdicts))
        # Disguised words anywhere make the text at least suspicious, counted over all windows.
        words = sum(w.words for w in cut)
        finish(assessment, words,
               [f for f in findings if judged.kinds.get(f.code) == "evasion"], judged.kinds,
               judged.judging, {})
        skipped = judged.skipped if skipped_in == len(cut) else []
        if skipped:
            notes.append(SKIPPED_NOTE)
        elif skipped_in:
            notes.append(f"grammar check skipped in {skipped_in} of {len(cut)} windows: their "
                         f"other evidence is clearly clean (two-stage check; --full-check runs it)")
        combined = Judgement(assessment, _dedupe(findings), judged.features, notes, warnings,
                             suppressed, skipped, judged.passages, judged.kinds, judged.judging)
        report = self._report(doc, combined, words, doc.set_aside())
        report.window = windows.describe(doc, cut, i, verdicts)
        return report

    def _judge(self, doc: Document, full: bool, file_off: tuple[str, ...] | None,
               set_aside: dict[str, int], scorer: Scorer | None = None,
               evasion_floor: bool = True) -> "Judgement | FileReport":
        """Run the rules over ``doc`` and judge it as one article (a report of the error when a
        rule failed). With a two-stage engine (and not ``full``), the deferred rule runs only
        when the stage-one model cannot call the article clearly clean. ``file_off``: the codes
        ``disable-file`` switches off (the file's, also for a window); ``set_aside``: the words
        set aside, per kind; ``scorer``: the full model's (default: the engine's). Without
        ``evasion_floor``, disguised words (MT7) do not raise the verdict: the caller raises
        the whole text's."""
        kinds: dict[str, str] = {}
        passages: set[str] = set()
        located: dict[str, str] = {}
        enabled = self.selection.enabled
        if file_off is not None:
            enabled = (lambda code: self.selection.enabled(code)
                       and not any(code.startswith(p) for p in file_off))
        outputs: dict[str, RuleOutput] = {}
        deferred: list[Rule] = []
        for rule in self.rules:
            for c in rule.codes:
                kinds[c.code] = c.kind
                if c.passage:
                    passages.add(c.code)
                if c.located:
                    located[c.code] = c.evidence_kind
            if not any(enabled(c.code) for c in rule.codes):
                continue
            if not full and self._deferred(rule):
                deferred.append(rule)
                continue
            failed = self._run(rule, doc, outputs)
            if failed:
                return failed
        words = doc.word_count
        skipped: list[str] = []
        collected = self._collect(doc, outputs, enabled)
        if deferred:
            findings, features = collected[0], collected[1]
            foreign = _share_covered(doc, [f for f in findings if kinds.get(f.code) == "foreign"])
            first = self._stage_scorer.score(words, findings, features, kinds, foreign,
                                             self.context, located)
            if self.stage_one.skips(first, findings, kinds):
                skipped = [rule.name for rule in deferred]
            else:
                for rule in deferred:
                    failed = self._run(rule, doc, outputs)
                    if failed:
                        return failed
                collected = self._collect(doc, outputs, enabled)
        findings, features, notes, warnings, suppressed = collected
        if skipped:
            assessment = first  # the stage-one judgement: clearly clean
            notes.append(SKIPPED_NOTE)
        else:
            foreign = _share_covered(doc, [f for f in findings if kinds.get(f.code) == "foreign"])
            # The scorer reads every rule's findings as reported; the report shows one finding
            # per suspicious span (the constituents stay inside each merged finding).
            assessment = (scorer or self.scorer).score(words, findings, features, kinds,
                                                       foreign, self.context, located)
        judging = any(enabled(code) and kind in JUDGING_KINDS for code, kind in kinds.items())
        finish(assessment, words, findings if evasion_floor else
               [f for f in findings if kinds.get(f.code) != "evasion"], kinds, judging, set_aside)
        if assessment.verdict == "not-english":
            # Spelling and grammar hits in a foreign text are not findings about English prose.
            findings = [f for f in findings if kinds.get(f.code) in ("foreign", "evasion")]
        return Judgement(assessment, findings, features, notes, warnings, suppressed, skipped,
                         frozenset(passages), kinds, judging)

    def _report(self, doc: Document, judged: "Judgement", words: int, set_aside: dict[str, int]
                ) -> FileReport:
        """The file's report from its judgement (findings at the document's text offsets)."""
        assessment = judged.assessment
        notes: list[str] = list(doc.load_notes) + judged.notes
        warnings: list[str] = [n for n in doc.load_notes if is_important(n)] + judged.warnings
        for prefix in sorted({p for _, codes in doc.suppressed for p in codes}):
            if not any(code.startswith(prefix) for code in judged.kinds):
                note = (f"unknown rule code '{prefix}' in an mtcheck directive (`mtcheck rules` "
                        f"lists them){_did_you_mean(prefix, judged.kinds)}")
                notes.insert(0, note)
                warnings.append(note)
        return FileReport(path=doc.path, verdict=assessment.verdict, spun=assessment.spun,
                          machine_translated=assessment.machine_translated, words=words,
                          findings=self._shown(doc, judged.findings, judged.passages),
                          reasons=assessment.reasons, set_aside=set_aside,
                          notes=list(dict.fromkeys(notes)),  # a repeated note says nothing more
                          features=judged.features, text=doc.before_normalisation,
                          suppressed=judged.suppressed, accepted=doc.accepted,
                          warnings=list(dict.fromkeys(warnings)),
                          set_aside_spans=self._set_aside_spans(doc), skipped_rules=judged.skipped)

    @staticmethod
    def _run(rule: Rule, doc: Document, outputs: dict[str, RuleOutput]) -> FileReport | None:
        """Run one rule into ``outputs``; a report of the error when it failed."""
        try:
            outputs[rule.name] = rule.run(doc)
        except RuleError as exc:  # the rule's external tool failed: this file's error
            return FileReport(path=doc.path, error=str(exc).splitlines()[0])
        except Exception as exc:  # a rule bug must not take the run down: report, go on
            return FileReport(path=doc.path, error=f"internal error in rule {rule.name}: "
                              f"{type(exc).__name__}: {exc}".splitlines()[0])
        return None

    def _collect(self, doc: Document, outputs: dict[str, RuleOutput], enabled
                 ) -> tuple[list[Finding], dict[str, float], list[str], list[str], int]:
        """The rules' outputs gathered in the rules' order (whichever stage ran them): the
        enabled, unsuppressed findings (sorted, without repeats), features, notes, warnings and
        the number of findings suppressed by directives."""
        findings: list[Finding] = []
        features: dict[str, float] = {}
        notes: list[str] = []
        warnings: list[str] = []
        suppressed = 0
        for rule in self.rules:
            out = outputs.get(rule.name)
            if out is None:
                continue
            features.update(out.features)
            notes.extend(out.notes)
            warnings.extend(out.warnings)
            for f in out.findings:
                if not enabled(f.code) or doc.is_excluded(f.start, f.end):
                    continue
                if doc.is_suppressed(f.code, f.start):
                    suppressed += 1
                else:
                    findings.append(f)
        return _dedupe(findings), features, notes, warnings, suppressed

    @staticmethod
    def _set_aside_spans(doc: Document) -> list[tuple[int, int, str]]:
        """The set-aside regions at the file's offsets (for the HTML report)."""
        spans = [(r.start, r.end, r.kind) for r in doc.excluded]
        if doc.offsets is not None:
            spans = [(*doc.to_original(s, e), kind) for s, e, kind in spans]
        return spans

    @classmethod
    def _shown(cls, doc: Document, findings: list[Finding], passages: frozenset[str]
               ) -> list[Finding]:
        """What the report shows: every finding at the file's offsets, then one finding per
        suspicious span (a merged finding keeps its located constituents)."""
        located = [cls._locate(doc, f) for f in findings]
        return [cls._line_col(doc, f) if f.supporting else f
                for f in merge(located, doc.before_normalisation, passages)]

    @classmethod
    def _locate(cls, doc: Document, f: Finding) -> Finding:
        """The finding at the file's offsets, lines and columns (rules work on the normalised
        text; the report points into the file as it is)."""
        if doc.offsets is not None:
            start, end = doc.to_original(f.start, f.end)
            f = replace(f, start=start, end=end, text=doc.before_normalisation[start:end])
        return cls._line_col(doc, f)

    @staticmethod
    def _line_col(doc: Document, f: Finding) -> Finding:
        """Lines and columns of a finding already at the file's offsets."""
        line, col = doc.file_line_col(f.start)
        end_line, end_col = doc.file_line_col(f.end)
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


def _did_you_mean(prefix: str, codes) -> str:
    import difflib

    close = difflib.get_close_matches(prefix, sorted(codes), n=1)
    return f"; did you mean {close[0]}?" if close else ""


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
    # Run every rule on every article (no two-stage check).
    full_check: bool = False

    def build(self) -> Engine:
        scorer = Scorer(load_model(self.model_path)) if self.model_path else default_scorer()
        return Engine(selection=Selection(self.select, self.ignore), scorer=scorer,
                      rule_settings=dict(self.rule_settings), stage_one=self.stage_one())

    def stage_one(self) -> StageOne | None:
        """The two-stage check's first model, unless every rule must run: ``full_check``, a
        scorer file without a stage-one file beside it, or the deferred rule's codes selected
        by name (``--select MT2``)."""
        if self.full_check:
            return None
        stage = load_stage_one(self.model_path) if self.model_path else default_stage_one()
        if stage is None or any(p.upper().startswith(stage.codes) for p in self.select):
            return None
        return stage

    def key(self) -> tuple:
        """A hashable identity: two specs with the same key build the same engine."""
        return (self.select, self.ignore, json.dumps(self.rule_settings, sort_keys=True),
                self.model_path, self.full_check)


def spec_for(settings: Settings, path: str | None = None) -> EngineSpec:
    """The engine a file (``path``; None for standard input and records) is checked with. Rule
    settings are checked here, so a typo is a one-line :class:`ConfigError` before any check."""
    rule_settings = settings.rule_settings_for_engine()
    check_rule_settings(rule_settings, settings.config_file)
    return EngineSpec(select=settings.select, ignore=settings.ignores_for(path),
                      rule_settings=rule_settings, model_path=settings.model,
                      full_check=settings.full_check)


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
