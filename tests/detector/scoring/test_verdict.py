"""The verdict module: the reasons are computed from the same clipped, standardised numbers as the
probabilities, so their log-odds add up to the model's."""

import math

from mtcheck.api import check_path
from mtcheck.core.merge import constituents
from mtcheck.rules import registry
from mtcheck.scoring.features import finding_features
from mtcheck.scoring.model import CLASSES, LogisticModel, default_model
from mtcheck.scoring.verdict import STRONG_FLOOR, Scorer, floored, verdict_for


def _log_odds(model: LogisticModel, feats: dict, cls: str) -> float:
    p = model.probabilities(feats)
    return math.log(p[cls] / p["human"])


def test_contributions_sum_to_the_model_log_odds_with_clipping():
    model = LogisticModel(features=["a", "b"], mean=[1.0, 0.0], scale=[2.0, 1.0],
                          coef=[[0.0, 0.0], [1.5, -0.5], [0.2, 2.0]], intercept=[0.1, -1.0, -2.0],
                          lo=[0.0, 0.0], hi=[3.0, 1.0])
    feats = {"a": 50.0, "b": -4.0}  # both far outside the training range: clipped to 3 and 0
    for cls in ("spun", "machine_translated"):
        parts = model.contributions(feats, cls)
        total = sum(push for _, push in parts) + model.intercept_difference(cls)
        assert math.isclose(total, _log_odds(model, feats, cls), rel_tol=1e-12, abs_tol=1e-12)
    # The clipped value, not the raw one: a = 3 -> (3 - 1) / 2 = 1 standard deviation.
    assert dict(model.contributions(feats, "spun"))["a"] == 1.5


def test_shipped_model_reasons_match_its_log_odds_on_a_seed(seed_path):
    model = default_model()
    report = check_path(str(seed_path("004")))
    codes = [c for _, c in registry.all_codes()]
    kinds = {c.code: c.kind for c in codes}
    located = {c.code: c.evidence_kind for c in codes if c.located}
    feats = {**report.features, **finding_features(report.words, constituents(report.findings),
                                                   kinds, located)}
    for cls in ("spun", "machine_translated"):
        total = sum(p for _, p in model.contributions(feats, cls)) + model.intercept_difference(cls)
        assert math.isclose(total, _log_odds(model, feats, cls), rel_tol=1e-9, abs_tol=1e-9)
    # Every "+x log-odds" printed is one of those contributions (rounded to 0.1).
    pushes = {round(p, 1) for _, p in model.contributions(feats, "spun")}
    printed = [r for r in report.reasons if "log-odds" in r]
    assert printed
    for reason in printed:
        assert float(reason.rsplit("(+", 1)[1].split(" ")[0]) in pushes


def test_near_certain_floor_and_thresholds():
    assert floored(0.1, STRONG_FLOOR, 0.7) == 0.7
    assert floored(0.1, STRONG_FLOOR - 1, 0.7) == 0.1
    assert floored(0.9, STRONG_FLOOR, 0.7) == 0.9
    # In a long text the floor needs one fingerprint per 1,000 words: three scattered through a
    # book-length human text do not fail it, five in 5,000 words do.
    assert floored(0.1, STRONG_FLOOR, 0.7, words=800) == 0.7
    assert floored(0.1, STRONG_FLOOR, 0.7, words=5000) == 0.1
    assert floored(0.1, 5, 0.7, words=5000) == 0.7
    model = LogisticModel(["f"], [0.0], [1.0], [[0.0], [0.0], [0.0]], [0.0, 0.0, 0.0],
                          fail_at=0.5, suspicious_at=0.2)
    assert verdict_for(0.8, 0.1, 3, 3, model) == "spun"
    assert verdict_for(0.1, 0.8, 3, 3, model) == "machine-translated"
    assert verdict_for(0.3, 0.1, 3, 3, model) == "suspicious"
    assert verdict_for(0.1, 0.1, 3, 3, model) == "clean"
    assert CLASSES[0] == "human"


def test_not_english_overrides_the_verdict():
    model = default_model()
    out = Scorer(model).score(300, [], {}, {}, foreign_share=0.8)
    assert out.verdict == "not-english"
    assert out.reasons[0].startswith("80% of the prose is not English")
