"""Helpers shared by the machine-readable and HTML output formats (sarif, github, html)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..core.finding import Finding, Severity
from ..core.report import Report
from ..core.rule import Code
from ..rules import registry

# SARIF result levels and GitHub workflow-command names for each severity.
SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def suggestion_text(f: Finding, limit: int = 3) -> str:
    """``"state media | state-run media"`` (the first ``limit`` suggestions) or ``""``."""
    return " | ".join(f.suggestions[:limit])


def family_of(code: str) -> str:
    """``"MT301"`` -> ``"MT3"``: the code family, which also picks colours in the HTML report."""
    return code[:3]


@dataclass(frozen=True)
class RuleEntry:
    """One reportable code with its family's documentation (``None`` for a code that appears in
    a report but is not registered, e.g. from a plug-in rule or a hand-built report)."""

    code: Code
    family: str
    family_name: str
    documentation: str


def rule_catalog(report: Report) -> list[RuleEntry]:
    """Every registered code in registry order, then any other code that occurs in the report
    (sorted), so each finding has an entry to point at."""
    entries: list[RuleEntry] = []
    seen: set[str] = set()
    for cls, code in registry.all_codes():
        if code.code not in seen:
            seen.add(code.code)
            entries.append(RuleEntry(code, cls.family, cls.name, cls.documentation()))
    extra: dict[str, Finding] = {}
    for fr in report.files:
        for f in fr.findings:
            if f.code not in seen and f.code not in extra:
                extra[f.code] = f
    for code in sorted(extra):
        f = extra[code]
        entries.append(RuleEntry(Code(code, f.rule, f.severity, f.rule), family_of(code), "", ""))
    return entries


def path_uri(path: str) -> str:
    """A URI reference for a reported path: relative paths stay relative (``/`` separators,
    percent-encoded where needed), absolute paths become ``file://`` URIs."""
    if path in ("-", "<stdin>"):
        return quote("<stdin>")
    if os.path.isabs(path):
        return Path(path).as_uri()
    rel = path.replace(os.sep, "/") if os.sep != "/" else path
    # ":" is encoded too, so a first segment such as "c:notes.md" cannot read as a scheme.
    return quote(rel, safe="/!$&'()*+,;=@-._~")
