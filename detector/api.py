"""Library API: the same checks the command runs, as functions, with the same options.

Options (keyword arguments, named like the command's long flags in snake_case): ``select``,
``ignore``, ``lexicons``, ``languagetool_url``, ``model``, ``max_bytes``, ``timeout``,
``include``, ``exclude``, plus ``rule_settings`` (rule name -> settings dict, merged over those
the other options produce). ``config`` names a configuration file to use. :func:`check_path` and
:func:`check_paths` discover configuration files next to the checked files as the command does
(``isolated=True`` turns that off); :func:`check_text` uses a configuration only when given one.
Options win over configuration files, as flags do.
"""

from __future__ import annotations

import os
from typing import Iterable

from .config import configuration
from .core.report import FileReport, Report
from .input.paths import expand_paths
from .input.reading import FORMAT_NAMES, load_text
from .run.engine import Engine, engine_for, spec_for
from .run.planning import plan_paths, run_plan
from .run.tasks import check_file


def make_engine(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                rule_settings: dict | None = None, *, config=None, **options) -> Engine:
    """An engine with these options (and the given configuration file, if any)."""
    conf = configuration(config, isolated=True, select=_tuple(select), ignore=_tuple(ignore),
                         rule_settings=rule_settings, **options)
    return spec_for(conf.for_directory(os.getcwd())).build()


def check_text(text: str, path: str = "<text>", engine: Engine | None = None, *, config=None,
               format: str | None = None, **options) -> FileReport:
    """Check one article given as a string. ``path`` labels the report; its suffix picks the
    reader (``.md``/``.markdown``: Markdown, ``.html``/``.htm``: HTML, else plain text) unless
    ``format`` names one (``"text"``, ``"markdown"``, ``"html"``), and the per-file ignores of
    a given ``config`` apply to it."""
    markup = None
    if format is not None:
        markup = FORMAT_NAMES.get(str(format).lower())
        if markup is None:
            raise ValueError(f"unknown format {format!r}; use one of text, markdown, html")
    if engine is None:
        conf = configuration(config, isolated=True, **options)
        named = None if path in ("<text>", "<stdin>", "-") else os.path.abspath(path)
        engine = engine_for(spec_for(conf.for_directory(os.getcwd()), named))
    elif options or config is not None:
        raise TypeError("pass either an engine or options, not both")
    return engine.check(load_text(text, path, markup))


def check_path(path: str, engine: Engine | None = None, max_bytes: int | None = None, *,
               config=None, isolated: bool = False, **options) -> FileReport:
    """Check one file (``-``: standard input); a file that cannot be read gives a report with
    ``error`` set."""
    return check_paths([path], engine, max_bytes, config=config, isolated=isolated,
                       expand=False, **options).files[0]


def check_paths(paths: Iterable[str], engine: Engine | None = None, max_bytes: int | None = None,
                *, config=None, isolated: bool = False, jobs: int = 1, expand: bool = True,
                **options) -> Report:
    """Check files and directories (walked with ``include``/``exclude``), in order. ``jobs`` > 1
    runs that many worker processes (0: all cores for more than a few files); the results are
    the same."""
    if max_bytes is not None:
        options["max_bytes"] = max_bytes
    if engine is not None:
        if config is not None or set(options) - {"max_bytes", "timeout"}:
            raise TypeError("pass either an engine or options, not both")
        conf = configuration(None, isolated=True, **options)
        settings = conf.for_directory(os.getcwd())
        files = expand_paths(list(paths), settings.path_filter()) if expand else list(paths)
        return Report([check_file(engine, (p, settings.max_bytes, None, settings.timeout))
                       for p in files])
    conf = configuration(config, isolated=isolated, **options)
    plan = plan_paths(list(paths), conf, expand=expand)
    return Report(list(run_plan(plan, jobs)) + plan.error_reports())


def _tuple(values) -> tuple[str, ...] | None:
    if values is None:
        return None
    return (values,) if isinstance(values, str) else tuple(values)
