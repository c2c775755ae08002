import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtcheck.input import markup
from mtcheck.run.engine import Engine
from mtcheck.core.finding import Severity
from mtcheck.input.reading import load_bytes
from mtcheck.core.rule import Code, Rule, RuleOutput

# Everything spelled "zebra..." below sits where prose must not be read from.
MARKDOWN = """\
---
title: Zebra front matter
draft: false
---
# Leaders meet in the capital

The visit was reported by the kingdom media on Tuesday, with `zebracode()` quoted.
Officials praised the [growing partnership](https://example.org/zebra-url "zebratitle") at last.
Tom &amp; Jerry&nbsp;left, don&#8217;t worry ![zebra alt](zebra.png) and <b class="zebra">bold</b> text.

## Background

- Trade rose last year.
- Talks resumed in spring.

| Year | Visits |
|------|--------|
| 2000 | one    |

```python
print("zebra fenced kingdom media")
```

    zebra indented code

<div class="zebraclass">Reporters waited &amp; watched.</div>

<!-- zebra comment -->
See [the report][ref] and <https://zebra.example.org>.

[ref]: https://example.org/zebraref "Zebra ref title"
"""

HTML = """\
<!DOCTYPE html>
<html><head><title>Zebra title</title><style>.zebra { color: red }</style>
<meta name="description" content="zebra meta"></head>
<body>
<nav><a href="/zebra">Zebra home</a></nav>
<h1>Leaders meet</h1><p>The visit was covered by the <em>kingdom media</em> on Tuesday.</p>
<script>var zebra = "<p>kingdom media</p>";</script>
<p>Tom &amp; Jerry&nbsp;left, don&#8217;t &#x41;sk <img src="zebra.png" alt="zebra alt">.</p>
<ul><li>First point</li><li>Second point</li></ul>
<pre><code>zebra code kingdom media</code></pre>
<!-- zebra comment -->
<noscript>zebra noscript</noscript>
</body></html>
"""


def _md(text):
    return markup.load(text, "a.md", "markdown", [])


def _html(text):
    return markup.load(text, "a.html", "html", [])


def _paragraphs(doc):
    return [" ".join(doc.text[p.start:p.end].split()) for p in doc.paragraphs]


@pytest.mark.parametrize("load, source", [(_md, MARKDOWN), (_html, HTML)])
def test_prose_keeps_length_lines_and_source_offsets(load, source):
    doc = load(source)
    prose = doc.before_normalisation  # the blanked text, before words split by markup are joined
    assert len(prose) == len(source)
    assert [i for i, c in enumerate(source) if c == "\n"] == \
        [i for i, c in enumerate(prose) if c == "\n" and source[i] == "\n"]
    assert all(prose[i] == "\n" for i, c in enumerate(source) if c == "\n")
    for token in doc.words:
        start, end = doc.to_original(token.start, token.end)
        if source[start] != "&" and "&" not in source[start:end] and "<" not in source[start:end]:
            assert source[start:end] == token.text  # (decoded entities are checked below)
    start = source.index("kingdom media")
    assert [(t.text, doc.to_original(t.start, t.end)[0]) for t in doc.words
            if t.text in ("kingdom", "media")][:2] == \
        [("kingdom", start), ("media", start + len("kingdom "))]


def test_markup_inside_a_word_does_not_split_it():
    html = _html("<p>The kingdom me<b>di</b>a said the na&iuml;ve co<i>oper</i>ation grew.</p>")
    assert [w.text for w in html.words] == ["The", "kingdom", "media", "said", "the", "naïve",
                                            "cooperation", "grew"]
    md = _md("The kingdom **me**dia said the *co*operation grew, see [link](http://x.org)s.")
    assert "media" in [w.text for w in md.words] and "cooperation" in [w.text for w in md.words]
    assert "links" in [w.text for w in md.words]
    assert md.obfuscations == [] and html.obfuscations == []  # markup is not obfuscation
    # A tag between two words with a space in it still separates them.
    assert [w.text for w in _html("<p>two<br/>words and <b>bold</b> text</p>").words][:2] == ["two", "words"]


@pytest.mark.parametrize("load, source", [(_md, MARKDOWN), (_html, HTML)])
def test_non_prose_gives_no_tokens(load, source):
    doc = load(source)
    words = [t.text.lower() for t in doc.tokens]
    assert not [w for w in words if "zebra" in w]
    assert "zebra" not in doc.text.lower()
    # Markup is blanked too: no tag names, attribute names, URLs or Markdown syntax left.
    for leftover in ("<", "http", "class", "href", "```", "**", "##", "|"):
        assert leftover not in doc.text
    # Only the prose copy of "kingdom media" remains (not the one in code or the script).
    assert doc.text.count("kingdom media") == 1


