"""Long texts judged in windows (mtcheck.run.windows and the engine's use of it)."""

import re

import pytest

import mtcheck
from mtcheck.core.document import TOKEN_RE
from mtcheck.core.finding import Severity
from mtcheck.core.rule import Code, Rule, RuleOutput
from mtcheck.input.setaside import prose_document
from mtcheck.run import windows
from mtcheck.run.engine import Engine

PARAGRAPH = ("The council met on Monday and agreed a new budget for the schools of the city, "
             "after a long debate about the cost of repairs. Officials said the plan would be "
             "reviewed again in the spring, when the figures for the year are known.")  # 44 words


def _words(text: str) -> int:
    return sum(1 for m in TOKEN_RE.finditer(text) if m.lastgroup == "word")


class _Kingdom(Rule):
    """Flags every 'kingdom' (MT901) and remembers the documents it was given."""

    family = "MT9"
    name = "kingdom"
    codes = (Code("MT901", "kingdom", Severity.ERROR, "kingdom", "spun"),)
    examples = ()
    seen: list = []

    def run(self, doc):
        _Kingdom.seen.append((doc.word_count, len(doc.text)))
        out = RuleOutput(features={"kingdom.count": 1.0})
        for m in re.finditer(r"kingdom", doc.text):
            out.findings.append(self.finding("MT901", m.start(), m.end(), m.group(), "odd word",
                                             ["state"], confidence=0.95))
        return out


@pytest.fixture
def kingdom_engine(monkeypatch):
    from mtcheck.rules import registry
    monkeypatch.setattr(registry, "rule_classes", lambda: [_Kingdom])
    _Kingdom.seen = []
    return Engine()


def test_windows_cover_the_text_and_start_at_paragraphs():
    text = "\n\n".join(f"{n}. {PARAGRAPH}" for n in range(150))  # 6,600 words
    doc = prose_document(text)
    cut = windows.plan(doc)
    assert cut[0].start == 0 and cut[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(cut, cut[1:]))
    assert all(text[w.start - 2:w.start] == "\n\n" for w in cut[1:])
    assert sum(w.words for w in cut) == doc.word_count
    assert len(cut) == round(doc.word_count / windows.WINDOW_WORDS)
    assert all(abs(w.words - doc.word_count / len(cut)) <= 44 for w in cut)  # one paragraph


def test_a_text_without_paragraph_or_sentence_ends_is_cut_between_words():
    text = " ".join(f"word{chr(97 + n % 26)}" for n in range(10_000))
    doc = prose_document(text)
    cut = windows.plan(doc)
    assert sum(w.words for w in cut) == doc.word_count == 10_000
    assert all(text[w.start - 1] == " " and text[w.start] != " " for w in cut[1:])
    assert max(w.words for w in cut) <= 1.5 * windows.WINDOW_WORDS


def test_texts_up_to_the_limit_are_judged_whole():
    limit = windows.WINDOWED_ABOVE_WORDS
    words = PARAGRAPH.split()
    at_limit = " ".join(words[i % len(words)] for i in range(limit))
    assert _words(at_limit) == limit
    assert windows.plan(prose_document(at_limit)) is None
    assert len(windows.plan(prose_document(at_limit + " more"))) >= 2
    # A long text whose prose is short (most of it set aside) is judged whole too.
    urls = " ".join(f"https://example.com/{n}" for n in range(2 * limit))
    assert windows.plan(prose_document(PARAGRAPH + "\n\n" + urls)) is None


def test_a_report_below_the_limit_says_nothing_of_windows(seed):
    text = "\n\n".join([seed("001"), seed("003")] * 2)  # ~1,300 words
    report = mtcheck.check_text(text)
    assert report.window is None and "window" not in report.to_dict()
    assert not any("window" in r for r in report.reasons + report.notes)


