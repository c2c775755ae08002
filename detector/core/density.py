"""Densities per 100 words, as every rule family and the scorer measure them."""

from __future__ import annotations

# Texts shorter than this count as this long: one hit in a tiny text must not look dense.
MIN_WORDS = 100


def per_100_words(amount: float, words: int) -> float:
    """``amount`` per 100 prose words, dividing by at least :data:`MIN_WORDS` words."""
    return 100.0 * amount / max(words, MIN_WORDS)


def per_100_words_factor(words: int) -> float:
    """What a count is multiplied by to give it per 100 prose words (for many counts at once)."""
    return 100.0 / max(words, MIN_WORDS)
