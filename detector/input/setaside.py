"""Set-aside regions: the parts of a text that are not article prose.

URLs and e-mail addresses, and web furniture around an article: navigation ("back to top"),
comment forms and reader-comment threads, share/donate blurbs, "related articles" lists, bylines
and datelines. Rules never see these regions, and the report says how many words were set aside.
The patterns are deliberately about page furniture, not about article wording.

The rules, each bounded so that no single cue can hide the article:

- A paragraph that *is* a furniture phrase ("Read more", "Advertisement", "Tags: ...") is set
  aside when it is short (at most ``FURNITURE_MAX_WORDS`` words); it never takes anything else
  with it. Bylines and datelines likewise.
- An appeal (donations, shop, newsletter: two distinct cues, dense enough) is set aside only in
  the *tail* of the page: after an article body of at least ``BODY_MIN_WORDS`` words and with no
  ordinary paragraph after it (before a comment thread). An appeal word in the middle of an
  article is article prose. The appeals together may not exceed ``APPEAL_MAX_SHARE`` of the
  page's words.
- A reader-comment thread must look like one: it comes after an article body, and it holds at
  least ``THREAD_MIN_STAMPS`` post stamps (a date with a clock time on a line of its own) with
  short posts between them (median at most ``POST_MEDIAN_MAX_WORDS`` words, none longer than
  ``POST_MAX_WORDS``). A "Comments" heading or a timestamp line alone sets nothing aside. The
  thread ends with the last post (no longer than twice the median post before it).

Whatever these decide, the engine judges the whole text as well when more than half of it was
set aside (``mtcheck.run.engine``), so a page built to look like furniture cannot hide its article.

:func:`prose_document` is how every input path (plain text, markup, JSON Lines records, the
library's ``check_text``) turns a decoded text into a :class:`Document`.
"""

from __future__ import annotations

import re
import statistics

from ..core.document import WORD_RE, Document, Span, split_paragraphs
from ..core.offsets import Obfuscation
from .decoding import mojibake
from ..core.text import MONTH_ABBREVIATIONS
from . import suppression
from .unicode_normalize import JOIN, normalize

# (An e-mail's local part has at most 64 characters; unbounded, every start in a long run of
# "a.a.a." rescanned the run looking for an "@": quadratic.)
URL_RE = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w.+-]{1,64}@[\w-]+\.[\w.-]+\b", re.IGNORECASE)

