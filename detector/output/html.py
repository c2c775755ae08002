"""A self-contained HTML report page for a whole run (``--format html``).

One file, readable offline from disk: CSS and JavaScript are inline, nothing is fetched (a
Content-Security-Policy allows only this page's own style and script, by hash). Per article:
the verdict and both probabilities, the reasons, a small chart of findings per paragraph
(inline SVG, stacked by code family, each bar links to its paragraph), then the article text
with every finding highlighted (colour = code family, underline = severity; hover shows the
message and suggestion, click or Enter opens a details panel), and a table of all findings.

Everything taken from the report (paths, article text, messages, suggestions, evidence) is
escaped: the text is untrusted. Overlapping findings are split into adjacent ``<mark>``
segments; each carries ``data-start``/``data-end`` (code-point offsets into the article text)
and ``data-ids`` (the findings it belongs to), so a finding's text is the concatenation of its
segments.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import html
import json
import re
from functools import lru_cache
from importlib import resources

from ..core.version import __version__
from ..core.document import Document
from ..core.finding import Finding, Severity
from .common import family_of, rule_catalog, suggestion_text
from .diff import source_text
from .evidence import explanation
from ..core.report import FileReport, Report
from ..scoring.verdict import VERDICTS

# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), by family digit:
# MT1 orange, MT2 reddish purple, MT3 bluish green, MT4 yellow, MT5 blue. Sky blue and blue are
# the pair hardest to tell apart as light highlights, so only one of them is used for MT1-MT5.
PALETTE = ("#E69F00", "#CC79A7", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#56B4E9",
           "#999999", "#8C564B")


def esc(s) -> str:
    return html.escape(str(s), quote=True)


def esc_text(s: str) -> str:
    """Escape article text for an element's content so that the DOM text equals ``s`` exactly:
    CR as a character reference (the parser turns raw CR/CRLF into LF) and NUL, which the parser
    drops, as U+FFFD (same length, so offsets still hold)."""
    return html.escape(s, quote=False).replace("\r", "&#13;").replace("\0", "\ufffd")


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


def _family_colours(families: list[str]) -> dict[str, str]:
    out = {}
    for i, fam in enumerate(families):
        digit = fam[2:3]
        out[fam] = PALETTE[(int(digit) - 1) % len(PALETTE)] if digit.isdigit() and digit != "0" \
            else PALETTE[i % len(PALETTE)]
    return out


def _json_for_script(obj) -> str:
    """JSON that cannot close or confuse the ``<script>`` element it sits in."""
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _finding_id(file_index: int, k: int) -> str:
    return f"{file_index}-{k}"


def _title(f: Finding) -> str:
    s = f"{f.code} {f.rule}: {f.message}"
    suggestion = suggestion_text(f)
    return s + (f"\nSuggestion: {suggestion}" if suggestion else "")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(p.start, p.end) for p in Document(text=text).all_paragraphs]


def _paragraph_of(starts: list[int], offset: int) -> int:
    """Index of the last paragraph starting at or before ``offset`` (0 if none)."""
    return max(0, bisect.bisect_right(starts, offset) - 1)


# -- the article text with marks ------------------------------------------------------------

_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+\S[^\r\n]*", re.M)
_SETEXT = re.compile(r"^ {0,3}(\S[^\r\n]*)\r?\n {0,3}(=+|-+)[ \t]*$", re.M)
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.I | re.S)


def heading_spans(fr: FileReport) -> list[tuple[int, int, int]]:
    """(start, end, level) of the headings of a Markdown or HTML file, found in the file as
    written (the checked text has the markup blanked; offsets are the same)."""
    source = source_text(fr)
    if not source or source == fr.text:
        return []
    suffix = fr.path.lower().rsplit(".", 1)[-1]
    out = []
    if suffix in ("md", "markdown"):
        out += [(m.start(), m.end(), len(m.group(1))) for m in _MD_HEADING.finditer(source)]
        out += [(m.start(1), m.end(1), 1 if m.group(2)[0] == "=" else 2)
                for m in _SETEXT.finditer(source) if not m.group(1).startswith(("#", "-", "="))]
    elif suffix in ("html", "htm"):
        out += [(m.start(2), m.end(2), int(m.group(1))) for m in _HTML_HEADING.finditer(source)]
    # A "# line" inside code or front matter is not a heading.
    hidden = [(a, b) for a, b, kind in fr.set_aside_spans if kind in ("code", "front-matter")]
    return sorted(h for h in out if not any(a < h[1] and h[0] < b for a, b in hidden))


def render_text(text: str, findings: list[Finding], file_index: int,
                paragraph_starts: list[int], set_aside: list[tuple[int, int, str]] = (),
                headings: list[tuple[int, int, int]] = ()) -> str:
    """The escaped text with one ``<mark>`` per run of characters covered by the same findings,
    an empty anchor at each paragraph start and before each finding's first segment. Text set
    aside as not prose is greyed and labelled with its kind; a set-aside region that the markup
    reader blanked (front matter, code) is collapsed to its label."""
    n = len(text)
    spans = [(max(0, min(f.start, n)), max(0, min(f.end, n)), k) for k, f in enumerate(findings)]
    asides = [(max(0, min(s, n)), max(0, min(e, n)), kind) for s, e, kind in set_aside if e > s]
    cuts = {0, n, *paragraph_starts}
    for s, e, _ in spans:
        cuts.update((s, e))
    for s, e, _ in asides:
        cuts.update((s, e))
    heads = [(max(0, min(s, n)), max(0, min(e, n)), level) for s, e, level in headings if e > s]
    for s, e, _ in heads:
        cuts.update((s, e))
    aside_starts = [s for s, _, _ in asides]
    head_starts = [s for s, _, _ in heads]
    bounds = sorted(c for c in cuts if 0 <= c <= n)
    para_at = {s: i for i, s in enumerate(paragraph_starts)}
    starts_at: dict[int, list[int]] = {}
    for s, e, k in spans:
        starts_at.setdefault(s, []).append(k)
    sev_rank = {k: Severity(findings[k].severity).rank for _, _, k in spans}
    out: list[str] = []
    open_heading = None  # (index, level) of the heading whose span is open
    for i, a in enumerate(bounds):
        if a in para_at:
            out.append(f'<span class="para" id="p{file_index}-{para_at[a]}"></span>')
        for k in starts_at.get(a, ()):
            out.append(f'<span class="anchor" id="f{_finding_id(file_index, k)}"></span>')
            if spans[k][1] == a:  # an empty finding: an empty mark keeps it clickable in the DOM
                out.append(_mark(findings, [k], file_index, a, a, ""))
        if i + 1 == len(bounds):
            break
        b = bounds[i + 1]
        if b <= a:
            continue
        covering = [k for s, e, k in spans if s <= a and b <= e and s < e]
        h = bisect.bisect_right(head_starts, a) - 1
        level = (h, heads[h][2]) if h >= 0 and heads[h][0] <= a < heads[h][1] else None
        if level != open_heading:
            if open_heading:
                out.append("</span>")
            if level:
                out.append(f'<span class="heading h{level[1]}">')
            open_heading = level
        j = bisect.bisect_right(aside_starts, a) - 1
        aside = asides[j] if j >= 0 and asides[j][0] <= a < asides[j][1] else None
        if covering:
            covering.sort(key=lambda k: (-sev_rank[k], k))
            out.append(_mark(findings, covering, file_index, a, b, text[a:b]))
        elif aside is not None:
            kind = esc(aside[2] or "not prose")
            first = a == aside[0]
            blank = not text[aside[0]:aside[1]].strip()
            if first:
                out.append(f'<span class="aside-label" data-kind="{kind}"></span>')
            out.append(f'<span class="aside{" blanked" if blank else ""}" data-kind="{kind}" '
                       f'title="set aside as not article prose: {kind}">{esc_text(text[a:b])}</span>')
        else:
            out.append(esc_text(text[a:b]))
    if open_heading:
        out.append("</span>")
    return "".join(out)


def _mark(findings: list[Finding], covering: list[int], file_index: int, a: int, b: int,
          segment: str) -> str:
    lead = findings[covering[0]]
    # Every family present gets its class (so each finding's family shows on its marks); the
    # lead finding's severity sets the underline.
    families = dict.fromkeys(esc(family_of(findings[k].code)) for k in covering)
    classes = " ".join(["f", *(f"fam-{fam}" for fam in families),
                        f"sev-{esc(Severity(lead.severity).value)}"])
    if len(covering) > 1:
        classes += " multi"
    ids = " ".join(_finding_id(file_index, k) for k in sorted(covering))
    title = "\n".join(_title(findings[k]) for k in covering)
    return (f'<mark class="{classes}" data-start="{a}" data-end="{b}" data-ids="{ids}" '
            f'tabindex="0" title="{esc(title)}">{esc_text(segment)}</mark>')


# -- the per-paragraph chart ------------------------------------------------------------------

def paragraph_counts(text: str, findings: list[Finding]) -> tuple[list[tuple[int, int]], list[dict[str, int]]]:
    """Paragraph spans and, per paragraph, findings counted by family (by where each starts)."""
    paras = _paragraphs(text) or [(0, len(text))]
    starts = [s for s, _ in paras]
    counts: list[dict[str, int]] = [{} for _ in paras]
    for f in findings:
        fam = family_of(f.code)
        c = counts[_paragraph_of(starts, f.start)]
        c[fam] = c.get(fam, 0) + 1
    return paras, counts


def render_chart(counts: list[dict[str, int]], file_index: int) -> str:
    n = len(counts)
    top = max([sum(c.values()) for c in counts] + [1])
    plot_w, plot_h, left, pad = 640, 72, 26, 4
    step = plot_w / n
    bar_w = max(1.0, min(22.0, step * 0.8))
    parts = [f'<svg class="chart" viewBox="0 0 {left + plot_w + pad} {plot_h + 2 * pad + 12}" '
             f'width="{left + plot_w + pad}" height="{plot_h + 2 * pad + 12}" role="img" '
             f'aria-label="Findings per paragraph">',
             f'<text x="{left - 4}" y="{pad + 8}" text-anchor="end">{top}</text>',
             f'<text x="{left - 4}" y="{pad + plot_h}" text-anchor="end">0</text>',
             f'<line class="axis" x1="{left}" y1="{pad + plot_h + 0.5}" x2="{left + plot_w}" '
             f'y2="{pad + plot_h + 0.5}"/>']
    for i, c in enumerate(counts):
        total = sum(c.values())
        x = left + i * step + (step - bar_w) / 2
        detail = ", ".join(f"{fam} {c[fam]}" for fam in sorted(c))
        label = f"Paragraph {i + 1}: {total} finding{'' if total == 1 else 's'}" + (
            f" ({detail})" if detail else "")
        parts.append(f'<a href="#p{file_index}-{i}"><g class="bar" data-para="{i}" '
                     f'data-count="{total}"><title>{esc(label)}</title>')
        if not total:
            parts.append(f'<rect class="empty" x="{x:.2f}" y="{pad + plot_h - 2}" '
                         f'width="{bar_w:.2f}" height="2"/>')
        y = pad + plot_h
        for fam in sorted(c):
            h = plot_h * c[fam] / top
            y -= h
            parts.append(f'<rect class="fam-{esc(fam)}" x="{x:.2f}" y="{y:.2f}" '
                         f'width="{bar_w:.2f}" height="{h:.2f}"/>')
        parts.append("</g></a>")
    parts.append(f'<text x="{left}" y="{pad + plot_h + 12}">¶1</text>')
    if n > 1:
        parts.append(f'<text x="{left + plot_w}" y="{pad + plot_h + 12}" text-anchor="end">¶{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


# -- page ---------------------------------------------------------------------------------

def _finding_data(f: Finding, fid: str) -> dict:
    return {
        "id": fid, "code": f.code, "rule": f.rule, "severity": Severity(f.severity).value,
        "family": family_of(f.code), "line": f.line, "column": f.column,
        "endLine": f.end_line, "endColumn": f.end_column, "start": f.start, "end": f.end,
        "text": f.text, "message": f.message, "suggestions": list(f.suggestions),
        "confidence": round(f.confidence, 4), "why": explanation(f),
        "evidence": {k: (round(v, 4) if isinstance(v, float) else v)
                     for k, v in sorted(f.evidence.items())},
    }


def _verdict_class(verdict: str | None) -> str:
    return "v-" + (verdict or "error").replace("_", "-")


def _render_file(fr: FileReport, i: int, verbose: bool) -> str:
    verdict = "error" if fr.error else (fr.verdict or "error")
    out = [f'<article class="file" id="file-{i}" data-verdict="{esc(verdict)}">'
           '<details class="article" open><summary>', f"<h2>{esc(fr.path)}</h2>"]
    if fr.error:
        out.append('<div class="assessment"><span class="verdict v-error">not checked</span>'
                   f'<span class="error-text">{esc(fr.error)}</span></div></summary></details>'
                   "</article>")
        return "".join(out)
    out.append(
        f'<div class="assessment"><span class="verdict {_verdict_class(fr.verdict)}">'
        f"{esc(fr.verdict)}</span>"
        f'<span class="prob">spun <meter min="0" max="1" low="0.2" high="0.5" optimum="0" '
        f'value="{fr.spun:.4f}"></meter> <b class="p-spun">{fr.spun:.2f}</b></span>'
        f'<span class="prob">machine-translated <meter min="0" max="1" low="0.2" high="0.5" '
        f'optimum="0" value="{fr.machine_translated:.4f}"></meter> '
        f'<b class="p-mt">{fr.machine_translated:.2f}</b></span>'
        f'<span class="muted">{fr.words} words, {len(fr.findings)} '
        f"finding{'' if len(fr.findings) == 1 else 's'}</span></div></summary>")
    reasons = fr.reasons[: None if verbose else 3]
    if reasons:
        out.append('<ul class="reasons">' + "".join(f"<li>{esc(r)}</li>" for r in reasons) + "</ul>")
    if fr.set_aside:
        detail = ", ".join(f"{esc(k)} {v}" for k, v in sorted(fr.set_aside.items()))
        out.append(f'<p class="muted">Set aside as not article prose: {detail} words.</p>')
    if fr.text is None:
        out.append('<p class="muted">The article text is not part of this report.</p>')
    else:
        paras, counts = paragraph_counts(fr.text, fr.findings)
        out.append('<figure class="chart"><figcaption>Findings per paragraph (click a bar to jump '
                   "to it)</figcaption>" + render_chart(counts, i) + "</figure>")
        out.append(f'<div class="text" id="text-{i}">'
                   + render_text(fr.text, fr.findings, i, [s for s, _ in paras],
                                 fr.set_aside_spans, heading_spans(fr)) + "</div>")
    if fr.findings:
        rows = []
        for k, f in enumerate(fr.findings):
            fid = _finding_id(i, k)
            rows.append(
                f'<tr><td><a href="#f{fid}" data-finding="{fid}">{f.line}:{f.column}</a></td>'
                f'<td class="code">{esc(f.code)} {esc(f.rule)}</td><td>{esc(f.text)}</td>'
                f"<td>{esc(f.message)}</td><td>{esc(suggestion_text(f))}</td></tr>")
        out.append(f'<details class="list"><summary>All {len(fr.findings)} findings</summary>'
                   "<table><thead><tr><th>Line:col</th><th>Code</th><th>Text</th><th>Message</th>"
                   "<th>Suggestion</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></details>")
    if verbose and (fr.notes or fr.features):
        out.append('<details class="list"><summary>Notes and measurements</summary>')
        if fr.notes:
            out.append("<ul>" + "".join(f"<li>{esc(n)}</li>" for n in fr.notes) + "</ul>")
        if fr.features:
            out.append("<table><tbody>" + "".join(
                f"<tr><td>{esc(k)}</td><td>{v:.4g}</td></tr>" for k, v in sorted(fr.features.items()))
                + "</tbody></table>")
        out.append("</details>")
    out.append("</details></article>")
    return "".join(out)


def _legend(colours: dict[str, str], family_names: dict[str, str]) -> str:
    items = []
    for fam in colours:
        name = family_names.get(fam, "")
        items.append(f'<span><span class="swatch fam-{esc(fam)}"></span>{esc(fam)}xx'
                     + (f" {esc(name)}" if name else "") + "</span>")
    sev = "".join(f'<span><mark class="sample fam-legend sev-{s.value}">{s.value}</mark></span>'
                  for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    return ('<section class="legend" aria-label="Legend"><b>Code families:</b>' + "".join(items)
            + "<b>Severity (underline):</b>" + sev + "</section>")


def _controls(report: Report) -> str:
    """Show or hide articles by verdict; collapse or expand every article."""
    present = [v for v in (*VERDICTS, "error")
               if any(("error" if fr.error else fr.verdict) == v for fr in report.files)]
    boxes = "".join(f'<label><input type="checkbox" class="verdict-filter" value="{esc(v)}" '
                    f'checked> <span class="verdict {_verdict_class(v)}">{esc(v)}</span></label>'
                    for v in present)
    return ('<section class="controls" aria-label="Show"><b>Show:</b>' + boxes
            + '<button type="button" id="collapse-all">Collapse all</button>'
              '<button type="button" id="expand-all">Expand all</button></section>')


def format_html(report: Report, verbose: bool = False) -> str:
    catalog = rule_catalog(report)
    family_names: dict[str, str] = {}
    for e in catalog:
        family_names.setdefault(e.family, e.family_name)
    families = sorted({*family_names, *(family_of(f.code) for fr in report.files for f in fr.findings)})
    colours = _family_colours(families)
    style = _asset("report.css") + "".join(
        f".fam-{fam}{{--c:{c}}}rect.fam-{fam}{{fill:{c}}}" for fam, c in colours.items()
    ) + ".fam-legend{--c:#6b7280}\n"
    script = _asset("report.js")
    csp = (f"default-src 'none'; img-src data:; style-src {_csp_hash(style)}; "
           f"script-src {_csp_hash(script)}; base-uri 'none'; form-action 'none'")

    checked = [fr for fr in report.files if not fr.error]
    counts = [f"{sum(fr.verdict == v for fr in checked)} {v}" for v in VERDICTS
              if any(fr.verdict == v for fr in checked)]
    if report.errors:
        counts.append(f"{len(report.errors)} not readable")
    nav = "".join(
        f'<li><a href="#file-{i}">{esc(fr.path)}</a> <span class="verdict '
        f'{_verdict_class(None if fr.error else fr.verdict)}">'
        f'{esc("error" if fr.error else fr.verdict)}</span></li>'
        for i, fr in enumerate(report.files))
    data = {"version": 1, "files": [
        {"path": fr.path, "findings": [_finding_data(f, _finding_id(i, k))
                                       for k, f in enumerate(fr.findings)]}
        for i, fr in enumerate(report.files)]}
    return "".join([
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n',  # csp: constants and hashes
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<meta name=\"generator\" content=\"mtcheck {esc(__version__)}\">\n",
        "<title>mtcheck report</title>\n<link rel=\"icon\" href=\"data:,\">\n",
        f"<style>{style}</style>\n</head>\n<body>\n",
        '<header class="page"><h1>mtcheck report</h1>',
        f'<p class="meta">mtcheck {esc(__version__)} · {len(report.files)} '
        f"file{'' if len(report.files) == 1 else 's'}"
        + (f" · {esc(', '.join(counts))}" if counts else "") + "</p>",
        f'<nav class="files" aria-label="Files"><ol>{nav}</ol></nav>',
        _legend(colours, family_names),
        _controls(report),
        '<p class="muted">Hover a highlighted passage for the reason and suggestion; click it (or '
        "press Enter) for details.</p></header>\n<main>\n",
        "\n".join(_render_file(fr, i, verbose) for i, fr in enumerate(report.files)),
        "\n</main>\n",
        '<aside id="detail" hidden aria-live="polite"><button type="button" class="close" '
        'id="detail-close" aria-label="Close">×</button><b>Finding details</b>'
        '<div id="detail-body"></div></aside>\n',
        f'<footer class="page">Generated by mtcheck {esc(__version__)}. Probabilities are the '
        "scorer's estimates that the article was spun or machine-translated.</footer>\n",
        f'<script type="application/json" id="mtcheck-data">{_json_for_script(data)}</script>\n',
        f"<script>{script}</script>\n</body>\n</html>\n",
    ])
