"""Align an article with a source it may derive from, and say how it derives.

The texts are compared as sequences of prose words and numbers (lower case; punctuation, and
the regions the document model sets aside as boilerplate or comments, left out), aligned with
:class:`difflib.SequenceMatcher` (no automatic junk heuristic, so frequent words still anchor).
Its matching blocks are grouped into *shared regions*: runs of blocks whose gaps are at most
``MAX_GAP`` words on both sides. A region is kept only when it holds an *anchor* (a verbatim
run of at least ``MIN_ANCHOR`` words with a content word in it), so chance matches of "of the"
between unrelated passages do not make a region, and it is trimmed to start and end with an
anchor or by a block close to the next one. Inside a region every gap is an edit: a
substitution when both sides have words, else an insertion or deletion. Outside the regions,
the article's words are insertions and the source's deletions (a small gap with words on both
sides at either end of the texts, next to a region, is a substitution).

The relation (verbatim copy, spun copy, machine-translated rewrite, unrelated) is decided from
measured features; see :func:`classify` and ``benchmarks/compare_eval.py``.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Sequence

from ..core.document import Document
from .report import Comparison, Edit
from .words import Word, is_function_word, prose_words, text_measures, zipf

MAX_GAP = 8
MIN_ANCHOR = 3
PRIOR = 10
EDGE_GAP = 2


def _is_anchor(words: Sequence[str], start: int, size: int) -> bool:
    return size >= MIN_ANCHOR and any(not is_function_word(w) for w in words[start:start + size])


def matching_blocks(a: list[str], b: list[str], fast: bool = False) -> list[tuple[int, int, int]]:
    """Verbatim runs (index in a, index in b, size), in order. ``fast``: the equal runs of a
    longest-common-subsequence alignment (``rapidfuzz.distance.Indel``, compiled), instead of
    difflib's longest-matching-block recursion (pure Python, about 20 times slower)."""
    if fast:
        from rapidfuzz.distance import Indel

        return [(op.src_start, op.dest_start, op.src_end - op.src_start)
                for op in Indel.opcodes(a, b) if op.tag == "equal"]
    return [tuple(m) for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()]


def regions(src: Sequence[str], art: Sequence[str], fast: bool = False) -> list[list[tuple[int, int, int]]]:
    """The shared regions of two word sequences (normalised words, see
    :func:`.words.prose_words`): lists of matching blocks (source index, article index, size)."""
    out: list[list[tuple[int, int, int]]] = []
    current: list[tuple[int, int, int]] = []
    for a, b, size in matching_blocks(list(src), list(art), fast):
        if not size:
            continue
        if current:
            pa, pb, ps = current[-1]
            if a - (pa + ps) <= MAX_GAP and b - (pb + ps) <= MAX_GAP:
                current.append((a, b, size))
                continue
            out.append(current)
        current = [(a, b, size)]
    if current:
        out.append(current)
    kept = []
    for reg in out:
        # Chance matches of a word or two next to a region (where a shared passage meets
        # unrelated text) do not stretch it: a region's first and last blocks are anchors, or
        # separated from the next block by at most EDGE_GAP words.
        if not any(_is_anchor(src, a, s) for a, _, s in reg):
            continue
        while not _is_anchor(src, *reg[0][::2]) and _gap(reg[0], reg[1]) > EDGE_GAP:
            reg = reg[1:]
        while not _is_anchor(src, *reg[-1][::2]) and _gap(reg[-2], reg[-1]) > EDGE_GAP:
            reg = reg[:-1]
        kept.append(reg)
    return kept


def _gap(x: tuple[int, int, int], y: tuple[int, int, int]) -> int:
    """Words between two blocks, on the side with more."""
    return max(y[0] - (x[0] + x[2]), y[1] - (x[1] + x[2]))


def word_ops(src: Sequence[str], art: Sequence[str], fast: bool = False) -> list[tuple[str, int, int, int, int]]:
    """The alignment as (op, i1, i2, j1, j2) over source words i and article words j; op is
    "equal", "substitution", "insertion", "deletion" (inside shared regions) or "unaligned-ins"
    / "unaligned-del" (outside them). The ops cover both sequences in order."""
    ops: list[tuple[str, int, int, int, int]] = []

    def gap(i1, i2, j1, j2, inside: bool):
        if i2 > i1 and j2 > j1:
            if inside:
                ops.append(("substitution", i1, i2, j1, j2))
                return
            ops.append(("unaligned-del", i1, i2, j1, j1))
            ops.append(("unaligned-ins", i2, i2, j1, j2))
        elif i2 > i1:
            ops.append(("deletion" if inside else "unaligned-del", i1, i2, j1, j1))
        elif j2 > j1:
            ops.append(("insertion" if inside else "unaligned-ins", i1, i1, j1, j2))

    i = j = 0
    regs = regions(src, art, fast)
    for n, reg in enumerate(regs):
        a0, b0, _ = reg[0]
        # A small gap before the first region at the start of both texts is a substitution;
        # so is one after the last region at their end (see the end of the loop).
        edge = n == 0 and 0 < a0 - i <= MAX_GAP and 0 < b0 - j <= MAX_GAP
        gap(i, a0, j, b0, edge)
        for k, (a, b, size) in enumerate(reg):
            if k:
                gap(i, a, j, b, True)
            ops.append(("equal", a, a + size, b, b + size))
            i, j = a + size, b + size
    edge = bool(regs) and 0 < len(src) - i <= MAX_GAP and 0 < len(art) - j <= MAX_GAP
    gap(i, len(src), j, len(art), edge)
    return ops


