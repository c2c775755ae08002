"""Bytes to text: byte order marks, UTF-16 without one, legacy encodings, binary files."""

from __future__ import annotations

import codecs
import re

from .errors import InputError


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode bytes to text. Returns the text and notes about anything that was not clean UTF-8.

    In order: a byte order mark (UTF-8, UTF-16, UTF-32) decides; NUL bytes mean UTF-16 without
    a byte order mark when they fall on every other byte and the result is text, else a binary
    file (an :class:`InputError`); valid UTF-8 is taken as it is. Anything else is a legacy
    encoding: mostly-ASCII text (English, Western European) is read as UTF-8 whose undecodable
    bytes are Windows-1252 (a superset of Latin-1's printable characters, and the usual culprit
    for stray smart quotes); text mostly made of non-ASCII bytes (Cyrillic, Greek, CJK code
    pages) is given to ``charset-normalizer`` (deterministic), falling back to the same
    Windows-1252 reading. A decoded text that is mostly control characters is binary."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), ([] if encoding == "utf-8-sig"
                                               else [f"decoded as {encoding.upper()} (byte order mark)"])
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding.upper()} despite its byte order mark ({exc.reason})")
    if b"\x00" in data[:8192]:
        return _utf16_without_bom(data)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    return _legacy(data, bad_at)


# Decoded text with more than this share of control or replacement characters is not text.
MAX_CONTROL_SHARE = 0.1
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_NON_ASCII = bytes(range(128, 256))
_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))


def _looks_binary(text: str) -> bool:
    sample = text[:100_000]
    return bool(sample) and len(_CONTROL_RE.findall(sample)) > MAX_CONTROL_SHARE * len(sample)


def _utf16_without_bom(data: bytes) -> tuple[str, list[str]]:
    """NUL bytes on the odd (even) bytes only: UTF-16-LE (-BE) text without a byte order mark,
    if it decodes to text; anything else with NULs is binary."""
    sample = data[:8192]
    odd, even = sample[1::2], sample[0::2]
    for encoding, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= max(1, 0.05 * len(zeros)) and others.count(0) <= 0.01 * len(others):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                break
            if not _looks_binary(text):
                return text, [f"decoded as {encoding.upper()} (no byte order mark; guessed from "
                              f"its NUL bytes)"]
            break
    raise InputError("binary file (contains NUL bytes), not text")


def _cp1252_for_bad_bytes(exc: UnicodeDecodeError) -> tuple[str, int]:
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error("mtcheck-cp1252", _cp1252_for_bad_bytes)


def _legacy(data: bytes, bad_at: int) -> tuple[str, list[str]]:
    """Text that is not valid UTF-8 (``bad_at``: the first bad byte)."""
    non_ascii = len(data) - len(data.translate(None, _NON_ASCII))
    letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    bad = len(data) - len(data.decode("utf-8", errors="ignore").encode("utf-8"))
    text = note = None
    if bad > non_ascii / 2 and non_ascii > 0.3 * (non_ascii + letters):
        guess = _charset_guess(data)
        if guess is not None and not _looks_binary(guess[0]):
            text, encoding = guess
            note = (f"not UTF-8 (invalid from byte {bad_at}): decoded as {encoding}, the encoding "
                    f"charset-normalizer found most likely")
    if text is None:
        text = data.decode("utf-8", errors="mtcheck-cp1252")
        note = (f"invalid UTF-8 from byte {bad_at}: {bad} undecodable byte{'s' * (bad != 1)} "
                f"read as Windows-1252")
    if _looks_binary(text):
        raise InputError("binary file (mostly control characters in every encoding tried), not text")
    return text, [note]


def _charset_guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - installed with mtcheck
        return None
    best = from_bytes(data).best()
    if best is None or best.encoding.replace("_", "-") in ("utf-8", "ascii"):
        return None
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None



