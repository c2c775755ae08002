"""The ``mtcheck`` command. ``main(argv) -> int`` runs it as a function (no subprocess needed)."""

from __future__ import annotations

import itertools
import os
import shutil
import sys
import textwrap

import click

from .config import DEFAULT_TIMEOUT, ConfigError, Configuration, code_prefixes, fail_on_verdicts
from .core.version import __version__
from .input.reading import DEFAULT_MAX_BYTES
from .output.formats import FORMATTERS
from .output.jsonl import DEFAULT_JSONL_FIELDS, JSONL_FIELDS, parse_fields
from .rules import registry
from .run.planning import plan_paths, run_plan


class _DefaultToCheck(click.Group):
    """``mtcheck FILE...`` means ``mtcheck check FILE...``."""

    def format_options(self, ctx, formatter):
        """``mtcheck --help`` also lists the options of the default command (check)."""
        super().format_options(ctx, formatter)
        command = self.commands.get("check")
        if command is None:
            return
        sub = click.Context(command, info_name="check", parent=ctx)
        rows = [r for p in command.get_params(sub)
                if isinstance(p, click.Option) and "--help" not in p.opts
                and (r := p.get_help_record(sub)) is not None]
        with formatter.section("Check options (mtcheck [OPTIONS] PATHS... = mtcheck check ...)"):
            formatter.write_dl(rows)

    def parse_args(self, ctx, args):
        import os

        # A subcommand name comes first: `mtcheck rules` lists the rules even where a folder is
        # called rules (a note says so); `mtcheck -- rules` or `mtcheck check rules` checks the
        # path.
        if args and args[0] == "--":
            args = ["check", "--", *args[1:]]
        elif args and args[0] in self.commands and args[0] != "check" and os.path.exists(args[0]):
            click.echo(f"note: '{args[0]}' is the {args[0]} command; to check the path of that "
                       f"name, use `mtcheck -- {args[0]}`", err=True)
        elif args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        elif not args:
            args = ["check"]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtcheck")
def cli() -> None:
    """Find spun and round-trip machine-translated prose.

    \b
    mtcheck FILE_OR_DIR ...       check articles (same as `mtcheck check`)
    mtcheck ARTICLE --against SOURCE   compare an article with its likely source
    mtcheck cluster PATH ...      sort articles into families of near-duplicates
    mtcheck rules                 list every rule code
    mtcheck explain MT101         show one rule's documentation
    """


def _comma_list(values) -> list[str]:
    return [p.strip() for v in values for p in v.split(",") if p.strip()]


def _checked(check):
    """A click callback: comma-split a repeatable option and check it (None when not given)."""
    def callback(ctx, param, values):
        if not values:
            return None
        try:
            return check(_comma_list(values))
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
    return callback


def _fields(ctx, param, value):
    try:
        return parse_fields(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


# A progress bar appears on a terminal for runs of more than this many articles.
PROGRESS_MIN_ITEMS = 4


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n: int) -> None:
        pass


def _progress_bar(progress: bool | None, items: int):
    """A progress bar on stderr, only when stderr is a terminal and the run is long (or
    ``--progress``); never on stdout, so machine-readable output stays clean."""
    tty = getattr(sys.stderr, "isatty", lambda: False)()
    if tty and items > 1 and (progress if progress is not None else items > PROGRESS_MIN_ITEMS):
        return click.progressbar(length=items, label="checking", file=sys.stderr)
    return _NoBar()


# -- display options: how results are shown (never what is found or the exit code) -------------

