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


def test_harper_version_is_the_installed_distributions():
    from importlib import metadata

    assert gb.harper_version() == metadata.version("harper-py")


def test_table_words_are_known_to_both_dictionaries_when_linted(harper):
    table = gb.known_word_hashes()
    words = [w for w in sorted(zipf_table()) if w.islower() and gb.word_hash(w) in table][::40]
    assert len(words) > 300
    for linter in (harper.spell_gb, harper.spell_us):
        unknown, _ = gb._Harper._unknown(linter, words)
        assert not unknown


def _count_linted(harper, monkeypatch) -> list[str]:
    """The words the spelling linters are given from now on (fresh spelling cache)."""
    linted: list[str] = []
    original = gb._Harper._unknown

    def counting(linter, words):
        linted.extend(words)
        return original(linter, words)

    monkeypatch.setattr(gb._Harper, "_unknown", staticmethod(counting))
    monkeypatch.setattr(harper, "spelling", {})
    return linted


def test_words_in_the_table_are_not_linted(harper, monkeypatch):
    linted = _count_linted(harper, monkeypatch)
    got = harper.spell(["house", "government", "xqzvtl"])
    assert set(linted) == {"xqzvtl"}  # once per dialect
    assert got["house"] == got["government"] == gb.KNOWN_WORD
    assert got["xqzvtl"][:2] == (True, True)


def test_a_table_built_with_another_harper_version_is_ignored(monkeypatch):
    monkeypatch.setattr(gb, "harper_version", lambda: "0.0.0-other")
    assert gb.known_word_hashes() == frozenset()


# -- the decisions table (rarer plain words, with their suggestions) --------------------------

def _large_list_plain_words(step: int) -> list[str]:
    from wordfreq import top_n_list

    from tools.spelling_table_build import DECIDED_WORDS

    words = [w for w in top_n_list("en", DECIDED_WORDS, wordlist="large")
             if 2 <= len(w) <= gb.MAX_SPELLING_WORD and gb._PLAIN_WORD.fullmatch(w)]
    return words[::step]


def test_decisions_table_matches_this_harper_version():
    table = gb.spelling_decisions()
    assert table is not None and len(table) > 10_000


def test_decisions_in_the_table_are_the_ones_linting_gives():
    table = gb.spelling_decisions()
    fresh = gb._Harper()
    fresh.known, fresh.decided = frozenset(), None
    words = [w for w in _large_list_plain_words(97) if table.get(w) is not None]
    words += [w.replace("'", "’") for w in words if "'" in w]
    assert len(words) > 300
    linted = fresh.spell(words)
    wrong = [(w, table.get(w), linted[w]) for w in words if table.get(w) != linted[w]]
    assert not wrong
    assert any(d[0] or d[1] for d in linted.values())  # not only known words


def test_plain_words_are_decided_alike_alone_and_among_others():
    # The table is used only for plain words because of this; "m.e" is not (see below).
    words = _large_list_plain_words(331)[:120]
    together, alone = gb._Harper(), gb._Harper()
    for h in (together, alone):
        h.known, h.decided = frozenset(), None
    batch = together.spell(words)
    for w in words:
        assert alone.spell([w])[w] == batch[w], w


def test_a_batch_with_a_word_that_is_not_plain_is_linted_whole(harper, monkeypatch):
    table = gb.spelling_decisions()
    word = next(w for w in _large_list_plain_words(97) if table.get(w) is not None)
    linted = _count_linted(harper, monkeypatch)
    harper.spell([word, "m.e"])
    assert linted.count(word) == 2  # once per dialect: the table was not used
    linted.clear()
    monkeypatch.setattr(harper, "spelling", {})
    got = harper.spell([word])
    assert linted == [] and got[word] == table.get(word)


def test_a_decisions_table_built_with_another_harper_version_is_ignored(monkeypatch):
    monkeypatch.setattr(gb, "harper_version", lambda: "0.0.0-other")
    assert gb.spelling_decisions() is None


def test_decisions_table_round_trip(tmp_path, monkeypatch):
    decided = {"colour": (False, True, ("color",)), "teh": (True, True, ("the", "tech", "ten")),
               "zyx": (True, True, ())}
    path = tmp_path / "d.bin"
    assert gb.write_spelling_decisions(path, decided) == 3
    monkeypatch.setattr(gb, "SPELLING_DECISIONS", "unused")
    import importlib.resources as resources

    class Files:
        def joinpath(self, _):
            return path

    monkeypatch.setattr(resources, "files", lambda _pkg: Files())
    table = gb.spelling_decisions()
    assert {w: table.get(w) for w in decided} == decided
    assert table.get("absent") is None


def test_a_full_cache_is_emptied_without_losing_the_words_asked_for(harper, monkeypatch):
    # Regression: the cache used to be cleared after the cached words of a call had been
    # found, so the answer for them raised KeyError.
    monkeypatch.setattr(gb, "SPELLING_CACHE_MAX", 2)
    harper.spelling.clear()
    harper.spell(["house", "qzxwv"])
    harper.spell(["garden"])
    got = harper.spell(["house", "qzxwv", "zzyzzq", "garden"])
    assert set(got) == {"house", "qzxwv", "zzyzzq", "garden"}
    assert got["house"][:2] == (False, False)
    assert got["zzyzzq"][:2] == (True, True)
