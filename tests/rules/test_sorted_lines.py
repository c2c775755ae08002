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


def test_thesaurus_answers_the_same_from_sorted_lines_and_after_switching_to_a_dict(monkeypatch):
    text = "# header\nstate\tcountry|nation\ngo to\tvisit\nkingdom\tstate|realm\n"
    monkeypatch.setattr(Thesaurus, "DICT_AFTER", 4)
    th = Thesaurus(SortedLines.from_text(text))
    asked = ["state", "go to", "visit", "kingdom", "state", "nowhere", "go to", "realm"]
    expected = [("country", "nation"), ("visit",), (), ("state", "realm"), ("country", "nation"),
                (), ("visit",), ()]
    assert [th.candidates(w) for w in asked] == expected
    assert isinstance(th._lines, dict)  # switched after four look-ups of the sorted lines
    assert th._lines == {"state": "country|nation", "go to": "visit", "kingdom": "state|realm"}
    assert "kingdom" in th and "realm" not in th and len(th) == 3
    assert SortedLines.from_text(text).as_dict() == th._lines


def test_from_file_reads_plain_and_gzip_tables_and_as_dict_agrees_with_value(tmp_path):
    import gzip

    text = "# c\nb\t2\nlone\na\t1\n"
    plain, packed = tmp_path / "t.tsv", tmp_path / "t.tsv.gz"
    plain.write_text(text, encoding="utf-8")
    packed.write_bytes(gzip.compress(text.encode("utf-8")))
    for path in (plain, packed):
        table = SortedLines.from_file(path)
        assert table.as_dict() == {"a": "1", "b": "2"}
        assert [table.value(k) for k in ("a", "b", "lone")] == ["1", "2", None]
        assert table.comments == ["# c"]
