"""Every registered rule family documents itself and proves its examples: each must-flag example
yields the listed codes, each must-not-flag example yields nothing from that family."""

import pytest

from mtcheck.rules import registry
from mtcheck.input.setaside import prose_document

RULES = registry.rule_classes()
EXAMPLES = [(cls, i, ex) for cls in RULES for i, ex in enumerate(cls.examples)]


@pytest.mark.parametrize("cls", RULES, ids=lambda c: c.name)
def test_rule_is_documented_and_has_examples_both_ways(cls):
    assert cls.documentation(), f"{cls.name} has no docstring"
    assert sum(ex.must_flag for ex in cls.examples) >= 3, f"{cls.name}: too few must-flag examples"
    assert sum(not ex.must_flag for ex in cls.examples) >= 3, f"{cls.name}: too few must-pass examples"
    codes = [c.code for c in cls.codes]
    assert codes and all(c.startswith(cls.family) for c in codes)
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize("cls,i,example", EXAMPLES, ids=lambda v: getattr(v, "name", None) or str(v)[:30])
def test_rule_example(cls, i, example):
    if cls.unavailable():
        pytest.skip(f"{cls.name}: {cls.unavailable()}")
    rule = cls(cls.example_settings)
    found = {f.code for f in rule.run(prose_document(example.text)).findings}
    if example.must_flag:
        assert set(example.codes) <= found, f"{cls.name} example {i}: expected {example.codes}, got {found}"
    else:
        assert not found, f"{cls.name} example {i} must not be flagged, got {found}"


def test_codes_are_unique_across_families():
    codes = [c.code for _, c in registry.all_codes()]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("cls", RULES, ids=lambda c: c.name)
def test_rule_emits_exactly_its_declared_features(cls):
    """The features a family declares are those it emits (the scorer and the evaluation read the
    declaration); its context features are among them."""
    if cls.unavailable():
        pytest.skip(f"{cls.name}: {cls.unavailable()}")
    rule = cls(cls.example_settings)
    emitted = set()
    for example in cls.examples:
        emitted |= set(rule.run(prose_document(example.text)).features)
    assert emitted == set(cls.features)
    assert all(name.startswith(cls.name + ".") for name in cls.features)
    assert set(cls.context_features) <= set(cls.features)
