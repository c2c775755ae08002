"""The calibrated model: a multinomial logistic regression over per-article features, and its
fitting.

Features are the rule families' own measurements (``RuleOutput.features``) plus a few derived
from the findings (:mod:`mtcheck.scoring.features`). The model is plain data (JSON: feature
names, standardisation, training range, one coefficient row per class, verdict thresholds),
committed in ``mtcheck/scoring/data/scorer.json`` and refitted with
``mtcheck calibrate LABELLED.jsonl``. What the probabilities mean for the verdict is decided in
:mod:`mtcheck.scoring.verdict`.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

CLASSES = ("human", "spun", "machine_translated")
LABEL_ALIASES = {"human": "human", "clean": "human", "spun": "spun", "roundtrip": "machine_translated",
                 "round-trip": "machine_translated", "machine_translated": "machine_translated",
                 "machine-translated": "machine_translated", "mt": "machine_translated"}
MODEL_RESOURCE = "scorer.json"


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

    def standardised(self, feats: dict[str, float]) -> list[float]:
        """The model's inputs: each feature clipped to the training range, then standardised.
        The probabilities and the per-feature contributions both use these numbers."""
        raw = [feats.get(name, 0.0) for name in self.features]
        if self.lo is not None and self.hi is not None:
            raw = [min(max(v, lo), hi) for v, lo, hi in zip(raw, self.lo, self.hi)]
        return [(v - m) / s for v, m, s in zip(raw, self.mean, self.scale)]

    def log_odds(self, x: list[float]) -> list[float]:
        """One linear score per class for standardised inputs ``x``."""
        return [b + sum(w * v for w, v in zip(row, x)) for row, b in zip(self.coef, self.intercept)]

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        z = self.log_odds(self.standardised(feats))
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        return {c: v / total for c, v in zip(CLASSES, e)}

    def contributions(self, feats: dict[str, float], cls: str) -> list[tuple[str, float]]:
        """Per-feature push towards ``cls`` relative to "human" (log-odds), largest first. With
        :meth:`intercept_difference` they sum to log(P(cls) / P(human))."""
        k, h = CLASSES.index(cls), CLASSES.index("human")
        x = self.standardised(feats)
        out = [(name, (self.coef[k][i] - self.coef[h][i]) * x[i])
               for i, name in enumerate(self.features)]
        return sorted(out, key=lambda t: -t[1])

    def intercept_difference(self, cls: str) -> float:
        return self.intercept[CLASSES.index(cls)] - self.intercept[CLASSES.index("human")]

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


@lru_cache(maxsize=1)
def default_model() -> LogisticModel:
    """The committed model (read once per process)."""
    text = resources.files(__package__).joinpath("data", MODEL_RESOURCE).read_text(encoding="utf-8")
    return LogisticModel.from_json(json.loads(text))


def load_model(path: str) -> LogisticModel:
    """A model from a JSON file (read once per process while the file stays the same)."""
    st = os.stat(path)
    return _load_model(os.path.abspath(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=16)
def _load_model(path: str, _mtime_ns: int, _size: int) -> LogisticModel:
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
