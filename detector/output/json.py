"""The JSON format (versioned and stable): one object per file."""

from __future__ import annotations

import json

from ..core.finding import Finding
from ..core.report import FileReport, Report
from ..core.version import __version__

JSON_VERSION = 1


def finding_dict(f: Finding) -> dict:
    return {
        "code": f.code, "rule": f.rule, "severity": f.severity.value,
        "line": f.line, "column": f.column, "end_line": f.end_line, "end_column": f.end_column,
        "start": f.start, "end": f.end, "text": f.text, "message": f.message,
        "suggestions": list(f.suggestions), "confidence": round(f.confidence, 4),
        "evidence": {k: (round(v, 4) if isinstance(v, float) else v)
                     for k, v in sorted(f.evidence.items())},
    }


def file_dict(fr: FileReport) -> dict:
    if fr.error:
        return {"path": fr.path, "error": fr.error}
    return {
        "path": fr.path, "verdict": fr.verdict,
        "scores": {"spun": round(fr.spun, 4), "machine_translated": round(fr.machine_translated, 4)},
        "words": fr.words, "set_aside": dict(sorted(fr.set_aside.items())),
        "reasons": list(fr.reasons), "notes": list(fr.notes),
        "suppressed": fr.suppressed, "accepted": fr.accepted,
        "findings": [finding_dict(f) for f in fr.findings],
    }


def format_json(report: Report, verbose: bool = False) -> str:
    doc = {"version": JSON_VERSION, "tool": {"name": "mtcheck", "version": __version__},
           "files": [file_dict(fr) for fr in report.files]}
    if verbose:
        for fd, fr in zip(doc["files"], report.files):
            if not fr.error:
                fd["features"] = {k: round(v, 6) for k, v in sorted(fr.features.items())}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
