"""Set-aside regions: the parts of a text that are not article prose.

URLs and e-mail addresses, and web furniture around an article: navigation ("back to top"),
comment forms and reader-comment threads, share/donate blurbs, "related articles" lists, bylines
and datelines. Rules never see these regions, and the report says how many words were set aside.
The patterns are deliberately about page furniture, not about article wording.

:func:`prose_document` is how every input path (plain text, markup, JSON Lines records, the
library's ``check_text``) turns a decoded text into a :class:`Document`.
"""

from __future__ import annotations

import re

from ..core.document import Document, Span, split_paragraphs
from .decoding import mojibake
from ..core.text import MONTH_ABBREVIATIONS

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
# Appeals for money or clicks: furniture when two or more cues appear in one paragraph.
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
# Furniture is short (the longest paragraph set aside as furniture in the development corpus has
# 1,251 characters). A longer paragraph never is: an article given as one line (scraped text
# without paragraph breaks) would otherwise vanish whole when it mentions two appeal cues.
FURNITURE_MAX_CHARS = 2000
# A "date + clock time" line alone marks the start of a reader-comment thread.
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
                   source: str | None = None) -> Document:
    """A :class:`Document` for ``text`` with its set-aside regions: ``excluded`` (from a markup
    parser, say), then mojibake (:func:`~mtcheck.input.decoding.mojibake`: words decoded in the
    wrong encoding, with a note), then URLs, then web furniture."""
    garbled, note = mojibake(text)
    if note:
        load_notes = [*(load_notes or []), note]
    paragraphs = split_paragraphs(text)
    regions = list(excluded or [])
    regions.extend(Span(a, b, "mojibake") for a, b in garbled)
    regions.extend(url_regions(text))
    regions.extend(classify(text, paragraphs))
    return Document.from_text(text, path=path, excluded=regions, format=format,
                              load_notes=load_notes, source=source, paragraphs=paragraphs)


def url_regions(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "url") for m in URL_RE.finditer(text)]


def classify(text: str, paragraphs) -> list[Span]:
    """Excluded regions among ``paragraphs`` (spans over ``text``)."""
    regions = []
    in_comments = False
    for p in paragraphs:
        body = text[p.start:p.end]
        if in_comments:
            regions.append(Span(p.start, p.end, "comments"))
            continue
        if COMMENTS_START.match(body) or COMMENT_STAMP.match(body):
            in_comments = True
            regions.append(Span(p.start, p.end, "comments"))
            continue
        if len(body) <= FURNITURE_MAX_CHARS and (FURNITURE.match(body)
                                                 or len(APPEAL_CUES.findall(body)) >= 2):
            regions.append(Span(p.start, p.end, "boilerplate"))
        elif BYLINE.match(body) or DATELINE.match(body):
            regions.append(Span(p.start, p.end, "byline"))
        else:
            m = LEADING_DATE.match(body) or DATELINE_PREFIX.match(body)
            if m:
                regions.append(Span(p.start, p.start + m.end(), "byline"))
    return regions