def _display_options(command):
    options = [
        click.option("--output-format", "output_format", type=click.Choice(sorted(FORMATTERS)),
                     default=None, help="Same as --format (ruff's spelling)."),
        click.option("--color", "color", type=click.Choice(["auto", "always", "never"]),
                     default="auto", show_default=True,
                     help="Colour the text output (auto: when writing to a terminal and NO_COLOR "
                          "is unset)."),
        click.option("-q", "--quiet", count=True,
                     help="Only the verdict line of each file; -qq: only those of failing files."),
        click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
                     metavar="X", help="Hide findings below this confidence (display only: "
                     "verdicts and the exit code do not change)."),
        click.option("--statistics", is_flag=True,
                     help="Count findings per code instead of listing them."),
        click.option("--diff", is_flag=True,
                     help="Print, for each flagged article, a unified diff against the article "
                          "with the likely originals restored (the file is not changed)."),
        click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), default=None,
                     metavar="FILE", help="Report only findings not in this baseline; fail only "
                     "on new findings or newly failing files."),
        click.option("--write-baseline", type=click.Path(dir_okay=False), default=None,
                     metavar="FILE", help="Record every file's verdict and findings in FILE "
                     "(then exit 0 unless a file could not be read)."),
        click.option("--stdin-filename", default=None, metavar="NAME",
                     help="The name standard input is reported as; its suffix picks the reader "
                          "(.md, .html, ...) and its configuration and per-file ignores apply."),
        click.option("-o", "--output-file", type=click.Path(dir_okay=False), default=None,
                     metavar="FILE", help="Write the output (any format) to FILE, not stdout."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _display_unused_with(display: dict, mode: str, why: str) -> None:
    for name, flag in (("output_format", "--output-format"), ("quiet", "--quiet"),
                       ("min_confidence", "--min-confidence"), ("statistics", "--statistics"),
                       ("output_file", "--output-file"), ("diff", "--diff"),
                       ("baseline_file", "--baseline"), ("write_baseline", "--write-baseline"),
                       ("stdin_filename", "--stdin-filename")):
        if display.get(name):
            raise click.UsageError(f"{flag} does not apply to {mode} ({why})")


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATTERS)), default=None,
              help="Output format [default: text, which is full on a terminal and concise "
                   "otherwise].")
@click.option("--select", multiple=True, metavar="PREFIXES", callback=_checked(code_prefixes),
              help="Only these code prefixes (e.g. MT1,MT301).")
@click.option("--ignore", multiple=True, metavar="PREFIXES", callback=_checked(code_prefixes),
              help="Skip these code prefixes (e.g. MT4).")
@click.option("--fail-on", multiple=True, metavar="VERDICTS", callback=_checked(fail_on_verdicts),
              help="Verdicts that fail the run [default: spun,machine-translated; may add suspicious].")
@click.option("--exit-zero/--no-exit-zero", default=None, help="Exit 0 even when an article fails.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None, metavar="N",
              help="Worker processes [default: all cores for more than a few files; 0: the same].")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None, metavar="N",
              help=f"Largest file or record checked [default: {DEFAULT_MAX_BYTES}].")
@click.option("--timeout", type=click.FloatRange(min=0, max=1e9), default=None, metavar="SECONDS",
              help=f"Time budget per file or record; 0: none [default: {DEFAULT_TIMEOUT:g}].")
@click.option("--include", multiple=True, metavar="GLOBS", callback=_checked(list),
              help="Globs of files a directory walk collects [default: *.txt, *.md, *.html ...].")
@click.option("--exclude", multiple=True, metavar="GLOBS", callback=_checked(list),
              help="Globs of files and directories a directory walk skips.")
@click.option("--force-exclude/--no-force-exclude", default=None,
              help="Apply include/exclude to files named on the command line too (for pre-commit).")