# A paragraph that is entirely one of these is furniture. The leading non-word characters are
# matched atomically (a lookahead and a back-reference): backtracking into them would retry the
# ".*" alternatives once per character (quadratic: 83 s for 280 kB of punctuation). None of
# the alternatives starts with a non-word character but "©", which the prefix leaves to them.
FURNITURE = re.compile(
    r"""^(?=([^\w©]*))\1(?:
        back\ to\ top | skip\ to\ (?:main\ )?content | read\ more | continue\ reading
      | related\ (?:articles|posts|stories|news) | you\ may\ also\ like | recommended(?:\ for\ you)?
      | featured\ post | most\ (?:read|popular) | share(?:\ this(?:\ article|\ story)?)?(?:\ on\ \w+)?
      | advertisement | sponsored(?:\ content)? | tags?:.* | categories?:.* | filed\ under:?.*
      | please\ enter\ your\ (?:comment|name|email)(?:\ address)?(?:\ here)?!?
      | captcha.* | leave\ a\ (?:reply|comment) | post\ a\ comment | \d+\ comments?
      | notify\ of | subscribe | sign\ up(?:\ for\ .*newsletter.*)? | comment\ image
      | blog\ widget\ by\ .* | only\ news | print | email | photo:.* | image:.*
      | (?:©|copyright)\ .* | all\ rights\ reserved\.?
      | as\ an\ amazon\ associate.* | .*\bearn\ from\ qualifying\ purchases.*
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Appeals for money or clicks: cues of an appeal paragraph (see _is_appeal).
APPEAL_CUES = re.compile(
    r"donat|paypal|patreon|promo\ code|contribut|po\ box|click\ (?:here|to\ visit)|subscribe"
    r"|associate\ i\ earn|affiliate|newsletter|merchandise|store\b|cookies?\b",
    re.IGNORECASE | re.VERBOSE,
)
BYLINE = re.compile(
    r"^\s*(?:by\s+[A-Z][\w.'’-]*(?:[\s,]+[A-Z&][\w.'’-]*){0,5}|via\s+\S+(?:\s+\S+)?"
    r"|(?:staff|agencies|reuters|ap|afp)(?:[\s,]+\w+){0,3})\s*$",
    re.IGNORECASE,
)
MONTH = rf"(?:{'|'.join(MONTH_ABBREVIATIONS)})[a-z]*\.?"
WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
DATELINE = re.compile(
    rf"^\s*(?:date\s+)?(?:{WEEKDAY},?\s+)?(?:{MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH}\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})(?:,?\s+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?)?\s*$",
    re.IGNORECASE,
)
# A "date + clock time" line on its own: the stamp of a reader comment (a thread needs several).
COMMENT_STAMP = re.compile(
    rf"^\s*(?:{MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH}\s+\d{{4}})\s+(?:at\s+)?"
    rf"\d{{1,2}}:\d{{2}}\s*(?:[ap]\.?m\.?)?\s*$",
    re.IGNORECASE,
)
COMMENTS_START = re.compile(r"^\W*(?:notify\ of|\d+\ comments?|comments|leave\ a\ (?:reply|comment)"
                            r"|join\ the\ discussion|reader\ comments)\W*$", re.IGNORECASE | re.X)
# Dateline prefix such as "Islamabad:" or "LONDON (Reuters) -" at the start of a paragraph.
DATELINE_PREFIX = re.compile(r"^\s*[A-Z][\w'-]*(?:\s[A-Z][\w'-]*){0,2}(?:\s*\([\w ]+\))?\s*(?::|\s[-–—])\s+(?=[A-Z])")
# A date at the start of a title line (" date 2024-10-16 Putin in North Korea: ...").
LEADING_DATE = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s+", re.IGNORECASE)


def prose_document(text: str, path: str = "<text>", excluded: list[Span] | None = None,
                   format: str = "text", load_notes: list[str] | None = None,
                   source: str | None = None,
                   suppressed: list[tuple[Span, tuple[str, ...]]] | None = None) -> Document:
    """A :class:`Document` for ``text`` with its set-aside regions: ``excluded`` (from a markup
    parser, say), then mojibake (:func:`~mtcheck.input.decoding.mojibake`: words decoded in the
    wrong encoding, with a note), then URLs, then web furniture. Unicode tricks are undone first (see
    :mod:`mtcheck.input.unicode_normalize`); ``excluded`` and ``suppressed`` regions are given at
    the offsets of ``text`` and moved to the normalised text's."""
    if format == "text" and suppressed is None and "mtcheck" in text:
        # Plain text (files, standard input, records, check_text): directives are read here and
        # blanked, as the markup loaders do with their comments.
        text, source, suppressed, directive_notes = _plain_directives(text, source)
        load_notes = list(load_notes or []) + directive_notes
    # A region that silences every code is set aside: no rule reads it (see suppression).
    excluded = list(excluded or []) + [Span(span.start, span.end, "suppressed")
                                       for span, codes in suppressed or ()
                                       if not codes and span.kind == "suppressed" and span.end > span.start]
    garbled, note = mojibake(text)
    if note:
        load_notes = [*(load_notes or []), note]
    excluded.extend(Span(a, b, "mojibake") for a, b in garbled)
    norm = normalize(text)
    if not norm.changed:
        paragraphs = split_paragraphs(text)
        regions = list(excluded or [])
        regions.extend(url_regions(text))
        regions.extend(classify(text, paragraphs))
        doc = Document.from_text(text, path=path, excluded=regions, format=format,
                                 load_notes=load_notes, source=source, paragraphs=paragraphs)
        doc.suppressed = list(suppressed or [])
        return doc
    omap = norm.offsets
    new = norm.text

    def moved(span: Span) -> Span:
        return Span(omap.to_normalized(span.start), omap.to_normalized(span.end), span.kind)

    paragraphs = split_paragraphs(new)
    regions = [moved(r) for r in excluded or []]
    regions.extend(url_regions(new))
    regions.extend(classify(new, paragraphs))
    obfuscations = [Obfuscation(omap.to_normalized(o.start), omap.to_normalized(o.end), o.kind,
                                omap.to_normalized(o.word_start), omap.to_normalized(o.word_end),
                                o.detail) for o in norm.obfuscations]
    doc = Document.from_text(new, path=path, excluded=regions, format=format,
                             load_notes=load_notes, source=source, paragraphs=paragraphs,
                             original=text.replace(JOIN, " "), offsets=omap,
                             obfuscations=obfuscations)
    doc.suppressed = [(moved(span), codes) for span, codes in suppressed or []]
    return doc


def _plain_directives(text: str, source: str | None):
    """Directive comments of a plain text blanked, their regions and notes."""
    comments = [c for c in suppression.find_comments(text) if suppression.is_directive(c[2])]
    if not comments:
        return text, source, None, []
    regions, notes = suppression.parse(text, comments)
    chars = list(text)
    for start, end, _body in comments:
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars), text if source is None else source, regions, notes


def url_regions(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "url") for m in URL_RE.finditer(text)]


FURNITURE_MAX_WORDS = 30
BODY_MIN_WORDS = 100
APPEAL_MAX_WORDS = 200
APPEAL_WORDS_PER_CUE = 50
APPEAL_MAX_SHARE = 0.3
THREAD_MIN_STAMPS = 2
POST_MEDIAN_MAX_WORDS = 60
POST_MAX_WORDS = 250
# An ordinary paragraph after an appeal ends the tail: this many words or more.
TAIL_BREAK_WORDS = 25


