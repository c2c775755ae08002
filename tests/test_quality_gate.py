"""The detection quality gate: the shipped model on the benchmark's gate split, which nothing is
ever fitted, tuned or chosen on (``tools/benchmark/build.py`` puts an original and everything made
from it there by a hash of its id). Fails the build when a human genre fails more often, or a
generator is caught less often, than the floors below (set just under the values measured with
``python benchmarks/quality.py --gate`` when the model was shipped).

Needs the benchmark (``.benchmark/`` or ``$MTCHECK_BENCHMARK``), which needs ``../shared/data``:
where it is absent the test skips with a message, unless ``MTCHECK_QUALITY_GATE=required`` (as
in ``.ci/run``), where it fails.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from mtcheck.run.engine import EngineSpec
from mtcheck.run.evaluation import score_corpus
from mtcheck.scoring.metrics import roc_auc
from mtcheck.scoring.verdict import FAILING_VERDICTS

ROOT = Path(__file__).resolve().parent.parent
BENCHMARK = Path(os.environ.get("MTCHECK_BENCHMARK", ROOT / ".benchmark"))

# Failing human articles allowed per genre: 1 % of them, and at least one (a genre has 32-109
# gate articles; measured when the model was shipped: one BBC article of 109 failed, none of
# any other genre).
MAX_HUMAN_FAIL = 0.01
# Per generator (and spinning level): smallest share caught with the right kind, and smallest
# ROC-AUC of "rewritten" probability against all gate humans. Generators not listed (e.g. one
# whose source was unavailable to the build) are reported, not gated. The Apertium floors were
# lowered when the thresholds became the median over five deals of the folds: the shipped
# machine-translated threshold went from one deal's 0.947 to 0.973 (fitting.fit).
FLOORS = {
    # (right-kind recall, ROC-AUC vs all humans); measured with the tree scorer in comments
    "dev-spinner": (0.92, 0.98),             # measured 0.981, 1.000
    "dev-pairs (heavy)": (0.87, 0.97),       # 0.953, 0.987
    "dev-pairs (light)": (0.45, 0.91),       # 0.568, 0.963
    "moby (heavy)": (0.72, 0.97),            # 0.824, 0.996
    "moby (light)": (0.0, 0.89),             # 0.103, 0.917
    "mythes-en (heavy)": (0.35, 0.93),       # 0.433, 0.960
    "mythes-en (light)": (0.0, 0.80),        # 0.049, 0.836
    "wordspinner-a4 (heavy)": (0.47, 0.94),  # 0.571, 0.974
    "wordspinner-a4 (light)": (0.0, 0.79),   # 0.038, 0.827
    "apertium-cat": (0.40, 0.94),            # 0.448, 0.976
    "apertium-spa": (0.30, 0.93),            # 0.329, 0.962
    "apertium-glg": (0.55, 0.94),            # 0.641, 0.968
    "apertium-epo": (0.16, 0.90),            # 0.186, 0.946
    "apertium-hbs": (0.40, 0.94),            # 0.447, 0.981
    # WMT22 neural MT: 6-32 gate documents per engine, so only loose ranking floors; the
    # engines with 6-7 documents get a floor that only catches a collapse
    **{f"wmt22-{e}": (0.0, 0.70) for e in ("JDExploreAcademy", "Online-B", "Online-G",
                                          "Online-W")},  # 0.791-0.883
    **{f"wmt22-{e}": (0.0, 0.45) for e in ("DLUT", "HuaweiTSC", "Lan-Bridge")},  # 0.706-0.908
}


def _gate_records() -> list[dict]:
    files = sorted(BENCHMARK.glob("*.jsonl")) if BENCHMARK.is_dir() else []
    records = []
    for p in files:
        if not p.name.startswith("features"):
            # line by line on "\n" only: texts may hold other Unicode line separators
            with open(p, encoding="utf-8") as fh:
                records.extend(json.loads(line) for line in fh if line.strip())
    return [r for r in records if r.get("split") == "gate"]


@pytest.fixture(scope="module")
def judged():
    records = _gate_records()
    if not records:
        message = (f"no benchmark gate split in {BENCHMARK}: build it with "
                   "python tools/benchmark/build.py (needs ../shared/data)")
        if os.environ.get("MTCHECK_QUALITY_GATE") == "required":
            pytest.fail(message)
        pytest.skip(message)
    reports = score_corpus(records, EngineSpec(), jobs=os.cpu_count() or 1)
    return list(zip(records, reports))


def _key(r: dict) -> str:
    return r["generator"] + (f" ({r['spin_level']})" if r.get("spin_level") else "")


def test_no_human_genre_fails_more_than_the_limit(judged):
    by_genre = defaultdict(list)
    for r, rep in judged:
        if r["label"] == "human":
            by_genre[r["genre"]].append(rep.verdict in FAILING_VERDICTS)
    assert len(by_genre) >= 8
    rates = {g: sum(v) / len(v) for g, v in by_genre.items()}
    print("human fail rates on the gate split:", rates)
    over = {g: r for g, r in rates.items()
            if sum(by_genre[g]) > max(1, int(MAX_HUMAN_FAIL * len(by_genre[g])))}
    assert not over, over


def test_every_generator_stays_above_its_floor(judged):
    human = [max(rep.spun, rep.machine_translated) for r, rep in judged if r["label"] == "human"]
    by_gen = defaultdict(list)
    for r, rep in judged:
        if r["label"] != "human":
            by_gen[_key(r)].append((r, rep))
    measured = {}
    for g, items in sorted(by_gen.items()):
        right = "spun" if items[0][0]["label"] == "spun" else "machine-translated"
        caught = Counter(rep.verdict for _, rep in items)[right] / len(items)
        auc = roc_auc([max(rep.spun, rep.machine_translated) for _, rep in items], human)
        measured[g] = (round(caught, 3), round(auc, 3))
    print("caught (right kind), ROC-AUC on the gate split:", measured)
    missing = sorted(set(FLOORS) - set(measured))
    below = {g: (measured[g], floor) for g, floor in FLOORS.items()
             if g in measured and (measured[g][0] < floor[0] or measured[g][1] < floor[1])}
    assert not below, below
    # A generator the build could not make is named, so a silent drop cannot pass the gate.
    if os.environ.get("MTCHECK_QUALITY_GATE") == "required":
        assert not missing, f"generators missing from the gate split: {missing}"
