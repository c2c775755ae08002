import re

import pytest

from mtcheck.input import markup
from mtcheck.run.engine import Engine
from mtcheck.core.finding import Severity
from mtcheck.input.reading import load_bytes
from mtcheck.core.rule import Code, Rule, RuleOutput
from mtcheck.input.suppression import find_comments, parse


class _Words(Rule):
    """Test rule: 'kingdom' MT901, 'navy' MT902."""

    family = "MT9"
    name = "fake-words"
    codes = (Code("MT901", "kingdom", Severity.ERROR, "kingdom", "spun"),
             Code("MT902", "navy", Severity.WARNING, "navy", "spun"))
    examples = ()
    pattern = {"kingdom": "MT901", "navy": "MT902"}

    def run(self, doc):
        out = RuleOutput()
        for m in re.finditer("|".join(self.pattern), doc.text):
            out.findings.append(self.finding(self.pattern[m.group()], m.start(), m.end(), m.group(),
                                             "odd word", confidence=0.9))
        return out


class _Dating(_Words):
    """Test rule of another family: 'dating' MT801."""

    family = "MT8"
    name = "fake-dating"
    codes = (Code("MT801", "dating", Severity.ERROR, "dating", "spun"),)
    pattern = {"dating": "MT801"}


@pytest.fixture
def check(monkeypatch):
    from mtcheck.rules import registry
    monkeypatch.setattr(registry, "rule_classes", lambda: [_Words, _Dating])

    def run(text: str, path: str = "a.md"):
        report = Engine().check(load_bytes(text.encode(), path))
        return [(f.code, f.line) for f in report.findings], report.notes
    return run


ARTICLE = """\
Line one: kingdom navy dating.
<!-- mtcheck: disable MT9 -->
Line three: kingdom navy dating.
<!-- mtcheck: enable MT9 -->
Line five: kingdom navy dating.
"""


@pytest.mark.parametrize("path", ["a.md", "a.html", "a.markdown", "a.htm"])
def test_disable_family_until_enable(check, path):
    found, notes = check(ARTICLE, path)
    assert found == [("MT901", 1), ("MT902", 1), ("MT801", 1), ("MT801", 3),
                     ("MT901", 5), ("MT902", 5), ("MT801", 5)]
    assert notes == []


def test_disable_without_codes_silences_everything_to_the_end(check):
    found, _ = check("kingdom here.\n\n<!-- mtcheck: disable -->\n\nkingdom navy dating.\n\nnavy.\n")
    assert found == [("MT901", 1)]


def test_one_code_and_several_codes(check):
    found, _ = check("<!-- mtcheck: disable MT901, mt801 -->\nkingdom navy dating.\n")
    assert found == [("MT902", 2)]
    found, _ = check("<!-- mtcheck: disable MT901 MT902 -->\nkingdom navy dating.\n"
                     "<!-- mtcheck: enable MT902 -->\nkingdom navy dating.\n")
    assert found == [("MT801", 2), ("MT902", 4), ("MT801", 4)]


def test_enable_without_codes_ends_every_disable(check):
    found, notes = check("<!-- mtcheck: disable MT901 -->\n<!-- mtcheck: disable MT8 -->\nkingdom dating\n"
                         "<!-- mtcheck: enable -->\nkingdom dating\n")
    assert found == [("MT901", 5), ("MT801", 5)]
    assert notes == []


def test_disable_next_line_covers_only_the_next_non_blank_line(check):
    text = ("kingdom one\n"
            "<!-- mtcheck: disable-next-line -->\n"
            "\n"
            "<!-- mtcheck: disable-next-line MT902 -->\n"
            "kingdom navy dating\n"
            "kingdom navy dating\n")
    # The first directive skips the blank line and the comment-only line: it covers line 5 too.
    assert check(text)[0] == [("MT901", 1), ("MT901", 6), ("MT902", 6), ("MT801", 6)]


