"""The concise text format: one ``path:line:col: CODE message`` line per finding, then a summary line
per file with the verdict and its reasons."""

from __future__ import annotations

from ..core.finding import Finding
from ..core.report import FileReport, Report


def _suggestion_suffix(f: Finding) -> str:
    return f" [-> {' | '.join(f.suggestions[:3])}]" if f.suggestions else ""


def summary_line(fr: FileReport) -> str:
    if fr.error:
        return f"{fr.path}: error: {fr.error}"
    verdict = fr.verdict + (" (accepted: reviewed, does not fail)" if fr.accepted else "")
    parts = [f"{fr.path}: {verdict} (spun {fr.spun:.2f}, machine-translated "
             f"{fr.machine_translated:.2f}), {plural(fr.words, 'word')}, "
             f"{plural(len(fr.findings), 'finding')}"
             + (f" ({fr.suppressed} suppressed)" if fr.suppressed else "")]
    if fr.set_aside:
        detail = ", ".join(f"{k} {v}" for k, v in sorted(fr.set_aside.items()))
        parts.append(f"set aside {plural(sum(fr.set_aside.values()), 'word')} ({detail})")
    return "; ".join(parts)


def concise_lines(fr: FileReport) -> list[str]:
    """``path:line:col: CODE message [-> suggestion]``, one line per finding."""
    return [f"{fr.path}:{f.line}:{f.column}: {f.code} {f.message}{_suggestion_suffix(f)}"
            for f in fr.findings]


def plural(n: int, noun: str) -> str:
    """'1 word', '2 words'."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def format_text(report: Report, verbose: bool = False) -> str:
    """The concise format (``--format concise``; ``text`` when not on a terminal)."""
    lines: list[str] = []
    for fr in report.files:
        if fr.error:
            continue  # errors go to stderr, one line each
        lines.extend(concise_lines(fr))
        lines.append(summary_line(fr))
        for reason in fr.reasons[: None if verbose else 3]:
            lines.append(f"  why: {reason}")
        if verbose:
            lines.extend(f"  note: {n}" for n in fr.notes)
            lines.extend(f"  feature {k} = {v:.4g}" for k, v in sorted(fr.features.items()))
    return "\n".join(lines) + ("\n" if lines else "")
