"""Turn the substitutions of a spun copy into entries of a user lexicon pack (the MT1 pack
format: ``phrase<TAB>original<TAB>reason<TAB>confidence``; see ``mtcheck explain MT1``).

* the phrase is the spun wording in lower case, words separated by spaces (punctuation left
  out); a phrase with fewer than two content words ("kingdom", "go to") is ambiguous out of
  context, so it gets the article word after it as right context (``kingdom [media]``), or
  the word before it as left context when a sentence ends after it (never across a sentence
  end; without either it is not learned);
* the original is the source's wording as written (punctuation and line breaks left out);
* substitutions longer than ``MAX_WORDS`` words on either side, those made only of numbers
  and those that merely change case or a number's spelling are not learned;
* confidence ``CONFIDENCE``: a phrase seen once in one spun copy is evidence worth a look, not
  a near-certain fingerprint; edit the pack to raise it.
"""

from __future__ import annotations

import bisect
import re

from ..core.document import Document
from .report import Comparison
from .words import FUNCTION_WORDS, prose_words

MAX_WORDS = 6
CONFIDENCE = 0.6
# Characters the pack syntax gives a meaning to (groups, alternatives, inflection, numbers).
_RESERVED = re.compile(r"[()\[\]|+#<>\t]")
# Context never reaches across a sentence or paragraph end.
_BREAK = re.compile(r"[.!?;:\n]")
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*(?:-[^\W_]+)*", re.UNICODE)


def _words(text: str) -> list[str]:
    return _WORDS.findall(text)


def entries(c: Comparison, article: Document) -> list[str]:
    """Pack lines for the substitutions of ``c`` (``article``: the compared article)."""
    words = prose_words(article)
    starts = [w.start for w in words]
    out: list[str] = []
    seen: set[tuple[str, str]] = set()
    for e in c.of_kind("substitution"):
        spun = [w.lower().replace("’", "'") for w in _words(e.article_text)]
        orig = _words(e.source_text)
        if not spun or not orig or len(spun) > MAX_WORDS or len(orig) > MAX_WORDS:
            continue
        if all(w.isdigit() for w in spun) or " ".join(spun) == " ".join(orig).lower():
            continue
        phrase = " ".join(spun)
        if sum(1 for w in spun if w not in FUNCTION_WORDS) < 2:
            after = bisect.bisect_left(starts, e.article_end)
            before = bisect.bisect_left(starts, e.article_start) - 1
            text = article.text
            if after < len(words) and not _BREAK.search(text, e.article_end, words[after].start):
                phrase = f"{phrase} [{words[after].norm}]"
            elif before >= 0 and not _BREAK.search(text, words[before].end, e.article_start):
                phrase = f"[{words[before].norm}] {phrase}"
            else:
                continue
        original = " ".join(orig)
        if _RESERVED.search(phrase.replace("[", "").replace("]", "")) or _RESERVED.search(original):
            continue
        if (phrase, original) in seen:
            continue
        seen.add((phrase, original))
        reason = f'learned: "{original}" replaced by "{" ".join(spun)}" in {c.article} against {c.source}'
        out.append(f"{phrase}\t{original}\t{_RESERVED.sub(' ', reason)}\t{CONFIDENCE}")
    return out


def existing(pack_text: str) -> set[tuple[str, str]]:
    """(phrase, original) pairs already in a pack's text."""
    out = set()
    for line in pack_text.splitlines():
        cols = line.split("\t")
        if len(cols) >= 2 and not line.lstrip().startswith("#"):
            out.add((" ".join(cols[0].lower().split()), cols[1].strip()))
    return out


HEADER = ("# mtcheck user lexicon pack (MT103), learned with `mtcheck ARTICLE --against SOURCE --learn`.\n"
          "# phrase<TAB>original<TAB>reason<TAB>confidence; see `mtcheck explain MT1`.\n")
