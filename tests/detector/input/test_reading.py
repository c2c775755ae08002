import codecs

import pytest

from mtcheck.input.decoding import decode
from mtcheck.input.errors import InputError
from mtcheck.input.paths import expand_paths
from mtcheck.input.reading import load_path


def test_utf8_and_boms_decode():
    assert decode("café".encode()) == ("café", [])
    assert decode(codecs.BOM_UTF8 + "café".encode())[0] == "café"
    text, notes = decode(codecs.BOM_UTF16_LE + "café".encode("utf-16-le"))
    assert text == "café" and "UTF-16" in notes[0]


def test_invalid_utf8_is_read_as_windows_1252_with_a_note():
    text, notes = decode(b"caf\xe9 au lait")
    assert text == "caf\xe9 au lait"
    assert "invalid UTF-8 from byte 3" in notes[0] and "Windows-1252" in notes[0]


def test_binary_is_an_input_error():
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00")


def test_missing_directory_and_too_large(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_path(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        load_path(str(tmp_path))
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    with pytest.raises(InputError, match="too large"):
        load_path(str(big), max_bytes=50)


def test_directories_expand_to_sorted_text_files_and_survive_symlink_loops(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.md").write_text("z")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "skip.py").write_text("x")
    (tmp_path / "b" / "loop").symlink_to(tmp_path)
    got = expand_paths([str(tmp_path)])
    assert got == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "z.md")]
