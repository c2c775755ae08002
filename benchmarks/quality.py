"""Detection quality on the multi-genre, multi-generator benchmark, honestly cross-validated, and
the shipped scorer.

The benchmark is what ``tools/benchmark/build.py`` writes into ``.benchmark/`` (human texts of
many genres, four spinners applied to every genre, Apertium round trips through five pivot
languages, WMT neural machine translation), each record in the ``dev`` or the ``gate`` split by a
hash of its original. This script never fits, tunes or chooses anything on ``gate``.

1. Rule outputs for every record (cached in ``--cache``). What the rules learn from the
   development data, the spinner substitution pairs of MT302 and the translationese model of MT6
   (``tools.translationese.fit --exclude-fold``), is learned per fold without the fold being
   scored and never from a gate article (folds by a hash of the original article, so an
   original and everything made from it share a fold).
2. Cross-validation on ``dev``: for each fold the scorer (coefficients *and* thresholds, which
   are chosen on inner cross-validated probabilities of the training folds, per genre) is fitted
   without the fold, and the fold is judged by the same verdict rule the tool applies.
3. Leave-one-genre-out (train without a genre's humans and everything made from them, judge that
   genre) and leave-one-generator-out (train without a spinner or round-trip engine, judge it).
4. ``--write-model``: fit on all of ``dev`` and write ``detector/scoring/data/scorer.json`` and,
   beside it, the two-stage check's first model (the same without the grammar rule, with its
   skip threshold: ``scorer.stage1.json``; ``benchmarks/two_stage.py`` measures the two stages
   against the full analysis).
   ``--gate``: judge the ``gate`` split with the shipped model (what the quality-gate test does).

    python benchmarks/quality.py [--benchmark .benchmark] [--jobs 2] [--write-model [--no-cv]] [--gate]
        [--refresh MT6]   # after changing a rule family: recompute just its outputs

Some rule data was fitted on the whole development corpus before the split existed (MT2's
confidences and rule selection, MT4's news ranges, the vetting of the MT1 general pack), so the
``bbc-news`` rows, human and generated, are optimistic; every other genre and generator is not.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from mtcheck.core.finding import Finding, Severity
from mtcheck.core.merge import constituents
from mtcheck.rules import registry
from mtcheck.run.engine import EngineSpec
from mtcheck.run.evaluation import score_corpus, scorer_declarations, scorer_view
from mtcheck.scoring.fitting import fit
from mtcheck.scoring.metrics import roc_auc
from mtcheck.scoring.model import Model, default_model
from mtcheck.scoring.stages import fit_stage_one, stage_one_path
from mtcheck.scoring.verdict import FAILING_VERDICTS, cv_assessments, judge_inputs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the builders in tools/, whatever folder this is run from
from tools.collocations_build import fold_of as article_fold  # noqa: E402  (the one fold rule)

MODEL_OUT = ROOT / "detector" / "scoring" / "data" / "scorer.json"
FOLDS = 5
# Rows of the rule-output cache in another format are recomputed. 2: the findings as the rules
# reported them (format 1 held the report's merged findings, which the scorer never sees).
CACHE_FORMAT = 2
LABELS = {"human": "human", "spun": "spun", "mt": "machine_translated"}
# Generators judged but not trained on (--no-nmt-training adds the WMT22 systems).
NOT_TRAINED: list[str] = []
# The scorer's kind (--model-kind): gradient-boosted trees (shipped) or logistic regression.
MODEL_KIND = ["trees"]
# --balance-genres: each human genre weighs as much in training as the average one (not shipped).
BALANCE_GENRES = [False]


def fold_of(original_id: str) -> int:
    return article_fold(original_id, FOLDS)


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_benchmark(folder: Path) -> list[dict]:
    files = sorted(p for p in folder.glob("*.jsonl") if not p.name.startswith("features"))
    if not files:
        sys.exit(f"error: {folder}: no benchmark files (run tools/benchmark/build.py)")
    return [r for p in files for r in read_jsonl(p)]


# -- 1. rule outputs ---------------------------------------------------------------------

def compute(records: list[dict], shared_dev: Path, cache: Path, jobs: int,
            refresh: tuple[str, ...] = ()) -> None:
    """Append the rule outputs of records not yet in ``cache``; with ``refresh`` (code prefixes),
    instead recompute just those rule families for every record and replace their part. Rows
    written in another cache format are recomputed."""
    cached = ([r for r in read_jsonl(cache) if r.get("cache_format") == CACHE_FORMAT]
              if cache.exists() else [])
    todo = records if refresh else [r for r in records if r["id"] not in {c["id"] for c in cached}]
    if not todo:
        return
    dev_ids = [r["id"] for r in read_jsonl(shared_dev / "human.jsonl")]
    fresh: dict[str, dict] = {}
    for f in range(FOLDS):
        part = [r for r in todo if fold_of(r["original_id"]) == f]
        if not part:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            exclude = Path(tmp) / "exclude.txt"
            # the builder also leaves out every gate article
            exclude.write_text("\n".join(sorted(i for i in dev_ids if fold_of(f"dev-human:{i}") == f)))
            pairs = Path(tmp) / "pairs.tsv"
            subprocess.run([sys.executable, "-m", "tools.collocations_build", str(shared_dev),
                            "--out", str(pairs), "--exclude", str(exclude)],
                           check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
            # the translationese model (MT6) without the fold, as the spinner pairs
            translationese = Path(tmp) / "translationese.json"
            subprocess.run([sys.executable, "-m", "tools.translationese.fit", "--data",
                            str(shared_dev.parent / "genres"), "--no-cv", "--exclude-fold",
                            str(f), "--out", str(translationese)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           cwd=ROOT)
            spec = EngineSpec(select=refresh or ("MT",),
                              rule_settings={"rare-collocations": {"pairs_path": str(pairs)},
                                             "translationese": {
                                                 "model_path": str(translationese)}},
                              full_check=True)
            reports = score_corpus(part, spec, jobs=jobs)
        for r, rep in zip(part, reports):
            row = {k: r.get(k) for k in ("id", "label", "genre", "generator", "split",
                                         "original_id", "spin_level", "srclang")}
            # The findings as the rules reported them (the scorer reads those), not the
            # report's merged ones.
            row.update(fold=f, words=rep.words, error=rep.error, features=rep.features,
                       findings=[[x.code, x.confidence, x.start, x.end, x.text]
                                 + ([True] if x.contextual else [])
                                 for x in constituents(rep.findings)],
                       cache_format=CACHE_FORMAT)
            fresh[r["id"]] = row
        print(f"fold {f}: {len(part)} records", file=sys.stderr)
    if refresh:
        families = {cls.name for cls in registry.rule_classes()
                    if any(c.code.startswith(refresh) for c in cls.codes)}
        for row in cached:
            new = fresh.get(row["id"])
            if new is None:
                continue
            row["features"] = {k: v for k, v in row["features"].items()
                               if k.split(".")[0] not in families} | new["features"]
            row["findings"] = sorted([x for x in row["findings"] if not x[0].startswith(refresh)]
                                     + new["findings"], key=lambda x: (x[2], x[3], x[0]))
        rows = cached
    else:
        rows = cached + list(fresh.values())
    tmp = cache.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    tmp.replace(cache)


def scorer_rows(cached: list[dict], stage_one: bool = False
                ) -> tuple[list[dict], list[tuple[int, int]]]:
    """The scorer's inputs for each cached record, derived with today's rule declarations, and
    the located evidence behind each (places supporting spinning, machine translation); with
    ``stage_one``, as if the grammar rule had not run (the two-stage check's first model)."""
    declarations = scorer_declarations()
    rows, evidence = [], []
    for r in cached:
        findings = [Finding(code=x[0], rule="", severity=Severity.WARNING, start=x[2], end=x[3],
                            text=x[4], message="", confidence=x[1],
                            contextual=len(x) > 5 and bool(x[5])) for x in r["findings"]]
        inputs, places = scorer_view(r["features"], r["words"], findings, declarations, stage_one)
        rows.append(inputs)
        evidence.append(places)
    return rows, evidence


# -- 2./3. fitting and judging -------------------------------------------------------------

def trainable(r: dict) -> bool:
    return r["split"] == "dev" and not r["generator"].startswith(tuple(NOT_TRAINED))


def fit_options(recs: list[dict], evidence: list[tuple[int, int]], idx: list[int]) -> dict:
    """The labels, located evidence and fitting options of the records ``idx`` (folds by
    original article)."""
    return dict(labels=[LABELS[recs[i]["label"]] for i in idx],
                located=[evidence[i] for i in idx],
                groups=[recs[i]["original_id"] for i in idx],
                genres=[recs[i]["genre"] for i in idx], kind=MODEL_KIND[0],
                balance_genres=BALANCE_GENRES[0])


def fit_on(recs: list[dict], rows: list[dict], evidence: list[tuple[int, int]],
           idx: list[int]) -> Model:
    model, _ = fit([rows[i] for i in idx], **fit_options(recs, evidence, idx))
    return model


def cross_validate(recs, rows, evidence, test_of_split) -> dict[int, tuple[float, float, str]]:
    """``test_of_split`` yields (training indices, test indices); returns judgements by index."""
    out = {}
    for train, test in test_of_split:
        model = fit_on(recs, rows, evidence, train)
        for i in test:
            out[i] = judge_inputs(model, rows[i], evidence[i])
    return out


def kfold(recs):
    dev = [i for i, r in enumerate(recs) if r["split"] == "dev"]
    for f in range(FOLDS):
        yield ([i for i in dev if recs[i]["fold"] != f and trainable(recs[i])],
               [i for i in dev if recs[i]["fold"] == f])


def leave_one_out(recs, key):
    dev = [i for i, r in enumerate(recs) if r["split"] == "dev"]
    for value in sorted({key(recs[i]) for i in dev} - {None}):
        yield ([i for i in dev if key(recs[i]) != value and trainable(recs[i])],
               [i for i in dev if key(recs[i]) == value])


# -- tables ---------------------------------------------------------------------------------

def generator_key(r: dict) -> str:
    return r["generator"] + (f" ({r['spin_level']})" if r.get("spin_level") else "")


def tables(recs, judged: dict[int, tuple], title: str) -> str:
    lines = [f"## {title}", ""]
    human = [i for i in judged if recs[i]["label"] == "human"]
    neg = [1 - _p_human(judged[i]) for i in human]
    lines += ["| human genre | n | fail | suspicious |", "|---|---:|---:|---:|"]
    by_genre = defaultdict(list)
    for i in human:
        by_genre[recs[i]["genre"]].append(judged[i][2])
    for g, vs in sorted(by_genre.items()):
        c = Counter(vs)
        lines.append(f"| {g} | {len(vs)} | {_pct(sum(c[v] for v in FAILING_VERDICTS), len(vs))} "
                     f"| {_pct(c['suspicious'], len(vs))} |")
    lines += ["", "| rewritten by | n | ROC-AUC vs all humans | caught | right kind | suspicious |",
              "|---|---:|---:|---:|---:|---:|"]
    by_gen = defaultdict(list)
    for i in judged:
        if recs[i]["label"] != "human":
            by_gen[(recs[i]["label"], generator_key(recs[i]))].append(i)
    for (label, g), idx in sorted(by_gen.items()):
        c = Counter(judged[i][2] for i in idx)
        right = "spun" if label == "spun" else "machine-translated"
        auc = roc_auc([1 - _p_human(judged[i]) for i in idx], neg)
        lines.append(f"| {g} | {len(idx)} | {auc:.3f} | "
                     f"{_pct(sum(c[v] for v in FAILING_VERDICTS), len(idx))} | "
                     f"{_pct(c[right], len(idx))} | {_pct(c['suspicious'], len(idx))} |")
    lines += ["", "| genre | heavy spinning caught (right kind) | light spinning caught | "
              "Apertium round trips caught (right kind) |", "|---|---:|---:|---:|"]
    by = defaultdict(lambda: defaultdict(list))
    for i in judged:
        r = recs[i]
        if r["label"] == "spun":
            by[r["genre"]]["light" if r.get("spin_level") == "light" else "heavy"].append(judged[i][2])
        elif r["generator"].startswith("apertium"):
            by[r["genre"]]["apertium"].append(judged[i][2])
    for g in sorted(by):
        cells = []
        for k, right in (("heavy", "spun"), ("light", "spun"), ("apertium", "machine-translated")):
            vs = by[g][k]
            caught = sum(v in FAILING_VERDICTS for v in vs)
            cells.append(f"{_pct(caught, len(vs))} ({_pct(sum(v == right for v in vs), len(vs))})"
                         if k != "light" else _pct(caught, len(vs)))
        lines.append(f"| {g} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def loo_table(recs, judged, what: str) -> str:
    lines = [f"| left out ({what}) | n | fail (humans) or caught (rewritten) | right kind |",
             "|---|---:|---:|---:|"]
    groups = defaultdict(list)
    for i in judged:
        groups[(recs[i]["label"], recs[i]["genre"] if what == "genre" else recs[i]["generator"])].append(i)
    for (label, g), idx in sorted(groups.items()):
        vs = [judged[i][2] for i in idx]
        bad = sum(v in FAILING_VERDICTS for v in vs)
        right = {"spun": "spun", "mt": "machine-translated"}.get(label)
        lines.append(f"| {g} ({label}) | {len(idx)} | {_pct(bad, len(idx))} | "
                     f"{_pct(sum(v == right for v in vs), len(idx)) if right else ''} |")
    return "\n".join(lines) + "\n"


def _p_human(j: tuple[float, float, str]) -> float:
    return 1 - max(j[0], j[1])


def _pct(k: int, n: int) -> str:
    return f"{100 * k / n:.1f} %" if n else "-"


def main(argv=None) -> int:
    # Each table is printed as soon as it is ready (a long run's output is not held in a buffer).
    sys.stdout.reconfigure(line_buffering=True)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--benchmark", type=Path, default=ROOT / ".benchmark")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--cache", type=Path,
                    help="rule outputs (default BENCHMARK/cache/features.jsonl)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-loo", action="store_true", help="skip the leave-one-out tables")
    ap.add_argument("--refresh", default="",
                    help="code prefixes (e.g. MT6,MT2) whose rule families are recomputed for "
                         "every cached record after a rule change")
    ap.add_argument("--write-model", action="store_true")
    ap.add_argument("--no-cv", action="store_true",
                    help="skip the cross-validation tables (e.g. with --write-model)")
    ap.add_argument("--no-nmt-training", action="store_true",
                    help="judge the WMT neural machine translations without training on them")
    ap.add_argument("--gate", action="store_true", help="judge the gate split with the shipped model")
    ap.add_argument("--model-kind", choices=("trees", "logistic"), default="trees",
                    help="the scorer fitted in every fold and by --write-model (default trees)")
    ap.add_argument("--balance-genres", action="store_true",
                    help="weigh each human genre like the average one when fitting (not shipped)")
    args = ap.parse_args(argv)
    MODEL_KIND[0] = args.model_kind
    BALANCE_GENRES[0] = args.balance_genres
    if args.no_nmt_training:
        NOT_TRAINED.append("wmt22-")
    cache = args.cache or args.benchmark / "cache" / "features.jsonl"
    cache.parent.mkdir(parents=True, exist_ok=True)

    records = load_benchmark(args.benchmark)
    refresh = tuple(p.strip().upper() for p in args.refresh.split(",") if p.strip())
    compute(records, args.shared / "dev", cache, args.jobs, refresh)
    wanted = {r["id"] for r in records}
    recs = [r for r in read_jsonl(cache) if r["id"] in wanted and not r.get("error")]
    rows, evidence = scorer_rows(recs)
    print(f"# mtcheck detection quality\n\n{len(recs)} records "
          f"({Counter(r['split'] for r in recs)['dev']} dev, "
          f"{Counter(r['split'] for r in recs)['gate']} gate); folds by original article.\n")

    if args.gate:
        model = default_model()
        judged = {i: judge_inputs(model, rows[i], evidence[i])
                  for i, r in enumerate(recs) if r["split"] == "gate"}
        print(tables(recs, judged, "gate split, shipped model"))
        return 0

    if not args.no_cv:
        print(tables(recs, cross_validate(recs, rows, evidence, kfold(recs)),
                     f"{FOLDS}-fold cross-validation on the dev split"))
    if not args.no_loo and not args.no_cv:
        print("## leave one genre out\n")
        by_genre = leave_one_out(recs, lambda r: r["genre"])
        print(loo_table(recs, cross_validate(recs, rows, evidence, by_genre), "genre"))
        gen = lambda r: None if r["label"] == "human" else r["generator"]  # noqa: E731
        print("## leave one generator out\n")
        by_generator = leave_one_out(recs, gen)
        print(loo_table(recs, cross_validate(recs, rows, evidence, by_generator), "generator"))
    if args.write_model:
        train = [i for i, r in enumerate(recs) if trainable(r)]
        model, cv = fit([rows[i] for i in train], **fit_options(recs, evidence, train))
        model.meta = {"fitted_by": f"benchmarks/quality.py --write-model --model-kind {args.model_kind}",
                      "trained_on": f"benchmark dev split, {len(train)} records: "
                                    + ", ".join(f"{k} {v}" for k, v in sorted(
                                        Counter(recs[i]["label"] for i in train).items())),
                      "not_trained_on": "the gate split" + (
                          "; WMT neural machine translation" if NOT_TRAINED else "")}
        MODEL_OUT.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_OUT.relative_to(ROOT)} ({len(model.features)} features, "
              f"fail at {model.fail_at:.4f}, suspicious at {model.suspicious_at:.4f})")
        # The two-stage check's first model: the same fit without the grammar rule, and the
        # threshold below which it skips that rule (from the full model's out-of-fold verdicts).
        stage_rows, stage_evidence = scorer_rows(recs, stage_one=True)
        options = fit_options(recs, stage_evidence, train)
        labels = options.pop("labels")
        stage = fit_stage_one([stage_rows[i] for i in train], labels, cv_assessments(model, cv)[3],
                              **options)
        stage.model.meta = dict(model.meta)
        stage_out = Path(stage_one_path(str(MODEL_OUT)))
        stage_out.write_text(json.dumps(stage.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {stage_out.relative_to(ROOT)} ({len(stage.model.features)} features, "
              f"skips the grammar rule below {stage.skip_below:.4g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
