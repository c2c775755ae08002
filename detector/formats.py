"""Output formats. Each formatter takes a :class:`Report` and returns the text to print."""

from __future__ import annotations

import json

from . import __version__
from .finding import Finding
from .github_format import format_github
from .html_report import format_html
from .report import FileReport, Report
from .sarif import format_sarif

JSON_VERSION = 1


def _suggestion_suffix(f: Finding) -> str:
    return f" [-> {' | '.join(f.suggestions[:3])}]" if f.suggestions else ""


def summary_line(fr: FileReport) -> str:
    if fr.error:
        return f"{fr.path}: error: {fr.error}"
    parts = [f"{fr.path}: {fr.verdict} (spun {fr.spun:.2f}, machine-translated "
             f"{fr.machine_translated:.2f}), {fr.words} words, {len(fr.findings)} findings"]
    if fr.set_aside:
        detail = ", ".join(f"{k} {v}" for k, v in sorted(fr.set_aside.items()))
        parts.append(f"set aside {sum(fr.set_aside.values())} words ({detail})")
    return "; ".join(parts)


def format_text(report: Report, verbose: bool = False) -> str:
    lines: list[str] = []
    for fr in report.files:
        if fr.error:
            continue  # errors go to stderr, one line each
        for f in fr.findings:
            lines.append(f"{fr.path}:{f.line}:{f.column}: {f.code} {f.message}{_suggestion_suffix(f)}")
        lines.append(summary_line(fr))
        for reason in fr.reasons[: None if verbose else 3]:
            lines.append(f"  why: {reason}")
        if verbose:
            lines.extend(f"  note: {n}" for n in fr.notes)
            lines.extend(f"  feature {k} = {v:.4g}" for k, v in sorted(fr.features.items()))
    return "\n".join(lines) + ("\n" if lines else "")


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


FORMATTERS = {"text": format_text, "json": format_json, "sarif": format_sarif,
              "github": format_github, "html": format_html}
