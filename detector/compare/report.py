"""Result types of the comparison (article against source) and of clustering (copy families),
with their plain-text and JSON renderings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Edit:
    """One difference between article and source. ``kind`` is "substitution" (article phrase
    written where the source had another), "insertion" (article words the source lacks) or
    "deletion" (source words the article lacks). Offsets are character offsets into each
    decoded text; lines and columns are 1-based. For an insertion the source position is where
    the words would go (and the reverse for a deletion)."""

    kind: str
    article_text: str
    source_text: str
    article_start: int
    article_end: int
    source_start: int
    source_end: int
    article_words: int
    source_words: int
    article_line: int = 0
    article_column: int = 0
    source_line: int = 0
    source_column: int = 0


@dataclass
class Comparison:
    """An article aligned with a source."""

    article: str
    source: str
    article_words: int
    source_words: int
    # Article words in runs copied verbatim from the source.
    verbatim_words: int
    # Words in the regions the two texts share (copied or rewritten), on each side.
    aligned_article_words: int
    aligned_source_words: int
    substituted_source_words: int
    substitutions: int
    edits: list[Edit] = field(default_factory=list)
    # Measurements behind the verdict (see align.features).
    features: dict[str, float] = field(default_factory=dict)
    # Readability and rarity of each text and the drift (article minus source).
    article_measures: dict[str, float] = field(default_factory=dict)
    source_measures: dict[str, float] = field(default_factory=dict)
    drift: dict[str, float] = field(default_factory=dict)
    # "verbatim copy", "spun copy", "machine-translated rewrite", "rewrite" or "unrelated".
    relation: str = "unrelated"
    verdict: str = ""

    @property
    def verbatim_fraction(self) -> float:
        return self.verbatim_words / self.article_words if self.article_words else 0.0

    @property
    def overlap(self) -> float:
        """Share of the article's words in regions it shares with the source."""
        return self.aligned_article_words / self.article_words if self.article_words else 0.0

    @property
    def source_overlap(self) -> float:
        return self.aligned_source_words / self.source_words if self.source_words else 0.0

    @property
    def substitution_rate(self) -> float:
        """Share of the shared source words that the article replaced."""
        return (self.substituted_source_words / self.aligned_source_words
                if self.aligned_source_words else 0.0)

    def of_kind(self, kind: str) -> list[Edit]:
        return [e for e in self.edits if e.kind == kind]

    def to_json(self) -> dict:
        return {
            "article": self.article,
            "source": self.source,
            "relation": self.relation,
            "verdict": self.verdict,
            "article_words": self.article_words,
            "source_words": self.source_words,
            "verbatim_fraction": round(self.verbatim_fraction, 4),
            "overlap": round(self.overlap, 4),
            "source_overlap": round(self.source_overlap, 4),
            "substitution_rate": round(self.substitution_rate, 4),
            "substitutions": self.substitutions,
            "features": self.features,
            "measures": {"article": self.article_measures, "source": self.source_measures,
                         "drift": self.drift},
            "edits": [asdict(e) for e in self.edits],
        }


