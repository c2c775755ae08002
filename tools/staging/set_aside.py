"""Set-aside decisions by structure: which paragraphs are page furniture, appeals or a reader-
comment thread. Replaces ``boilerplate.classify`` (same patterns, new decisions).

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
  thread ends with the last post (no longer than twice the longest post before it).

Whatever these decide, the engine judges the whole text as well when more than half of it was
set aside (see the verdict), so a page built to look like furniture cannot hide its article.
"""

from __future__ import annotations

import re
import statistics

try:  # the package layout changed in December 2026
    from mtcheck.input.boilerplate import (APPEAL_CUES, BYLINE, COMMENT_STAMP, COMMENTS_START,
                                           DATELINE, DATELINE_PREFIX, FURNITURE, LEADING_DATE)
except ImportError:  # pragma: no cover
    from mtcheck.boilerplate import (APPEAL_CUES, BYLINE, COMMENT_STAMP, COMMENTS_START, DATELINE,
                                     DATELINE_PREFIX, FURNITURE, LEADING_DATE)

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)

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
    return sum(1 for _ in WORD.finditer(body))


def classify(text: str, paragraphs, span_type=None) -> list:
    """Excluded regions among ``paragraphs`` (spans over ``text``)."""
    if span_type is None:
        try:
            from mtcheck.core.document import Span as span_type
        except ImportError:  # pragma: no cover
            from mtcheck.document import Span as span_type
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
            regions.append(span_type(p.start, p.end, kind[i]))
        elif i in prefix:
            regions.append(span_type(p.start, p.start + prefix[i], "byline"))
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
    # The last post: paragraphs after the last stamp, no longer than twice the longest post
    # before it (at least POST_MEDIAN_MAX_WORDS, at most POST_MAX_WORDS words).
    bound = min(POST_MAX_WORDS, max(POST_MEDIAN_MAX_WORDS, 2 * max(posts)))
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
