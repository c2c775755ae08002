"""The two-stage check: expensive rules run only where the cheap evidence leaves the verdict open,
and where they run the report is the full analysis's."""

from pathlib import Path

from mtcheck.core.finding import Severity
from mtcheck.core.rule import Code, Rule, RuleOutput
from mtcheck.input.setaside import prose_document
from mtcheck.run.engine import Engine, EngineSpec
from mtcheck.scoring.gate import undecided
from mtcheck.scoring.model import default_model

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


class _Counting(Rule):
    """An expensive rule that counts its runs and flags nothing."""

    family = "MT8"
    name = "counting"
    codes = (Code("MT801", "counted", Severity.WARNING, "counted", "any"),)
    examples = ()
    expensive = True

    def __init__(self, settings=None):
        super().__init__(settings)
        self.runs = 0

    def run(self, doc):
        self.runs += 1
        return RuleOutput(features={"counting.runs": float(self.runs)})


def _report_fields(r):
    return (r.verdict, r.spun, r.machine_translated, r.words, r.reasons,
            [(f.code, f.start, f.end, f.message, f.suggestions, f.confidence) for f in r.findings],
            r.features)


def test_undecided_follows_the_suspicious_threshold():
    m = default_model()
    assert undecided(m, m.suspicious_at, 0.0)
    assert undecided(m, 0.0, min(1.0, m.suspicious_at * 2))
    assert not undecided(m, 0.0, 0.0)
    assert not undecided(m, 1e-6, 1e-6, margin=1.0)
    assert undecided(m, 1e-6, 1e-6, margin=100.0)


def test_expensive_rule_skipped_on_a_clearly_clean_text_and_run_with_full():
    text = "The council met on Monday and agreed the budget for next year. " * 20
    fast = Engine(_rules=[_Counting()])
    report = fast.check(prose_document(text))
    assert fast.rules[0].runs == 0
    assert any("counting: not run" in n for n in report.notes)
    full = Engine(_rules=[_Counting()], full=True)
    report = full.check(prose_document(text))
    assert full.rules[0].runs == 1
    assert report.features["counting.runs"] == 1.0


def test_spun_seed_gets_the_full_analysis_unchanged():
    doc = seed("004")
    fast = Engine().check(prose_document(doc))
    full = Engine(full=True).check(prose_document(doc))
    assert fast.verdict == "spun"
    assert any(f.code.startswith("MT2") for f in fast.findings)
    assert _report_fields(fast) == _report_fields(full)
    assert fast.notes == full.notes


def test_clean_seed_same_verdict_with_and_without_the_grammar_checker():
    for prefix in ("001", "003"):
        doc = seed(prefix)
        fast = Engine().check(prose_document(doc))
        full = Engine(full=True).check(prose_document(doc))
        assert fast.verdict == full.verdict == "clean"
        ran = not any(n.startswith("grammar: not run") for n in fast.notes)
        if ran:
            assert _report_fields(fast) == _report_fields(full)
        else:
            assert not any(f.code.startswith("MT2") for f in fast.findings)
            assert not any(k.startswith("grammar.") for k in fast.features)


def test_full_analysis_is_part_of_the_engine_identity():
    assert EngineSpec().key() != EngineSpec(full=True).key()
    assert EngineSpec(full=True).build().full
