"""The stage-one model of the two-stage check and its skip threshold."""

from __future__ import annotations

import json
import math
import random

from mtcheck.core.finding import Finding, Severity
from mtcheck.scoring.fitting import fit
from mtcheck.scoring.model import default_model
from mtcheck.scoring.stages import (
    SKIP_MARGIN,
    StageOne,
    default_stage_one,
    fit_stage_one,
    load_stage_one,
    skip_threshold,
    stage_one_path,
    without_deferred,
)
from mtcheck.scoring.verdict import Assessment, cv_assessments


def _f(code, start=0):
    return Finding(code, "x", Severity.WARNING, start, start + 3, "abc", "m", confidence=0.6)


def test_without_deferred_drops_the_grammar_rule_features_and_mt2_findings():
    feats = {"grammar.hits_per_100w": 1.0, "grammar-like.x": 2.0, "spinner-fingerprints.h": 3.0}
    findings = [_f("MT201"), _f("MT101"), _f("MT204", 5)]
    kept, left = without_deferred(feats, findings)
    assert kept == {"grammar-like.x": 2.0, "spinner-fingerprints.h": 3.0}
    assert [f.code for f in left] == ["MT101"]
    # the cached form of findings (code first) too
    assert without_deferred({}, [["MT202", 0.5], ["MT301", 0.5]])[1] == [["MT301", 0.5]]


def test_stage_one_file_sits_beside_its_scorer():
    assert stage_one_path("models/my.json") == "models/my.stage1.json"
    assert stage_one_path("scorer.json") == "scorer.stage1.json"


def test_shipped_stage_one_model_is_the_full_one_without_the_grammar_rule():
    stage, full = default_stage_one(), default_model()
    assert stage is not None and stage.rule == "grammar" and stage.codes == "MT2"
    assert not [f for f in stage.model.features if f.startswith("grammar.")]
    assert any(f.startswith("grammar.") for f in full.features)
    assert set(stage.model.features) <= set(full.features)
    assert stage.model.to_json()["kind"] == full.to_json()["kind"] == "trees"
    # fitted by the same command, on the same articles, as the full model
    assert stage.model.meta["fitted_by"] == full.meta["fitted_by"]
    assert stage.model.meta["trained_on"] == full.meta["trained_on"]
    # a skip threshold well below anything the verdict rule flags
    assert 0 < stage.skip_below < full.suspicious_at
    assert StageOne.from_json(json.loads(json.dumps(stage.to_json()))).to_json() == stage.to_json()


def test_skip_threshold_is_a_margin_below_the_lowest_flagged_article():
    cv = {"cv_probabilities": [[0.9, 0.05, 0.05], [0.5, 0.3, 0.2], [0.7, 0.1, 0.2],
                               [0.98, 0.01, 0.01]],
          "strong": [0, 0, 0, 0], "words": [400] * 4}
    model = default_model()
    # the second and third articles are flagged by the full analysis: the lowest of their
    # stage-one probabilities (max of spun and machine-translated) is 0.2
    t = skip_threshold(cv, ["clean", "suspicious", "spun", "clean"], model)
    assert math.isclose(t, SKIP_MARGIN * 0.2)
    assert math.isclose(skip_threshold(cv, ["clean"] * 4, model, margin=1.0), 1.0)


def _synthetic(n=300, seed=2):
    """Human, spun and round-trip rows where a grammar feature adds to the evidence."""
    rnd = random.Random(seed)
    rows, labels, evidence = [], [], []
    for i in range(n):
        label = ("human", "spun", "roundtrip")[i % 3]
        located = rnd.randint(3, 9) if label != "human" else rnd.randint(0, 3)
        rows.append({"a.spin": rnd.gauss(3.0 if label == "spun" else 0.0, 1.5),
                     "a.mt": rnd.gauss(3.0 if label == "roundtrip" else 0.0, 1.5),
                     "grammar.hits": rnd.gauss(2.0 if label != "human" else 0.0, 1.0),
                     "findings.spun_located_log": math.log1p(located),
                     "findings.machine_translated_located_log": math.log1p(located)})
        labels.append(label)
        evidence.append((located, located))  # one place per located finding
    return rows, labels, evidence


def test_fitted_stage_one_skips_no_training_article_the_full_model_flags():
    rows, labels, evidence = _synthetic()
    groups = [str(i // 3) for i in range(len(rows))]
    full, full_cv = fit(rows, labels, evidence, groups=groups)
    verdicts = cv_assessments(full, full_cv)[3]
    stage_rows = [without_deferred(r, [])[0] for r in rows]
    stage = fit_stage_one(stage_rows, labels, verdicts, located=evidence, groups=groups)
    assert "grammar.hits" not in stage.model.features
    # the same inner folds as the full model: its out-of-fold probabilities are reproduced
    _, stage_cv = fit(stage_rows, labels, evidence, groups=groups)
    for p, verdict in zip(stage_cv["cv_probabilities"], verdicts):
        if verdict != "clean":
            assert max(p[1], p[2]) * SKIP_MARGIN >= stage.skip_below
    assert stage.skip_below > 0
    # and some clearly human article is skipped
    assert any(max(p[1], p[2]) < stage.skip_below for p in stage_cv["cv_probabilities"])


def test_skips_only_a_clean_low_verdict_without_evasion(tmp_path):
    stage = StageOne(default_model(), 0.05)
    kinds = {"MT701": "evasion", "MT101": "spun"}
    assert stage.skips(Assessment(0.01, 0.02, "clean"), [_f("MT101")], kinds)
    assert not stage.skips(Assessment(0.01, 0.06, "clean"), [], kinds)
    assert not stage.skips(Assessment(0.01, 0.01, "not-english"), [], kinds)
    assert not stage.skips(Assessment(0.01, 0.01, "clean"), [_f("MT701")], kinds)
    # a scorer file without a stage-one file beside it: no two-stage check
    assert load_stage_one(str(tmp_path / "scorer.json")) is None
    (tmp_path / "scorer.stage1.json").write_text(json.dumps(stage.to_json()))
    assert load_stage_one(str(tmp_path / "scorer.json")).skip_below == 0.05
