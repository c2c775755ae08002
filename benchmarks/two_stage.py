"""The two-stage check against the full analysis, cross-validated on the benchmark's dev split.

Stage one is simulated from the rule outputs ``benchmarks/quality.py`` caches (one row per
record, the full analysis): the grammar rule's features and MT2 findings are dropped, so no rule
is run again. In each of the 5 folds (by original article, as in quality.py) the full model, the
stage-one model and the skip threshold are fitted on the other folds only (the threshold from
out-of-fold probabilities inside them, :func:`mtcheck.scoring.stages.fit_stage_one`), and each
article of the fold gets the two-stage verdict: ``clean`` when stage one skips the grammar rule,
else the full verdict. The gate split is never used.

    python benchmarks/two_stage.py [--benchmark .benchmark] [--margins 1,0.5,0.25]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality  # noqa: E402  (benchmarks/quality.py: the cache, the folds, the fitting)

from mtcheck.scoring.fitting import fit  # noqa: E402
from mtcheck.scoring.stages import SKIP_MARGIN, skip_threshold  # noqa: E402
from mtcheck.scoring.verdict import FAILING_VERDICTS, cv_assessments, judge_inputs  # noqa: E402

EVASION_CODES = "MT7"


def fit_pair(recs, rows, evidence, stage_rows, stage_evidence, idx):
    """Full model, stage-one model and the stage-one lowest flagged probability (margin 1),
    fitted on ``idx`` only."""
    full, full_cv = fit([rows[i] for i in idx], **quality.fit_options(recs, evidence, idx))
    full_verdicts = cv_assessments(full, full_cv)[3]
    stage, stage_cv = fit([stage_rows[i] for i in idx],
                          **quality.fit_options(recs, stage_evidence, idx))
    return full, stage, skip_threshold(stage_cv, full_verdicts, stage, margin=1.0)


def main(argv=None) -> int:
    sys.stdout.reconfigure(line_buffering=True)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--benchmark", type=Path, default=quality.ROOT / ".benchmark")
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--margins", default=f"1,{SKIP_MARGIN},0.25",
                    help="skip-threshold margins to compare (the shipped one is "
                         f"{SKIP_MARGIN})")
    args = ap.parse_args(argv)
    margins = [float(m) for m in args.margins.split(",")]
    cache = args.cache or args.benchmark / "cache" / "features.jsonl"
    wanted = {r["id"] for r in quality.load_benchmark(args.benchmark)}
    recs = [r for r in quality.read_jsonl(cache)
            if r["id"] in wanted and not r.get("error") and r["split"] == "dev"]
    rows, evidence = quality.scorer_rows(recs)
    stage_rows, stage_evidence = quality.scorer_rows(recs, stage_one=True)
    full_verdict, stage_p, stage_verdict, lowest = {}, {}, {}, {}
    for train, test in quality.kfold(recs):
        full, stage, low = fit_pair(recs, rows, evidence, stage_rows, stage_evidence, train)
        for i in test:
            full_verdict[i] = judge_inputs(full, rows[i], evidence[i])[2]
            s_spun, s_mt, stage_verdict[i] = judge_inputs(stage, stage_rows[i], stage_evidence[i])
            stage_p[i] = max(s_spun, s_mt)
            lowest[i] = low
        print(f"fold {recs[test[0]]['fold']}: {len(train)} training, {len(test)} judged; lowest "
              f"stage-one probability of a flagged training article {low:.5f}", file=sys.stderr)

    def skipped(i: int, margin: float) -> bool:
        evasion = any(f[0].startswith(EVASION_CODES) for f in recs[i]["findings"])
        return stage_verdict[i] == "clean" and stage_p[i] < margin * lowest[i] and not evasion

    print(f"# two-stage check against the full analysis\n\n{len(recs)} dev records, 5 folds by "
          f"original; everything fitted without the fold judged.\n")
    print("| margin | identical | failing verdicts kept | suspicious kept | skipped (all) | "
          "skipped (humans) |\n|---:|---:|---:|---:|---:|---:|")
    for m in margins:
        two = {i: "clean" if skipped(i, m) else full_verdict[i] for i in recs_idx(recs)}
        same = sum(two[i] == full_verdict[i] for i in two)
        fail = [i for i in two if full_verdict[i] in FAILING_VERDICTS]
        susp = [i for i in two if full_verdict[i] == "suspicious"]
        human = [i for i in two if recs[i]["label"] == "human"]
        print(f"| {m:g} | {pct(same, len(two))} ({len(two) - same} differ) | "
              f"{pct(sum(two[i] == full_verdict[i] for i in fail), len(fail))} of {len(fail)} | "
              f"{pct(sum(two[i] == full_verdict[i] for i in susp), len(susp))} of {len(susp)} | "
              f"{pct(sum(skipped(i, m) for i in two), len(two))} | "
              f"{pct(sum(skipped(i, m) for i in human), len(human))} |")
    print(f"\n## by genre and generator (margin {SKIP_MARGIN})\n")
    print("| records | n | identical | failing kept | skipped |\n|---|---:|---:|---:|---:|")
    groups = defaultdict(list)
    for i in recs_idx(recs):
        r = recs[i]
        groups[f"{r['genre']} (human)" if r["label"] == "human"
               else f"{quality.generator_key(r)} ({r['label']})"].append(i)
    for name, idx in sorted(groups.items()):
        two = {i: "clean" if skipped(i, SKIP_MARGIN) else full_verdict[i] for i in idx}
        fail = [i for i in idx if full_verdict[i] in FAILING_VERDICTS]
        print(f"| {name} | {len(idx)} | {pct(sum(two[i] == full_verdict[i] for i in idx), len(idx))}"
              f" | {pct(sum(two[i] == full_verdict[i] for i in fail), len(fail))} | "
              f"{pct(sum(skipped(i, SKIP_MARGIN) for i in idx), len(idx))} |")
    lost = Counter((full_verdict[i], recs[i]["label"]) for i in recs_idx(recs)
                   if skipped(i, SKIP_MARGIN) and full_verdict[i] != "clean")
    print("\nskipped although the full verdict is not clean: "
          + (", ".join(f"{v} ({l}) {n}" for (v, l), n in sorted(lost.items())) or "none"))
    return 0


def recs_idx(recs: list[dict]) -> range:
    return range(len(recs))


def pct(k: int, n: int) -> str:
    return f"{100 * k / n:.2f} %" if n else "-"


if __name__ == "__main__":
    sys.exit(main())
