"""Labelled corpora: read them, measure detection quality, refit the scorer.

A labelled corpus is JSON Lines, one article per line: ``{"id": ..., "text": ..., "label": ...}``
with label ``human``, ``spun`` or ``roundtrip`` (also ``machine_translated``/``mt``).
"""

from __future__ import annotations

import json

from ..core.finding import Finding
from ..core.merge import constituents
from ..core.report import FileReport
from ..input.errors import InputError
from ..input.setaside import prose_document
from ..rules import registry
from ..scoring.features import evidence_places, scorer_inputs
from ..scoring.metrics import recall_at_fpr, roc_auc
from ..scoring.model import CLASSES, LABEL_ALIASES
from ..scoring.stages import without_deferred
from ..scoring.verdict import fails
from .engine import Engine, EngineSpec
from .pool import run_batch


def read_labelled(path: str) -> list[dict]:
    records = []
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                text, label = rec["text"], rec["label"]
            except (ValueError, KeyError, TypeError):
                raise InputError(f"line {n}: not a JSON object with \"text\" and \"label\"") from None
            if label not in LABEL_ALIASES:
                raise InputError(f"line {n}: unknown label {label!r} (use human, spun or roundtrip)")
            records.append({"id": str(rec.get("id", n)), "text": text,
                            "label": LABEL_ALIASES[label], "genre": str(rec.get("genre", ""))})
    if not records:
        raise InputError("no records")
    return records


def check_record(engine: Engine, record: dict) -> FileReport:
    return engine.check(prose_document(record["text"], path=record["id"]))


# (each code's kind, the located codes and the kind each supports, the context features)
Declarations = tuple[dict[str, str], dict[str, str], frozenset[str]]


def scorer_declarations() -> Declarations:
    """What the registered rules declare for scoring: each code's kind, the codes whose findings
    are located evidence, and the features that describe the text rather than evidence."""
    codes = [c for _, c in registry.all_codes()]
    return ({c.code: c.kind for c in codes}, {c.code: c.evidence_kind for c in codes if c.located},
            frozenset(n for cls in registry.rule_classes() for n in cls.context_features))


def scorer_view(features: dict[str, float], words: int, findings: list[Finding],
                declarations: Declarations, stage_one: bool = False
                ) -> tuple[dict[str, float], tuple[int, int]]:
    """What the scorer reads of one article, from its rule features and its findings as the
    rules reported them: the model's inputs and the located evidence (places supporting
    spinning, machine translation). With ``stage_one``: as if the rule the two-stage check
    defers had not run (the features and findings must come from a full check)."""
    kinds, located, context = declarations
    if stage_one:
        features, findings = without_deferred(features, findings)
    return (scorer_inputs(features, context, words, findings, kinds, located),
            evidence_places(findings, located))


def article_inputs(report: FileReport, stage_one: bool = False
                   ) -> tuple[dict[str, float], tuple[int, int]]:
    """:func:`scorer_view` of one report (its merged findings taken apart again). A long text
    judged in windows is seen as its verdict's window: the measurements are that window's, so
    its findings and words are too."""
    findings, words = constituents(report.findings), report.words
    if report.window:
        start, end = report.window["start"], report.window["end"]
        findings = [f for f in findings if start <= f.start < end]
        words = report.window["words"]
    return scorer_view(report.features, words, findings, scorer_declarations(), stage_one)


def score_corpus(records: list[dict], spec: EngineSpec, jobs: int = 1) -> list[FileReport]:
    """Check every record (``spec.full_check`` for the features a model is fitted on)."""
    return list(run_batch(records, check_record, spec, jobs=jobs))


def quality_table(labels: list[str], p_spun: list[float], p_mt: list[float],
                  verdicts: list[str]) -> tuple[list[dict], str]:
    """Per label against human: ROC-AUC and recall at 1 % FPR of that label's probability, and
    what the default verdict does. Returns rows and a printable table."""
    human = [i for i, l in enumerate(labels) if l == "human"]
    rows = []
    for label, probs in (("spun", p_spun), ("machine_translated", p_mt)):
        pos = [i for i, l in enumerate(labels) if l == label]
        if not pos or not human:
            continue
        rows.append({
            "label": label, "n": len(pos), "n_human": len(human),
            "roc_auc": roc_auc([probs[i] for i in pos], [probs[i] for i in human]),
            "recall_at_1pct_fpr": recall_at_fpr([probs[i] for i in pos], [probs[i] for i in human]),
            "fails_by_default": sum(fails(verdicts[i]) for i in pos) / len(pos),
            "right_kind": sum(verdicts[i] == label.replace("_", "-") for i in pos) / len(pos),
        })
    human_fail = (sum(fails(verdicts[i]) for i in human) / len(human)) if human else float("nan")
    lines = ["label               n   ROC-AUC  recall@1%FPR  fails  right-kind"]
    for r in rows:
        lines.append(f"{r['label']:<18} {r['n']:>4}  {r['roc_auc']:.4f}   {r['recall_at_1pct_fpr']:.4f}"
                     f"       {r['fails_by_default']:.3f}  {r['right_kind']:.3f}")
    lines.append(f"{'human':<18} {len(human):>4}  false positives of the default verdict: {human_fail:.4f}")
    counts: dict[str, dict[str, int]] = {}
    for l, v in zip(labels, verdicts):
        counts.setdefault(l, {}).setdefault(v, 0)
        counts[l][v] += 1
    lines.append("verdicts: " + "; ".join(
        f"{l}: " + ", ".join(f"{v} {n}" for v, n in sorted(c.items())) for l, c in sorted(counts.items())))
    return rows + [{"label": "human", "n": len(human), "false_positive_rate": human_fail}], "\n".join(lines)


def evaluate_reports(records: list[dict], reports: list[FileReport]) -> tuple[list[dict], str]:
    return quality_table([r["label"] for r in records], [fr.spun for fr in reports],
                         [fr.machine_translated for fr in reports], [fr.verdict for fr in reports])


__all__ = ["CLASSES", "read_labelled", "score_corpus", "scorer_declarations", "scorer_view",
           "article_inputs", "evaluate_reports",
           "quality_table"]
