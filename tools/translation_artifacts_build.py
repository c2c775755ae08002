"""Build the word-language lexicon of the translation-artifacts rule family (MT5xx).

Run ``python -m tools.translation_artifacts_build`` (needs the ``wordfreq`` package, which
is a dependency of mtcheck). It writes ``rules/data/translation-artifacts/lexicon.txt.gz``: one line
per word class, ``<class><TAB><space-separated words>``, so that loading is a few ``set(split())``
calls and run time needs neither wordfreq nor its large lists. Classes:

- ``en``: English words with Zipf >= 3 (wordfreq's "small" English list);
- ``en-accented``: rarer English words written with letters outside ASCII (café, naïve);
- ``lang:<code>``: foreign words: at least 2 Zipf more frequent in Spanish, Catalan, French,
  German, Italian or Portuguese (Zipf >= 3.5 there) than in English, listed under the language
  where they are most frequent (used to measure how much of a text is English, and to name it);
- ``foreign-en``: those of them that English text does use now and then (English Zipf >= 1.5); the
  other foreign words are the ones English text essentially never uses;
- ``common``: very common words of those languages (Zipf >= 4.5) that are 3+ Zipf rarer in
  English and below English Zipf 3.3 (Catalan "els", "amb", Spanish "muy", "pero");

Deterministic: the same wordfreq version gives the same file.
"""

from __future__ import annotations

import argparse
import gzip
import math
from pathlib import Path

OTHER_LANGUAGES = ("es", "ca", "fr", "de", "it", "pt")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "rules" / "data" / "translation-artifacts" / "lexicon.txt.gz"


def _zipf(freq: float) -> float:
    return math.log10(freq) + 9.0 if freq > 0 else 0.0


def build_classes() -> dict[str, list[str]]:
    import wordfreq

    en_large = wordfreq.get_frequency_dict("en", "large")
    best: dict[str, tuple[str, float]] = {}
    for lang in OTHER_LANGUAGES:
        for word, freq in wordfreq.get_frequency_dict(lang, "small").items():
            z = _zipf(freq)
            if z >= 3.5 and word.isalpha() and (word not in best or z > best[word][1]):
                best[word] = (lang, z)
    classes: dict[str, list[str]] = {"en": [], "en-accented": [], "foreign-en": [], "common": []}
    classes.update((f"lang:{lang}", []) for lang in OTHER_LANGUAGES)
    classes["en"] = [w for w in wordfreq.get_frequency_dict("en", "small") if w.isalpha()]
    for word, (lang, z) in best.items():
        ze = _zipf(en_large.get(word, 0.0))
        if z < 3.5 or z - ze < 2.0:
            continue
        classes[f"lang:{lang}"].append(word)
        if ze >= 1.5:
            classes["foreign-en"].append(word)
        if z >= 4.5 and z - ze >= 3.0 and ze < 3.3:
            classes["common"].append(word)
    for word, freq in en_large.items():
        if (word.isalpha() and not word.isascii() and _zipf(freq) >= 1.5
                and all(ord(c) < 0x250 for c in word)):  # Latin letters only
            classes["en-accented"].append(word)
    return {k: sorted(set(v)) for k, v in classes.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    classes = build_classes()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{name}\t{' '.join(words)}\n" for name, words in classes.items())
    # No name or time in the gzip header: the bytes are identical from one build to the next.
    with open(args.out, "wb") as raw, \
            gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    for name, words in classes.items():
        print(f"{name}: {len(words)}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
