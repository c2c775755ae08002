"""Evaluation metrics (no dependencies)."""

from __future__ import annotations

import bisect
import math
from typing import Iterable


def roc_auc(pos: Iterable[float], neg: Iterable[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    pos, neg = sorted(pos), sorted(neg)
    if not pos or not neg:
        return float("nan")
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
