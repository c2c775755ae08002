"""The explicit list of rule families. Adding a rule family means adding one line here."""

from __future__ import annotations

from .rule import Code, Rule


def rule_classes() -> list[type[Rule]]:
    # Imported here so that `import mtcheck` stays cheap and rule data loads only when used.
    from .rules import readability, spinner_fingerprints
    from .rules import translation_artifacts
    from .rules import collocations
    from .rules import grammar

    return [
        spinner_fingerprints.SpinnerFingerprints,
        readability.ReadabilityDrift,
        translation_artifacts.TranslationArtifacts,
        collocations.RareCollocations,
        grammar.GrammarHits,
    ]


def all_codes() -> list[tuple[type[Rule], Code]]:
    return [(cls, code) for cls in rule_classes() for code in cls.codes]


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
