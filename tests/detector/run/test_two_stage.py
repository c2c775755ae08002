"""The engine's two-stage check: the grammar rule runs only where the other evidence is not
clearly clean (mtcheck.scoring.stages)."""

from __future__ import annotations

import json
import subprocess
import sys

from mtcheck.api import check_text, make_engine
from mtcheck.cli import main
from mtcheck.core.finding import Severity
from mtcheck.core.rule import Code, Rule, RuleOutput
from mtcheck.input.setaside import prose_document
from mtcheck.run.engine import Engine, EngineSpec, Selection
from mtcheck.scoring.model import LogisticModel
from mtcheck.scoring.stages import SKIPPED_NOTE, StageOne

TEXT = "The committee met on Monday and agreed a new budget for the schools. " * 8


class _Words(Rule):
    """Flags 'kingdom' as spinning and 'evil' as a disguised word."""

    family, name = "MT9", "words"
    codes = (Code("MT901", "kingdom", Severity.WARNING, "kingdom", "spun"),
             Code("MT902", "disguised", Severity.WARNING, "disguised", "evasion"))
    examples = ()

    def run(self, doc):
        out = RuleOutput(features={"words.n": 1.0})
        for word, code in (("kingdom", "MT901"), ("evil", "MT902")):
            at = doc.text.find(word)
            if at >= 0:
                out.findings.append(self.finding(code, at, at + len(word), word, "odd"))
        return out


class _Grammar(Rule):
    """Stands in for the grammar checker: counts its runs and its preparations."""

    family, name = "MT2", "grammar"
    codes = (Code("MT201", "agreement", Severity.WARNING, "agreement", "any"),)
    examples = ()
    runs = prepared = 0

    def prepare(self):
        type(self).prepared += 1

    def run(self, doc):
        type(self).runs += 1
        out = RuleOutput(features={"grammar.hits": 1.0}, notes=["grammar: fake backend"])
        out.findings.append(self.finding("MT201", 0, 3, doc.text[:3], "agreement"))
        return out


def _stage(p_human_logit: float) -> StageOne:
    """A stage-one model that gives every article the same probabilities."""
    model = LogisticModel(["words.n"], [0.0], [1.0], [[0.0], [0.0], [0.0]],
                          [p_human_logit, 0.0, 0.0], fail_at=0.9, suspicious_at=0.5)
    return StageOne(model, skip_below=0.05)


def _engine(monkeypatch, stage: StageOne | None) -> Engine:
    from mtcheck.rules import registry

    monkeypatch.setattr(registry, "rule_classes", lambda: [_Words, _Grammar])
    _Grammar.runs = _Grammar.prepared = 0
    return Engine(selection=Selection(), stage_one=stage)


def test_clearly_clean_article_skips_the_deferred_rule_and_says_so(monkeypatch):
    engine = _engine(monkeypatch, _stage(6.0))  # P(spun) = P(mt) = 0.0025
    assert _Grammar.prepared == 0  # nothing loaded for a rule that may not run
    report = engine.check(prose_document(TEXT))
    assert _Grammar.runs == 0
    assert report.verdict == "clean" and report.skipped_rules == ["grammar"]
    assert report.notes[-1] == SKIPPED_NOTE and "grammar: fake backend" not in report.notes
    assert report.to_dict()["skipped_rules"] == ["grammar"]
    assert not any(f.code.startswith("MT2") for f in report.findings)
    assert "grammar.hits" not in report.features


def test_article_that_is_not_clearly_clean_gets_the_full_check(monkeypatch):
    engine = _engine(monkeypatch, _stage(0.0))  # a third each: not clearly clean
    report = engine.check(prose_document(TEXT + "The kingdom spoke."))
    assert _Grammar.runs == 1 and report.skipped_rules == []
    assert "skipped_rules" not in report.to_dict()
    assert SKIPPED_NOTE not in report.notes and "grammar: fake backend" in report.notes
    assert [f.code for f in report.findings] == ["MT201", "MT901"]
    assert report.features["grammar.hits"] == 1.0
    # the full model judges it, as without a first stage
    full = _engine(monkeypatch, None).check(prose_document(TEXT + "The kingdom spoke."))
    assert (full.verdict, full.spun, full.findings, full.notes) == (
        report.verdict, report.spun, report.findings, report.notes)
    assert _Grammar.prepared == 1  # a one-stage engine prepares every rule


