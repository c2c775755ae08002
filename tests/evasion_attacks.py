"""Evasion attacks: ways to slip a spun or machine-translated article past mtcheck.

Each attack is a function ``attack(text, rng) -> (text, markup)``: the attacked article and the
markup it is to be read as (``"text"``, ``"markdown"`` or ``"html"``). ``rng`` is a
``random.Random`` so every attack is deterministic for a given seed. The texts the attacks add
(a timestamp, a comment heading, a comment thread, appeal words) are written here for the
purpose; none comes from a corpus.

``tests/test_evasion.py`` applies them to the seeds; ``benchmarks/evasion.py`` measures how each
attack changes the verdicts of samples of a development corpus's spun and round-trip articles.
"""

from __future__ import annotations

import os
import random
import re
from typing import Callable

Attack = Callable[[str, random.Random], "tuple[str, str]"]

WORD = re.compile(r"[A-Za-z]{4,}")
CYRILLIC = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441",
            "x": "\u0445", "y": "\u0443", "i": "\u0456", "s": "\u0455"}
ZWSP, SHY, LRM = "\u200b", "\u00ad", "\u200e"


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def join(paras: list[str]) -> str:
    return "\n\n".join(paras) + "\n"


# -- structure: the set-aside filter ---------------------------------------------------------

def timestamp_line(text, rng):
    return "June 18, 2024 10:40 am\n\n" + text, "text"


def _heading_after_first(heading: str) -> Attack:
    def attack(text, rng):
        paras = paragraphs(text)
        return join(paras[:1] + [heading] + paras[1:]), "text"
    attack.__name__ = "heading_" + re.sub(r"\W+", "_", heading).strip("_").lower()
    return attack


comments_heading = _heading_after_first("Comments")
markdown_comments_heading = _heading_after_first("## Comments")
count_comments_heading = _heading_after_first("3 comments")

NAMES = ["Dana", "Kofi", "Marta", "Ivo", "Lee", "Sam"]
REPLIES = ["Great read, thanks.", "I disagree with the second point.", "Source?",
           "Shared with my class.", "Well said!", "This again?"]


def fake_comment_thread(text, rng):
    """A short reader-comment thread appended after the article (names, dates, short posts)."""
    posts = ["4 comments"]
    for k in range(4):
        posts.append(f"{rng.choice(NAMES)}\nJune {10 + k}, 2024 at {rng.randint(1, 12)}:{rng.randint(10, 59)} pm")
        posts.append(rng.choice(REPLIES))
    return text.rstrip("\n") + "\n\n" + join(posts), "text"


APPEAL_WORDS = ["share", "subscribe", "donate", "appeal", "contribute", "newsletter", "PayPal",
                "store"]


def boilerplate_words(text, rng):
    """Two appeal/boilerplate words sprinkled into every paragraph at random places (they may
    land inside a spun phrase and break it: a word-insertion attack as well)."""
    out = []
    for p in paragraphs(text):
        words = p.split(" ")
        for _ in range(2):
            words.insert(rng.randint(0, len(words)), rng.choice(APPEAL_WORDS))
        out.append(" ".join(words))
    return join(out), "text"


def appeal_sentences(text, rng):
    """An appeal sentence (three cue words) at the end of every paragraph: each paragraph then
    looks like a donation blurb to a cue-counting filter."""
    out = []
    for p in paragraphs(text):
        cues = rng.sample(APPEAL_WORDS, 3)
        out.append(f"{p} Please {cues[0]}, {cues[1]} and {cues[2]} today.")
    return join(out), "text"


def one_paragraph(text, rng):
    return " ".join(paragraphs(text)) + "\n", "text"


# -- characters: Unicode tricks --------------------------------------------------------------

def _in_words(text: str, rng: random.Random, share: float, change: Callable[[str], str]) -> str:
    return WORD.sub(lambda m: change(m.group()) if rng.random() < share else m.group(), text)


def homoglyphs(text, rng):
    """Cyrillic look-alikes for Latin letters in about half the words."""
    def change(w):
        return "".join(CYRILLIC.get(c, c) if rng.random() < 0.5 else c for c in w)
    return _in_words(text, rng, 0.5, change), "text"


def _insert_middle(ch: str) -> Callable[[str], str]:
    return lambda w: w[:len(w) // 2] + ch + w[len(w) // 2:]


def zero_width(text, rng):
    return _in_words(text, rng, 0.5, _insert_middle(ZWSP)), "text"


def soft_hyphens(text, rng):
    return _in_words(text, rng, 0.5, _insert_middle(SHY)), "text"


def bidi_marks(text, rng):
    return _in_words(text, rng, 0.5, _insert_middle(LRM)), "text"


# -- markup splitting words ------------------------------------------------------------------

def _html(paras: list[str]) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"<!DOCTYPE html>\n<html><head><title>Article</title></head><body>\n{body}\n</body></html>\n"


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_plain(text, rng):
    """The article as HTML, no attack (the baseline for the markup attacks)."""
    return _html([_escape(p) for p in paragraphs(text)]), "html"


def html_split_words(text, rng):
    """``<b>wo</b>rd``: a tag inside half the words."""
    def change(w):
        k = len(w) // 2
        return f"<b>{w[:k]}</b>{w[k:]}"
    return _html([_in_words(_escape(p), rng, 0.5, change) for p in paragraphs(text)]), "html"


def markdown_plain(text, rng):
    return join(paragraphs(text)), "markdown"


def markdown_split_words(text, rng):
    """``**wo**rd``: emphasis inside half the words."""
    def change(w):
        k = len(w) // 2
        return f"**{w[:k]}**{w[k:]}"
    return join([_in_words(p, rng, 0.5, change) for p in paragraphs(text)]), "markdown"


ATTACKS: dict[str, Attack] = {
    "timestamp line": timestamp_line,
    "'Comments' heading": comments_heading,
    "'## Comments' heading": markdown_comments_heading,
    "'3 comments' heading": count_comments_heading,
    "fake comment thread appended": fake_comment_thread,
    "boilerplate words sprinkled": boilerplate_words,
    "appeal sentence in every paragraph": appeal_sentences,
    "one long paragraph": one_paragraph,
    "homoglyphs (Cyrillic)": homoglyphs,
    "zero-width spaces in words": zero_width,
    "soft hyphens in words": soft_hyphens,
    "bidi marks in words": bidi_marks,
    "HTML <b>wo</b>rd": html_split_words,
    "Markdown **wo**rd": markdown_split_words,
}
# Attacks whose baseline is the article in that markup, not as plain text.
BASELINES: dict[str, Attack] = {"HTML <b>wo</b>rd": html_plain,
                                "Markdown **wo**rd": markdown_plain}

# Verdict order for "did the attack lower it": anything not failing is below a failing verdict.
RANK = {"clean": 0, "too-short": 0, "not-judged": 0, "not-english": 0, "suspicious": 1,
        "spun": 2, "machine-translated": 2}


def lowered(before: str, after: str) -> bool:
    """Whether ``after`` is a weaker verdict than ``before`` (a change between the two failing
    verdicts counts too: the attack changed what the article was found to be)."""
    if RANK.get(after, 0) < RANK.get(before, 0):
        return True
    return RANK.get(before, 0) == 2 and after != before


def check(text: str, markup: str, tmpdir: str):
    """The report of ``text`` read as ``markup``, through the public API."""
    import mtcheck

    if markup == "text":
        return mtcheck.check_text(text)
    path = os.path.join(tmpdir, "article." + {"markdown": "md", "html": "html"}[markup])
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return mtcheck.check_path(path, isolated=True)