# Characters that mojibake (UTF-8 read as Windows-1252 or Latin-1) is made of; only lines that
# hold one are given to ftfy, so clean text costs one regex scan.
_MOJIBAKE_HINT = re.compile("[\u00c2\u00c3\u00c5\u00ce\u00cf\u00d0\u00d1\u00d8\u00d9\u00e2\u00ef\u00ff\u00fe\u0080-\u009f]")
# A byte order mark decoded as Windows-1252/Latin-1 at the start of a text.
_BOM_MOJIBAKE = ("\u00ef\u00bb\u00bf", "\u00ff\u00fe", "\u00fe\u00ff")
_NOT_SPACE = re.compile(r"\S+")


def mojibake(text: str) -> tuple[list[tuple[int, int]], str | None]:
    """Where the text holds mojibake ("cafÃ©", a "ÿþ" byte order mark read as Latin-1), as
    (start, end) ranges widened to whole words, and a note naming the repair (None if there is
    none).

    ``ftfy`` (encoding repairs only: quotes, ligatures, widths, line breaks and Unicode
    normalisation are left as written) finds it, line by line. The text itself is not changed,
    so every position still points into the file as written; the caller sets these words aside
    (not prose), so garbled bytes never become findings or move a verdict."""
    ranges: list[tuple[int, int]] = []
    for bom in _BOM_MOJIBAKE:
        if text.startswith(bom):
            ranges.append((0, len(bom)))
            break
    examples: list[str] = []
    ftfy = config = None
    if _MOJIBAKE_HINT.search(text):
        try:
            import ftfy
        except ImportError:  # pragma: no cover - installed with mtcheck
            ftfy = None
        if ftfy is not None:
            config = ftfy.TextFixerConfig(
                unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
                fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
                remove_control_chars=False, normalization=None, explain=False)
            pos = 0
            for line in text.splitlines(keepends=True):
                if _MOJIBAKE_HINT.search(line):
                    for at, piece in _pieces(line):
                        if _MOJIBAKE_HINT.search(piece):
                            _line_ranges(ftfy.fix_text(piece, config), piece, pos + at, ranges,
                                         examples)
                pos += len(line)
    if not ranges:
        return [], None
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for s, e in ranges:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    example = ""
    if examples:
        example = f" (e.g. '{examples[0]}', which ftfy reads as '{ftfy.fix_text(examples[0], config)}')"
    note = (f"mojibake (text decoded in the wrong encoding) found in {len(merged)} "
            f"place{'s' * (len(merged) != 1)} and set aside as not prose{example}")
    return merged, note


# Longest piece of a line compared at once: the alignment of a line with its repair is
# quadratic in its length, so a one-line megabyte must be cut (at a space where there is one).
MAX_PIECE = 4000


def _pieces(line: str):
    """(offset, piece) of ``line`` cut at spaces into pieces of at most :data:`MAX_PIECE`
    characters (a longer run without spaces is cut where the limit falls)."""
    start, n = 0, len(line)
    while start < n:
        end = min(n, start + MAX_PIECE)
        if end < n:
            cut = line.rfind(" ", start + 1, end)
            if cut > start:
                end = cut + 1
        yield start, line[start:end]
        start = end


def _line_ranges(fixed: str, line: str, pos: int, ranges: list, examples: list) -> None:
    """The words of ``line`` (at ``pos`` in the text) that ftfy changed in ``fixed``."""
    if fixed == line:
        return
    from difflib import SequenceMatcher

    words = [(m.start(), m.end()) for m in _NOT_SPACE.finditer(line)]
    for op, i1, i2, _, _ in SequenceMatcher(None, line, fixed, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        lo, hi = i1, max(i2, i1 + 1)
        for ws, we in words:  # widen to the whole words touched
            if ws < hi and lo < we:
                lo, hi = min(lo, ws), max(hi, we)
        hi = min(hi, len(line.rstrip("\r\n")) or hi)
        if hi > lo:
            ranges.append((pos + lo, pos + hi))
            if not examples:
                examples.append(line[lo:hi])
def is_important(note: str) -> bool:
    """Whether a decoding note changes how to read the result (bytes replaced, an encoding
    guessed), so the command prints it on stderr; a byte order mark or UTF-16 found from its
    NUL bytes is certain, and stays in the report's notes only."""
    return not note.startswith("decoded as UTF-")