@click.option("--lexicons", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra spinner-lexicon pack (repeatable).")
@click.option("--languagetool-url", default=None, metavar="URL",
              help="LanguageTool server for the grammar rule (default: embedded checker).")
@click.option("--roundtrip-check/--no-roundtrip-check", default=None,
              help="Also translate each article out and back (Apertium, or --roundtrip-command) "
                   "and report sentences that come back unchanged (MT801; off by default).")
@click.option("--roundtrip-command", default=None, metavar="COMMAND",
              help="With --roundtrip-check: a translation command (stdin -> stdout; {source} "
                   "and {target} become the languages) instead of Apertium.")
@click.option("--roundtrip-pivot", default=None, metavar="LANG",
              help="With --roundtrip-check: the pivot language [default: spa].")
@click.option("--model", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Scorer model JSON (from `mtcheck calibrate`) instead of the built-in one.")
@click.option("--full-check/--no-full-check", default=None,
              help="Run the grammar checker on every article [default: only where the other "
                   "evidence is not clearly clean].")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Use this configuration file for every input (no discovery).")
@click.option("--isolated", "--no-config", "isolated", is_flag=True,
              help="Ignore all configuration files.")
@click.option("--jsonl", "jsonl", metavar="INPUT.jsonl", default=None,
              help="Check JSON Lines records (- for stdin); write one JSON report line per record.")
@click.option("--id-field", default="id", metavar="NAME", show_default=True, help="JSON Lines: record id field.")
@click.option("--text-field", default="text", metavar="NAME", show_default=True, help="JSON Lines: text field.")
@click.option("--fields", default=None, callback=_fields, metavar="NAMES",
              help=f"JSON Lines: output fields, comma-separated or 'all' [default: "
                   f"{','.join(DEFAULT_JSONL_FIELDS)}; choose from {','.join(JSONL_FIELDS)}].")
@click.option("--dask", metavar="ADDRESS|local[:N]", default=None,
              help="JSON Lines: check the records on a Dask cluster (a scheduler address, or a "
                   "local cluster of N workers); needs mtcheck[dask].")
@click.option("--partition-size", type=click.IntRange(min=1), default=None, metavar="LINES",
              help="With --dask: input lines per task [default: 200].")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr [default: when stderr is a terminal and the run is long].")
@click.option("--against", "against", metavar="SOURCE", default=None,
              help="Compare the ARTICLE with SOURCE instead: verbatim share, every substitution, "
                   "insertions, deletions, drift and a verdict (text or JSON).")
@click.option("--learn", "learn", metavar="PACK", default=None,
              help="With --against: append the substitutions of a spun copy to this user lexicon "
                   "pack (created if missing; use it with --lexicons).")
@click.option("-v", "--verbose", is_flag=True, help="Show every reason, notes and measurements.")
@_display_options
def check(paths, fmt, select, ignore, fail_on, exit_zero, jobs, max_bytes, timeout, include, exclude,
          force_exclude, lexicons, languagetool_url, roundtrip_check, roundtrip_command,
          roundtrip_pivot, model, full_check, config_file, isolated, jsonl, id_field,
          text_field, fields, dask, partition_size, progress, against, learn, verbose, **display):
    """Check articles: files, directories (*.txt, *.md, *.html) or - for standard input.

    Settings come from the nearest .mtcheck.toml, mtcheck.toml or pyproject.toml [tool.mtcheck]
    above each file; flags override them.

    With --against SOURCE: compare one ARTICLE with its likely source instead of checking it
    (exit 1 when it is a spun copy or a machine-translated rewrite of it, unless --exit-zero).
    """
    if learn is not None and against is None:
        raise click.UsageError("--learn needs --against SOURCE")
    if against is not None:
        _display_unused_with(display, "--against", "it compares two texts")
        if jsonl is not None or len(paths) != 1:
            raise click.UsageError("--against compares one ARTICLE with one SOURCE")
        if fmt not in (None, "text", "json"):
            raise click.UsageError("--against writes text or json")
        raise SystemExit(_compare(paths[0], against, fmt or "text", learn, max_bytes, exit_zero,
                                  verbose))
    if jsonl is not None and paths:
        raise click.UsageError("give either PATHS or --jsonl, not both")
    if display["output_format"] and fmt and display["output_format"] != fmt:
        raise click.UsageError("--format and --output-format name the same option: give one")
    if display["stdin_filename"] is not None:
        paths = _stdin_paths(paths, display["stdin_filename"])
    if jsonl is None and not paths:
        raise click.UsageError("Missing argument 'PATHS...'.")
    if jsonl is not None and fmt is not None:
        raise click.UsageError("--format does not apply to --jsonl (its output is JSON Lines)")
    if dask is not None and jsonl is None:
        raise click.UsageError("--dask needs --jsonl")
    if partition_size is not None and dask is None:
        raise click.UsageError("--partition-size needs --dask")
    if jsonl is not None:
        _display_unused_with(display, "--jsonl", "its output is JSON Lines")
    overrides = dict(select=select, ignore=ignore, fail_on=fail_on, format=fmt, exit_zero=exit_zero,
                     jobs=jobs, max_bytes=max_bytes, timeout=timeout, include=include, exclude=exclude,
                     force_exclude=force_exclude,
                     lexicons=lexicons or None, languagetool_url=languagetool_url, model=model,
                     roundtrip_check=roundtrip_check, roundtrip_pivot=roundtrip_pivot,
                     roundtrip_command=_command_words(roundtrip_command), full_check=full_check)
    try:
        conf = Configuration(config_file=config_file, isolated=isolated, overrides=overrides)
        if jsonl is not None and dask is not None:
            raise SystemExit(_check_jsonl_on_dask(conf, jsonl, id_field, text_field, fields, dask,
                                                  partition_size))
        if jsonl is not None:
            raise SystemExit(_check_jsonl(conf, jsonl, id_field, text_field, fields, progress))
        run = conf.for_run(list(paths))
        plan = plan_paths(list(paths), conf, stdin_name=display["stdin_filename"])
        _check_models(plan.specs)
        _check_codes(plan.specs)
    except ConfigError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(2)
    raise SystemExit(_emit(plan, run, progress, verbose, display))


def _command_words(command: str | None) -> list[str] | None:
    """``--roundtrip-command "prog --to {target}"`` as argv (shell quoting, no shell)."""
    if command is None:
        return None
    import shlex

    try:
        words = shlex.split(command)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--roundtrip-command'") from None
    if not words:
        raise click.BadParameter("must not be empty", param_hint="'--roundtrip-command'")
    return words


def _stdin_paths(paths: tuple, name: str) -> tuple:
    """With --stdin-filename, no paths means standard input; other paths need ``-`` among them."""
    if not name.strip():
        raise click.BadParameter("must not be empty", param_hint="'--stdin-filename'")
    if not paths:
        return ("-",)
    if "-" not in paths:
        raise click.UsageError("--stdin-filename names standard input: give - among the paths")
    return paths


def _emit(plan, run, progress, verbose, display: dict) -> int:
    """Check the planned files and write each result as it finishes (in input order); return
    the exit code."""
    from .output.render import STREAMING, TEXT_FORMATS, Display, Renderer, resolve_format
    from .output.terminal import Style, use_color

    from .output.baseline import Baseline, BaselineError

    if display["baseline_file"] and display["write_baseline"]:
        raise click.UsageError("give either --baseline or --write-baseline")
    try:
        baseline = Baseline.load(display["baseline_file"]) if display["baseline_file"] else None
    except BaselineError as exc:
        click.echo(str(exc), err=True)
        return 2
    recorder = Baseline(display["write_baseline"]) if display["write_baseline"] else None
    out_path = display.get("output_file")
    try:
        out = open(out_path, "w", encoding="utf-8") if out_path else None
    except OSError as exc:
        click.echo(f"{out_path}: error: cannot write ({exc.strerror or exc})", err=True)
        return 2
    stream = out or sys.stdout
    terminal = bool(getattr(stream, "isatty", lambda: False)())
    fmt = resolve_format(display.get("output_format") or run.format, terminal)
    if (display["quiet"] or display["statistics"] or display["diff"]) and fmt not in TEXT_FORMATS:
        raise click.UsageError("--quiet, --statistics and --diff apply to the full and concise "
                               "formats")
    if display["diff"] and (display["quiet"] or display["statistics"]):
        raise click.UsageError("--diff prints diffs only: it does not combine with --quiet or "
                               "--statistics")
    width = shutil.get_terminal_size((100, 24)).columns if terminal else 100
    color = use_color(display["color"], stream)
    renderer = Renderer(Display(
        format=fmt, style=Style(color=color, width=width),
        verbose=verbose, quiet=display["quiet"], min_confidence=display["min_confidence"] or 0.0,
        statistics=display["statistics"], diff=display["diff"]))
    errors = failing = 0
    # The streamed results are the progress on a terminal: no bar over them.
    bar_wanted = False if (terminal and fmt in STREAMING) else progress
    try:
        with _progress_bar(bar_wanted, len(plan.files)) as bar:
            results = zip([*plan.settings, *[run] * len(plan.errors)],
                          itertools.chain(run_plan(plan, run.jobs, bar.update),
                                          plan.error_reports()))  # directories with nothing
            for settings, fr in results:
                for w in fr.warnings:
                    click.echo(f"{fr.path}: note: {w}", err=True)
                fails = not fr.error and settings.fails(fr.verdict) and not fr.accepted
                errors += bool(fr.error)
                if fr.error:
                    click.echo(f"{fr.path}: error: {fr.error}", err=True)
                known = 0
                if baseline is not None:
                    fr, fails, known = baseline.apply(fr, fails)
                if recorder is not None:
                    recorder.record(fr)
                failing += fails
                text = renderer.file(fr, fails, known)
                if text:
                    click.echo(text, file=stream, nl=False, color=color)
        click.echo(renderer.finish(), file=stream, nl=False, color=color)
    finally:
        if out is not None:
            out.close()
    if recorder is not None:
        try:
            recorder.write()
        except OSError as exc:
            click.echo(f"{recorder.path}: error: cannot write ({exc.strerror or exc})", err=True)
            return 2
        n = sum(sum(x["count"] for x in e["findings"]) for e in recorder.files.values())
        click.echo(f"wrote baseline {recorder.path}: {len(recorder.files)} files, {n} findings",
                   err=True)
        return 2 if errors else 0
    if errors:
        return 2
    return 1 if failing and not run.exit_zero else 0


def _check_codes(specs) -> None:
    """Every code prefix in select/ignore/per-file-ignores names a rule code: a typo (MT9,
    MT999) is a configuration error, not a silent no-op."""
    import difflib

    codes = [c.code for _, c in registry.all_codes()]
    for spec in specs:
        for prefix in dict.fromkeys(spec.select + spec.ignore):
            if not any(code.startswith(prefix.upper()) for code in codes):
                close = difflib.get_close_matches(prefix.upper(), codes, n=1)
                hint = f"; did you mean {close[0]}?" if close else ""
                raise ConfigError(f"config error: unknown rule code {prefix!r} in select/ignore "
                                  f"(`mtcheck rules` lists them){hint}")


def _check_models(specs) -> None:
    """Load every scorer model once here, so a broken one is a one-line error, not a crash."""
    from .scoring.model import load_model

    for path in sorted({s.model_path for s in specs if s.model_path}):
        try:
            load_model(path)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise ConfigError(f"{path}: config error: not a scorer model ({reason})") from None


def _check_jsonl(conf, source, id_field, text_field, fields, progress) -> int:
    """JSON Lines mode: one output record per input record, in order; a bad record gives an
    error record (and an error line on stderr) and exit 2 at the end, the rest still runs."""
    import json

    from .input.jsonl import read_jsonl
    from .output.jsonl import jsonl_output
    from .run.engine import spec_for
    from .run.planning import resolve_jobs, run_items
    from .run.tasks import check_text_item

    settings = conf.for_path("-")
    spec = spec_for(settings)
    _check_models([spec])
    name = "<stdin>" if source == "-" else source
    if source == "-":
        records = list(read_jsonl(sys.stdin.buffer, id_field, text_field, settings.max_bytes))
    else:
        try:
            with open(source, "rb") as fh:
                records = list(read_jsonl(fh, id_field, text_field, settings.max_bytes))
        except FileNotFoundError:
            click.echo(f"{source}: error: no such file", err=True)
            return 2
        except OSError as exc:
            click.echo(f"{source}: error: {exc.strerror or exc}", err=True)
            return 2
    items = [(0, (str(r.id) if r.id is not None else f"line {r.line}", r.text, r.error,
                  settings.timeout)) for r in records]
    results = run_items(items, check_text_item, [spec], resolve_jobs(settings.jobs, len(items)))
    errors = failing = 0
    with _progress_bar(progress, len(items)) as bar:
        for record, fr in zip(records, results):
            for w in fr.warnings:
                click.echo(f"{name}:{record.line}: note: {w}", err=True)
            if fr.error:
                errors += 1
                click.echo(f"{name}:{record.line}: error: {fr.error}", err=True)
            elif settings.fails(fr.verdict) and not fr.accepted:
                failing += 1
            click.echo(json.dumps(jsonl_output(record, fr, fields), ensure_ascii=False))
            bar.update(1)
    if errors:
        return 2
    return 1 if failing and not settings.exit_zero else 0


def _load_or_exit(path: str, max_bytes: int | None, stdin_data: bytes | None = None):
    """A document, or a one-line error naming the file and exit 2."""
    from .input.errors import InputError
    from .input.reading import load_path

    try:
        return load_path(path, max_bytes or DEFAULT_MAX_BYTES, stdin_data)
    except InputError as exc:
        click.echo(f"{'<stdin>' if path == '-' else path}: error: {exc}", err=True)
        raise SystemExit(2)


def _compare(article_path, source_path, fmt, learn, max_bytes, exit_zero, verbose) -> int:
    import json

    from .compare.align import compare
    from .compare.report import render_comparison

    if article_path == "-" and source_path == "-":
        raise click.UsageError("only one of ARTICLE and SOURCE can be standard input")
    article = _load_or_exit(article_path, max_bytes)
    source = _load_or_exit(source_path, max_bytes)
    c = compare(article, source, article.path, source.path)
    if fmt == "json":
        click.echo(json.dumps(c.to_json(), ensure_ascii=False, indent=1))
    else:
        click.echo(render_comparison(c, verbose=verbose), nl=False)
    if learn is not None:
        _learn(learn, c, article)
    return 1 if c.relation in ("spun copy", "machine-translated rewrite") and not exit_zero else 0


def _learn(pack_path: str, c, article) -> None:
    """Append the spun copy's substitutions to a user pack; report on stderr what was added."""
    import os

    from .compare.learn import HEADER, entries, existing
    from .rules.spinner_fingerprints import parse_pack

    if c.relation != "spun copy":
        click.echo(f"{pack_path}: nothing learned ({c.article} is not a spun copy of {c.source}: "
                   f"{c.relation})", err=True)
        return
    try:
        with open(pack_path, encoding="utf-8") as fh:
            old = fh.read()
    except FileNotFoundError:
        old = None
    except (OSError, UnicodeDecodeError) as exc:
        click.echo(f"{pack_path}: error: {getattr(exc, 'strerror', None) or exc}", err=True)
        raise SystemExit(2)
    have = existing(old or "")
    new = []
    for line in entries(c, article):
        phrase, original = line.split("\t")[:2]
        # Only lines the pack reader accepts, and not already in the pack.
        if (phrase, original) in have or parse_pack(line, "learned", "MT103").errors:
            continue
        have.add((phrase, original))
        new.append(line)
    text = ("" if old is None else ("" if not old or old.endswith("\n") else "\n")) + "".join(
        line + "\n" for line in new)
    try:
        with open(pack_path, "a", encoding="utf-8") as fh:
            if old is None:
                fh.write(HEADER)
            fh.write(text)
    except OSError as exc:
        click.echo(f"{pack_path}: error: {exc.strerror or exc}", err=True)
        raise SystemExit(2)
    click.echo(f"{pack_path}: {len(new)} entr{'y' if len(new) == 1 else 'ies'} added "
               f"({'new pack' if old is None else os.path.basename(pack_path) + ' extended'})", err=True)


@cli.command("cluster")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True, help="html: one page, each family together.")
@click.option("--related", is_flag=True,
              help="Also group families and articles that share passages (pairwise: small batches).")
@click.option("--check-members", is_flag=True,
              help="Run mtcheck's check on every family member and pick the likely source by "
                   "fewest findings (slow).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None, metavar="N",
              help="Worker processes [default: all cores for large batches; 0: the same].")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None, metavar="N",
              help=f"Largest file or record read [default: {DEFAULT_MAX_BYTES}].")
