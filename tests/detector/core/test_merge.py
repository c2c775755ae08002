"""One finding per suspicious span (mtcheck.core.merge) and its place in the engine."""

from mtcheck.api import check_text
from mtcheck.core.finding import Finding, Severity
from mtcheck.core.merge import constituents, merge


def _f(code, start, end, text, suggestions=(), confidence=0.5, **evidence):
    return Finding(code=code, rule=code.lower(), severity=Severity.WARNING, start=start, end=end,
                   text=text[start:end], message=f"{code} message", suggestions=suggestions,
                   evidence=evidence, confidence=confidence)


TEXT = "They collaborate carefully on the united states's plans."


def test_overlapping_findings_become_one_with_every_code_and_measurement():
    lexicon = _f("MT101", 5, 26, TEXT, ("collaborate closely",), 0.85, entry="x")
    slot = _f("MT301", 17, 26, TEXT, ("easy", "hard"), 0.3, gain=4.1)
    out = merge([slot, lexicon], TEXT)
    assert len(out) == 1
    m = out[0]
    assert (m.code, m.start, m.end, m.text) == ("MT101", 5, 26, "collaborate carefully")
    # The slot test's sense-confused suggestions lie inside the lexicon's span: no vote.
    assert m.suggestions == ("collaborate closely",)
    assert m.evidence["codes"] == ["MT101", "MT301"]
    assert [s["code"] for s in m.evidence["supporting"]] == ["MT101", "MT301"]
    assert m.evidence["supporting"][1]["evidence"] == {"gain": 4.1}
    assert m.message.endswith("(also MT301)")
    assert constituents(out) == sorted([slot, lexicon], key=Finding.sort_key)


def test_a_wider_finding_votes_with_its_suggestion_rewritten_to_the_whole_span():
    narrow = _f("MT302", 30, 33, TEXT, ("country",), 0.9)  # "the" as a stand-in span
    wide = _f("MT101", 30, 47, TEXT, ("the country",), 0.8)
    out = merge([narrow, wide], TEXT)
    assert len(out) == 1
    m = out[0]
    assert (m.code, m.start, m.end) == ("MT302", 30, 47)
    assert m.suggestions == ("country united states", "the country")


def test_contradicting_fix_inside_the_primary_gets_no_vote():
    phrase = _f("MT101", 30, 47, TEXT, ("the country",), 0.93)
    case = _f("MT505", 34, 47, TEXT, ("United States",), 0.5)
    poss = _f("MT201", 41, 49, TEXT, ("states'",), 0.6)
    out = merge([phrase, case, poss], TEXT)
    assert len(out) == 1
    m = out[0]
    assert (m.start, m.end, m.text) == (30, 49, "the united states's")
    assert m.suggestions == ("the country's",)
    assert m.evidence["codes"] == ["MT101", "MT201", "MT505"]


def test_separate_spans_and_passages_stay_apart():
    a = _f("MT301", 5, 16, TEXT, ("work",), 0.3)
    b = _f("MT302", 17, 26, TEXT, ("closely",), 0.6)
    passage = _f("MT401", 0, len(TEXT), TEXT, (), 0.4)
    out = merge([a, b, passage], TEXT, frozenset({"MT401"}))
    assert [(f.code, f.start, f.end) for f in out] == [
        ("MT401", 0, 56), ("MT301", 5, 16), ("MT302", 17, 26)]
    assert all(not f.supporting for f in out)


def test_engine_reports_each_span_once_and_scores_the_constituents():
    text = ("North Korea's kingdom media said the two leaders will collaborate carefully. "
            "Both international locations agreed to deepen their navy cooperation.")
    rep = check_text(text)
    spans = sorted((f.start, f.end) for f in rep.findings)
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        assert e1 <= s2, "findings overlap"
    parts = constituents(rep.findings)
    assert len(parts) >= len(rep.findings)
    by_text = {f.text: f for f in rep.findings}
    assert by_text["kingdom media"].suggestions[0] == "state media"
    assert by_text["navy cooperation"].suggestions[0] == "military cooperation"


def test_spinner_edits_on_other_words_of_the_span_are_applied_together():
    text = "It used to be founded by way of two men."
    wide = _f("MT101", 3, 21, text, ("was founded",), 0.95)
    tail = _f("MT101", 14, 31, text, ("founded by",), 0.9)
    small = _f("MT302", 22, 31, text, ("by",), 0.6)
    [m] = merge([wide, tail, small], text)
    assert (m.start, m.end, m.text) == (3, 31, "used to be founded by way of")
    assert m.suggestions[0] == "was founded by"
