import re

from mtcheck.input.setaside import prose_document
from mtcheck.run.engine import Engine, Selection
from mtcheck.core.finding import Severity
from mtcheck.core.rule import Code, Rule, RuleOutput


class _Fake(Rule):
    """A rule for engine tests: flags the word 'kingdom' (MT901) and 'navy' (MT902)."""

    family = "MT9"
    name = "fake"
    codes = (Code("MT901", "fake-kingdom", Severity.ERROR, "kingdom", "spun"),
             Code("MT902", "fake-navy", Severity.WARNING, "navy", "spun"))
    examples = ()

    def run(self, doc):
        out = RuleOutput(features={"fake.count": 1.0})
        for m in re.finditer(r"kingdom|navy", doc.text):
            code = "MT901" if m.group() == "kingdom" else "MT902"
            out.findings.append(self.finding(code, m.start(), m.end(), m.group(), "odd word",
                                             ["state"], confidence=0.95))
        return out


def _engine(monkeypatch, **sel):
    from mtcheck.rules import registry
    monkeypatch.setattr(registry, "rule_classes", lambda: [_Fake])
    return Engine(selection=Selection(**sel))


def test_selection_by_prefix_and_specific_select_beats_broad_ignore():
    s = Selection(select=("MT",), ignore=("MT9",))
    assert not s.enabled("MT901")
    assert s.enabled("MT101")
    s = Selection(select=("MT",), ignore=("MT3",))
    assert not s.enabled("MT301") and s.enabled("MT201")
    s = Selection(select=("MT",  "MT301"), ignore=("MT3",))
    assert s.enabled("MT301") and not s.enabled("MT302")
    assert not Selection(select=("MT1",)).enabled("MT201")


def test_engine_locates_findings_and_filters_by_code(monkeypatch):
    doc = prose_document("Intro line.\n\nThe kingdom media and navy cooperation.")
    report = _engine(monkeypatch).check(doc)
    assert [(f.code, f.line, f.column) for f in report.findings] == [("MT901", 3, 5), ("MT902", 3, 23)]
    assert report.features["fake.count"] == 1.0
    only = _engine(monkeypatch, select=("MT",), ignore=("MT902",)).check(doc)
    assert [f.code for f in only.findings] == ["MT901"]


def test_engine_drops_findings_in_excluded_regions(monkeypatch):
    body = " ".join(["The kingdom media spoke to the officials about the new budget today."] * 10)
    thread = ("Notify of\n\nJane Doe\nJune 18, 2024 8:05 am\n\nnavy kingdom\n\n"
              "John Roe\nJune 18, 2024 9:05 am\n\nkingdom again\n")
    doc = prose_document(body + "\n\nRelated Articles\n\n" + thread)
    report = _engine(monkeypatch).check(doc)
    assert [f.text for f in report.findings] == ["kingdom"] * 10
    assert report.set_aside["comments"] >= 2 * 6  # names, stamps and posts


def test_a_failing_rule_is_a_one_line_file_error_not_a_crash(monkeypatch):
    class Broken(_Fake):
        def run(self, doc):
            raise FileNotFoundError("missing data\nsecond line")

    from mtcheck.rules import registry
    monkeypatch.setattr(registry, "rule_classes", lambda: [Broken])
    report = Engine().check(prose_document("Some text."))
    assert report.error == "internal error in rule fake: FileNotFoundError: missing data"


def test_mostly_foreign_text_is_not_english_rather_than_translated(monkeypatch):
    class Foreign(_Fake):
        codes = (Code("MT901", "foreign", Severity.INFO, "foreign text", "foreign"),)

        def run(self, doc):
            start = doc.text.index("Dies")
            return RuleOutput([self.finding("MT901", start, len(doc.text), doc.text[start:], "German")])

    from mtcheck.rules import registry
    monkeypatch.setattr(registry, "rule_classes", lambda: [Foreign])
    engine = Engine()
    mostly = engine.check(prose_document("Hello there. Dies ist ein ganz anderer Text auf Deutsch."))
    assert mostly.verdict == "not-english"
    assert "not English" in mostly.reasons[0]
    little = engine.check(prose_document(
        "The council met on Monday and agreed on a new budget for the schools of the city. "
        "Dies ist kurz."))
    assert little.verdict != "not-english"