@click.option("--id-field", default="id", metavar="NAME", show_default=True, help="JSON Lines: record id field.")
@click.option("--text-field", default="text", metavar="NAME", show_default=True, help="JSON Lines: text field.")
@click.option("-v", "--verbose", is_flag=True, help="Every example substitution and the unrelated articles.")
def cluster_command(paths, fmt, related, check_members, jobs, max_bytes, id_field, text_field, verbose):
    """Sort articles into families of near-duplicates: files, directories (text files and
    *.jsonl) or JSON Lines files (one article per record).

    Per family: the likely source, verbatim copies, and rewritten members (spun or
    machine-translated) with their substitution rate against the closest clean member.
    """
    import json
    import os
    from functools import partial

    from .compare.cluster import cluster, read_items
    from .compare.report import render_clustering, render_clustering_html
    from .input.reading import load_path

    limit = max_bytes or DEFAULT_MAX_BYTES
    items, errors = read_items(list(paths), id_field, text_field, max_bytes=limit)
    if jobs is None:
        jobs = (os.cpu_count() or 1) if len(items) > 200 else 1
    elif jobs == 0:
        jobs = os.cpu_count() or 1
    counter = _artifact_counter(limit) if check_members else None
    result = cluster(items, jobs=jobs, loader=partial(load_path, max_bytes=limit),
                     count_artifacts=counter, errors=errors, related=related)
    for name, error in result.errors:
        click.echo(f"{name}: error: {error}", err=True)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
    elif fmt == "html":
        click.echo(render_clustering_html(result, verbose=verbose), nl=False)
    else:
        click.echo(render_clustering(result, verbose=verbose), nl=False)
    raise SystemExit(2 if result.errors else 0)


