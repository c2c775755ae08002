import json
import math
import random
import re

import pytest

from mtcheck.scoring.features import finding_features
from mtcheck.scoring.metrics import recall_at_fpr, roc_auc
from mtcheck.scoring.fitting import fit
from mtcheck.scoring.model import LogisticModel, TreeModel, model_from_json
from mtcheck.scoring.verdict import FAILING_VERDICTS, cv_assessments, verdict_for
from mtcheck.scoring.verdict import Scorer as LogisticScorer
from mtcheck.core.finding import Finding, Severity


def test_roc_auc_and_recall_at_fpr():
    assert roc_auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert roc_auc([0.1], [0.9]) == 0.0
    assert roc_auc([0.5], [0.5]) == 0.5
    neg = [i / 100 for i in range(100)]  # 0.00 .. 0.99
    # 1 % of 100 negatives may pass: threshold is the second highest negative (0.98)
    assert recall_at_fpr([0.985, 0.99, 0.5], neg, 0.01) == pytest.approx(2 / 3)
    assert math.isnan(roc_auc([], [0.1]))


def _f(text, conf, code="MT101", start=0):
    return Finding(code, "x", Severity.ERROR, start, start + len(text), text, "m", confidence=conf)


def test_finding_features_count_distinct_strong_findings_per_kind():
    kinds = {"MT101": "spun", "MT502": "machine_translated"}
    feats = finding_features(200, [_f("a", 0.95), _f("A", 0.95), _f("b", 0.95), _f("c", 0.4),
                                   _f("d", 0.9, "MT502")], kinds, {})
    assert feats["findings.spun_strong_log"] == pytest.approx(math.log1p(2))
    assert feats["findings.machine_translated_strong_log"] == pytest.approx(math.log1p(1))
    assert feats["findings.spun_per_100w"] == pytest.approx(100 * (0.95 * 3 + 0.4) / 200)


def _evidence(rows):
    """In how many places located findings support each kind: as many as the rows' located
    findings (one place each)."""
    return [(round(math.expm1(r["findings.spun_located_log"])),
             round(math.expm1(r["findings.machine_translated_located_log"]))) for r in rows]