def _pos(words: list[Word], i: int, text_len: int) -> int:
    return words[i].start if i < len(words) else (words[-1].end if words else 0)


def _edit(kind, i1, i2, j1, j2, src, art, sdoc: Document, adoc: Document) -> Edit:
    s0 = _pos(src, i1, len(sdoc.text))
    s1 = src[i2 - 1].end if i2 > i1 else s0
    a0 = _pos(art, j1, len(adoc.text))
    a1 = art[j2 - 1].end if j2 > j1 else a0
    al, ac = adoc.line_col(a0)
    sl, sc = sdoc.line_col(s0)
    return Edit(kind, adoc.text[a0:a1], sdoc.text[s0:s1], a0, a1, s0, s1, j2 - j1, i2 - i1,
                al, ac, sl, sc)


def features(ops, src: Sequence[str], art: Sequence[str], with_zipf: bool = True) -> dict[str, float]:
    """Measurements of how the shared regions were rewritten (all shares in 0..1):

    - ``substitution_rate``: source words replaced / shared source words;
    - ``edit_rate``: words on either side of any edit inside the shared regions / shared words
      on both sides;
    - ``function_share``: share of function words among the edited words (machine
      translation changes articles, prepositions and auxiliaries; a thesaurus spinner mostly
      content words);
    - ``indel_share``: share of the edited words in pure insertions and deletions (translation
      drops and adds words; a spinner replaces);
    - ``moved_share``: share of the edited source words that reappear among the edited article
      words of the same or a neighbouring edit (word order changed);
    The three shares are divided by the number of words plus ``PRIOR``, so that a handful of
    edits (a short shared passage) is weak evidence of translation rather than a share of 1/3.

    - ``zipf_drop``: mean Zipf frequency of the source side of substitutions minus that of the
      article side (spinners pick rarer synonyms).
    """
    inside = [op for op in ops if op[0] in ("equal", "substitution", "insertion", "deletion")]
    shared_src = sum(i2 - i1 for _, i1, i2, _, _ in inside)
    shared_art = sum(j2 - j1 for _, _, _, j1, j2 in inside)
    edits = [op for op in inside if op[0] != "equal"]
    edited_src = [src[i] for _, i1, i2, _, _ in edits for i in range(i1, i2)]
    edited_art = [art[j] for _, _, _, j1, j2 in edits for j in range(j1, j2)]
    edited = len(edited_src) + len(edited_art)
    subs = [op for op in edits if op[0] == "substitution"]
    sub_src = sum(i2 - i1 for _, i1, i2, _, _ in subs)
    indel = sum((i2 - i1) + (j2 - j1) for op, i1, i2, j1, j2 in edits if op != "substitution")
    moved = 0
    for k, (_, i1, i2, _, _) in enumerate(edits):
        near = {art[j] for _, _, _, j1, j2 in edits[max(0, k - 2):k + 3] for j in range(j1, j2)}
        moved += sum(1 for i in range(i1, i2) if src[i] in near)
    zs = za = None
    if with_zipf:
        zs = [zipf(src[i]) for _, i1, i2, _, _ in subs for i in range(i1, i2) if src[i].isalpha()]
        za = [zipf(art[j]) for _, _, _, j1, j2 in subs for j in range(j1, j2) if art[j].isalpha()]
    return {
        "substitution_rate": round(sub_src / shared_src, 4) if shared_src else 0.0,
        "edit_rate": round(edited / (shared_src + shared_art), 4) if shared_src + shared_art else 0.0,
        "function_share": round(sum(map(is_function_word, edited_src + edited_art)) / (edited + PRIOR), 4),
        "indel_share": round(indel / (edited + PRIOR), 4),
        "moved_share": round(moved / (len(edited_src) + PRIOR), 4),
        "zipf_drop": round(sum(zs) / len(zs) - sum(za) / len(za), 3) if zs and za else 0.0,
    }


# Relation thresholds. UNRELATED: fewer than MIN_SHARED_WORDS shared words, or fewer than
# MIN_SHARED_SHARE of the shorter text with fewer than MIN_PARTIAL_SUBSTITUTIONS substitutions
# in it (a short shared passage with several substitutions is a rewrite of part of the source). VERBATIM: at most this edit rate inside the shared regions.
# TRANSLATION_*: a rewrite is machine-translated when function words make up at least this share
# of its edits, or pure insertions/deletions at least that share, or moved words at least that
# share (a thesaurus spinner replaces words in place); else spun. The translation thresholds
# were chosen on the development pairs (see benchmarks/compare_eval.py, which prints the
# accuracy when they are chosen inside cross-validation folds and scored on held-out pairs).
MIN_SHARED_SHARE = 0.15
MIN_SHARED_WORDS = 12
MIN_PARTIAL_SUBSTITUTIONS = 3
VERBATIM_MAX_EDIT_RATE = 0.02
NEAR_VERBATIM_EDIT_RATE = 0.1
TRANSLATION_FUNCTION_SHARE = 0.44
TRANSLATION_INDEL_SHARE = 0.08
TRANSLATION_MOVED_SHARE = 0.08