def _artifact_counter(max_bytes: int):
    """Findings of mtcheck's own check on one item (files or JSON Lines texts)."""
    from .api import check_path, check_text, make_engine

    engine = make_engine()

    def count(item) -> int:
        report = (check_text(item.text, item.name, engine) if item.text is not None
                  else check_path(item.path, engine, max_bytes))
        return len(report.findings)
    return count


def _check_jsonl_on_dask(conf, source, id_field, text_field, fields, dask, partition_size) -> int:
    """JSON Lines mode on a Dask cluster: the same output, errors and exit code."""
    from .run import distributed

    try:
        address, workers = distributed.parse_dask(dask)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--dask'") from None
    settings = conf.for_path("-")
    if source != "-" and not os.path.exists(source):
        click.echo(f"{source}: error: no such file", err=True)
        return 2
    try:
        summary = distributed.run_jsonl(
            source, sys.stdout, address=address, local_workers=workers, id_field=id_field,
            text_field=text_field, fields=fields, settings=settings,
            partition_size=partition_size or distributed.DEFAULT_PARTITION_SIZE,
            errors=lambda line: click.echo(line, err=True))
    except distributed.DaskMissing as exc:
        click.echo(f"error: {exc}", err=True)
        return 2
    except OSError as exc:
        click.echo(f"{source}: error: {exc.strerror or exc}", err=True)
        return 2
    return summary.exit_code


