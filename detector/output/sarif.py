"""SARIF 2.1.0 output (``--format sarif``), for code-scanning dashboards and SARIF viewers.

One run per invocation:

- ``tool.driver``: name ``mtcheck``, its version, and ``rules``: every registered code (registry
  order), then any other code present in the report. Each rule has ``id`` (``MT101``), ``name``
  (the code name), ``shortDescription`` (the code summary), ``fullDescription`` and ``help``
  (the rule family's documentation, as ``mtcheck explain`` prints it),
  ``defaultConfiguration.level`` (error -> error, warning -> warning, info -> note) and
  ``properties`` (``family``, ``familyName``, ``kind`` = what the code is evidence of, ``tags``).
- ``results``: one per finding, in file order then text order: ``ruleId``, ``ruleIndex``,
  ``level`` (from the finding's severity), ``message.text`` (the message, then
  ``Suggestion: a | b`` when the rule has likely original wording), one location with
  ``artifactLocation`` (``uri`` = the path as given, relative paths stay relative; ``index``
  into ``artifacts``) and a ``region`` with 1-based ``startLine``/``startColumn``/``endLine``/
  ``endColumn`` (``endColumn`` is the column after the last character), ``charOffset``/
  ``charLength`` and the flagged text as ``snippet``. Result ``properties``: ``confidence``,
  ``suggestions`` (all of them), ``evidence``.
- ``columnKind: "unicodeCodePoints"`` (columns and offsets count code points, as mtcheck does).
- ``artifacts``: one per file checked, in input order. The per-article assessment lives in
  each artifact's ``properties``: ``verdict``, ``spun`` and ``machineTranslated``
  (probabilities), ``words``, ``findings`` (count), ``reasons``, ``setAside`` (words set aside
  per region kind), ``notes``, and with ``--verbose`` also ``features``. A file that could not
  be read has ``properties.error`` instead.
- ``run.properties``: ``failingVerdicts`` and ``summary`` (files checked, per-verdict counts,
  input errors).
- ``invocations[0]``: ``executionSuccessful`` is false when a file could not be read; each such
  file is a ``toolExecutionNotifications`` entry with level ``error``, its message and location.
"""

from __future__ import annotations

import json

from ..core.version import __version__
from ..core.finding import Finding, Severity
from .common import SARIF_LEVEL, path_uri, rule_catalog, suggestion_text
from ..core.report import FileReport, Report
from ..scoring.verdict import FAILING_VERDICTS, VERDICTS

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def _number(v):
    return round(v, 4) if isinstance(v, float) else v


def _rule_descriptor(entry) -> dict:
    code = entry.code
    d = {"id": code.code, "name": code.name, "shortDescription": {"text": code.summary or code.name}}
    if entry.documentation:
        d["fullDescription"] = {"text": entry.documentation}
        d["help"] = {"text": entry.documentation}
    d["defaultConfiguration"] = {"level": SARIF_LEVEL[Severity(code.severity)]}
    d["properties"] = {"family": entry.family, "familyName": entry.family_name, "kind": code.kind,
                       "tags": [t for t in (code.kind, entry.family_name) if t]}
    return d


def _message(f: Finding) -> str:
    text = f.message
    suggestion = suggestion_text(f)
    if suggestion:
        text += ("" if text.endswith((".", "!", "?")) else ".") + f" Suggestion: {suggestion}"
    return text


def _region(f: Finding) -> dict:
    region: dict = {}
    if f.line >= 1 and f.column >= 1:
        region.update(startLine=f.line, startColumn=f.column)
        if f.end_line >= 1 and f.end_column >= 1:
            region.update(endLine=f.end_line, endColumn=f.end_column)
    region.update(charOffset=f.start, charLength=max(0, f.end - f.start),
                  snippet={"text": f.text})
    return region


def _result(f: Finding, rule_index: int, uri: str, artifact_index: int) -> dict:
    return {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": SARIF_LEVEL[Severity(f.severity)],
        "message": {"text": _message(f)},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri, "index": artifact_index},
            "region": _region(f)}}],
        "properties": {
            "confidence": round(f.confidence, 4),
            "suggestions": list(f.suggestions),
            "evidence": {k: _number(v) for k, v in sorted(f.evidence.items())},
        },
    }


def _artifact(fr: FileReport, uri: str, verbose: bool) -> dict:
    if fr.error:
        props: dict = {"error": fr.error}
    else:
        props = {
            "verdict": fr.verdict,
            "spun": round(fr.spun, 4),
            "machineTranslated": round(fr.machine_translated, 4),
            "words": fr.words,
            "findings": len(fr.findings),
            "reasons": list(fr.reasons),
            "setAside": dict(sorted(fr.set_aside.items())),
            "notes": list(fr.notes),
        }
        if verbose:
            props["features"] = {k: round(v, 6) for k, v in sorted(fr.features.items())}
    return {"location": {"uri": uri}, "roles": ["analysisTarget"], "properties": props}


def sarif_log(report: Report, verbose: bool = False) -> dict:
    """The SARIF log as a dict (``format_sarif`` serialises it)."""
    catalog = rule_catalog(report)
    rule_index = {e.code.code: i for i, e in enumerate(catalog)}
    artifacts, results, notifications = [], [], []
    artifact_index: dict[str, int] = {}
    for fr in report.files:
        uri = path_uri(fr.path)
        if uri not in artifact_index:  # a path given twice is one artifact (they must be unique)
            artifact_index[uri] = len(artifacts)
            artifacts.append(_artifact(fr, uri, verbose))
        i = artifact_index[uri]
        if fr.error:
            notifications.append({
                "level": "error",
                "message": {"text": f"{fr.path}: {fr.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri, "index": i}}}],
                "descriptor": {"id": "input-error"},
            })
            continue
        for f in fr.findings:
            results.append(_result(f, rule_index[f.code], uri, i))
    checked = [fr for fr in report.files if not fr.error]
    run = {
        "tool": {"driver": {
            "name": "mtcheck",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [_rule_descriptor(e) for e in catalog],
        }},
        "invocations": [{
            "executionSuccessful": not report.errors,
            "toolExecutionNotifications": notifications,
        }],
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {
            "failingVerdicts": list(FAILING_VERDICTS),
            "summary": {
                "files": len(report.files),
                "verdicts": {v: sum(fr.verdict == v for fr in checked) for v in VERDICTS},
                "errors": len(report.errors),
            },
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def format_sarif(report: Report, verbose: bool = False) -> str:
    return json.dumps(sarif_log(report, verbose), ensure_ascii=False, indent=2) + "\n"