def _words(body: str) -> int:
    return sum(1 for _ in WORD_RE.finditer(body))


def classify(text: str, paragraphs) -> list[Span]:
    """Excluded regions among ``paragraphs`` (spans over ``text``); see the module docstring."""
    paras = list(paragraphs)
    bodies = [text[p.start:p.end] for p in paras]
    words = [_words(b) for b in bodies]
    total = sum(words)
    kind: list[str | None] = [None] * len(paras)
    prefix: dict[int, int] = {}  # paragraph index -> end of a byline prefix

    # 1. furniture phrases, bylines, datelines: the paragraph itself only.
    for i, body in enumerate(bodies):
        if words[i] <= FURNITURE_MAX_WORDS and (FURNITURE.match(body) or COMMENTS_START.match(body)):
            kind[i] = "boilerplate"
        elif BYLINE.match(body) or DATELINE.match(body):
            kind[i] = "byline"
        elif words[i] > 0:
            m = LEADING_DATE.match(body) or DATELINE_PREFIX.match(body)
            if m:
                prefix[i] = m.end()

    # 2. a reader-comment thread after the article body.
    thread = _thread(bodies, words)
    if thread is not None:
        first, last = thread
        for i in range(first, last + 1):
            kind[i] = "comments"
    end = thread[0] if thread is not None else len(paras)

    # 3. appeals in the tail (between the body and the thread, or the end).
    appeal = [kind[i] is None and _is_appeal(bodies[i], words[i]) for i in range(len(paras))]
    chosen: list[int] = []
    pending: list[int] = []  # short paragraphs between appeals: set aside with them
    for i in range(end - 1, -1, -1):
        if kind[i] is not None:
            continue  # furniture in the tail does not end it
        if appeal[i]:
            chosen.extend(pending)
            pending = []
            chosen.append(i)
        elif words[i] < TAIL_BREAK_WORDS:
            pending.append(i)
        else:
            break
    body_words = sum(words[i] for i in range(len(paras))
                     if kind[i] is None and i not in chosen and (not chosen or i < min(chosen)))
    appeal_words = sum(words[i] for i in chosen)
    if chosen and body_words >= BODY_MIN_WORDS and appeal_words <= APPEAL_MAX_SHARE * total:
        for i in chosen:
            kind[i] = "boilerplate"

    regions = []
    for i, p in enumerate(paras):
        if kind[i]:
            regions.append(Span(p.start, p.end, kind[i]))
        elif i in prefix:
            regions.append(Span(p.start, p.start + prefix[i], "byline"))
    return regions


def _is_appeal(body: str, words: int) -> bool:
    if not words or words > APPEAL_MAX_WORDS:
        return False
    cues = [m.group().lower() for m in APPEAL_CUES.finditer(body)]
    distinct = {c.rstrip("s") for c in cues}
    return len(cues) >= 2 and len(distinct) >= 2 and words <= APPEAL_WORDS_PER_CUE * len(cues)


def _thread(bodies: list[str], words: list[int]) -> tuple[int, int] | None:
    """(first, last) paragraph of a reader-comment thread, or None."""
    stamps = [i for i, b in enumerate(bodies) if COMMENT_STAMP.match(b)]
    if len(stamps) < THREAD_MIN_STAMPS:
        return None
    # Where the thread starts: a "Comments"-like heading just before the first stamp's post
    # header (a name line), else the first stamp (or the name line just before it).
    first_stamp = stamps[0]
    start = first_stamp
    for i in range(first_stamp - 1, max(-1, first_stamp - 4), -1):
        if COMMENTS_START.match(bodies[i]):
            start = i
            break
        if words[i] > 6:
            break
        start = i  # a name line ("The Central Scrutinizer")
    if sum(words[:start]) < BODY_MIN_WORDS:
        return None  # no article body before it: a timestamp at the top is not a thread
    # Posts: the words between consecutive stamps (name lines included: they are short).
    posts = []
    for a, b in zip(stamps, stamps[1:]):
        posts.append(sum(words[a + 1:b]))
    # The last post: paragraphs after the last stamp, no longer than twice the median post
    # before it (at least POST_MEDIAN_MAX_WORDS, at most POST_MAX_WORDS words): what follows a
    # thread may be another page's article.
    bound = min(POST_MAX_WORDS, max(POST_MEDIAN_MAX_WORDS, 2 * statistics.median(posts)))
    last = stamps[-1]
    tail = 0
    for i in range(stamps[-1] + 1, len(bodies)):
        if tail + words[i] > bound:
            break
        tail += words[i]
        last = i
    posts.append(tail)
    if max(posts) > POST_MAX_WORDS or statistics.median(posts) > POST_MEDIAN_MAX_WORDS:
        return None
    return start, last
