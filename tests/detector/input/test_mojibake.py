"""Mojibake is found with ftfy and set aside (positions keep pointing into the text as written),
with a note; clean text is left alone."""

from mtcheck.api import check_text
from mtcheck.input.decoding import mojibake
from mtcheck.input.reading import load_bytes
from mtcheck.input.setaside import prose_document


def test_words_in_the_wrong_encoding_are_found_whole():
    text = "The cafÃ© owner said itâ€™s fine.\nSecond line.\n"
    ranges, note = mojibake(text)
    assert [text[a:b] for a, b in ranges] == ["cafÃ©", "itâ€™s"]
    assert note.startswith("mojibake (text decoded in the wrong encoding) found in 2 places")
    assert "'cafÃ©', which ftfy reads as 'café'" in note


def test_bom_read_as_latin1_is_found():
    ranges, note = mojibake("\u00ff\u00feHello there.")
    assert ranges == [(0, 2)] and note


def test_clean_text_has_none_quotes_and_foreign_letters_included():
    assert mojibake("“Quoted” – ESPAÑA, château, Søren, ﬁne.\r\nNext line.") == ([], None)


def test_set_aside_with_a_note_and_offsets_unchanged():
    text = "The cafÃ© opened on Monday and itâ€™s busy."
    doc = prose_document(text)
    assert doc.text == text
    assert [(s.start, s.end, s.kind) for s in doc.excluded] == [(4, 9, "mojibake"),
                                                                 (31, 37, "mojibake")]
    assert [text[s.start:s.end] for s in doc.excluded] == ["cafÃ©", "itâ€™s"]
    assert doc.set_aside() == {"mojibake": 3}  # "it" and "s" around the garbled apostrophe
    report = check_text(text)
    assert any(n.startswith("mojibake") for n in report.notes)
    assert report.findings == []
    loaded = load_bytes(text.encode("utf-8"), "a.txt")
    assert loaded.text == text and any(n.startswith("mojibake") for n in loaded.load_notes)


def test_one_huge_line_is_compared_in_pieces():
    # The alignment of a line with its repair is quadratic, so long lines are cut into pieces;
    # the ranges still point into the text as written, wherever the pieces fall.
    from mtcheck.input.decoding import MAX_PIECE, _pieces
    clean = "The minister said the café was closed. " * 400  # ~16,000 characters, one line
    text = clean + "a cafÃ© here " + clean + "nÃ£o " + clean
    ranges, note = mojibake(text)
    assert [text[a:b] for a, b in ranges] == ["cafÃ©", "nÃ£o"]
    assert note and "2 places" in note
    # Pieces cover the line exactly, end at a space when there is one, and stay bounded.
    for line in (text, "x" * (3 * MAX_PIECE + 7), "", "short line"):
        pieces = list(_pieces(line))
        assert "".join(p for _, p in pieces) == line
        assert all(line[at:at + len(p)] == p and len(p) <= MAX_PIECE for at, p in pieces)
    assert all(p.endswith(" ") for _, p in list(_pieces(text))[:-1])
