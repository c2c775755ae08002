"""Property and fuzz tests (hypothesis) for arbitrary text: checking never fails, every finding
lies inside the text and names what is there, its line and column match its offsets, results are
the same on every run and for any ``--jobs``, and the JSON output always parses. Also the
Markdown and HTML loaders on arbitrary input.

Deterministic for CI: a fixed derandomized profile and no example database. The engine is built
once per process (``engine_for``) and reused: building the rules costs about a second.
"""

import contextlib
import io
import json
import os
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtcheck.cli import main
from mtcheck.input.decoding import decode
from mtcheck.input.markup import load as load_markup
from mtcheck.input.setaside import prose_document
from mtcheck.output.json import file_dict
from mtcheck.run.engine import EngineSpec, engine_for

PROFILE = dict(derandomize=True, database=None, deadline=None, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces that make rules fire (spinner phrases, numbers, foreign words, doubled words, broken
# sentences) and pieces that stress offsets (line breaks of every kind, combining marks, emoji
# sequences, right-to-left text and bidi controls, NUL, BOM, surrogate-free astral characters).
WORDS = ["the", "The", "kingdom", "media", "navy", "cooperation", "Nineteen", "Nineties", "dating",
         "among", "2", "countries", "changed", "into", "united", "states's", "chief", "best",
         "previous", "go", "to", "satellite", "tv", "for", "pc", "software", "the the", "a",
         "an", "apple", "He", "have", "during.", "Which", "1990s", "twenty-two", "Putin",
         "said", "Путин", "заявил", "El", "gobierno", "anunció", "政府", "は", "حكومة", "שלום",
         "caf\u00e9", "cafe\u0301", "e\u0301\u0301\u0301", "👍🏽", "👨‍👩‍👧", "🇬🇧", "x" * 60,
         "https://example.com/a?b=c", "mail@example.org", "Mr.", "U.S.", "e.g.", "...",
         "kingdom media", "navy cooperation", "in the Nineteen Nineties", "the best previous go to",
         "dating among the 2 countries", "changed into the united states's chief",
         "satellite tv for pc software", "The committee met on Monday and agreed a budget.",
         "El gobierno anunció hoy un nuevo plan para la educación pública.",
         "Правительство объявило о новом плане по улучшению образования."]
SEPARATORS = [" ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\u2028", "\u2029",
              "\t", "\u00a0", "\u200b", "\u200d", "\u202e", "\u202c", "\x00", "\ufeff", "\x0c",
              ". ", ", ", "! ", "? ", " - ", " — ", "\"", "“", "”", "'", "’", "(", ")", ":"]
MARKUP = ["#", "# ", "## ", "*", "**", "_", "`", "```", "~~~", "    ", "> ", "- ", "1. ", "|",
          " | ", "---", "+++", "[", "](", ")", "![", "<", ">", "</", "<p>", "</p>", "<br>",
          "<b>", "</b>", "<script>", "</script>", "<style>", "</style>", "<!--", "-->",
          "<!-- mtcheck: disable MT1 -->", "<!-- mtcheck: enable -->",
          "<!-- mtcheck: disable-next-line -->", "&amp;", "&nbsp;", "&#8217;", "&#x2019;",
          "&bogus;", "&#0;", "&#xFFFFFFFF;", "<![foo", "<!DOCTYPE x [y", "<?php", "\\",
          "<a href='x'>", "</a>", "<pre>", "</pre>", "<img alt='navy cooperation'>", "[x]: /u"]



def _joined(element, longest):
    """Strings of up to ``longest`` elements, lengths spread evenly (plain lists stay short)."""
    return st.integers(0, longest).flatmap(
        lambda n: st.lists(element, min_size=n // 2, max_size=n)).map("".join)


pieces = st.sampled_from(WORDS + SEPARATORS)
# Generated articles: mostly words and separators, with arbitrary text mixed in.
articles = _joined(st.one_of(pieces, pieces, pieces, st.text(max_size=6)), 300)
any_text = st.one_of(articles, st.text(max_size=300))
marked_up = _joined(st.one_of(pieces, st.sampled_from(MARKUP), st.sampled_from(MARKUP),
                              st.text(max_size=4)), 200)


def _engine():
    return engine_for(EngineSpec())


def _line_starts(text):
    """Independently of the engine: offsets where a line starts (after \\r\\n, \\r or \\n)."""
    starts = [0]
    i = 0
    while i < len(text):
        if text[i] == "\r" and text[i + 1:i + 2] == "\n":
            i += 2
            starts.append(i)
            continue
        if text[i] in "\r\n":
            starts.append(i + 1)
        i += 1
    return starts


def _line_col(starts, offset):
    line = max(n for n, s in enumerate(starts) if s <= offset)
    return line + 1, offset - starts[line] + 1


def _assert_findings_fit(doc, report):
    assert report.error is None, report.error
    # Findings point into the file: the text before Unicode normalisation (same offsets as the
    # source of a marked-up file).
    text, source = doc.before_normalisation, doc.file_text
    starts = _line_starts(source)
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text), (f.code, f.start, f.end, len(text))
        assert text[f.start:f.end] == f.text, (f.code, f.text)
        assert (f.line, f.column) == _line_col(starts, f.start), f
        assert (f.end_line, f.end_column) == _line_col(starts, f.end), f
    assert report.words >= 0 and report.verdict is not None
    assert 0.0 <= report.spun <= 1.0 and 0.0 <= report.machine_translated <= 1.0


def _as_json(report):
    return json.dumps(file_dict(report), sort_keys=True, ensure_ascii=False)


@settings(max_examples=400, **PROFILE)
@given(any_text)
def test_checking_arbitrary_text_never_fails_and_findings_fit_the_text(text):
    engine = _engine()
    doc = prose_document(text)
    report = engine.check(doc)
    _assert_findings_fit(doc, report)
    # Every region the document sets aside, and every prose span, lies inside the text.
    for span in doc.excluded + doc.paragraphs + doc.sentences:
        assert 0 <= span.start <= span.end <= len(doc.text)
    for t in doc.tokens:
        assert doc.text[t.start:t.end] == t.text
        start, end = doc.to_original(t.start, t.end)
        assert 0 <= start <= end <= len(text)
    # The same text checked again (warm caches, a fresh Document) gives the same report.
    assert _as_json(engine.check(prose_document(text))) == _as_json(report)
    # ... and the report always turns into JSON.
    json.loads(_as_json(report))


@settings(max_examples=300, **PROFILE)
@given(marked_up, st.sampled_from(["markdown", "html"]))
def test_markup_loaders_keep_offsets_on_arbitrary_input(text, markup):
    doc = load_markup(text, path=f"x.{markup}", markup=markup, load_notes=[])
    prose = doc.before_normalisation  # the blanked prose, at the source's offsets
    assert len(prose) == len(text) and doc.source == text
    for i, ch in enumerate(text):  # line endings are kept where they were
        if ch in "\r\n":
            assert prose[i] == ch, (i, repr(text))
    for span in doc.excluded:
        assert 0 <= span.start < span.end <= len(doc.text)
    for span, _codes in doc.suppressed:
        assert 0 <= span.start <= span.end <= len(doc.text)
    report = _engine().check(doc)
    _assert_findings_fit(doc, report)


def _run_cli(args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=80, **PROFILE)
@given(st.one_of(any_text, marked_up), st.sampled_from([".txt", ".md", ".html"]),
       st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_json_output_of_the_command_always_parses(text, suffix, encoding):
    data = text.encode(encoding, errors="replace")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "article" + suffix)
        with open(path, "wb") as fh:
            fh.write(data)
        code, out, err = _run_cli(["--format", "json", "--isolated", path])
        (report,) = json.loads(out)["files"]
        assert code in (0, 1, 2)
        if "error" in report:  # a file that cannot be read: exit 2 and one line on stderr
            assert code == 2 and err == f"{path}: error: {report['error']}\n"
            return
        # Only the notes that change how to read the result, one line each (they are also in
        # the report's notes).
        assert err == "".join(f"{path}: note: {n}\n" for n in report["notes"] if n in err)
        assert code in (0, 1)
        decoded = decode(data)[0]
        for f in report["findings"]:
            if suffix == ".txt":  # (markup: the text is the blanked prose)
                assert decoded[f["start"]:f["end"]] == f["text"]
            assert (f["line"], f["column"]) == _line_col(_line_starts(decoded), f["start"])
        code2, sarif, _ = _run_cli(["--format", "sarif", "--isolated", path])
        assert code2 == code and json.loads(sarif)["version"] == "2.1.0"


@settings(max_examples=6, **PROFILE)
@given(st.lists(st.one_of(articles, marked_up), min_size=3, max_size=5))
def test_results_are_identical_across_runs_and_jobs(texts):
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for i, text in enumerate(texts):
            path = os.path.join(d, f"{i}{('.txt', '.md', '.html')[i % 3]}")
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            paths.append(path)
        runs = [_run_cli(["--format", "json", "--isolated", "--jobs", str(jobs), *paths])
                for jobs in (1, 2, 1)]
    assert runs[0] == runs[1] == runs[2]
    assert [f["path"] for f in json.loads(runs[0][1])["files"]] == paths


ranges = st.tuples(st.integers(0, 40), st.integers(0, 8)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=300, **PROFILE)
@given(st.lists(st.tuples(ranges, st.booleans()), max_size=40))
def test_span_set_answers_like_a_list_searched_in_full(ops):
    from mtcheck.core.document import SpanSet

    plain, spans = [], SpanSet()
    for (start, end), add in ops:
        assert spans.overlaps(start, end) == any(s < end and start < e for s, e in plain)
        if add:
            plain.append((start, end))
            spans.add(start, end)


@settings(max_examples=200, **PROFILE)
@given(articles, st.lists(ranges, max_size=30))
def test_share_of_words_covered_by_findings(text, spans):
    from mtcheck.run.engine import _share_covered
    from mtcheck.core.finding import Finding, Severity

    doc = prose_document(text)
    findings = [Finding("MT501", "x", Severity.INFO, s, e, text[s:e], "") for s, e in spans]
    words = doc.words
    expected = (sum(1 for w in words if any(s <= w.start < e for s, e in spans)) / len(words)
                if spans and words else 0.0)
    assert _share_covered(doc, findings) == expected
