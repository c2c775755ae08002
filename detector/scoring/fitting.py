"""Fitting the scorer: the model (gradient-boosted trees by default, or a logistic regression)
and the verdict thresholds, chosen with the verdict rule itself (:mod:`mtcheck.scoring.verdict`)
on cross-validated probabilities. Needs scikit-learn (``pip install '.[calibrate]'``); scoring
does not: the fitted model is exported as plain data."""

from __future__ import annotations

import math
from collections import Counter

from .features import strong_count, word_count
from .model import CLASSES, LABEL_ALIASES, MIN_LOCATED, LogisticModel, Model, TreeModel
from .verdict import floored


def fit(rows: list[dict[str, float]], labels: list[str], located: list[tuple[int, int]],
        max_fpr: float = 0.01, max_suspicious: float = 0.04, folds: int = 5, seed: int = 0,
        groups: list[str] | None = None, genres: list[str] | None = None, C: float = 0.5,
        min_located: int = MIN_LOCATED, kind: str = "trees",
        dealings: int = 5, balance_genres: bool = False) -> tuple[Model, dict]:
    """Fit the model and its thresholds. The thresholds come from cross-validated
    probabilities (folds by ``groups``, e.g. the original article, when given) and the verdict
    rule itself: ``fail_at`` is the lowest value at which no human genre (``genres``; one genre
    when None) has more than ``max_fpr`` of its articles fail, ``suspicious_at`` the same for
    ``max_suspicious`` of them flagged at all. ``located``: per row, in how many places located
    findings support spinning and machine translation
    (:func:`~mtcheck.scoring.features.evidence_places`), for the verdict rule's evidence gate.
    ``kind``: "trees" (gradient-boosted trees; they need all three labels) or "logistic"
    (``C``: its regularisation). ``dealings``: how many times the rows are dealt into folds
    (the first deal as given, the others shuffled by ``seed``); each threshold is the median of
    the values chosen on each deal. The tail of a genre's humans that sets a threshold is one or
    two articles, so a single deal decides it by which articles happen to share a fold (five
    deals of the same rows gave 0.931-0.982). ``balance_genres``: weigh the human texts so that
    each genre counts as much as the average one (rewritten texts weigh 1; tried, not shipped:
    README, "Measured quality"). Returns the model
    and the first deal's cross-validated probabilities (for evaluation). Needs scikit-learn."""
    import numpy as np
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    names = sorted({k for r in rows for k in r})
    X = np.array([[r.get(k, 0.0) for k in names] for r in rows], dtype=float)
    y = np.array([CLASSES.index(LABEL_ALIASES[l]) for l in labels])
    if kind == "trees" and len(set(y.tolist())) < len(CLASSES):
        raise ValueError("a tree scorer needs articles of all three labels (human, spun, "
                         "machine-translated); fit a logistic one instead")
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    # Trees split on raw values; the logistic model reads standardised ones.
    Xs = X if kind == "trees" else (X - mean) / scale

    def model():
        return classifier(kind, C)

    def deal(r: int):
        if groups is None:
            return StratifiedKFold(folds, shuffle=True, random_state=seed + r).split(Xs, y)
        if r == 0:
            return GroupKFold(n_splits=folds).split(Xs, y, groups)
        return GroupKFold(n_splits=folds, shuffle=True, random_state=seed + r).split(Xs, y, groups)

    weight = None
    if balance_genres and genres is not None:
        # Every human genre weighs as much in training as the average one: the thresholds are
        # set by each genre's own tail, and a genre with fewer texts (fiction, learner essays)
        # had less say in where the trees put the boundary than BBC news with 2.4 times more.
        weight = np.ones(len(y))
        human = [i for i, k in enumerate(y) if CLASSES[k] == "human"]
        per_genre = Counter(genres[i] for i in human)
        for i in human:
            weight[i] = len(human) / len(per_genre) / per_genre[genres[i]]
    strong = [strong_count(r) for r in rows]
    words = [word_count(r) for r in rows]
    located = [tuple(pair) for pair in located]
    names_y = [CLASSES[i] for i in y]
    genre_of = genres or ["all"] * len(rows)
    chosen = []
    for r in range(max(1, dealings)):
        cv_probs = np.zeros((len(y), len(CLASSES)))
        for train, test in deal(r):
            m = model().fit(Xs[train], y[train],
                            sample_weight=None if weight is None else weight[train])
            cv_probs[np.ix_(test, m.classes_)] = m.predict_proba(Xs[test])
        probs = cv_probs.tolist()
        if r == 0:
            first_probs = probs  # what the caller evaluates
        chosen.append(choose_thresholds(probs, names_y, strong, located, genre_of, max_fpr,
                                        max_suspicious, min_located, words))
    fail_at, fail_at_mt, suspicious_at = (float(np.median(v)) for v in zip(*chosen))
    # The medians are taken one by one: keep "suspicious" at or below both failing thresholds.
    suspicious_at = min(suspicious_at, fail_at, fail_at_mt)
    final = model().fit(Xs, y, sample_weight=weight)
    thresholds = {"fail_at": round(fail_at, 6), "suspicious_at": round(suspicious_at, 6),
                  "min_located": min_located, "fail_at_mt": round(fail_at_mt, 6)}
    if kind == "trees":
        m: Model = export_trees(final, names, thresholds)
    else:
        coef = np.zeros((len(CLASSES), len(names)))
        intercept = np.full(len(CLASSES), -30.0)
        coef[final.classes_] = final.coef_
        intercept[final.classes_] = final.intercept_
        m = LogisticModel(names, mean.tolist(), scale.tolist(), coef.tolist(), intercept.tolist(),
                          lo=X.min(axis=0).tolist(), hi=X.max(axis=0).tolist(), **thresholds)
    return m, {"cv_probabilities": first_probs, "labels": names_y,
               "strong": strong, "located": located, "words": words}


