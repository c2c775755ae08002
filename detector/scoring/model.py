"""The calibrated models over per-article features: gradient-boosted decision trees (the shipped
scorer, :class:`TreeModel`) or a multinomial logistic regression (:class:`LogisticModel`).
Both are plain data and give the same things: three class probabilities, the verdict
thresholds, and per-feature contributions that add up to the log-odds.

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
MIN_LOCATED = 3


class Thresholds:
    """The verdict thresholds both kinds of model carry (see :mod:`mtcheck.scoring.verdict`)."""

    fail_at: float
    fail_at_mt: float | None

    def fail_threshold(self, kind: str) -> float:
        """The probability at which an article fails as ``kind`` ("spun" or
        "machine_translated"), given enough located evidence."""
        if kind == "machine_translated" and self.fail_at_mt is not None:
            return self.fail_at_mt
        return self.fail_at


def softmax(z: list[float]) -> dict[str, float]:
    top = max(z)
    e = [math.exp(v - top) for v in z]
    total = sum(e)
    return {c: v / total for c, v in zip(CLASSES, e)}


@dataclass
class LogisticModel(Thresholds):
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
    # Distinct located findings of its kind that a failing verdict needs (see verdict.py).
    min_located: int = MIN_LOCATED
    # The failing threshold of P(machine-translated), when it differs from ``fail_at`` (then the
    # threshold of P(spun)): human genres reach the two tails differently (learner essays look
    # translated more often than spun), so each kind gets the threshold its own tail allows.
    fail_at_mt: float | None = None

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
        return softmax(self.log_odds(self.standardised(feats)))

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
        return {"kind": "logistic", "classes": list(CLASSES), "features": self.features,
                "mean": self.mean, "scale": self.scale, "coef": self.coef, "intercept": self.intercept,
                "fail_at": self.fail_at, "suspicious_at": self.suspicious_at,
                "min_located": self.min_located, "fail_at_mt": self.fail_at_mt,
                "lo": self.lo, "hi": self.hi,
                "meta": self.meta or {}}

    @classmethod
    def from_json(cls, data: dict) -> "LogisticModel":
        if tuple(data.get("classes", ())) != CLASSES:
            raise ValueError(f"scorer model classes must be {list(CLASSES)}")
        return cls(data["features"], data["mean"], data["scale"], data["coef"], data["intercept"],
                   data.get("fail_at", 0.5), data.get("suspicious_at", 0.2), data.get("meta"),
                   data.get("lo"), data.get("hi"), data.get("min_located", MIN_LOCATED),
                   data.get("fail_at_mt"))


@dataclass
class TreeModel(Thresholds):
    """Gradient-boosted decision trees, one sequence of trees per class, summed into one raw
    score per class and turned into probabilities by softmax (the multinomial log-loss model of
    scikit-learn's HistGradientBoostingClassifier, exported as data by
    :func:`mtcheck.scoring.fitting.fit`).

    Each tree is a dict of node arrays: ``f`` split feature (-1 at a leaf), ``t`` threshold
    (``x <= t`` goes to ``l``, else to ``r``), ``v`` value: the leaf's score at a leaf, and at a
    split the training-count-weighted mean of the leaves below it, so the score changes along a
    path can be credited to the features split on (Saabas attribution) and add up exactly.
    A tree cannot extrapolate: an input beyond the training range lands in the outermost leaf."""

    features: list[str]
    baseline: list[float]  # one raw score per class in CLASSES before any tree
    trees: list[list[dict]]  # per class in CLASSES
    fail_at: float = 0.5
    suspicious_at: float = 0.2
    meta: dict | None = None
    min_located: int = MIN_LOCATED
    fail_at_mt: float | None = None

    def _inputs(self, feats: dict[str, float]) -> list[float]:
        return [feats.get(name, 0.0) for name in self.features]

    @staticmethod
    def _leaf(tree: dict, x: list[float]) -> int:
        f, t, left, right = tree["f"], tree["t"], tree["l"], tree["r"]
        node = 0
        while f[node] >= 0:
            node = left[node] if x[f[node]] <= t[node] else right[node]
        return node

    def raw(self, feats: dict[str, float]) -> list[float]:
        """One raw score per class (the log-odds up to a common constant)."""
        x = self._inputs(feats)
        return [b + sum(tree["v"][self._leaf(tree, x)] for tree in trees)
                for b, trees in zip(self.baseline, self.trees)]

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        return softmax(self.raw(feats))

    def _path_credit(self, k: int, x: list[float]) -> list[float]:
        credit = [0.0] * len(self.features)
        for tree in self.trees[k]:
            f, t, left, right, v = tree["f"], tree["t"], tree["l"], tree["r"], tree["v"]
            node = 0
            while f[node] >= 0:
                child = left[node] if x[f[node]] <= t[node] else right[node]
                credit[f[node]] += v[child] - v[node]
                node = child
        return credit

    def contributions(self, feats: dict[str, float], cls: str) -> list[tuple[str, float]]:
        """Per-feature push towards ``cls`` relative to "human" (log-odds), largest first. With
        :meth:`intercept_difference` they sum to log(P(cls) / P(human))."""
        x = self._inputs(feats)
        k, h = CLASSES.index(cls), CLASSES.index("human")
        mine, human = self._path_credit(k, x), self._path_credit(h, x)
        out = [(name, a - b) for name, a, b in zip(self.features, mine, human)]
        return sorted(out, key=lambda t: -t[1])

    def _bias(self, k: int) -> float:
        return self.baseline[k] + sum(tree["v"][0] for tree in self.trees[k])

    def intercept_difference(self, cls: str) -> float:
        return self._bias(CLASSES.index(cls)) - self._bias(CLASSES.index("human"))

    def to_json(self) -> dict:
        return {"kind": "trees", "classes": list(CLASSES), "features": self.features,
                "baseline": self.baseline, "trees": self.trees,
                "fail_at": self.fail_at, "suspicious_at": self.suspicious_at,
                "min_located": self.min_located, "fail_at_mt": self.fail_at_mt,
                "meta": self.meta or {}}

    @classmethod
    def from_json(cls, data: dict) -> "TreeModel":
        if tuple(data.get("classes", ())) != CLASSES:
            raise ValueError(f"scorer model classes must be {list(CLASSES)}")
        return cls(data["features"], data["baseline"], data["trees"],
                   data.get("fail_at", 0.5), data.get("suspicious_at", 0.2), data.get("meta"),
                   data.get("min_located", MIN_LOCATED), data.get("fail_at_mt"))


Model = LogisticModel | TreeModel


def model_from_json(data: dict) -> Model:
    """A model of either kind from its JSON form (``kind``: "trees" or "logistic", the default
    for files written before trees existed)."""
    kind = data.get("kind", "logistic")
    if kind == "trees":
        return TreeModel.from_json(data)
    if kind == "logistic":
        return LogisticModel.from_json(data)
    raise ValueError(f"unknown scorer model kind {kind!r} (trees, logistic)")


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The committed model (read once per process)."""
    text = resources.files(__package__).joinpath("data", MODEL_RESOURCE).read_text(encoding="utf-8")
    return model_from_json(json.loads(text))


def load_model(path: str) -> Model:
    """A model from a JSON file (read once per process while the file stays the same)."""
    st = os.stat(path)
    return _load_model(os.path.abspath(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=16)
def _load_model(path: str, _mtime_ns: int, _size: int) -> Model:
    with open(path, encoding="utf-8") as fh:
        return model_from_json(json.load(fh))