def _synthetic(n=300, seed=1):
    """Two human genres (one with noisier measurements), spun and round-trip articles; each row
    also says how many located findings support each kind."""
    rnd = random.Random(seed)
    rows, labels, genres = [], [], []
    for i in range(n):
        label = ("human", "spun", "roundtrip")[i % 3]
        genre = ("news", "fiction")[(i // 3) % 2]
        spread = 2.0 if genre == "fiction" and label == "human" else 1.0
        located = rnd.randint(3, 9) if label != "human" else rnd.randint(0, 4)
        rows.append({"a.spin": rnd.gauss(6.0 if label == "spun" else 0.0, spread),
                     "a.mt": rnd.gauss(6.0 if label == "roundtrip" else 0.0, spread),
                     "a.noise": rnd.gauss(0, 1),
                     "findings.spun_located_log": math.log1p(located),
                     "findings.machine_translated_located_log": math.log1p(located)})
        labels.append(label)
        genres.append(genre)
    return rows, labels, genres


def test_fit_separates_classes_and_keeps_every_genre_under_the_failure_limit():
    rows, labels, genres = _synthetic()
    # One deal of the folds: its thresholds are chosen on exactly these probabilities (the
    # default takes the median over several deals; see the test below).
    model, cv = fit(rows, labels, _evidence(rows), max_fpr=0.01, genres=genres, dealings=1)
    probs = cv["cv_probabilities"]
    spun = [p[1] for p, l in zip(probs, labels) if l == "spun"]
    human_spun = [p[1] for p, l in zip(probs, labels) if l == "human"]
    assert roc_auc(spun, human_spun) > 0.95
    # The thresholds are chosen with the verdict rule itself, per genre: applied to the same
    # cross-validated probabilities, at most 1 % of each genre's humans fail.
    _, _, _, verdicts = cv_assessments(model, cv)
    for genre in ("news", "fiction"):
        judged = [v for v, l, g in zip(verdicts, labels, genres) if l == "human" and g == genre]
        assert sum(v in FAILING_VERDICTS for v in judged) <= 0.01 * len(judged)
    caught = [v for v, l in zip(verdicts, labels) if l == "spun"]
    assert sum(v == "spun" for v in caught) > 0.8 * len(caught)
    # The model is plain data and round-trips through JSON with identical predictions.
    assert isinstance(model, TreeModel)
    again = model_from_json(json.loads(json.dumps(model.to_json())))
    x = {"a.spin": 9.0, "a.mt": 0.0, "findings.spun_located_log": math.log1p(6),
         "findings.machine_translated_located_log": math.log1p(6)}
    assert again.probabilities(x) == model.probabilities(x)
    assert again.min_located == model.min_located == 3
    assert model.probabilities(x)["spun"] > 0.9
    assert model.contributions(x, "spun")[0][0] == "a.spin"


def test_a_failing_verdict_needs_located_evidence_of_its_kind():
    model = LogisticModel(["f"], [0.0], [1.0], [[0.0], [0.0], [0.0]], [0.0, 0.0, 0.0],
                          fail_at=0.6, suspicious_at=0.3)
    assert verdict_for(0.9, 0.05, 3, 0, model) == "spun"
    assert verdict_for(0.05, 0.9, 0, 3, model) == "machine-translated"
    # A high probability without enough located findings of its kind is only worth a look...
    assert verdict_for(0.9, 0.05, 2, 5, model) == "suspicious"
    # ... and with none at all, not even that.
    assert verdict_for(0.9, 0.05, 0, 0, model) == "clean"
    assert verdict_for(0.4, 0.05, 1, 0, model) == "suspicious"
    assert verdict_for(0.2, 0.05, 9, 9, model) == "clean"


def test_located_evidence_of_one_kind_only():
    from mtcheck.core.rule import Code
    from mtcheck.scoring.features import evidence_places
    narrowed = Code("MT999", "x", "warning", "x", "any", located_kind="machine_translated")
    assert narrowed.evidence_kind == "machine_translated"
    assert Code("MT998", "x", "warning", "x", "spun").evidence_kind == "spun"
    assert Code("MT997", "x", "warning", "x", "any", located=False).evidence_kind == ""
    located = {"MT999": narrowed.evidence_kind, "MT301": "any"}
    findings = [_f("aixecar", 0.7, "MT999"), _f("kingdom", 0.7, "MT301", start=30),
                _f("other", 0.7, "MT404", start=60)]
    assert evidence_places(findings, located) == (1, 2)


def test_scorer_strong_fingerprints_carry_the_verdict():
    model = LogisticModel(["f"], [0.0], [1.0], [[0.0], [0.0], [0.0]],
                          [5.0, 0.0, 0.0], fail_at=0.6, suspicious_at=0.3)
    scorer = LogisticScorer(model)
    kinds, located = {"MT101": "spun"}, {"MT101": "spun"}
    few = scorer.score(500, [_f("kingdom media", 0.95), _f("navy cooperation", 0.95)], {}, kinds,
                       located=located)
    assert few.verdict == "clean"
    many = scorer.score(500, [_f("kingdom media", 0.95), _f("navy cooperation", 0.95, start=20),
                              _f("dating among", 0.95, start=40)], {}, kinds, located=located)
    assert many.verdict == "spun" and many.spun >= 0.6
    assert "near-certain" in many.reasons[0]
    # The evidence reason names the located findings the verdict rests on.
    assert many.reasons[1].startswith("located findings of spinning in 3 places: "
                                      "'kingdom media' (MT101)")


def test_calibrate_and_evaluate_commands(tmp_path, monkeypatch, capsys):
    from mtcheck.rules import registry
    from mtcheck.cli import main
    from mtcheck.core.rule import Code, Rule, RuleOutput

    class Odd(Rule):
        """Counts the marker words of the synthetic corpus."""
        family, name = "MT9", "odd"
        codes = (Code("MT901", "odd", Severity.WARNING, "odd", "spun"),)
        examples = ()

        def run(self, doc):
            n = max(doc.word_count, 1)
            return RuleOutput(features={"odd.spin": 100 * len(re.findall(r"\bkingdom\b", doc.text)) / n,
                                        "odd.mt": 100 * len(re.findall(r"\bof the of\b", doc.text)) / n})

    monkeypatch.setattr(registry, "rule_classes", lambda: [Odd])
    rnd = random.Random(3)
    base = "The council met on Monday to discuss the budget for local schools and roads".split()
    lines = []
    for i in range(90):
        label = ("human", "spun", "roundtrip")[i % 3]
        words = base[:]
        rnd.shuffle(words)
        extra = {"human": [], "spun": ["kingdom"] * rnd.randint(1, 3),
                 "roundtrip": ["of the of"] * rnd.randint(1, 3)}[label]
        lines.append(json.dumps({"id": f"a{i}", "label": label, "text": " ".join(words + extra) + "."}))
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n")
    out = tmp_path / "scorer.json"
    assert main(["calibrate", str(corpus), "-o", str(out), "--jobs", "1"]) == 0
    printed = capsys.readouterr().out
    assert "ROC-AUC" in printed and out.exists()
    model = json.loads(out.read_text())
    assert "odd.spin" in model["features"]
    assert main(["evaluate", str(corpus), "--model", str(out), "--jobs", "1"]) == 0
    table = capsys.readouterr().out
    spun_row = next(l for l in table.splitlines() if l.startswith("spun"))
    assert float(spun_row.split()[2]) > 0.95  # ROC-AUC column

    # Trees need all three labels: without round trips, a one-line error, or a logistic model.
    two = tmp_path / "two.jsonl"
    two.write_text("\n".join(l for l in lines if '"roundtrip"' not in l) + "\n")
    assert main(["calibrate", str(two), "-o", str(out), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{two}: error: a tree scorer needs articles of all three labels")
    assert len(err.strip().splitlines()) == 1
    assert main(["calibrate", str(two), "-o", str(out), "--jobs", "1",
                 "--model-kind", "logistic"]) == 0
    assert json.loads(out.read_text())["kind"] == "logistic"
    capsys.readouterr()

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "label": "maybe"}\n')
    assert main(["evaluate", str(bad)]) == 2
    assert "unknown label" in capsys.readouterr().err


def test_inputs_are_clipped_to_the_training_range():
    rows, labels, _ = _synthetic()
    model, _ = fit(rows, labels, _evidence(rows))
    top = max(r["a.spin"] for r in rows)
    assert model.probabilities({"a.spin": top}) == model.probabilities({"a.spin": top * 100})


@pytest.mark.parametrize("kind", ["trees", "logistic"])
def test_exported_model_predicts_what_scikit_learn_predicts(kind):
    import numpy as np

    from mtcheck.scoring.fitting import classifier

    rows, labels, genres = _synthetic()
    model, _ = fit(rows, labels, _evidence(rows), genres=genres, kind=kind)
    assert model_from_json(model.to_json()).to_json()["kind"] == kind
    X = np.array([[r.get(k, 0.0) for k in model.features] for r in rows])
    y = np.array([("human", "spun", "roundtrip").index(label) for label in labels])
    if kind == "logistic":
        X = (X - np.array(model.mean)) / np.array(model.scale)
    expected = classifier(kind).fit(X, y).predict_proba(X)
    got = [[model.probabilities(r)[c] for c in ("human", "spun", "machine_translated")]
           for r in rows]
    assert np.abs(expected - np.array(got)).max() < 1e-6


def test_tree_contributions_add_up_to_the_log_odds_and_name_the_deciding_feature():
    rows, labels, genres = _synthetic()
    model, _ = fit(rows, labels, _evidence(rows), genres=genres)
    for row in rows[:30]:
        p = model.probabilities(row)
        for cls in ("spun", "machine_translated"):
            parts = model.contributions(row, cls)
            total = sum(v for _, v in parts) + model.intercept_difference(cls)
            assert math.isclose(total, math.log(p[cls] / p["human"]), abs_tol=1e-9)
    spun_row = next(r for r, label in zip(rows, labels) if label == "spun" and r["a.spin"] > 6)
    assert model.contributions(spun_row, "spun")[0][0] == "a.spin"
    mt_row = next(r for r, label in zip(rows, labels) if label == "roundtrip" and r["a.mt"] > 6)
    assert model.contributions(mt_row, "machine_translated")[0][0] == "a.mt"


def test_trees_need_all_three_labels_and_unknown_kinds_are_refused():
    rows, labels, genres = _synthetic()
    two = [(r, label) for r, label in zip(rows, labels) if label != "roundtrip"]
    with pytest.raises(ValueError, match="all three labels"):
        fit([r for r, _ in two], [label for _, label in two], _evidence([r for r, _ in two]))
    model, _ = fit([r for r, _ in two], [label for _, label in two], _evidence([r for r, _ in two]),
                   kind="logistic")
    assert isinstance(model, LogisticModel)
    with pytest.raises(ValueError, match="unknown scorer model kind"):
        model_from_json({**model.to_json(), "kind": "forest"})
    # Files written before the kind field existed are logistic models.
    legacy = {k: v for k, v in model.to_json().items() if k != "kind"}
    assert isinstance(model_from_json(legacy), LogisticModel)


def test_the_evidence_gate_counts_places_not_codes():
    model = LogisticModel(["f"], [0.0], [1.0], [[0.0], [0.0], [0.0]],
                          [0.0, 5.0, 0.0], fail_at=0.6, suspicious_at=0.3)
    kinds = {"MT101": "spun", "MT301": "any"}
    located = dict(kinds)
    # Two codes on the same words are one place: three codes' findings in two places do not
    # carry a failing verdict ...
    piled = [_f("kingdom media", 0.7), _f("kingdom", 0.5, "MT301"),
             _f("navy cooperation", 0.7, start=20)]
    out = LogisticScorer(model).score(500, piled, {}, kinds, located=located)
    assert out.verdict == "suspicious"
    assert out.reasons[0].startswith("located findings of spinning in 2 places (3 distinct "
                                     "findings) (a failing verdict needs 3): ")
    # ... a third place does, and the reason says both counts.
    out = LogisticScorer(model).score(500, piled + [_f("dating among", 0.7, start=40)], {}, kinds,
                                      located=located)
    assert out.verdict == "spun"
    assert out.reasons[0].startswith("located findings of spinning in 3 places (4 distinct "
                                     "findings): 'kingdom media' (MT101)")
    # One wording found in three places is evidence in three places (named once).
    again = [_f("kingdom media", 0.7, start=s) for s in (0, 30, 60)]
    out = LogisticScorer(model).score(500, again, {}, kinds, located=located)
    assert out.verdict == "spun"
    assert out.reasons[0] == ("located findings of spinning in 3 places (1 distinct finding): "
                              "'kingdom media' (MT101)")
    apart = [_f("kingdom media", 0.7), _f("navy cooperation", 0.7, start=20),
             _f("dating among", 0.7, start=40)]
    out = LogisticScorer(model).score(500, apart, {}, kinds, located=located)
    assert out.reasons[0].startswith("located findings of spinning in 3 places: ")


def test_thresholds_are_the_median_over_several_deals_of_the_folds(monkeypatch):
    from mtcheck.scoring import fitting

    rows, labels, genres = _synthetic(120)
    seen, chosen = [], iter([(0.90, 0.80, 0.50), (0.97, 0.70, 0.60), (0.70, 0.99, 0.85)])

    def fake_choose(probs, *args):
        seen.append(probs)
        return next(chosen)

    monkeypatch.setattr(fitting, "choose_thresholds", fake_choose)
    groups = [f"article-{i // 3}" for i in range(len(rows))]
    model, cv = fit(rows, labels, _evidence(rows), genres=genres, groups=groups, dealings=3)
    assert (model.fail_at, model.fail_at_mt) == (0.90, 0.80)
    assert model.suspicious_at == 0.60  # the median of 0.5, 0.6, 0.85, below both thresholds
    assert len(seen) == 3 and seen[0] != seen[1] != seen[2]  # the folds were dealt differently
    assert cv["cv_probabilities"] == seen[0]  # the evaluation sees the first (unshuffled) deal


def test_balanced_genres_weigh_each_human_genre_alike(monkeypatch):
    from mtcheck.scoring import fitting

    rows, labels, genres = _synthetic(150)
    genres = ["fiction" if label == "human" and i % 4 == 0 else "news"
              for i, label in enumerate(labels)]  # news: 3 in 4 humans
    seen = []

    class Recording:
        def __init__(self, inner):
            self.inner = inner

        def fit(self, X, y, sample_weight=None):
            seen.append(sample_weight)
            self.inner.fit(X, y, sample_weight=sample_weight)
            self.classes_ = self.inner.classes_
            return self

        def __getattr__(self, name):
            return getattr(self.inner, name)

    real = fitting.classifier
    monkeypatch.setattr(fitting, "classifier", lambda kind, C=0.5: Recording(real(kind, C)))
    fit(rows, labels, _evidence(rows), genres=genres, dealings=1, kind="logistic",
        balance_genres=True)
    weights = seen[-1]  # the final fit, on every row
    totals = {}
    for w, label, g in zip(weights, labels, genres):
        if label == "human":
            totals[g] = totals.get(g, 0.0) + w
        else:
            assert w == 1.0
    assert len(totals) == 2 and abs(totals["news"] - totals["fiction"]) < 1e-9
    assert abs(sum(totals.values()) - labels.count("human")) < 1e-9
    fit(rows, labels, _evidence(rows), genres=genres, dealings=1, kind="logistic")
    assert seen[-1] is None  # unweighted by default