@cli.command("rules")
def list_rules() -> None:
    """List every rule code with its name and summary."""
    for cls, code in registry.all_codes():
        click.echo(f"{code.code}  {code.name:<28} {code.severity.value:<8} {code.summary}")


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the documentation of a rule code (MT101) or family (MT1)."""
    from .output.doctext import render_doc
    from .output.terminal import Style, use_color

    style = Style(color=use_color("auto", sys.stdout))
    heading = lambda s: style.paint(s, "bold")  # noqa: E731
    literal = (lambda s: style.paint(s, "bold")) if style.color else (lambda s: f"'{s}'")  # noqa: E731
    found = registry.find_code(code)
    if found:
        cls, c = found
        # where the verdict's located evidence is narrower than the kind (or none), say so
        located = c.evidence_kind or "none"
        carries = "" if located == c.kind else f"; located evidence of: {located}"
        click.echo(heading(f"{c.code} {c.name}") + f" ({c.severity.value}; evidence of: {c.kind}"
                   f"{carries})\n{c.summary}\n", color=style.color)
        click.echo(heading(f"Family {cls.family}xx {cls.name}") + "\n", color=style.color)
        click.echo(render_doc(cls.documentation(), heading, literal), color=style.color)
        _echo_settings(cls, heading, style.color)
        return
    cls = registry.find_family(code)
    if cls is None:
        raise click.UsageError(f"unknown rule code {code!r}; `mtcheck rules` lists them")
    click.echo(render_doc(cls.documentation(), heading, literal), color=style.color)
    click.echo("\n" + heading("Codes"), color=style.color)
    for c in cls.codes:
        click.echo(textwrap.indent(f"{c.code} {c.name}: {c.summary}", "    "))
    _echo_settings(cls, heading, style.color)


def _echo_settings(cls, heading=lambda s: s, color: bool = False) -> None:
    """The family's typed settings, as set in [tool.mtcheck.rules.<name>]."""
    from .core.rule import setting_specs

    specs = setting_specs(cls.Settings)
    if not specs:
        return
    click.echo("\n" + heading("Setting types and defaults"), color=color)
    click.echo(f"    in [tool.mtcheck.rules.{cls.name}] (pyproject.toml) or [rules.{cls.name}] "
               f"(.mtcheck.toml, mtcheck.toml):")
    for name, kind, default in specs:
        shown = ("none" if default is None else str(default).lower() if isinstance(default, bool)
                 else list(default) if isinstance(default, tuple) else default)
        click.echo(f"    {name} ({kind}, default {shown})")