def _one_line(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def render_comparison(c: Comparison, verbose: bool = False) -> str:
    """Plain text: verdict, figures, every substitution located in both files, insertions and
    deletions (their first words unless ``verbose``), drift."""
    out = [f"{c.article}: {c.verdict}",
           f"  verbatim: {c.verbatim_fraction:.1%} of the article's {c.article_words} words; "
           f"shared with the source: {c.overlap:.1%} of the article, {c.source_overlap:.1%} of "
           f"the source's {c.source_words} words",
           f"  substituted: {c.substitutions} phrase{'s' * (c.substitutions != 1)}, "
           f"{c.substitution_rate:.1%} of the shared source words"]
    subs = c.of_kind("substitution")
    if subs:
        out.append("  substitutions (spun phrase <- original phrase):" if c.relation == "spun copy"
                   else "  substitutions (article <- source):")
        for e in subs:
            out.append(f"    {c.article}:{e.article_line}:{e.article_column}  "
                       f"{_one_line(e.article_text, 60)!r} <- {_one_line(e.source_text, 60)!r}"
                       f"  ({c.source}:{e.source_line}:{e.source_column})")
    for kind, label, side in (("insertion", "inserted in the article", "article"),
                              ("deletion", "left out from the source", "source")):
        edits = c.of_kind(kind)
        if not edits:
            continue
        words = sum(e.article_words if side == "article" else e.source_words for e in edits)
        out.append(f"  {label}: {len(edits)} passage{'s' * (len(edits) != 1)}, {words} words")
        shown = edits if verbose else edits[:8]
        for e in shown:
            name, line, col, text = ((c.article, e.article_line, e.article_column, e.article_text)
                                     if side == "article" else
                                     (c.source, e.source_line, e.source_column, e.source_text))
            out.append(f"    {name}:{line}:{col}  {_one_line(text, 90)!r}")
        if len(shown) < len(edits):
            out.append(f"    ... {len(edits) - len(shown)} more (--verbose shows all)")
    if c.drift:
        a, s, d = c.article_measures, c.source_measures, c.drift
        out.append("  drift against the source (article / source / difference):")
        out.append(f"    mean word frequency (Zipf): {a['mean_zipf']:.2f} / {s['mean_zipf']:.2f} / "
                   f"{d['mean_zipf']:+.2f}")
        if "substituted_zipf" in d:
            out.append(f"    substituted words only (Zipf): {d['substituted_zipf_article']:.2f} / "
                       f"{d['substituted_zipf_source']:.2f} / {d['substituted_zipf']:+.2f}")
        out.append(f"    Flesch reading ease: {a['flesch_reading_ease']:.1f} / "
                   f"{s['flesch_reading_ease']:.1f} / {d['flesch_reading_ease']:+.1f}")
        out.append(f"    words per sentence: {a['words_per_sentence']:.1f} / "
                   f"{s['words_per_sentence']:.1f} / {d['words_per_sentence']:+.1f}")
    if verbose and c.features:
        out.append("  features: " + ", ".join(f"{k}={v:g}" for k, v in sorted(c.features.items())))
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------------------
# Clustering
# ------------------------------------------------------------------------------------------
@dataclass
class Member:
    """One article of a family and its relation to the family's likely source."""

    name: str
    words: int
    # "source", "verbatim copy", "spun copy", "machine-translated rewrite", "rewrite" or
    # "partial copy" (shares only part of its text with the source).
    role: str
    similarity: float = 1.0  # estimated Jaccard similarity of its shingles to the source's
    substitution_rate: float = 0.0
    substitutions: int = 0
    overlap: float = 1.0
    verbatim_fraction: float = 1.0
    # The member the rates were measured against (the closest clean member).
    against: str = ""
    artifacts: int | None = None  # findings of mtcheck's own check (when asked for)
    examples: list[str] = field(default_factory=list)  # a few "spun <- original" substitutions

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Family:
    members: list[Member]
    source: str

    def to_json(self) -> dict:
        return {"source": self.source, "size": len(self.members),
                "members": [m.to_json() for m in self.members]}


@dataclass
class Clustering:
    families: list[Family]
    singletons: list[str]
    articles: int
    errors: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Seconds per step (prepare, families, roles); not part of the output.
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"articles": self.articles, "families": [f.to_json() for f in self.families],
                "singletons": self.singletons,
                "errors": [{"path": p, "error": e} for p, e in self.errors], "notes": self.notes}


