"""Build the spelling tables of the grammar family (MT2xx), so the rule need not lint the words
they hold:

- ``rules/data/grammar/known_words.bin``: the 64-bit hashes of the common lower-case words that
  both of harper's dictionaries (British and American) know: wordfreq's small English list (the
  one the readability rule reads, Zipf >= 3: the words that make up most of any text);
- ``rules/data/grammar/spelling_decisions.bin``: each decision (unknown in British, unknown in
  American, harper's first three suggestions) for the other plain lower-case words (letters and
  inner apostrophes, straight or curly) among the first DECIDED_WORDS of wordfreq's large
  English list: rarer words, and words one dialect spells otherwise. Linting these is most of
  the spelling cost (harper computes suggestions for a word it does not know).

    python -m tools.spelling_table_build [--out PATH] [--decisions-out PATH]

Each word is linted exactly as the rule lints new words (one word per line, with harper's spell
checker in each dialect). Only hashes of the words are written, with the harper-py version in the
header: the rule ignores a table built with another version. Rebuild after upgrading harper-py.
"""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

from mtcheck.rules.grammar_backends import (
    _PLAIN_WORD,
    KNOWN_WORD,
    MAX_SPELLING_WORD,
    SPELLING_DECISIONS,
    SPELLING_TABLE,
    _Harper,
    word_hash,
    write_known_word_table,
    write_spelling_decisions,
)
from mtcheck.rules.readability import zipf_table


# How many of wordfreq's large-list words (by frequency) are looked at for the decisions table:
# 100,000 cover about two thirds of the word types that reach harper in development articles.
DECIDED_WORDS = 100_000


def _untabled_harper() -> _Harper:
    harper = _Harper()
    harper.known = frozenset()  # decide every word by linting it
    harper.decided = None
    return harper


def known_words(chunk: int = 2000) -> list[str]:
    """The table's words that both dictionaries know (linted now, without any table)."""
    words = sorted(w for w in zipf_table()
                   if w.islower() and 2 <= len(w) <= MAX_SPELLING_WORD and "-" not in w)
    harper = _untabled_harper()
    known = []
    for i in range(0, len(words), chunk):
        decided = harper.spell(words[i:i + chunk])
        known.extend(w for w, d in decided.items() if d == KNOWN_WORD)
    return known


def decided_words(known: list[str], chunk: int = 2000) -> dict:
    """Decisions for the plain words of wordfreq's large list not in the known-word table."""
    from wordfreq import top_n_list

    skip = {word_hash(w) for w in known}
    words = set()
    for w in top_n_list("en", DECIDED_WORDS, wordlist="large"):
        if 2 <= len(w) <= MAX_SPELLING_WORD and _PLAIN_WORD.fullmatch(w):
            words.add(w)
            if "'" in w:
                words.add(w.replace("'", "\u2019"))  # articles often use the curly apostrophe
    words = sorted(w for w in words if word_hash(w) not in skip)
    harper = _untabled_harper()
    out = {}
    for i in range(0, len(words), chunk):
        out.update(harper.spell(words[i:i + chunk]))
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path,
                    default=Path(str(resources.files("mtcheck.rules").joinpath(SPELLING_TABLE))))
    ap.add_argument("--decisions-out", type=Path,
                    default=Path(str(resources.files("mtcheck.rules").joinpath(SPELLING_DECISIONS))))
    args = ap.parse_args(argv)
    known = known_words()
    n = write_known_word_table(args.out, known)
    print(f"wrote {args.out}: {n} words known to both dictionaries")
    decided = decided_words(known)
    n = write_spelling_decisions(args.decisions_out, decided)
    unknown = sum(1 for d in decided.values() if d != KNOWN_WORD)
    print(f"wrote {args.decisions_out}: {n} decisions ({unknown} words unknown to a dictionary)")


if __name__ == "__main__":
    main()
