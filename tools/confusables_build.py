"""Build the table of letters from other scripts that look like Latin letters.

Source: the `confusable-homoglyphs` package (MIT licence), whose `confusables.json` is derived
from Unicode's confusables data (UTS #39, Unicode licence). Install it (`pip install
confusable-homoglyphs`), run this script, and commit the small table it writes: one line per
letter, ``<code point hex>\t<Latin letter>\t<Unicode name>``. Only single letters of the
Cyrillic, Greek, Armenian and Cherokee scripts that are confusable with one ASCII letter are
kept; an upper-case I-like letter maps to capital I (the Unicode skeleton maps it to small l,
which is right for spoofing checks and wrong for restoring English words).

Usage: python -m tools.confusables_build [OUT.tsv]   (default: the shipped table)
"""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from pathlib import Path

SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE")
OUT = Path(__file__).resolve().parent.parent / "detector" / "input" / "data" / "latin_confusables.tsv"


def table() -> dict[str, str]:
    import confusable_homoglyphs

    path = os.path.join(os.path.dirname(confusable_homoglyphs.__file__), "confusables.json")
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    out: dict[str, str] = {}
    for char, entries in data.items():
        if len(char) != 1 or not char.isalpha():
            continue
        if not unicodedata.name(char, "").startswith(SCRIPTS):
            continue
        latin = sorted({e["c"] for e in entries if len(e["c"]) == 1 and e["c"].isascii()
                        and e["c"].isalpha()})
        if not latin:
            continue
        target = latin[0]
        if char.isupper() and target == "l":
            target = "I"
        out[char] = target
    return out


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    out = argv[0] if argv else str(OUT)
    rows = sorted(table().items(), key=lambda kv: ord(kv[0]))
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("# Letters that look like Latin letters. Built by tools/confusables_build.py from\n"
                 "# confusable-homoglyphs (MIT licence), itself derived from Unicode's confusables\n"
                 "# data (UTS #39, Unicode licence). code point, Latin letter, name.\n")
        for char, latin in rows:
            fh.write(f"{ord(char):04X}\t{latin}\t{unicodedata.name(char)}\n")
    print(f"{len(rows)} letters written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
