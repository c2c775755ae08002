"""Mojibake is repaired before checking, with a note; clean text is left exactly as it is."""

from mtcheck.api import check_text
from mtcheck.input.decoding import repair_mojibake
from mtcheck.input.reading import load_bytes


def test_repairs_utf8_read_as_windows_1252_and_says_so():
    text, note = repair_mojibake("The cafÃ© owner said itâ€™s fine.\nSecond line.\n")
    assert text == "The café owner said it’s fine.\nSecond line.\n"
    assert note.startswith("mojibake repaired with ftfy on 1 line")


def test_bom_read_as_latin1_is_removed():
    text, note = repair_mojibake("\u00ff\u00feHello there.")
    assert (text, note) == ("Hello there.", "a byte order mark read as Latin-1 text removed")


def test_clean_text_is_untouched_quotes_and_foreign_letters_included():
    clean = "“Quoted” – ESPAÑA, château, Søren, ﬁne.\r\nNext line."
    assert repair_mojibake(clean) == (clean, None)


def test_loader_and_check_text_repair_and_note():
    doc = load_bytes("The cafÃ© opened.\n".encode("utf-8"), "a.txt")
    assert doc.text == "The café opened.\n"
    assert any(n.startswith("mojibake repaired") for n in doc.load_notes)
    report = check_text("The cafÃ© opened on Monday and itâ€™s busy.")
    assert any(n.startswith("mojibake repaired") for n in report.notes)
    assert report.findings == []
