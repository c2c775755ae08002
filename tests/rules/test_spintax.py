"""MT104: spintax left in published text (rules/spintax.py, reported by spinner-fingerprints)."""

import json
from pathlib import Path

import pytest

from mtcheck.api import check_text
from mtcheck.input.setaside import prose_document
from mtcheck.rules.spinner_fingerprints import SpinnerFingerprints
from mtcheck.rules.spintax import find_spintax

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.mark.parametrize("text, groups", [
    ("Our {quick|fast|rapid} guide", [("quick", "fast", "rapid")]),
    ("the {best|greatest} {way|method} to", [("best", "greatest"), ("way", "method")]),
    ("{Hi|Hello}, {world|everyone}!", [("Hi", "Hello"), ("world", "everyone")]),
    ("a {|very }good day", [("very",)]),  # an optional word
    ("{in order to|to} save", [("in order to", "to")]),
    ("it is {don't|do not} know", [("don't", "do not")]),
    ("the {{best|greatest}|top} hotel", [("best", "greatest")]),  # nested: the inner group
])
def test_word_choices_in_braces_are_spintax(text, groups):
    got = find_spintax(text)
    assert [g.alternatives for g in got] == groups
    for g in got:
        assert text[g.start] == "{" and text[g.end - 1] == "}"


@pytest.mark.parametrize("text", [
    "Let S = {x | x > 0} be the set.",  # set-builder notation
    "{x | x is even}",  # a lone letter
    "{a|a}",  # nothing to choose
    "Write {{ name | upper }} in the template.",  # template filter
    "Go templates: {{.Name | lower}}.",
    "Shell: ${HOME|x} and \\{a|b\\}",
    "if (a|b) { return c; }",
    "{one two three four five six seven|eight}",  # too long for a word choice
    "{foo_bar|baz}",  # identifiers
    "{alpha|beta=2}",  # symbols
])
def test_notation_code_and_templates_are_not(text):
    assert find_spintax(text) == []


def test_the_rule_reports_each_group_with_its_alternatives_as_suggestions():
    rule = SpinnerFingerprints()
    text = "Our {quick|fast|rapid} guide shows the {best|greatest} way to save."
    out = rule.run(prose_document(text))
    got = [(f.code, f.text, f.suggestions, f.severity.value) for f in out.findings]
    assert got == [("MT104", "{quick|fast|rapid}", ("quick", "fast", "rapid"), "error"),
                   ("MT104", "{best|greatest}", ("best", "greatest"), "error")]
    assert out.features["spinner-fingerprints.hits_per_100w"] > 0


def test_spintax_in_set_aside_text_is_not_reported():
    # a fenced code block of a Markdown file is not prose
    text = "# Notes\n\nPlain prose here.\n\n```\necho {quick|fast}\n```\n"
    report = check_text(text, path="notes.md")
    assert not [f for f in report.findings if f.code == "MT104"]


def test_a_page_left_full_of_spintax_fails_as_spun():
    text = ("{Finding|Locating|Discovering} the {best|greatest|top} {hotel|lodging} in "
            "{London|the capital} {can be|is often} {hard|difficult|tricky}. "
            "{Our|This} {guide|article} {explains|shows} {how|the way} to {compare|weigh up} "
            "{prices|rates} and {book|reserve} {early|ahead}. " * 3)
    report = check_text(text)
    assert report.verdict == "spun"
    assert {f.code for f in report.findings} >= {"MT104"}


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not beside the project")
def test_no_text_of_the_development_data_or_the_genres_has_spintax():
    files = sorted(SHARED.glob("dev/*.jsonl")) + sorted(SHARED.glob("genres/*.jsonl"))
    assert files
    for path in files:
        with path.open(encoding="utf-8") as lines:  # one record a line (\n only)
            for line in lines:
                assert find_spintax(json.loads(line).get("text") or "") == [], path.name
