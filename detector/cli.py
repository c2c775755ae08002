"""The ``mtcheck`` command. ``main(argv) -> int`` runs it as a function (no subprocess needed)."""

from __future__ import annotations

import sys
import textwrap

import click

from . import __version__, registry
from .api import check_paths, make_engine
from .formats import FORMATTERS
from .loader import DEFAULT_MAX_BYTES
from .scoring import FAILING_VERDICTS

class _DefaultToCheck(click.Group):
    """``mtcheck FILE...`` means ``mtcheck check FILE...``."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        elif not args:
            args = ["check"]
        return super().parse_args(ctx, args)


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for v in values:
        out.extend(p.strip().upper() for p in v.split(",") if p.strip())
    return tuple(out)


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtcheck")
def cli() -> None:
    """Find spun and round-trip machine-translated prose.

    \b
    mtcheck FILE_OR_DIR ...       check articles (same as `mtcheck check`)
    mtcheck rules                 list every rule code
    mtcheck explain MT101         show one rule's documentation
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATTERS)), default="text",
              show_default=True, help="Output format.")
@click.option("--select", multiple=True, help="Only these code prefixes (e.g. MT1,MT301).")
@click.option("--ignore", multiple=True, help="Skip these code prefixes (e.g. MT4).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when an article fails.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES,
              show_default=True, help="Largest file checked; larger ones are an input error.")
@click.option("--languagetool-url", default=None,
              help="LanguageTool server for the grammar rule (default: embedded checker).")
@click.option("-v", "--verbose", is_flag=True, help="Show every reason, notes and measurements.")
def check(paths, fmt, select, ignore, exit_zero, max_bytes, languagetool_url, verbose):
    """Check articles: files, directories (*.txt, *.md) or - for standard input."""
    rule_settings = {}
    if languagetool_url:
        rule_settings["grammar"] = {"languagetool_url": languagetool_url}
    engine = make_engine(select=_codes(select) or ("MT",), ignore=_codes(ignore),
                         rule_settings=rule_settings)
    report = check_paths(paths, engine=engine, max_bytes=max_bytes)
    for fr in report.errors:
        click.echo(f"{fr.path}: error: {fr.error}", err=True)
    click.echo(FORMATTERS[fmt](report, verbose=verbose), nl=False)
    if report.errors:
        raise SystemExit(2)
    failing = any(fr.verdict in FAILING_VERDICTS for fr in report.files)
    raise SystemExit(1 if failing and not exit_zero else 0)


@cli.command("rules")
def list_rules() -> None:
    """List every rule code with its name and summary."""
    for cls, code in registry.all_codes():
        click.echo(f"{code.code}  {code.name:<28} {code.severity.value:<8} {code.summary}")


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the documentation of a rule code (MT101) or family (MT1)."""
    found = registry.find_code(code)
    if found:
        cls, c = found
        click.echo(f"{c.code} {c.name} ({c.severity.value}; evidence of: {c.kind})\n{c.summary}\n")
        click.echo(f"Family {cls.family}xx {cls.name}:\n")
        click.echo(cls.documentation())
        return
    cls = registry.find_family(code)
    if cls is None:
        raise click.UsageError(f"unknown rule code {code!r}; `mtcheck rules` lists them")
    click.echo(cls.documentation())
    click.echo("\nCodes:")
    for c in cls.codes:
        click.echo(textwrap.indent(f"{c.code} {c.name}: {c.summary}", "  "))


def _labelled(path: str) -> list[dict]:
    from .evaluation import read_labelled
    from .loader import InputError

    try:
        return read_labelled(path)
    except InputError as exc:
        click.echo(f"{path}: error: {exc}", err=True)
        raise SystemExit(2)


@cli.command()
@click.argument("labelled", metavar="LABELLED.jsonl")
@click.option("-o", "--output", default="mtcheck-scorer.json", show_default=True,
              help="Where to write the fitted model.")
@click.option("--max-fpr", type=click.FloatRange(0, 0.5), default=0.005, show_default=True,
              help="Share of human articles allowed to fail in cross-validation.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes.")
def calibrate(labelled, output, max_fpr, jobs):
    """Fit the scorer on labelled articles (JSON Lines: text, label) and write it as JSON.

    Use the result with `mtcheck --model FILE`. Prints cross-validated quality.
    """
    import json

    from .batch import EngineSpec, default_jobs
    from .calibration import cv_assessments, fit
    from .evaluation import article_features, quality_table, score_corpus

    records = _labelled(labelled)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise click.UsageError("calibrate needs scikit-learn: pip install 'mtcheck[calibrate]'")
    reports = score_corpus(records, EngineSpec(), jobs=jobs or default_jobs())
    model, cv = fit([article_features(r) for r in reports], [r["label"] for r in records],
                    max_fpr=max_fpr)
    rows, table = quality_table(*cv_assessments(model, cv))
    model.meta = {"trained_on": labelled, "articles": len(records), "cross_validated": rows}
    with open(output, "w", encoding="utf-8") as fh:
        json.dump(model.to_json(), fh, indent=1)
    click.echo("cross-validated quality (5 folds):\n" + table)
    click.echo(f"wrote {output} ({len(model.features)} features, fail at p >= {model.fail_at:.3f})")


@cli.command()
@click.argument("labelled", metavar="LABELLED.jsonl")
@click.option("--model", default=None, help="Scorer model JSON (default: the built-in one).")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes.")
def evaluate(labelled, model, jobs):
    """Measure detection quality on labelled articles: ROC-AUC, recall at 1 % false positives
    and what the default verdict does, per label against human."""
    from .batch import EngineSpec, default_jobs
    from .evaluation import evaluate_reports, score_corpus

    records = _labelled(labelled)
    reports = score_corpus(records, EngineSpec(model_path=model), jobs=jobs or default_jobs())
    click.echo(evaluate_reports(records, reports)[1])


def main(argv: list[str] | None = None) -> int:
    """Run the command with ``argv`` and return its exit code."""
    try:
        cli.main(args=list(sys.argv[1:] if argv is None else argv), prog_name="mtcheck",
                 standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 2
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