def _labelled(path: str) -> list[dict]:
    from .input.errors import InputError
    from .run.evaluation import read_labelled

    try:
        return read_labelled(path)
    except InputError as exc:
        click.echo(f"{path}: error: {exc}", err=True)
        raise SystemExit(2)


@cli.command()
@click.argument("labelled", metavar="LABELLED.jsonl")
@click.option("-o", "--output", default="mtcheck-scorer.json", show_default=True,
              help="Where to write the fitted model.")
@click.option("--max-fpr", type=click.FloatRange(0, 0.5), default=0.01, show_default=True,
              help="Share of human articles of any one genre (the records' optional \"genre\" "
                   "field) allowed to fail in cross-validation.")
@click.option("--model-kind", type=click.Choice(["trees", "logistic"]), default="trees",
              show_default=True,
              help="Gradient-boosted trees (need human, spun and round-trip articles) or a "
                   "logistic regression.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes.")
def calibrate(labelled, output, max_fpr, model_kind, jobs):
    """Fit the scorer on labelled articles (JSON Lines: text, label) and write it as JSON.

    Use the result with `mtcheck --model FILE`. Prints cross-validated quality.
    """
    import json

    from .run.engine import EngineSpec
    from .run.evaluation import article_inputs, quality_table, score_corpus
    from .run.pool import default_jobs
    from .scoring.fitting import fit
    from .scoring.stages import fit_stage_one, stage_one_path
    from .scoring.verdict import cv_assessments

    records = _labelled(labelled)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise click.UsageError("calibrate needs scikit-learn: pip install scikit-learn (in a checkout "
                               "of mtcheck: pip install '.[calibrate]')")
    # Every rule on every article: the models are fitted on the full analysis.
    reports = score_corpus(records, EngineSpec(full_check=True), jobs=jobs or default_jobs())
    labels, options = [r["label"] for r in records], dict(
        max_fpr=max_fpr, genres=[r["genre"] for r in records], kind=model_kind)
    try:
        inputs, evidence = zip(*(article_inputs(r) for r in reports))
        model, cv = fit(list(inputs), labels, list(evidence), **options)
    except ValueError as exc:
        click.echo(f"{labelled}: error: {exc}", err=True)
        raise SystemExit(2)
    assessed = cv_assessments(model, cv)
    rows, table = quality_table(*assessed)
    model.meta = {"trained_on": labelled, "articles": len(records), "cross_validated": rows}
    # The two-stage check's first model, beside it (mtcheck.scoring.stages).
    stage_rows, stage_evidence = zip(*(article_inputs(r, stage_one=True) for r in reports))
    stage = fit_stage_one(list(stage_rows), labels, assessed[3], located=list(stage_evidence),
                          **options)
    stage.model.meta = {"trained_on": labelled, "articles": len(records)}
    with open(output, "w", encoding="utf-8") as fh:
        json.dump(model.to_json(), fh, indent=1)
    with open(stage_one_path(output), "w", encoding="utf-8") as fh:
        json.dump(stage.to_json(), fh, indent=1)
    click.echo("cross-validated quality (5 folds):\n" + table)
    click.echo(f"wrote {output} ({len(model.features)} features, fail at p >= {model.fail_at:.3f})")
    click.echo(f"wrote {stage_one_path(output)} (without the {stage.rule} rule: it is skipped "
               f"where both probabilities stay below {stage.skip_below:.4g})")


@cli.command()
@click.argument("labelled", metavar="LABELLED.jsonl")
@click.option("--model", default=None, help="Scorer model JSON (default: the built-in one).")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes.")
def evaluate(labelled, model, jobs):
    """Measure detection quality on labelled articles: ROC-AUC, recall at 1 % false positives
    and what the default verdict does, per label against human."""
    from .run.engine import EngineSpec
    from .run.evaluation import evaluate_reports, score_corpus
    from .run.pool import default_jobs

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
    except (click.exceptions.Abort, KeyboardInterrupt):
        return 130  # Ctrl-C: the shell convention (128 + SIGINT), no traceback
    return 0


def run() -> None:
    """Console-script entry point."""
    code = main()
    if code == 130:
        # Ctrl-C: leave now. The workers were stopped, but joining the worker pool's threads at
        # interpreter exit can hang on a queue a stopped worker left half-written.
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(130)
    sys.exit(code)