def test_disguised_words_always_get_the_full_check(monkeypatch):
    engine = _engine(monkeypatch, _stage(6.0))
    report = engine.check(prose_document("evil " + TEXT))
    assert _Grammar.runs == 1 and report.skipped_rules == []
    assert report.verdict == "suspicious"


def test_warming_an_engine_loads_the_deferred_rule_only_when_asked(monkeypatch):
    engine = _engine(monkeypatch, _stage(6.0))
    engine.warm()  # what a time budget does before the first file: the first stage only
    assert _Grammar.runs == 0
    engine.warm(deferred=True)  # what the worker pool does before it forks
    assert _Grammar.runs == 1
    engine.warm(deferred=True)
    engine.warm()
    assert _Grammar.runs == 1


def test_full_check_and_selecting_the_grammar_codes_turn_the_first_stage_off():
    assert EngineSpec().build().stage_one is not None
    assert EngineSpec(full_check=True).build().stage_one is None
    for select in (["MT2"], ["MT1", "MT201"], ["mt2"]):
        assert make_engine(select=select).stage_one is None
    assert make_engine(select=["MT"]).stage_one is not None
    assert make_engine(full_check=True).stage_one is None


def _clean_text(seed_path) -> str:
    return seed_path("001").read_text(encoding="utf-8")


def test_shipped_two_stage_check_skips_a_clean_seed_but_not_a_spun_one(seed_path):
    clean = check_text(_clean_text(seed_path))
    assert clean.verdict == "clean" and clean.skipped_rules == ["grammar"]
    assert SKIPPED_NOTE in clean.notes
    full = check_text(_clean_text(seed_path), full_check=True)
    assert full.verdict == "clean" and full.skipped_rules == []
    assert SKIPPED_NOTE not in full.notes
    spun_text = seed_path("004").read_text(encoding="utf-8")
    spun = check_text(spun_text)
    assert spun.verdict == "spun" and spun.skipped_rules == []
    assert "grammar.hits_per_100w" in spun.features  # the grammar rule ran
    assert spun.to_dict() == check_text(spun_text, full_check=True).to_dict()


def test_full_check_flag_and_config_key(seed_path, tmp_path, capsys):
    path = str(seed_path("001"))
    assert main(["--format", "json", "--isolated", "--exit-zero", path]) == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["skipped_rules"] == ["grammar"]
    assert main(["--format", "json", "--isolated", "--exit-zero", "--full-check", path]) == 0
    assert "skipped_rules" not in json.loads(capsys.readouterr().out)["files"][0]
    conf = tmp_path / "pyproject.toml"
    conf.write_text("[tool.mtcheck]\nfull-check = true\n")
    assert main(["--format", "json", "--config", str(conf), "--exit-zero", path]) == 0
    assert "skipped_rules" not in json.loads(capsys.readouterr().out)["files"][0]
    assert main(["--format", "json", "--config", str(conf), "--no-full-check", "--exit-zero",
                 path]) == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["skipped_rules"] == ["grammar"]


def test_a_skipped_article_never_builds_the_grammar_checker(seed_path):
    code = ("import sys, threading\n"
            "from mtcheck.api import check_path\n"
            "from mtcheck.rules import grammar_backends as g\n"
            "r = check_path(sys.argv[1])\n"
            "names = [t.name for t in threading.enumerate()]\n"
            "print(r.skipped_rules, g._HARPER is None, 'mtcheck-grammar-load' in names)\n")
    out = subprocess.run([sys.executable, "-c", code, str(seed_path("001"))], check=True,
                         capture_output=True, text=True).stdout
    assert out.split("\n")[0] == "['grammar'] True False"
