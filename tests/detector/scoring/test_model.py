import json
import math
import random
import re

import pytest

from mtcheck.scoring.features import finding_features
from mtcheck.scoring.metrics import recall_at_fpr, roc_auc
from mtcheck.scoring.model import LogisticModel, fit
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


def _f(text, conf, code="MT101"):
    return Finding(code, "x", Severity.ERROR, 0, len(text), text, "m", confidence=conf)


def test_finding_features_count_distinct_strong_findings_per_kind():
    kinds = {"MT101": "spun", "MT502": "machine_translated"}
    feats = finding_features(200, [_f("a", 0.95), _f("A", 0.95), _f("b", 0.95), _f("c", 0.4),
                                   _f("d", 0.9, "MT502")], kinds)
    assert feats["findings.spun_strong_log"] == pytest.approx(math.log1p(2))
    assert feats["findings.machine_translated_strong_log"] == pytest.approx(math.log1p(1))
    assert feats["findings.spun_per_100w"] == pytest.approx(100 * (0.95 * 3 + 0.4) / 200)


def _synthetic(n=300, seed=1):
    rnd = random.Random(seed)
    rows, labels = [], []
    for i in range(n):
        label = ("human", "spun", "roundtrip")[i % 3]
        rows.append({"a.spin": rnd.gauss(3.0 if label == "spun" else 0.0, 1.0),
                     "a.mt": rnd.gauss(3.0 if label == "roundtrip" else 0.0, 1.0),
                     "a.noise": rnd.gauss(0, 1)})
        labels.append(label)
    return rows, labels


def test_fit_separates_classes_and_keeps_human_false_positives_low():
    rows, labels = _synthetic()
    model, cv = fit(rows, labels, max_fpr=0.01)
    probs = cv["cv_probabilities"]
    spun = [p[1] for p, l in zip(probs, labels) if l == "spun"]
    human_spun = [p[1] for p, l in zip(probs, labels) if l == "human"]
    assert roc_auc(spun, human_spun) > 0.95
    human_fail = sum(max(p[1], p[2]) >= model.fail_at for p, l in zip(probs, labels) if l == "human")
    assert human_fail <= 1
    # The model is plain data and round-trips through JSON with identical predictions.
    again = LogisticModel.from_json(json.loads(json.dumps(model.to_json())))
    x = {"a.spin": 4.0, "a.mt": 0.0}
    assert again.probabilities(x) == model.probabilities(x)
    assert model.probabilities(x)["spun"] > 0.9
    assert model.contributions(x, "spun")[0][0] == "a.spin"


def test_scorer_strong_fingerprints_carry_the_verdict():
    model = LogisticModel(["f"], [0.0], [1.0], [[0.0], [0.0], [0.0]],
                          [5.0, 0.0, 0.0], fail_at=0.6, suspicious_at=0.3)
    scorer = LogisticScorer(model)
    kinds = {"MT101": "spun"}
    few = scorer.score(500, [_f("kingdom media", 0.95), _f("navy cooperation", 0.95)], {}, kinds)
    assert few.verdict == "clean"
    many = scorer.score(500, [_f("kingdom media", 0.95), _f("navy cooperation", 0.95),
                              _f("dating among", 0.95)], {}, kinds)
    assert many.verdict == "spun" and many.spun >= 0.6
    assert "near-certain" in many.reasons[0]


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

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "label": "maybe"}\n')
    assert main(["evaluate", str(bad)]) == 2
    assert "unknown label" in capsys.readouterr().err


def test_inputs_are_clipped_to_the_training_range():
    rows, labels = _synthetic()
    model, _ = fit(rows, labels)
    top = max(r["a.spin"] for r in rows)
    assert model.probabilities({"a.spin": top}) == model.probabilities({"a.spin": top * 100})
