"""The full terminal format, in the style of rustc and ruff: per finding a header with the
severity and code, the location, the sentence with the passage underlined and the likely
original, and the evidence in plain words; then the file's verdict line and its reasons.

Colour is optional (:class:`Style`); without it the output is plain text with the same layout.
"""

from __future__ import annotations

import bisect
import os
import textwrap
import unicodedata
from dataclasses import dataclass

from ..core.document import Document
from ..core.finding import Finding
from ..core.report import FileReport
from ..scoring.verdict import FAILING_VERDICTS
from .evidence import explanation, headline

_ANSI = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34",
         "magenta": "35", "cyan": "36", "reverse": "7"}
SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "info": "cyan"}
VERDICT_COLOUR = {"clean": "green", "suspicious": "yellow", "not-english": "cyan"}


def use_color(choice: str, stream) -> bool:
    """``--color``: ``always``, ``never``, or ``auto`` (colour only when ``stream`` is a terminal,
    ``NO_COLOR`` is unset or empty and ``TERM`` is not ``dumb``). ``always`` wins over
    ``NO_COLOR``, as https://no-color.org asks of explicit flags."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


@dataclass(frozen=True)
class Style:
    color: bool = False
    width: int = 100

    def paint(self, text: str, *styles: str) -> str:
        if not self.color or not text:
            return text
        codes = ";".join(_ANSI[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"


def display_width(text: str) -> int:
    """Terminal columns of ``text`` (wide East Asian characters take two, combining marks none)."""
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class Excerpts:
    """The sentences of one report's text, to show a finding in its sentence."""

    def __init__(self, text: str):
        self.text = text
        self.spans = [(s.start, s.end) for s in Document.from_text(text).sentences]
        self.starts = [s for s, _ in self.spans]

    def sentence(self, start: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, start) - 1
        if i >= 0 and self.spans[i][0] <= start < self.spans[i][1]:
            return self.spans[i]
        # Not in a prose sentence (a heading, a line of its own): the line around it.
        lo = self.text.rfind("\n", 0, start) + 1
        hi = self.text.find("\n", start)
        return lo, len(self.text) if hi < 0 else hi

    def excerpt(self, start: int, end: int, width: int) -> tuple[str, int, int, bool]:
        """(the sentence holding ``start``, cut to ``width`` columns around the passage; the
        passage's column and width in it; whether the passage runs on past the sentence)."""
        s0, e0 = self.sentence(start)
        start = max(s0, min(start, e0))
        runs_on = end > e0
        end = max(start + 1, min(end, e0))
        seg = "".join(" " if c in "\r\n\t\v\f" else c for c in self.text[s0:e0])
        a, b = start - s0, end - s0
        if display_width(seg) > width:
            left = max(0, a - width // 3)
            right = min(len(seg), left + width)
            left = max(0, min(left, right - width))
            # Cut at word boundaries where one is near (the passage stays whole).
            if left > 0:
                space = seg.find(" ", left, min(a, left + 15))
                left = space + 1 if space >= 0 else left
            if right < len(seg):
                space = seg.rfind(" ", max(b, right - 15), right)
                right = space if space >= 0 else right
            prefix = "…" if left > 0 else ""
            suffix = "…" if right < len(seg) else ""
            if b > right:
                runs_on = True
            seg = prefix + seg[left:right] + suffix
            a, b = a - left + len(prefix), min(b, right) - left + len(prefix)
        col = display_width(seg[:a])
        return seg, col, max(1, display_width(seg[a:b])), runs_on


def suggestion_label(f: Finding) -> str:
    if not f.suggestions:
        return ""
    first = f"likely original: {f.suggestions[0]}"
    others = [s for s in f.suggestions[1:3] if s != f.suggestions[0]]
    return first + (f" (or: {', '.join(others)})" if others else "")


def render_finding(fr: FileReport, f: Finding, style: Style, excerpts: Excerpts | None) -> list[str]:
    sev = str(getattr(f.severity, "value", f.severity))
    colour = SEVERITY_COLOUR.get(sev, "cyan")
    head = style.paint(f"{sev}[{f.code}]", colour, "bold") + style.paint(f": {headline(f)}", "bold")
    lines = [head]
    gutter = len(str(max(f.line, 1)))
    bar = style.paint(" " * (gutter + 1) + "|", "blue")
    where = f"{fr.path}:{f.line}:{f.column}" if f.line >= 1 else fr.path
    lines.append(" " * gutter + style.paint("--> ", "blue") + where)
    if excerpts is not None and f.start < len(excerpts.text):
        text_width = max(40, style.width - gutter - 3)
        seg, col, span, runs_on = excerpts.excerpt(f.start, f.end, text_width)
        label = suggestion_label(f)
        if runs_on:
            more = (f"the passage runs on to line {f.end_line}" if f.end_line > f.line
                    else "the passage runs on")
            label = f"{label}; {more}" if label else more
        lines.append(bar)
        lines.append(style.paint(f"{f.line:>{gutter}} |", "blue") + " " + seg)
        lines.append(bar + " " + " " * col + style.paint("^" * span + (" " + label if label else ""),
                                                         colour, "bold"))
        lines.append(bar)
    elif f.suggestions:
        lines.append(bar + " " + suggestion_label(f))
    why = explanation(f)
    prefix = " " * (gutter + 1) + "= "
    if why:
        lines.extend(_wrapped(prefix, "why: " + why, style))
    lines.append(prefix + f"confidence {f.confidence:.2f} ({f.rule})")
    return lines


def _wrapped(prefix: str, text: str, style: Style) -> list[str]:
    return textwrap.wrap(text, width=max(40, style.width), initial_indent=prefix,
                         subsequent_indent=" " * len(prefix), break_on_hyphens=False) or [prefix]


def verdict_colour(verdict: str | None) -> str:
    return "red" if verdict in FAILING_VERDICTS else VERDICT_COLOUR.get(verdict or "", "cyan")


def paint_verdict_line(line: str, fr: FileReport, style: Style) -> str:
    """The summary line with the verdict word coloured."""
    if not style.color or not fr.verdict:
        return line
    marker = f": {fr.verdict} ("
    i = line.find(marker)
    if i < 0:
        return line
    j = i + 2 + len(fr.verdict)
    return (style.paint(line[:i], "bold") + ": "
            + style.paint(fr.verdict, verdict_colour(fr.verdict), "bold") + line[j:])
