"""GitHub Actions workflow commands (``--format github``): annotations on the checked files.

One line per finding::

    ::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=MT101 spinner-phrase::message

(``warning`` for warning findings, ``notice`` for info ones), then one line per file with its
verdict: ``error`` for a failing verdict (spun, machine-translated), ``warning`` for suspicious,
``notice`` for clean, ``error`` for a file that could not be read. Data is escaped as the Actions
runner expects (``%``, CR, LF), and property values also escape ``:`` and ``,``.
"""

from __future__ import annotations

from ..core.finding import Finding, Severity
from .common import GITHUB_COMMAND, suggestion_text
from ..core.report import FileReport, Report
from ..scoring.verdict import FAILING_VERDICTS
from .text import summary_line


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props) -> str:
    """``::name k=v,...::message`` with escaping; properties with a ``None`` value are left out."""
    fields = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{name}{' ' + fields if fields else ''}::{escape_data(message)}"


def _finding_line(fr: FileReport, f: Finding) -> str:
    message = f.message
    suggestion = suggestion_text(f)
    if suggestion:
        message += f" [-> {suggestion}]"
    located = f.line >= 1
    return command(GITHUB_COMMAND[Severity(f.severity)], message, file=fr.path,
                   line=f.line if located else None, col=f.column if located else None,
                   endLine=f.end_line if located and f.end_line >= 1 else None,
                   endColumn=f.end_column if located and f.end_column >= 1 else None,
                   title=f"{f.code} {f.rule}")


def _verdict_line(fr: FileReport, verbose: bool) -> str:
    if fr.error:
        return command("error", f"{fr.path}: {fr.error}", file=fr.path, title="mtcheck: input error")
    name = ("error" if fr.verdict in FAILING_VERDICTS
            else "warning" if fr.verdict == "suspicious" else "notice")
    lines = [summary_line(fr)]
    lines.extend(f"why: {r}" for r in fr.reasons[: None if verbose else 3])
    return command(name, "\n".join(lines), file=fr.path, title=f"mtcheck: {fr.verdict}")


def format_github(report: Report, verbose: bool = False) -> str:
    out: list[str] = []
    for fr in report.files:
        out.extend(_finding_line(fr, f) for f in fr.findings)
        out.append(_verdict_line(fr, verbose))
    return "\n".join(out) + ("\n" if out else "")
