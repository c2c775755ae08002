"""The two-stage check: whether an article needs the expensive rules (the grammar checker).

The engine first runs the cheap rule families and scores the article without the expensive
ones (their features read as zero, the value of an article without hits). The expensive rules
then run only where their evidence could matter: when the top probability (spun or
machine-translated) is within :data:`MARGIN` log-odds of the suspicious threshold, or above it.
An article the cheap evidence leaves clearly clean keeps the cheap assessment; its report says
that the expensive rules were not run.

The margin is measured, not derived: ``benchmarks/grammar_gate.py`` re-scores full analyses
without the grammar evidence, fits the smallest margin that keeps every verdict inside
cross-validation folds and reports the held-out agreement (see the README's speed section).
"""

from __future__ import annotations

import math

from .model import LogisticModel

# Log-odds below the suspicious threshold from which the expensive rules are skipped
# (fitted with benchmarks/grammar_gate.py; see the module docstring).
MARGIN = 3.0


def _logit(p: float) -> float:
    p = min(max(p, 1e-12), 1.0 - 1e-12)
    return math.log(p / (1.0 - p))


def undecided(model: LogisticModel, p_spun: float, p_mt: float, margin: float = MARGIN) -> bool:
    """True when the expensive rules could change the verdict: the top probability is within
    ``margin`` log-odds of the model's suspicious threshold, or above it."""
    return _logit(max(p_spun, p_mt)) >= _logit(model.suspicious_at) - margin
