"""Word-level views of a document for comparison: the prose words and numbers in order with
their character offsets, normalised for matching, plus the function-word list and the simple
readability and rarity measures used for drift."""

from __future__ import annotations

import re
from typing import NamedTuple
from functools import lru_cache

from ..core.document import TOKEN_RE, Document
from ..core.text import FUNCTION_WORDS as CORE_FUNCTION_WORDS

# The project's function words (articles, pronouns, prepositions, conjunctions, auxiliaries)
# plus the prepositions, quantifiers and adverbs of degree and time that a translation swaps as
# freely. An edit made only of these is a "function-word" edit, typical of machine translation.
FUNCTION_WORDS = CORE_FUNCTION_WORDS | frozenset("""
among amongst toward towards across around behind beyond near along throughout onto till
away back already still even ever never always quite
another something anything nothing everything someone anyone everyone somebody
shall ought done ones several this's it's s 's ’s
""".split())


def normalise(word: str) -> str:
    """Lower case, curly apostrophes straightened."""
    return word.lower().replace("’", "'")


class Word(NamedTuple):
    norm: str
    start: int
    end: int


# The document model's word and number tokens (its punctuation alternative left out).
_WORD_OR_NUMBER = re.compile(TOKEN_RE.pattern.rsplit("|(?P<punct>", 1)[0]
                             .replace("(?P<word>", "(?:").replace("(?P<number>", "(?:"), re.UNICODE)


def prose_words(doc: Document) -> list[Word]:
    """Words and numbers of the document's prose (boilerplate, comments and other excluded
    regions set aside), in order: the document model's tokens without punctuation."""
    text = doc.text
    matches = [m for p in doc.paragraphs for m in _WORD_OR_NUMBER.finditer(text, p.start, p.end)]
    norms = _normalise_all([m.group() for m in matches])
    return [Word(n, m.start(), m.end()) for n, m in zip(norms, matches)]


def prose_norms(doc: Document) -> list[str]:
    """The normalised words of :func:`prose_words` alone (faster: no offsets)."""
    text = doc.text
    return _normalise_all([w for p in doc.paragraphs
                           for w in _WORD_OR_NUMBER.findall(text, p.start, p.end)])


def _normalise_all(words: list[str]) -> list[str]:
    # Tokens hold no spaces: one lower() and replace() over the joined text is much faster
    # than one call per word, and gives the same result.
    if not words:
        return []
    return " ".join(words).lower().replace("’", "'").split(" ")


def is_function_word(norm: str) -> bool:
    return norm in FUNCTION_WORDS


@lru_cache(maxsize=200_000)
def zipf(norm: str) -> float:
    """Zipf frequency of a word in English (wordfreq; 0 for unknown words)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(norm, "en")


_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(norm: str) -> int:
    """A rough syllable count: vowel groups, a final silent e dropped, at least one."""
    n = len(_VOWEL_GROUPS.findall(norm))
    if norm.endswith("e") and not norm.endswith(("le", "ee", "ye")) and n > 1:
        n -= 1
    return max(n, 1)


def text_measures(doc: Document, words: list[Word] | None = None) -> dict[str, float]:
    """Readability and rarity of the prose: words per sentence, letters per word, syllables per
    word, the Flesch reading ease built from them, and the mean Zipf frequency of its words
    (lower: rarer vocabulary)."""
    words = prose_words(doc) if words is None else words
    alpha = [w.norm for w in words if w.norm[:1].isalpha()]
    sentences = max(len(doc.sentences), 1)
    n = max(len(alpha), 1)
    wps = len(words) / sentences
    spw = sum(syllables(w) for w in alpha) / n
    return {
        "words_per_sentence": round(wps, 2),
        "letters_per_word": round(sum(len(w) for w in alpha) / n, 3),
        "syllables_per_word": round(spw, 3),
        "flesch_reading_ease": round(206.835 - 1.015 * wps - 84.6 * spw, 1),
        "mean_zipf": round(sum(zipf(w) for w in alpha) / n, 3),
    }
