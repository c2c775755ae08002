from mtcheck.rules.sorted_lines import SortedLines
from mtcheck.rules.thesaurus import Thesaurus


def test_lookup_finds_each_key_and_only_whole_keys():
    table = SortedLines.from_text("# words=3\nb\t2\n\na b\tx\na\t1\nab\t3\n")
    assert table.value("a") == "1"
    assert table.value("a b") == "x"
    assert table.value("ab") == "3"
    assert table.value("b") == "2"
    for missing in ("", "a ", "aa", "c", "#", "# words=3"):
        assert table.value(missing) is None
    assert "ab" in table and "abc" not in table
    assert len(table) == 4
    assert table.comments == ["# words=3"]


def test_thesaurus_candidates_and_bounded_cache(monkeypatch):
    th = Thesaurus.from_dict({"state": ["country", "nation"], "go to": ["visit"]})
    monkeypatch.setattr(Thesaurus, "CACHE_LIMIT", 3)
    assert th.candidates("state") == ("country", "nation")
    assert th.candidates("go to") == ("visit",)
    assert th.candidates("kingdom") == ()
    for word in ("a", "b", "c", "d"):
        th.candidates(word)
        assert len(th._cache) <= 3
    assert th.candidates("state") == ("country", "nation")  # answered again after a clear
    assert "go to" in th and "visit" not in th