def test_findings_in_every_window_are_at_the_files_offsets(kingdom_engine):
    # A zero-width space inside a word in the first paragraph: the rules read the normalised
    # text, shorter by one character, so every later offset is moved back for the report.
    paragraphs = [f"{n}. The kingdom media said so. {PARAGRAPH}" for n in range(120)]
    paragraphs[0] = "The bud\u200bget was agreed. " + paragraphs[0]
    text = "\n\n".join(paragraphs)
    report = kingdom_engine.check(prose_document(text))
    assert report.window is not None and report.window["of"] >= 6
    kingdoms = [m.start() for m in re.finditer("kingdom", text)]
    found = [f for f in report.findings if f.code == "MT901"]
    assert [f.start for f in found] == kingdoms
    lines = text.split("\n")
    for f in found:
        assert text[f.start:f.end] == f.text == "kingdom"
        assert lines[f.line - 1][f.column - 1:f.end_column - 1] == "kingdom"
        assert f.line == text.count("\n", 0, f.start) + 1
    # The rule was given each window as a document of its own, never the whole text.
    assert len(_Kingdom.seen) == report.window["of"]
    assert max(n for n, _ in _Kingdom.seen) <= 1.5 * windows.WINDOW_WORDS
    assert sum(n for n, _ in _Kingdom.seen) == report.words


def test_suppressions_apply_in_every_window(kingdom_engine):
    body = "\n\n".join(f"{n}. The kingdom media said so. {PARAGRAPH}" for n in range(120))
    report = kingdom_engine.check(prose_document("<!-- mtcheck: disable MT901 -->\n\n" + body))
    assert report.window["of"] >= 6
    assert report.findings == [] and report.suppressed == 120
    report = kingdom_engine.check(prose_document(
        body + "\n\n<!-- mtcheck: disable-file MT901 -->\n\n<!-- mtcheck: accept -->"))
    assert report.findings == [] and report.suppressed == 0 and report.accepted
    assert report.verdict == "not-judged"  # the only judging rule is off for the file
    half = len(body) // 2
    cut = body.index("\n\n", half)
    report = kingdom_engine.check(prose_document(
        body[:cut] + "\n\n<!-- mtcheck: disable MT901 -->\n\n" + body[cut:]))
    assert 0 < report.suppressed < 120 and len(report.findings) + report.suppressed == 120


def test_a_rule_failing_in_a_window_is_the_files_error(monkeypatch):
    class Late(_Kingdom):
        def run(self, doc):
            if "99." in doc.text:
                raise ValueError("broken")
            return super().run(doc)

    from mtcheck.rules import registry
    monkeypatch.setattr(registry, "rule_classes", lambda: [Late])
    text = "\n\n".join(f"{n}. {PARAGRAPH}" for n in range(120))
    report = Engine().check(prose_document(text, path="long.txt"))
    assert report.path == "long.txt"
    assert report.error == "internal error in rule kingdom: ValueError: broken"


def _human(seed, words: int) -> str:
    parts, n = [], 0
    while n < words:
        for prefix in ("001", "002", "003"):
            parts.append(seed(prefix))
            n += _words(parts[-1])
    return "\n\n".join(parts)


def test_a_spun_article_hidden_in_a_long_human_text_is_found(seed):
    before, after = _human(seed, 3000), _human(seed, 3000)
    text = before + "\n\n" + seed("004") + "\n\n" + after
    report = mtcheck.check_text(text)
    assert report.verdict == "spun" and report.words > 6000
    first = before.count("\n") + 3  # seed 004 starts here
    last = first + seed("004").count("\n")
    w = report.window
    assert w["line"] <= last and w["end_line"] >= first  # the window holds the spun article
    assert re.search(rf"the verdict is that of window {w['index']} \(lines {w['line']}-"
                     rf"{w['end_line']}, \d+ words\), the worst", report.reasons[0])
    assert report.to_dict()["window"] == w
    # Findings of seed 004 are reported where they are in the file.
    spun_lines = {f.line for f in report.findings if f.code.startswith("MT1")}
    assert spun_lines and all(first <= line <= last for line in spun_lines)


def test_disguised_words_anywhere_make_a_long_text_suspicious(seed):
    text = _human(seed, 3500)
    at = text.rindex(" said ") + 1
    text = text[:at] + "s\u0430id" + text[at + 4:]  # a Cyrillic letter far from the start
    report = mtcheck.check_text(text)
    assert report.window is not None
    assert report.verdict == "suspicious" and "(MT7)" in report.reasons[0]
    assert "windows of about" in report.reasons[1]
    (mt7,) = [f for f in report.findings if f.code.startswith("MT7")]
    assert mt7.start == at and mt7.text == "s\u0430id"
