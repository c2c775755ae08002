"""The two-stage check: judge an article first without its costliest rule (the grammar checker),
and run that rule only where it could change the verdict.

The stage-one model is the scorer fitted on the same articles with the same code, but without
anything from the deferred rule (its features and its findings, so the findings' derived
features do not count them either). An article whose stage-one probabilities both lie below
:attr:`StageOne.skip_below` (and that has no evasion finding) is reported ``clean`` without the
deferred rule; any other article is checked whole and scored by the full model.

``skip_below`` is fitted (:func:`fit_stage_one`): on out-of-fold stage-one probabilities of the
training articles, it is :data:`SKIP_MARGIN` times the lowest stage-one probability of any
training article whose full verdict (the full model's, out of fold as well) is not clean. So no
training article that the full analysis flags at all would have been skipped, with a margin.
The stage-one model lives beside the full one: ``scorer.json`` -> ``scorer.stage1.json``.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..core.finding import Finding
from .model import CLASSES, MODEL_RESOURCE, Model, model_from_json
from .verdict import Assessment, floored

# The rule the first stage goes without (its features are named "grammar.*") and its codes.
DEFERRED_RULE = "grammar"
DEFERRED_CODES = "MT2"
# skip_below = this share of the lowest stage-one probability of a flagged training article.
SKIP_MARGIN = 0.5
# Said in the report's notes of an article judged without the deferred rule.
SKIPPED_NOTE = ("grammar check skipped: the other evidence is clearly clean (two-stage check; "
                "--full-check runs it)")


@dataclass
class StageOne:
    """The stage-one model and its skip threshold."""

    model: Model
    skip_below: float
    rule: str = DEFERRED_RULE
    codes: str = DEFERRED_CODES

    def skips(self, assessment: Assessment, findings: list[Finding], kinds: dict[str, str]) -> bool:
        """Whether the deferred rule can be left out: the stage-one verdict is clean, both
        probabilities are below ``skip_below``, and nothing was disguised (evasion findings
        raise the verdict whatever the model says, and the full verdict may say more)."""
        return (assessment.verdict == "clean"
                and max(assessment.spun, assessment.machine_translated) < self.skip_below
                and not any(kinds.get(f.code) == "evasion" for f in findings))

    def to_json(self) -> dict:
        return {"stage": 1, "without_rule": self.rule, "without_codes": self.codes,
                "skip_below": self.skip_below, "skip_margin": SKIP_MARGIN,
                "model": self.model.to_json()}

    @classmethod
    def from_json(cls, data: dict) -> "StageOne":
        if data.get("stage") != 1:
            raise ValueError("not a stage-one scorer (no \"stage\": 1)")
        return cls(model_from_json(data["model"]), float(data["skip_below"]),
                   data.get("without_rule", DEFERRED_RULE), data.get("without_codes", DEFERRED_CODES))


def without_deferred(features: dict[str, float], findings: list, rule: str = DEFERRED_RULE,
                     codes: str = DEFERRED_CODES) -> tuple[dict[str, float], list]:
    """The rule features and findings as if the deferred rule had not run (findings are
    :class:`Finding` objects or anything whose first item or ``code`` is the code)."""
    feats = {k: v for k, v in features.items() if k.split(".", 1)[0] != rule}

    def code(f) -> str:
        return f.code if isinstance(f, Finding) else f[0]

    return feats, [f for f in findings if not code(f).startswith(codes)]


def stage_one_path(model_path: str) -> str:
    """Where the stage-one model of a scorer file lives: ``my.json`` -> ``my.stage1.json``."""
    root, ext = os.path.splitext(model_path)
    return root + ".stage1" + (ext or ".json")


@lru_cache(maxsize=1)
def default_stage_one() -> StageOne | None:
    """The committed stage-one model (None if the package has none)."""
    name = stage_one_path(MODEL_RESOURCE)
    try:
        text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return StageOne.from_json(json.loads(text))


def load_stage_one(model_path: str) -> StageOne | None:
    """The stage-one model beside a scorer file, or None (then every article is checked whole)."""
    path = stage_one_path(model_path)
    if not os.path.exists(path):
        return None
    st = os.stat(path)
    return _load(os.path.abspath(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=16)
def _load(path: str, _mtime_ns: int, _size: int) -> StageOne:
    with open(path, encoding="utf-8") as fh:
        return StageOne.from_json(json.load(fh))


# -- fitting ---------------------------------------------------------------------------------

def skip_threshold(stage_cv: dict, full_verdicts: list[str], stage_model: Model,
                   margin: float = SKIP_MARGIN) -> float:
    """``margin`` times the lowest (floored) stage-one probability, out of fold, of an article
    whose full verdict (out of fold) is not clean. ``stage_cv`` is what
    :func:`mtcheck.scoring.fitting.fit` returns for the stage-one model."""
    spun, mt = CLASSES.index("spun"), CLASSES.index("machine_translated")
    lowest = 1.0
    for p, strong, words, verdict in zip(stage_cv["cv_probabilities"], stage_cv["strong"],
                                         stage_cv["words"], full_verdicts):
        if verdict != "clean":
            lowest = min(lowest, max(floored(p[spun], strong, stage_model.fail_at, words), p[mt]))
    return margin * lowest


def fit_stage_one(rows: list[dict[str, float]], labels: list[str], full_verdicts: list[str],
                  margin: float = SKIP_MARGIN, **fit_options) -> StageOne:
    """Fit the stage-one model on ``rows`` (scorer inputs without the deferred rule, see
    :func:`without_deferred`; ``located`` in ``fit_options``, counted without it too) with
    :func:`~mtcheck.scoring.fitting.fit` and the same options as the full model (the same
    ``groups`` give the same inner folds), and its skip threshold from the full model's
    out-of-fold verdicts of the same articles (``full_verdicts``)."""
    from .fitting import fit

    model, cv = fit(rows, labels, **fit_options)
    # rounded down, so the margin holds as fitted
    return StageOne(model, math.floor(skip_threshold(cv, full_verdicts, model, margin) * 1e6) / 1e6)