def test_disable_line_covers_the_comment_s_own_line(check):
    found, _ = check("kingdom navy <!-- mtcheck: disable-line MT901 -->\nkingdom navy\n")
    assert found == [("MT902", 1), ("MT901", 2), ("MT902", 2)]


def test_disable_file_anywhere(check):
    found, _ = check("kingdom navy dating\n\n<!-- mtcheck: disable-file MT9 -->\n")
    assert found == [("MT801", 1)]
    found, _ = check("kingdom navy dating\n<p>x</p>\n<!-- mtcheck:disable-file -->\n", "a.html")
    assert found == []


def test_mistakes_are_notes_and_silence_nothing(check):
    text = ("<!-- mtcheck: disabel MT9 -->\n"
            "kingdom\n"
            "<!-- mtcheck: disable kingdom -->\n"
            "kingdom\n"
            "<!-- mtcheck: enable MT902 -->\n"
            "<!-- just a comment, mtcheck -->\n")
    found, notes = check(text)
    assert found == [("MT901", 2), ("MT901", 4)]
    assert notes == [
        "line 1: unknown mtcheck directive 'disabel' (expected one of disable, enable, "
        "disable-next-line, disable-line, disable-file, accept)",
        "line 3: 'kingdom' in 'mtcheck: disable' is not a rule code (codes look like MT101 or MT3)",
        "line 3: 'mtcheck: disable' ignored: it names no valid code",
        "line 5: 'mtcheck: enable MT902' without a 'disable' of it before it",
    ]


def test_enabling_part_of_a_broader_disable_is_reported(check):
    found, notes = check("<!-- mtcheck: disable MT9 -->\n<!-- mtcheck: enable MT901 -->\nkingdom navy\n")
    assert found == []
    assert notes == ["line 2: 'mtcheck: enable MT901' cannot end part of 'mtcheck: disable MT9' "
                     "(line 1); end it with 'enable MT9'"]


def test_directives_inside_code_are_not_obeyed(check):
    text = ("Write `<!-- mtcheck: disable -->` to silence a file.\n\n"
            "```html\n<!-- mtcheck: disable-file -->\n```\n\n"
            "    <!-- mtcheck: disable-file -->\n\n"
            "kingdom\n")
    assert check(text)[0] == [("MT901", 9)]
    html = "<pre>&lt;!-- mtcheck: disable-file --&gt;</pre><script>/* <!-- mtcheck: disable-file --> */</script>kingdom"
    assert check(html, "a.html")[0] == [("MT901", 1)]


def test_inline_comment_inside_a_markdown_paragraph(check):
    found, _ = check("A kingdom <!-- mtcheck: disable-next-line --> word.\nkingdom navy\nkingdom\n")
    assert found == [("MT901", 1), ("MT901", 3)]


def test_plain_text_directives_through_the_markup_loader():
    text = "kingdom\n<!-- mtcheck: disable-next-line MT9 -->\nkingdom\n"
    doc = markup.load(text, "a.txt", "text", [])
    last = text.rindex("kingdom")
    assert [(s.start, s.end, codes) for s, codes in doc.suppressed] == [(last, last + 7, ("MT9",))]
    assert "mtcheck" not in doc.text


def test_parse_regions_directly():
    text = "a <!-- mtcheck: disable MT1 --> b <!-- mtcheck: enable --> c"
    regions, notes = parse(text, find_comments(text))
    assert notes == []
    assert [(text[s.start:s.end], codes) for s, codes in regions] == [(" b ", ("MT1",))]
    regions, _ = parse("x <!-- mtcheck: disable -->", find_comments("x <!-- mtcheck: disable -->"))
    assert [(s.start, s.end, codes) for s, codes in regions] == [(27, 27, ())]
    # Comments that are not directives, and a directive with no line after it.
    text = "<!-- hello -->\n<!-- mtcheck: disable-next-line -->\n"
    regions, notes = parse(text, find_comments(text))
    assert regions == [] and notes == ["line 2: 'mtcheck: disable-next-line' has no line after it"]
