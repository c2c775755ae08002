"""The precomputed spelling table: common words both dictionaries know are not linted, and the
decisions are the ones linting gives."""

import pytest

import mtcheck.rules.grammar_backends as gb
from mtcheck.rules.readability import zipf_table


@pytest.fixture(scope="module")
def harper():
    return gb._harper()


def test_table_matches_this_harper_version():
    table = gb.known_word_hashes()
    assert len(table) > 10_000


def test_table_words_are_known_to_both_dictionaries_when_linted(harper):
    table = gb.known_word_hashes()
    words = [w for w in sorted(zipf_table()) if w.islower() and gb.word_hash(w) in table][::40]
    assert len(words) > 300
    for linter in (harper.spell_gb, harper.spell_us):
        unknown, _ = gb._Harper._unknown(linter, words)
        assert not unknown


def test_words_in_the_table_are_not_linted(harper, monkeypatch):
    linted = []
    original = gb._Harper._unknown

    def counting(linter, words):
        linted.extend(words)
        return original(linter, words)

    monkeypatch.setattr(gb._Harper, "_unknown", staticmethod(counting))
    monkeypatch.setattr(harper, "spelling", {})
    got = harper.spell(["house", "government", "xqzvtl"])
    assert set(linted) == {"xqzvtl"}  # once per dialect
    assert got["house"] == got["government"] == gb.KNOWN_WORD
    assert got["xqzvtl"][:2] == (True, True)


def test_a_table_built_with_another_harper_version_is_ignored(monkeypatch):
    monkeypatch.setattr(gb, "harper_version", lambda: "0.0.0-other")
    assert gb.known_word_hashes() == frozenset()
