"""Calibrated scoring: a multinomial logistic regression over per-article features.

Features are the rule families' own measurements (``RuleOutput.features``) plus a few derived
from the findings (:func:`finding_features`). The model is plain data (JSON: feature names,
standardisation, one coefficient row per class, verdict thresholds), committed in
``mtcheck/data/scorer.json`` and refitted with ``mtcheck calibrate LABELLED.jsonl``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable

from .finding import Finding
from .scoring import Assessment, Scorer, evidence_per_100_words, strong_findings, verdict_for

CLASSES = ("human", "spun", "machine_translated")
LABEL_ALIASES = {"human": "human", "clean": "human", "spun": "spun", "roundtrip": "machine_translated",
                 "round-trip": "machine_translated", "machine_translated": "machine_translated",
                 "machine-translated": "machine_translated", "mt": "machine_translated"}
MODEL_RESOURCE = "scorer.json"
# Near-certain findings (confidence >= 0.9) with distinct wording that carry a verdict on their
# own: human news almost never contains this many fingerprints.
STRONG_FLOOR = 3


def finding_features(words: int, findings: list[Finding], kinds: dict[str, str]) -> dict[str, float]:
    """Article-level features derived from the findings themselves."""
    out = {"article.log_words": math.log1p(words)}
    for kind in ("spun", "machine_translated"):
        out[f"findings.{kind}_per_100w"] = evidence_per_100_words(findings, kinds, kind, words)
        distinct = {f.text.lower() for f in strong_findings(findings, kinds, kind)}
        out[f"findings.{kind}_strong_log"] = math.log1p(len(distinct))
    return out


@dataclass
class LogisticModel:
    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[list[float]]  # one row per class in CLASSES
    intercept: list[float]
    fail_at: float = 0.5
    suspicious_at: float = 0.2
    meta: dict | None = None
    # Range of each feature in the training data: inputs are clipped to it, so an unusual text
    # cannot push the model into extrapolation no training article supports.
    lo: list[float] | None = None
    hi: list[float] | None = None

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        raw = [feats.get(name, 0.0) for name in self.features]
        if self.lo is not None and self.hi is not None:
            raw = [min(max(v, lo), hi) for v, lo, hi in zip(raw, self.lo, self.hi)]
        x = [(v - m) / s for v, m, s in zip(raw, self.mean, self.scale)]
        z = [b + sum(w * v for w, v in zip(row, x)) for row, b in zip(self.coef, self.intercept)]
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        return {c: v / total for c, v in zip(CLASSES, e)}

    def assess(self, feats: dict[str, float]) -> tuple[float, float, str, bool]:
        """Probabilities of spun and machine-translated, the verdict, and whether the
        near-certain-fingerprint floor decided it (so a lightly spun article is not averaged away)."""
        probs = self.probabilities(feats)
        p_spun, p_mt = probs["spun"], probs["machine_translated"]
        strong = round(math.expm1(feats.get("findings.spun_strong_log", 0.0)))
        floored = strong >= STRONG_FLOOR and p_spun < self.fail_at
        if floored:
            p_spun = self.fail_at
        return p_spun, p_mt, verdict_for(p_spun, p_mt, self.suspicious_at, self.fail_at), floored

    def contributions(self, feats: dict[str, float], cls: str) -> list[tuple[str, float]]:
        """Per-feature push towards ``cls`` relative to "human" (log-odds), largest first."""
        k, h = CLASSES.index(cls), CLASSES.index("human")
        out = []
        for i, name in enumerate(self.features):
            x = (feats.get(name, 0.0) - self.mean[i]) / self.scale[i]
            out.append((name, (self.coef[k][i] - self.coef[h][i]) * x))
        return sorted(out, key=lambda t: -t[1])

    def to_json(self) -> dict:
        return {"classes": list(CLASSES), "features": self.features, "mean": self.mean,
                "scale": self.scale, "coef": self.coef, "intercept": self.intercept,
                "fail_at": self.fail_at, "suspicious_at": self.suspicious_at, "lo": self.lo,
                "hi": self.hi, "meta": self.meta or {}}

    @classmethod
    def from_json(cls, data: dict) -> "LogisticModel":
        if tuple(data.get("classes", ())) != CLASSES:
            raise ValueError(f"scorer model classes must be {list(CLASSES)}")
        return cls(data["features"], data["mean"], data["scale"], data["coef"], data["intercept"],
                   data.get("fail_at", 0.5), data.get("suspicious_at", 0.2), data.get("meta"),
                   data.get("lo"), data.get("hi"))


class LogisticScorer(Scorer):
    def __init__(self, model: LogisticModel):
        self.model = model

    def score(self, words, findings, features, kinds) -> Assessment:
        feats = {**features, **finding_features(words, findings, kinds)}
        p_spun, p_mt, verdict, floored = self.model.assess(feats)
        reasons = []
        if floored:
            strong = sorted({f.text.lower() for f in strong_findings(findings, kinds, "spun")})
            reasons.append(f"{len(strong)} near-certain spinner fingerprints: " + ", ".join(strong[:5]))
        if verdict != "clean":
            reasons.extend(self._reasons(feats, "machine_translated" if p_mt > p_spun else "spun"))
        return Assessment(round(p_spun, 4), round(p_mt, 4), verdict, reasons)

    def _reasons(self, feats: dict[str, float], cls: str) -> list[str]:
        label = "spinning" if cls == "spun" else "machine translation"
        out = []
        for name, push in self.model.contributions(feats, cls)[:3]:
            if push > 0.5:
                out.append(f"{describe(name, feats.get(name, 0.0))}: points to {label} "
                           f"(+{push:.1f} log-odds)")
        return out


def describe(feature: str, value: float) -> str:
    """A feature and its value in plain words: 'rare-collocations.suspects_per_100w' ->
    'rare collocations: suspects per 100 words = 2.1'."""
    if feature.endswith("_strong_log"):  # stored as log1p(count) for the model
        kind = feature.split(".")[1].removesuffix("_strong_log")
        label = {"spun": "spinning", "machine_translated": "machine-translation"}.get(kind, kind)
        return f"{round(math.expm1(value))} distinct near-certain {label} findings"
    if feature == "article.log_words":
        return f"article length {round(math.expm1(value))} words"
    family, _, name = feature.partition(".")
    name = name.replace("_per_100w", " per 100 words").replace("_", " ")
    return f"{family.replace('-', ' ')}: {name} = {value:.3g}"


@lru_cache(maxsize=1)
def default_model() -> LogisticModel | None:
    try:
        text = resources.files("mtcheck").joinpath("data", MODEL_RESOURCE).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return None
    return LogisticModel.from_json(json.loads(text))


def load_model(path: str) -> LogisticModel:
    with open(path, encoding="utf-8") as fh:
        return LogisticModel.from_json(json.load(fh))


# -- fitting ------------------------------------------------------------------------------

def fit(rows: list[dict[str, float]], labels: list[str], max_fpr: float = 0.005,
        folds: int = 5, seed: int = 0, groups: list[str] | None = None, C: float = 0.5) -> tuple[LogisticModel, dict]:
    """Fit the model; choose the failing threshold from cross-validated probabilities so that at
    most ``max_fpr`` of the human articles fail. Returns the model and the cross-validated
    probabilities (for evaluation). Needs scikit-learn (``pip install 'mtcheck[calibrate]'``)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    names = sorted({k for r in rows for k in r})
    X = np.array([[r.get(k, 0.0) for k in names] for r in rows], dtype=float)
    y = np.array([CLASSES.index(LABEL_ALIASES[l]) for l in labels])
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    Xs = (X - mean) / scale

    def model():
        return LogisticRegression(C=C, max_iter=5000)

    cv_probs = np.zeros((len(y), len(CLASSES)))
    splitter = (GroupKFold(n_splits=folds).split(Xs, y, groups) if groups is not None
                else StratifiedKFold(folds, shuffle=True, random_state=seed).split(Xs, y))
    for train, test in splitter:
        m = model().fit(Xs[train], y[train])
        cv_probs[np.ix_(test, m.classes_)] = m.predict_proba(Xs[test])
    final = model().fit(Xs, y)
    coef = np.zeros((len(CLASSES), len(names)))
    intercept = np.full(len(CLASSES), -30.0)
    coef[final.classes_] = final.coef_
    intercept[final.classes_] = final.intercept_
    human_top = np.sort(np.max(cv_probs[y == 0][:, 1:], axis=1)) if (y == 0).any() else np.array([0.0])
    k = int(math.floor(max_fpr * len(human_top)))
    fail_at = float(max(0.5, human_top[-(k + 1)] + 1e-6)) if len(human_top) else 0.5
    fail_at = min(fail_at, 0.99)
    suspicious_at = float(min(fail_at, max(0.2, np.quantile(human_top, 0.95))))
    m = LogisticModel(names, mean.tolist(), scale.tolist(), coef.tolist(), intercept.tolist(),
                      round(fail_at, 6), round(suspicious_at, 6),
                      lo=X.min(axis=0).tolist(), hi=X.max(axis=0).tolist())
    return m, {"cv_probabilities": cv_probs.tolist(), "labels": [CLASSES[i] for i in y],
               "strong_log": [r.get("findings.spun_strong_log", 0.0) for r in rows]}


