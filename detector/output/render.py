"""What the command prints, file by file as results arrive: the chosen format, what the display
options (``--quiet``, ``--min-confidence``, ``--statistics``) keep, and the run summary.

:class:`Renderer` turns each file's report into text as soon as it is finished (the text formats
and ``github`` stream; ``json``, ``sarif`` and ``html`` are whole documents, printed at the end).
Display options never change a verdict or the exit code: the verdict is decided before a finding
is hidden.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable

from ..core.report import FileReport, Report
from .diff import file_diff, paint_diff
from .formats import FORMATTERS
from .text import concise_lines, summary_line
from .terminal import Excerpts, Style, paint_verdict_line, render_finding, verdict_colour

# Formats whose output is a sequence of per-file pieces, written as each file finishes.
STREAMING = ("full", "concise", "github")
TEXT_FORMATS = ("full", "concise")


def resolve_format(name: str, terminal: bool) -> str:
    """``text`` (the default) is ``full`` on a terminal and ``concise`` otherwise (pipes,
    files, CI logs, pre-commit), so scripts reading ``path:line:col: CODE`` lines keep working."""
    if name == "text":
        return "full" if terminal else "concise"
    return name


@dataclass
class Display:
    format: str = "concise"
    style: Style = field(default_factory=Style)
    verbose: bool = False
    quiet: int = 0  # 1: verdict lines only; 2: only the verdict lines of failing files
    min_confidence: float = 0.0  # hide findings below this (display only)
    statistics: bool = False  # counts per code instead of the findings
    diff: bool = False  # the likely original of each flagged article as a diff, instead


def family_names() -> dict[str, str]:
    from ..rules import registry

    return {cls.family: cls.name for cls in registry.rule_classes()}


class Renderer:
    """``file(report, failing)`` -> text to write now; ``finish()`` -> text to write at the end."""

    def __init__(self, display: Display, extra: Callable[[FileReport, bool], str] | None = None):
        self.d = display
        self.files: list[FileReport] = []
        self.failing = 0
        self.verdicts: Counter = Counter()
        self.codes: Counter = Counter()
        self.hidden = 0
        self.known = 0
        # Something more to print after a file (the --diff of its likely original).
        self.extra = extra

    def shown(self, fr: FileReport) -> tuple[FileReport, int]:
        """The report with the findings below ``min_confidence`` left out, and how many were."""
        if fr.error or self.d.min_confidence <= 0:
            return fr, 0
        kept = [f for f in fr.findings if f.confidence >= self.d.min_confidence]
        return replace(fr, findings=kept), len(fr.findings) - len(kept)

    def file(self, fr: FileReport, failing: bool = False, known: int = 0) -> str:
        """``known``: findings left out because the baseline has them."""
        fr, hidden = self.shown(fr)
        self.files.append(fr)
        self.hidden += hidden
        self.known += known
        if fr.error:
            self.verdicts["unreadable"] += 1
        else:
            self.verdicts[fr.verdict] += 1
            self.codes.update(f.code for f in fr.findings)
        self.failing += bool(failing)
        fmt = self.d.format
        out = ""
        if self.d.diff:
            return self._diff(fr, failing)
        if fmt == "github":
            out = FORMATTERS["github"](Report([fr]), verbose=self.d.verbose)
        elif fmt in TEXT_FORMATS and not self.d.statistics:
            out = "".join(line + "\n" for line in self._text(fr, hidden, failing, known))
        if self.extra is not None:
            out += self.extra(fr, failing)
        return out

    def _diff(self, fr: FileReport, failing: bool) -> str:
        """Flagged articles (failing, or suspicious) only: a clean article's stray finding is
        not worth an edit."""
        if fr.error or not (failing or fr.verdict == "suspicious"):
            return ""
        diff = file_diff(fr)
        return paint_diff(diff, self.d.style.paint) if self.d.style.color else diff

    def _text(self, fr: FileReport, hidden: int, failing: bool, known: int = 0) -> list[str]:
        if fr.error:
            return []  # errors go to stderr, one line each
        style = self.d.style
        line = summary_line(fr)
        if known:
            line += f"; {known} in the baseline not shown"
        if hidden:
            line += f"; {hidden} below confidence {self.d.min_confidence:g} not shown"
        if self.d.quiet >= 2:
            return [paint_verdict_line(line, fr, style)] if failing else []
        if self.d.quiet:
            return [paint_verdict_line(line, fr, style)]
        lines: list[str] = []
        if self.d.format == "full":
            excerpts = Excerpts(fr.text) if fr.text else None
            for f in fr.findings:
                lines.extend(render_finding(fr, f, style, excerpts))
                lines.append("")
        else:
            lines.extend(concise_lines(fr))
        lines.append(paint_verdict_line(line, fr, style))
        for reason in fr.reasons[: None if self.d.verbose else 3]:
            lines.append(f"  why: {reason}")
        if self.d.verbose:
            lines.extend(f"  note: {n}" for n in fr.notes)
            lines.extend(f"  feature {k} = {v:.4g}" for k, v in sorted(fr.features.items()))
        if self.d.format == "full":
            lines.append("")
        return lines

    def finish(self) -> str:
        fmt = self.d.format
        if fmt not in STREAMING:
            # json, sarif or html (imported here: a run uses one format)
            return FORMATTERS[fmt](Report(self.files), verbose=self.d.verbose)
        if fmt == "github" or self.d.diff:
            return ""
        out: list[str] = []
        if self.d.statistics:
            out.extend(self.statistics())
        if (len(self.files) > 1 or self.d.statistics) and self.d.quiet < 2:
            out.extend(self.summary())
        return "".join(line + "\n" for line in out)

    def statistics(self) -> list[str]:
        """One line per code: how many findings, the code, its name (most frequent first)."""
        names = {f.code: f.rule for fr in self.files for f in fr.findings}
        rows = sorted(self.codes.items(), key=lambda kv: (-kv[1], kv[0]))
        width = max((len(str(n)) for _, n in rows), default=1)
        return [f"{n:>{width}}  {code}  {names[code]}" for code, n in rows]

    def summary(self) -> list[str]:
        """The run in two lines: files by verdict (and how many fail), findings by family."""
        style = self.d.style
        n = len(self.files)
        parts = [style.paint(f"{v} {k}", verdict_colour(k) if k != "unreadable" else "red", "bold")
                 for k, v in sorted(self.verdicts.items(), key=lambda kv: (-kv[1], str(kv[0])))]
        head = f"Checked {n} file{'s' if n != 1 else ''}: {', '.join(parts)}"
        head += f"; {self.failing} fail{'s' if self.failing == 1 else ''}" if self.failing else "; none fails"
        by_family: Counter = Counter()
        for code, k in self.codes.items():
            by_family[code[:3]] += k
        names = family_names()
        total = sum(by_family.values())
        line2 = f"{total} finding{'s' if total != 1 else ''}"
        if total:
            line2 += ": " + ", ".join(f"{fam} {names.get(fam, fam)} {k}"
                                      for fam, k in sorted(by_family.items()))
        if self.known:
            line2 += f" ({self.known} more in the baseline)"
        if self.hidden:
            line2 += f" ({self.hidden} below confidence {self.d.min_confidence:g} not shown)"
        return [head + ".", line2 + "."]


def format_full(report: Report, verbose: bool = False) -> str:
    """The full format without colour, for a whole report (the library's formatter)."""
    renderer = Renderer(Display("full", verbose=verbose))
    return "".join(renderer.file(fr) for fr in report.files) + renderer.finish()