def render_clustering(cl: Clustering, verbose: bool = False) -> str:
    unread = f" ({len(cl.errors)} not read)" if cl.errors else ""
    out = [f"{cl.articles} article{'s' * (cl.articles != 1)}{unread}: {len(cl.families)} "
           f"famil{'ies' if len(cl.families) != 1 else 'y'} of near-duplicates, "
           f"{len(cl.singletons)} unrelated article{'s' * (len(cl.singletons) != 1)}"]
    for n, fam in enumerate(cl.families, 1):
        out.append(f"\nfamily {n} ({len(fam.members)} articles), likely source: {fam.source}")
        for m in fam.members:
            if m.role == "source":
                line = f"  {m.name}: likely source"
            elif m.role == "related":
                line = (f"  {m.name}: related to {m.against} (shares {m.overlap:.0%} of its text, "
                        f"{m.substitutions} substitution{'s' * (m.substitutions != 1)} in it)")
            elif m.role in ("verbatim copy", "partial copy"):
                line = (f"  {m.name}: {m.role} of {m.against} ({m.verbatim_fraction:.0%} verbatim, "
                        f"shares {m.overlap:.0%} of its text)")
            else:
                line = (f"  {m.name}: {m.role} of {m.against} ({m.substitution_rate:.0%} of the "
                        f"shared words substituted in {m.substitutions} "
                        f"phrase{'s' * (m.substitutions != 1)}, shares {m.overlap:.0%} of its text)")
            if m.artifacts is not None:
                line += f"; {m.artifacts} finding{'s' * (m.artifacts != 1)} of its own"
            out.append(line)
            shown = m.examples if verbose else m.examples[:5]
            for ex in shown:
                out.append(f"      {ex}")
    if cl.singletons and verbose:
        out.append("\nunrelated: " + ", ".join(cl.singletons))
    for note in cl.notes:
        out.append(f"note: {note}")
    return "\n".join(out) + "\n"


_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3em .6em;vertical-align:top;
border-bottom:1px solid #eee}th{background:#f6f6f6}.source{background:#eef7ee}
.spun{background:#fdf0e6}.translated{background:#eef0fb}.role{font-weight:600;white-space:nowrap}
ul{margin:0;padding-left:1.2em}code{font-size:.92em}.bar{display:inline-block;height:.7em;
background:#c55;vertical-align:middle}
"""


def _role_class(role: str) -> str:
    return ("source" if role == "source" else "spun" if "spun" in role
            else "translated" if "translated" in role else "")


def render_clustering_html(cl: Clustering, verbose: bool = False) -> str:
    """One self-contained page: each family together, every member's relation to the likely
    source (role, rates, example substitutions), then the unrelated articles."""
    from html import escape

    parts = ["<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             "<title>mtcheck cluster</title><style>", _CSS, "</style></head><body>",
             f"<h1>{cl.articles} articles: {len(cl.families)} "
             f"famil{'ies' if len(cl.families) != 1 else 'y'} of near-duplicates, "
             f"{len(cl.singletons)} unrelated</h1>"]
    for n, fam in enumerate(cl.families, 1):
        parts.append(f"<h2>Family {n}: {len(fam.members)} articles, likely source "
                     f"<code>{escape(fam.source)}</code></h2><table><tr><th>article</th><th>relation"
                     f"</th><th>against</th><th>substituted</th><th>shares</th><th>examples "
                     f"(article &lt;- source)</th></tr>")
        for m in fam.members:
            rate = "" if m.role == "source" else (
                f"<span class=\"bar\" style=\"width:{m.substitution_rate * 6:.2f}em\"></span> "
                f"{m.substitution_rate:.0%} ({m.substitutions})")
            shares = "" if m.role == "source" else f"{m.overlap:.0%}"
            examples = m.examples if verbose else m.examples[:5]
            ex = "<ul>" + "".join(f"<li><code>{escape(e)}</code></li>" for e in examples) + "</ul>" \
                if examples else ""
            artifacts = "" if m.artifacts is None else f"<br>{m.artifacts} findings"
            parts.append(f"<tr class=\"{_role_class(m.role)}\"><td><code>{escape(m.name)}</code>"
                         f"{artifacts}</td><td class=\"role\">{escape(m.role)}</td><td><code>"
                         f"{escape(m.against)}</code></td><td>{rate}</td><td>{shares}</td>"
                         f"<td>{ex}</td></tr>")
        parts.append("</table>")
    if cl.singletons:
        parts.append("<h2>Unrelated articles</h2><ul>" + "".join(
            f"<li><code>{escape(s)}</code></li>" for s in cl.singletons) + "</ul>")
    for note in cl.notes:
        parts.append(f"<p>note: {escape(note)}</p>")
    parts.append("</body></html>\n")
    return "".join(parts)