def cv_assessments(model: LogisticModel, cv: dict) -> tuple[list, list, list, list]:
    """Labels, P(spun), P(machine-translated) and verdicts of the cross-validated probabilities,
    with the same near-certain-fingerprint floor the scorer applies."""
    labels, p_spun, p_mt, verdicts = [], [], [], []
    for label, p, strong in zip(cv["labels"], cv["cv_probabilities"], cv["strong_log"]):
        s = max(p[1], model.fail_at) if round(math.expm1(strong)) >= STRONG_FLOOR else p[1]
        labels.append(label)
        p_spun.append(s)
        p_mt.append(p[2])
        verdicts.append(verdict_for(s, p[2], model.suspicious_at, model.fail_at))
    return labels, p_spun, p_mt, verdicts


# -- evaluation metrics (no dependencies) ----------------------------------------------------

def roc_auc(pos: Iterable[float], neg: Iterable[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    pos, neg = sorted(pos), sorted(neg)
    if not pos or not neg:
        return float("nan")
    import bisect
    total = 0.0
    for p in pos:
        lo = bisect.bisect_left(neg, p)
        hi = bisect.bisect_right(neg, p)
        total += lo + 0.5 * (hi - lo)
    return total / (len(pos) * len(neg))


def recall_at_fpr(pos: list[float], neg: list[float], fpr: float = 0.01) -> float:
    """Share of positives scoring above the threshold that lets at most ``fpr`` of negatives pass."""
    if not pos or not neg:
        return float("nan")
    neg = sorted(neg, reverse=True)
    k = int(math.floor(fpr * len(neg)))
    threshold = neg[k] if k < len(neg) else -math.inf
    return sum(p > threshold for p in pos) / len(pos)
