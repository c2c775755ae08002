"""The explicit list of rule families. Adding a rule family means adding one line here."""

from __future__ import annotations

from mtcheck.core.rule import Code, Rule


def rule_classes() -> list[type[Rule]]:
    # Imported here (start-up cost, not a cycle): `mtcheck --help` and the output formats need
    # no rule module until a rule list is asked for.
    from . import (collocations, grammar, obfuscation, readability, roundtrip,
                   spinner_fingerprints, translation_artifacts, translationese)

    # Cheap rules first: the grammar checker's data builds in the background meanwhile.
    return [
        spinner_fingerprints.SpinnerFingerprints,   # MT1
        readability.ReadabilityDrift,               # MT4
        translation_artifacts.TranslationArtifacts,  # MT5
        translationese.Translationese,              # MT6
        collocations.RareCollocations,              # MT3
        grammar.GrammarHits,                        # MT2
        obfuscation.Obfuscation,                    # MT7
        roundtrip.RoundTrip,                        # MT8 (off unless --roundtrip-check)
    ]


def all_codes() -> list[tuple[type[Rule], Code]]:
    """Every code, in code order."""
    return sorted(((cls, code) for cls in rule_classes() for code in cls.codes),
                  key=lambda pair: pair[1].code)


def find_code(code: str) -> tuple[type[Rule], Code] | None:
    code = code.upper()
    for cls, c in all_codes():
        if c.code == code:
            return cls, c
    return None


def find_family(prefix: str) -> type[Rule] | None:
    prefix = prefix.upper()
    for cls in rule_classes():
        if cls.family == prefix or cls.name == prefix.lower():
            return cls
    return None
