"""``--diff``: each flagged article against the article with the likely originals restored.

The top suggestion of each finding replaces its passage; where two findings overlap, the more
confident one (then the longer passage) is applied and the other left out. Nothing is written to
the checked file: the diff is printed (a unified diff, so ``patch`` could apply it).
"""

from __future__ import annotations

import difflib
import os

from ..core.finding import Finding
from ..core.report import FileReport
from ..input.decoding import decode


def chosen_edits(findings: list[Finding]) -> list[tuple[int, int, str]]:
    """Non-overlapping ``(start, end, replacement)`` edits, in text order."""
    candidates = sorted((f for f in findings if f.suggestions and f.end > f.start),
                        key=lambda f: (-f.confidence, -(f.end - f.start), f.start, f.code))
    taken: list[tuple[int, int]] = []
    edits = []
    for f in candidates:
        if any(f.start < e and s < f.end for s, e in taken):
            continue
        taken.append((f.start, f.end))
        edits.append((f.start, f.end, f.suggestions[0]))
    return sorted(edits)


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for s, e, repl in edits:
        out.append(text[pos:s])
        out.append(repl)
        pos = e
    out.append(text[pos:])
    return "".join(out)


def source_text(fr: FileReport) -> str | None:
    """The file as written (markup included) when it can be read again and still matches the
    checked text's offsets; else the checked text (markup loaders blank non-prose characters)."""
    text = fr.text
    if fr.path not in ("<stdin>", "-", "<text>") and os.path.isfile(fr.path):
        try:
            with open(fr.path, "rb") as fh:
                source, _ = decode(fh.read())
        except OSError:
            source = None
        if source is not None and text is not None and len(source) == len(text):
            return source
    return text


def file_diff(fr: FileReport, context: int = 1) -> str:
    """The unified diff of one report's file against its likely original ("" when no finding
    has a suggestion)."""
    text = source_text(fr)
    if fr.error or text is None:
        return ""
    edits = chosen_edits(fr.findings)
    if not edits:
        return ""
    new = apply_edits(text, edits)
    lines = difflib.unified_diff(text.splitlines(keepends=True), new.splitlines(keepends=True),
                                 fromfile=fr.path, tofile=f"{fr.path} (likely original)",
                                 n=context)
    return "".join(x if x.endswith("\n") else x + "\n\\ No newline at end of file\n"
                   for x in lines)


def paint_diff(diff: str, paint) -> str:
    """Colour a unified diff: headers bold, removed lines red, added lines green, and inside a
    changed pair of lines the words that differ in reverse video."""
    lines = diff.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(("---", "+++")):
            out.append(paint(line.rstrip("\n"), "bold") + "\n")
        elif line.startswith("@@"):
            out.append(paint(line.rstrip("\n"), "cyan") + "\n")
        elif line.startswith("-") and i + 1 < len(lines) and lines[i + 1].startswith("+"):
            old, new = _word_marks(line[1:].rstrip("\n"), lines[i + 1][1:].rstrip("\n"), paint)
            out.append(paint("-", "red") + old + "\n")
            out.append(paint("+", "green") + new + "\n")
            i += 1
        elif line.startswith("-"):
            out.append(paint(line.rstrip("\n"), "red") + "\n")
        elif line.startswith("+"):
            out.append(paint(line.rstrip("\n"), "green") + "\n")
        else:
            out.append(line)
        i += 1
    return "".join(out)


def _word_marks(old: str, new: str, paint) -> tuple[str, str]:
    import re

    a, b = re.findall(r"\s+|\S+", old), re.findall(r"\s+|\S+", new)
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    left, right = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        x, y = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            left.append(paint(x, "red"))
            right.append(paint(y, "green"))
        else:
            left.append(paint(x, "red", "bold", "reverse") if x else "")
            right.append(paint(y, "green", "bold", "reverse") if y else "")
    return "".join(left), "".join(right)