def classify(f: dict[str, float], shared_article: int, article_words: int, source_words: int,
             substitutions: int = 0,
             function_share: float = TRANSLATION_FUNCTION_SHARE,
             indel_share: float = TRANSLATION_INDEL_SHARE,
             moved_share: float = TRANSLATION_MOVED_SHARE) -> str:
    """The relation of an article to a source from the features and the shared word counts."""
    shorter = max(min(article_words, source_words), 1)
    if shared_article < MIN_SHARED_WORDS or (shared_article < MIN_SHARED_SHARE * shorter
                                             and substitutions < MIN_PARTIAL_SUBSTITUTIONS):
        return "unrelated"
    if f["edit_rate"] <= VERBATIM_MAX_EDIT_RATE or (
            substitutions < MIN_PARTIAL_SUBSTITUTIONS and f["edit_rate"] <= NEAR_VERBATIM_EDIT_RATE):
        return "verbatim copy"
    if (f["function_share"] >= function_share or f["indel_share"] >= indel_share
            or f["moved_share"] >= moved_share):
        return "machine-translated rewrite"
    return "spun copy"


def compare(article: Document, source: Document, article_name: str | None = None,
            source_name: str | None = None, fast: bool = False) -> Comparison:
    """Align ``article`` with ``source`` and describe every difference (``fast``: see
    :func:`matching_blocks`)."""
    src_words, art_words = prose_words(source), prose_words(article)
    src, art = [w.norm for w in src_words], [w.norm for w in art_words]
    ops = word_ops(src, art, fast)
    edits = []
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            continue
        kind = op.replace("unaligned-ins", "insertion").replace("unaligned-del", "deletion")
        edits.append(_edit(kind, i1, i2, j1, j2, src_words, art_words, source, article))
    inside = [op for op in ops if not op[0].startswith("unaligned")]
    subs = [op for op in ops if op[0] == "substitution"]
    f = features(ops, src, art)
    shared_art = sum(j2 - j1 for _, _, _, j1, j2 in inside)
    c = Comparison(
        article=article_name or article.path, source=source_name or source.path,
        article_words=len(art), source_words=len(src),
        verbatim_words=sum(j2 - j1 for op, _, _, j1, j2 in ops if op == "equal"),
        aligned_article_words=shared_art,
        aligned_source_words=sum(i2 - i1 for _, i1, i2, _, _ in inside),
        substituted_source_words=sum(i2 - i1 for _, i1, i2, _, _ in subs),
        substitutions=len(subs), edits=edits, features=f)
    c.article_measures = text_measures(article, art_words)
    c.source_measures = text_measures(source, src_words)
    c.drift = {k: round(c.article_measures[k] - c.source_measures[k], 3) for k in c.article_measures}
    zs = [zipf(src[i]) for _, i1, i2, _, _ in subs for i in range(i1, i2) if src[i].isalpha()]
    za = [zipf(art[j]) for _, _, _, j1, j2 in subs for j in range(j1, j2) if art[j].isalpha()]
    if zs and za:
        c.drift["substituted_zipf_article"] = round(sum(za) / len(za), 3)
        c.drift["substituted_zipf_source"] = round(sum(zs) / len(zs), 3)
        c.drift["substituted_zipf"] = round(sum(za) / len(za) - sum(zs) / len(zs), 3)
    c.relation = classify(f, shared_art, len(art), len(src), len(subs))
    c.verdict = verdict_text(c)
    return c


def verdict_text(c: Comparison) -> str:
    """"spun copy of SOURCE (…)", "… of part of SOURCE" when the article takes less than half of
    the source, and the share of the article that comes from it when that is under 90 %."""
    if c.relation == "unrelated":
        return f"unrelated to {c.source} ({c.verbatim_fraction:.0%} verbatim)"
    of = f"of part of {c.source}" if c.source_overlap < 0.5 else f"of {c.source}"
    part = "" if c.overlap >= 0.9 else f"; {c.overlap:.0%} of the article shares text with it"
    if c.relation == "verbatim copy":
        return f"verbatim copy {of} ({c.verbatim_fraction:.0%} verbatim{part})"
    return (f"{c.relation} {of} ({c.substitution_rate:.0%} of the shared words substituted in "
            f"{c.substitutions} phrase{'s' * (c.substitutions != 1)}{part})")


def compare_texts(article: str, source: str, article_name: str = "<article>",
                  source_name: str = "<source>") -> Comparison:
    return compare(Document.from_text(article, path=article_name),
                   Document.from_text(source, path=source_name))