def test_markdown_keeps_prose_of_links_tables_and_html_blocks():
    doc = _md(MARKDOWN)
    paras = _paragraphs(doc)
    assert "Officials praised the growing partnership at last." in " ".join(paras)
    assert "See the report and ." in paras
    assert "Reporters waited & watched." in paras
    assert "Year" in paras and "Visits" in paras and "one" in paras
    year = MARKDOWN.index("2000")
    assert doc.before_normalisation[year - 2:year + 4] == "\n 2000"  # a number-only cell: prose, not a paragraph


@pytest.mark.parametrize("load, source", [(_md, MARKDOWN), (_html, HTML)])
def test_entities_are_decoded_in_place(load, source):
    doc = load(source)
    amp = source.index("&amp; Jerry")
    assert doc.before_normalisation[amp:amp + 5] == "&    "
    nbsp = source.index("&nbsp;")
    assert doc.before_normalisation[nbsp:nbsp + 6] == " " * 6
    quote = source.index("&#8217;")
    assert doc.before_normalisation[quote:quote + 7] == "’      "
    assert [t.text for t in doc.words if doc.to_original(t.start, t.end)[0] in (amp - 4, nbsp - 5)] \
        == ["Tom", "Jerry"]


def test_html_hex_entity_and_words_around_it():
    doc = _html("<p>&#x41;sk me &lt;now&gt;</p>")
    assert doc.before_normalisation.strip().startswith("A     sk me <   now>")
    assert doc.text.strip().startswith("Ask me <now>")  # entities inside words: joined, as shown


def test_markdown_headings_and_list_items_are_paragraphs_of_their_own():
    text = ("# A heading without a stop\n"
            "- first item that is long enough to look like hard-wrapped prose text\n"
            "- second item that is long enough to look like hard-wrapped prose text\n"
            "  1. nested item\n"
            "> quoted text that is long enough to look like a hard-wrapped line here\n"
            "> - quoted list item\n")
    assert _paragraphs(_md(text)) == [
        "A heading without a stop",
        "first item that is long enough to look like hard-wrapped prose text",
        "second item that is long enough to look like hard-wrapped prose text",
        "nested item",
        "quoted text that is long enough to look like a hard-wrapped line here",
        "quoted list item",
    ]
    assert _paragraphs(_md(MARKDOWN))[:2] == ["Leaders meet in the capital",
                                              "The visit was reported by the kingdom media on Tuesday, with"]


def test_html_block_elements_break_paragraphs_on_one_line():
    doc = _html("<h2>Title here</h2><p>One sentence here<br>next line</p><ul><li>a b</li><li>c d</li></ul>"
                "<table><tr><td>cell one</td><td>cell two</td></tr></table><div>inline <b>bold</b> stays</div>")
    assert _paragraphs(doc) == ["Title here", "One sentence here", "next line", "a b", "c d",
                                "cell one", "cell two", "inline bold stays"]
    source_length = len(doc.before_normalisation)
    assert doc.text.count("\n") > 0 and doc.line_col(len(doc.text)) == (1, source_length + 1)


def test_raw_html_code_in_markdown_is_set_aside():
    text = "Call <code>zebra(&amp;x)</code> then <kbd>Ctrl</kbd>+<b>C</b> and <br>go on.\n"
    doc = _md(text)
    assert _paragraphs(doc) == ["Call", "then", "+C and", "go on."]  # "+<b>C</b>" shows as "+C"
    assert doc.set_aside() == {"code": 4}  # zebra, amp, x, Ctrl


def test_markdown_tables_split_cells_and_keep_escaped_pipes():
    doc = _md("Year | Note\n---|---\nTrade | a \\| b\n")
    assert _paragraphs(doc) == ["Year", "Note", "Trade", "a | b"]


def test_set_aside_counts_code_front_matter_and_scripts():
    md = _md(MARKDOWN).set_aside()
    assert md["front-matter"] == 6  # title Zebra front matter draft false
    assert md["code"] >= 8  # zebracode, the fenced block and the indented block
    html = _html(HTML).set_aside()
    assert html["markup"] >= 3 and html["code"] == 4 and html["boilerplate"] == 2


def test_front_matter_toml_crlf_and_unclosed():
    doc = _md("+++\r\ntitle = 'Zebra'\r\n+++\r\nBody text here.\r\n")
    assert _paragraphs(doc) == ["Body text here."]
    assert doc.line_col(doc.words[0].start) == (4, 1)
    # Not closed: not front matter (a thematic break, then a paragraph).
    assert _paragraphs(_md("---\nJust text.\n")) == ["Just text."]


def test_crlf_and_nested_containers_keep_columns():
    text = "Intro line.\r\n\r\n> - quoted *item* with kingdom media\r\n"
    doc = _md(text)
    token = next(t for t in doc.words if t.text == "kingdom")
    start, end = doc.to_original(token.start, token.end)
    assert text[start:end] == "kingdom"
    assert doc.line_col(token.start) == (3, text.split("\r\n")[2].index("kingdom") + 1)


