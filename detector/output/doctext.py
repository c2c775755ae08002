"""Rule documentation as terminal text (``mtcheck explain``).

Rule docstrings use two layouts: reStructuredText sections (a title underlined with ``---``)
and definition-list sections (a title, then its body indented). Both print the same way here:
the title on its own line at the margin, the body indented by four spaces, and no markup left
(inline literals and emphasis lose their marks, ``::`` becomes ``:``).
"""

from __future__ import annotations

import re

INDENT = "    "
_UNDERLINE = re.compile(r"^([-=~^\"'`#*+])\1{2,}\s*$")
_LITERAL = re.compile(r"``(.+?)``")
_EMPHASIS = re.compile(r"(?<![\w*`])\*([^\s*](?:[^*]*[^\s*])?)\*(?![\w*])")
_LIST_OR_NUMBER = re.compile(r"^([-*+]\s|\d+[.)]\s)")


def _quoted(s: str) -> str:
    return f"'{s}'"


def inline(text: str, bold=_quoted) -> str:
    """Inline markup removed: ``code`` -> 'code' (or as ``bold`` shows it), *x* -> x."""
    text = _LITERAL.sub(lambda m: bold(m.group(1)), text)
    return _EMPHASIS.sub(lambda m: m.group(1), text)


def _is_title(lines: list[str], i: int) -> str | None:
    """'rst' or 'deflist' when line ``i`` is a section title, else None."""
    line = lines[i]
    if not line.strip() or line[:1].isspace() or i + 1 >= len(lines):
        return None
    nxt = lines[i + 1]
    if _UNDERLINE.match(nxt) and len(nxt.strip()) >= len(line.strip()) - 1:
        return "rst"
    if (nxt.strip() and nxt[:1].isspace() and len(line) <= 50 and not _LIST_OR_NUMBER.match(line)
            and not line.rstrip().endswith((".", ",", ";", ":"))):
        return "deflist"
    return None


def render_doc(doc: str, heading=lambda s: s, bold=_quoted) -> str:
    """The docstring ``doc`` as terminal text (``heading`` and ``bold`` style titles and inline
    literals, e.g. with colour)."""
    lines = doc.expandtabs(4).splitlines()
    out: list[str] = []
    in_section = False
    deflist = False
    i = 0
    while i < len(lines):
        kind = _is_title(lines, i)
        if kind:
            if out and out[-1].strip():
                out.append("")
            out.append(heading(inline(lines[i].strip())))
            in_section, deflist = True, kind == "deflist"
            i += 2 if kind == "rst" else 1
            continue
        line = lines[i].rstrip()
        i += 1
        if line.strip() == "::":
            continue
        if line.endswith("::"):
            line = line[:-1]
        line = inline(line, bold)
        if not line:
            out.append("")
        elif in_section and not deflist:
            out.append(INDENT + line)
        elif in_section and deflist and not line[:1].isspace():
            out.append(INDENT + line)  # a paragraph at the margin inside an indented section
        else:
            out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out)
