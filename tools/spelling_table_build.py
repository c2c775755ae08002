"""Build the spelling table of the grammar family (MT2xx):
``rules/data/grammar/known_words.bin``, the 64-bit hashes of the common lower-case words that
both of harper's dictionaries (British and American) know, so the rule need not lint them.

    python -m tools.spelling_table_build [--out PATH]

The words are wordfreq's small English list (the one the readability rule reads, Zipf >= 3:
the words that make up most of any text); each is linted exactly as the rule lints new words
(one word per line, with harper's spell checker in each dialect). Only hashes are written, with
the harper-py version in the header: the rule ignores a table built with another version.
Rebuild after upgrading harper-py.
"""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

from mtcheck.rules.grammar_backends import (
    KNOWN_WORD,
    MAX_SPELLING_WORD,
    SPELLING_TABLE,
    _Harper,
    write_known_word_table,
)
from mtcheck.rules.readability import zipf_table


def known_words(chunk: int = 2000) -> list[str]:
    """The table's words that both dictionaries know (linted now, without any table)."""
    words = sorted(w for w in zipf_table()
                   if w.islower() and 2 <= len(w) <= MAX_SPELLING_WORD and "-" not in w)
    harper = _Harper()
    harper.known = frozenset()  # decide every word by linting it
    known = []
    for i in range(0, len(words), chunk):
        decided = harper.spell(words[i:i + chunk])
        known.extend(w for w, d in decided.items() if d == KNOWN_WORD)
    return known


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path,
                    default=Path(str(resources.files("mtcheck.rules").joinpath(SPELLING_TABLE))))
    args = ap.parse_args(argv)
    n = write_known_word_table(args.out, known_words())
    print(f"wrote {args.out}: {n} words known to both dictionaries")


if __name__ == "__main__":
    main()
