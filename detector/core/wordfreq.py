"""English word frequencies from the installed ``wordfreq`` package, shared by the rule families.

Read straight from the data files wordfreq 3.x installs (its documented "cBpack" format: after
a header, bucket i holds the words at -i centibels, i.e. Zipf 9 - i/100), so wordfreq's tokenizer
stack (langcodes, ftfy, regex) is not imported: same numbers as ``wordfreq.zipf_frequency`` for
single lower-case words, at a fraction of the load time. Falls back to the public API if the files
are not where wordfreq 3.x keeps them.
"""

from __future__ import annotations

import gzip
import importlib.util
import math
from functools import lru_cache
from pathlib import Path


def _buckets(wordlist: str) -> list | None:
    """The decoded cBpack list ``<wordlist>_en`` ("small", "large"), or None if not found."""
    spec = importlib.util.find_spec("wordfreq")
    if not (spec and spec.submodule_search_locations):
        return None  # pragma: no cover - wordfreq is a dependency
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / f"{wordlist}_en.msgpack.gz"
    if not path.is_file():
        return None  # pragma: no cover - only if wordfreq changes its data layout
    import msgpack  # a dependency of wordfreq

    with gzip.open(path, "rb") as f:
        return msgpack.load(f, raw=False)


@lru_cache(maxsize=1)
def zipf_table() -> dict[str, float]:
    """Zipf frequency of every English word with Zipf >= 3 in wordfreq's "small" list."""
    packed = _buckets("small")
    table: dict[str, float] = {}
    if packed is not None:
        for i, bucket in enumerate(packed[1:]):
            if bucket:
                table.update(dict.fromkeys(bucket, round(9.0 - i / 100.0, 2)))
        return table
    import wordfreq  # pragma: no cover - only if wordfreq changes its data layout

    for word, freq in wordfreq.get_frequency_dict("en", wordlist="small").items():  # pragma: no cover
        table[word] = round(math.log10(freq) + 9.0, 2)
    return table  # pragma: no cover


@lru_cache(maxsize=1)
def rare_english() -> frozenset[str]:
    """English words with Zipf 1 to 3, from wordfreq's "large" list (~0.1 s once)."""
    packed = _buckets("large")
    if packed is not None:
        # bucket i (after the header) holds the words at Zipf 9 - i/100
        return frozenset(w for bucket in packed[602:802] for w in bucket)
    import wordfreq  # pragma: no cover - only if wordfreq changes its data layout

    freqs = wordfreq.get_frequency_dict("en", "large")  # pragma: no cover
    return frozenset(w for w, f in freqs.items() if 1e-8 <= f < 1e-6)  # pragma: no cover