def test_plain_text_only_blanks_directives():
    text = "Plain *text* stays <b>as is</b>.\n<!-- mtcheck: disable-file -->\n"
    doc = markup.load(text, "a.txt", "text", [])
    assert doc.text.startswith("Plain *text* stays <b>as is</b>.\n")
    assert doc.text.strip() == "Plain *text* stays <b>as is</b>."
    assert doc.suppressed and doc.format == "text"


def test_parser_failure_falls_back_to_plain_text_with_a_note(monkeypatch):
    def broken(text):
        raise RuntimeError("boom")

    monkeypatch.setattr(markup, "_markdown", broken)
    doc = _md("Some text.\n")
    assert doc.format == "text" and doc.text == "Some text.\n"
    assert "could not read the file as markdown (RuntimeError: boom)" in doc.load_notes[0]


def test_broken_html_declarations_do_not_crash():
    doc = _html("<!DOCTYPE html [x> <![weird stuff> Hello <p>world")
    assert [t.text for t in doc.words] == ["Hello", "world"]
    assert doc.load_notes == []


FRAGMENTS = ["word", "Kingdom", "*em*", "**b**", "_u_", "`code`", "``a`b``", '[t](http://u.rl/x_(y) "ti")',
             "[r][ref]", "![alt](i.png)", "[![i](a.png) t](b)", "<b>", "</b>", "<br>", "<p>", "</p>", "<pre>",
             "<!-- mtcheck: disable MT1 -->", "<!--", "-->", "&amp;", "&#8217;", "&nbsp;", "&bogus;", "&", "\\*",
             "\\", "<http://a.b>", "~~s~~", "|", "\n", "\n\n", "\r\n", "\r", "\t", "# ", "- ", "1. ", "> ",
             "    ", "```\n", "---\n", "+++\n", "<div>\n", "<script>x<y</script>", '[ref]: http://r "t"\n',
             "<![x>", "<!DOCTYPE x [", "é", "日本", "  \n", "Setext\n===\n", "| a | b |\n|---|---|\n"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join),
       st.sampled_from(["markdown", "html", "text"]))
def test_any_input_keeps_length_newlines_and_source_characters(source, kind):
    doc = markup.load(source, "f", kind, [])
    prose = doc.before_normalisation  # the blanked prose, at the source's offsets
    assert len(prose) == len(source)
    assert not doc.load_notes
    for i, (p, s) in enumerate(zip(prose, source)):
        if s in "\r\n":
            assert p == s
        elif p != s and p not in " \n":  # a decoded entity sits where an '&' was
            assert "&" in source[max(0, i - 10):i + 1]
    doc.tokens, doc.sentences  # noqa: B018 - the document model accepts the prose


class _Kingdom(Rule):
    """Test rule: flags 'kingdom media' (MT901) and 'navy' (MT902)."""

    family = "MT9"
    name = "fake-kingdom"
    codes = (Code("MT901", "kingdom-media", Severity.ERROR, "kingdom media", "spun"),
             Code("MT902", "navy", Severity.WARNING, "navy", "spun"))
    examples = ()

    def run(self, doc):
        out = RuleOutput()
        for m in re.finditer(r"kingdom media|navy", doc.text):
            code = "MT901" if m.group().startswith("kingdom") else "MT902"
            out.findings.append(self.finding(code, m.start(), m.end(), m.group(), "spun phrase",
                                             ["state media"], confidence=0.95))
        return out


def _check(monkeypatch, data: str, path: str):
    from mtcheck.rules import registry
    monkeypatch.setattr(registry, "rule_classes", lambda: [_Kingdom])
    return Engine().check(load_bytes(data.encode(), path))


def _line_col(source: str, offset: int):
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


@pytest.mark.parametrize("path, source", [("article.md", MARKDOWN), ("article.html", HTML),
                                          ("article.htm", HTML.replace("\n", "\r\n"))])
def test_findings_point_at_the_phrase_in_the_original_file(monkeypatch, path, source):
    report = _check(monkeypatch, source, path)
    assert [(f.code, f.text) for f in report.findings] == [("MT901", "kingdom media")]
    finding = report.findings[0]
    at = source.index("kingdom media")
    assert (finding.line, finding.column) == _line_col(source.replace("\r\n", "\n"),
                                                       source.replace("\r\n", "\n").index("kingdom media"))
    assert source[finding.start:finding.end] == "kingdom media" and finding.start == at


def test_a_400_word_markdown_article_loads_in_linear_time(linear):
    paragraph = ("The visit was the first in years, and officials said the *two* countries would deepen "
                 "their [military cooperation](https://example.com/a) and trade. Analysts noted that "
                 "`state media` coverage was &ldquo;extensive&rdquo; and upbeat.\n\n")

    def article(n):
        return "---\ntitle: T\n---\n# Heading\n\n" + "".join(
            paragraph + ("## Section\n\n- first item\n- second item\n\n" if i % 3 == 0 else "")
            for i in range(n))

    assert 380 <= len(_md(article(14)).words) <= 460
    # CPU time for 4x the article grows about 4x (a quadratic step: 16x); no wall-clock bound.
    linear(lambda n: _md(article(n)), small=14, large=56)