def classifier(kind: str, C: float = 0.5):
    """The scikit-learn estimator of a model kind. The trees' settings were chosen by
    5-fold cross-validation on the benchmark's dev split (benchmarks/quality.py); shallow trees
    and a slow learning rate, so no single feature's extreme values decide alone."""
    if kind == "trees":
        from sklearn.ensemble import HistGradientBoostingClassifier
        return HistGradientBoostingClassifier(max_depth=3, learning_rate=0.08, max_iter=250,
                                              l2_regularization=1.0, min_samples_leaf=20,
                                              early_stopping=False, random_state=0)
    if kind == "logistic":
        from sklearn.linear_model import LogisticRegression
        return LogisticRegression(C=C, max_iter=5000)
    raise ValueError(f"unknown scorer model kind {kind!r} (trees, logistic)")


def export_trees(clf, names: list[str], thresholds: dict) -> TreeModel:
    """A fitted HistGradientBoostingClassifier as a :class:`TreeModel` (plain data). Split
    nodes get the count-weighted mean of their leaves as value, for the path attribution."""
    classes = [int(c) for c in clf.classes_]
    baseline = [-30.0] * len(CLASSES)
    trees: list[list[dict]] = [[] for _ in CLASSES]
    base = clf._baseline_prediction.ravel().tolist()
    for j, k in enumerate(classes):
        baseline[k] = float(base[j])
    for iteration in clf._predictors:
        for j, predictor in enumerate(iteration):
            trees[classes[j]].append(_tree_data(predictor.nodes))
    return TreeModel(names, baseline, trees, **thresholds)


def _tree_data(nodes) -> dict:
    n = len(nodes)
    leaf = [bool(nodes["is_leaf"][i]) for i in range(n)]
    left = [int(nodes["left"][i]) if not leaf[i] else -1 for i in range(n)]
    right = [int(nodes["right"][i]) if not leaf[i] else -1 for i in range(n)]
    value = [float(nodes["value"][i]) for i in range(n)]
    count = [float(nodes["count"][i]) for i in range(n)]

    def mean_below(i: int) -> tuple[float, float]:  # (sum of count * value, count) of leaves
        if leaf[i]:
            return value[i] * count[i], count[i]
        a, b = mean_below(left[i]), mean_below(right[i])
        total = a[1] + b[1]
        value[i] = (a[0] + b[0]) / total if total else 0.0
        return a[0] + b[0], total

    mean_below(0)
    return {"f": [int(nodes["feature_idx"][i]) if not leaf[i] else -1 for i in range(n)],
            "t": [float(nodes["num_threshold"][i]) if not leaf[i] else 0.0 for i in range(n)],
            "l": left, "r": right, "v": [round(v, 10) for v in value]}


# A threshold above this would leave nothing to fail: the model then needs better evidence.
MAX_THRESHOLD = 0.9999


def choose_thresholds(probs: list[list[float]], labels: list[str], strong: list[int],
                      located: list[tuple[int, int]], genres: list[str], max_fpr: float,
                      max_suspicious: float, min_located: int,
                      words: list[int] | None = None) -> tuple[float, float, float]:
    """The failing thresholds of P(spun) and P(machine-translated), and ``suspicious_at``, such
    that, applying the verdict rule to these (cross-validated) probabilities, no human genre has
    more than ``max_fpr`` of its articles fail as either kind, nor more than ``max_suspicious``
    flagged at all. Each kind's threshold is set on its own tail; a genre whose humans reach
    both tails could fail up to twice ``max_fpr`` (measured, not seen: benchmarks/quality.py)."""
    spun_scores: dict[str, list[float]] = {}
    mt_scores: dict[str, list[float]] = {}
    flag_scores: dict[str, list[float]] = {}
    for p, label, n_strong, (n_spun, n_mt), genre, n_words in zip(
            probs, labels, strong, located, genres, words or [0] * len(probs)):
        if label != "human":
            continue
        p_spun = floored(p[1], n_strong, MAX_THRESHOLD, n_words)
        spun_scores.setdefault(genre, []).append(p_spun if n_spun >= min_located else 0.0)
        mt_scores.setdefault(genre, []).append(p[2] if n_mt >= min_located else 0.0)
        flag_scores.setdefault(genre, []).append(
            max(p_spun, p[2]) if max(n_spun, n_mt) >= 1 else 0.0)

    def lowest_allowed(scores: dict[str, list[float]], share: float, floor: float) -> float:
        t = floor
        for values in scores.values():
            values = sorted(values, reverse=True)
            k = int(math.floor(share * len(values)))
            if k < len(values):
                t = max(t, values[k] + 1e-6)
        return min(t, MAX_THRESHOLD)

    fail_at = lowest_allowed(spun_scores, max_fpr, 0.5)
    fail_at_mt = lowest_allowed(mt_scores, max_fpr, 0.5)
    suspicious_at = min(fail_at, fail_at_mt, lowest_allowed(flag_scores, max_suspicious, 0.2))
    return fail_at, fail_at_mt, suspicious_at
