"""The README is kept true by running it.

Every fenced block in README.md is checked, according to the marker comment on the line before it:

- ``<!-- readme-test: output -->``: a terminal session. Each ``$ mtcheck ...`` line is run (in the
  repository root, in-process) and what it prints must equal the lines after it; a line ``...``
  stands for any number of lines (the README shortens long output). ``$ echo $?`` prints the
  previous command's exit code.
- ``<!-- readme-test: python -->``: run as Python in a folder holding ``article.txt`` and
  ``article.md`` (copies of the spun seed).
- ``<!-- readme-test: toml -->``: a configuration: it parses and every key is a known one.
- ``<!-- readme-test: skip REASON -->``: not run (the reason is the documentation).
- Any other block: every ``mtcheck`` command in it must parse (known subcommand and options).

Also: the rule tables equal ``tools/readme_rules.py``'s output, and mtcheck's own documentation
passes mtcheck. After a deliberate change of output, ``python -m tools.readme_sessions --write``
refreshes the sessions (keeping their shortening).
"""

from __future__ import annotations

import glob
import re
import shlex
import shutil
import sys
from pathlib import Path

import click
import pytest

from mtcheck.cli import cli, main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MARK = re.compile(r"<!-- readme-test: (output|python|toml|skip)\b(.*?)-->")
SEED_004 = "seeds/004_7179962c8e6e8e9f.txt"


def blocks(text: str) -> list[tuple[str, str, str, int]]:
    """(marker kind or "", fence info, body, line number) for each fenced block."""
    out = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)(```+)(.*)$", lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = m.groups()
        prev = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        mark = MARK.search(prev)
        body = []
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j])
            j += 1
        out.append((mark.group(1) if mark else "", info.strip(), "\n".join(body), i + 1))
        i = j + 1
    return out


README_BLOCKS = blocks(README.read_text(encoding="utf-8"))


def _sessions(body: str) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        else:
            assert out, f"output before any command: {line!r}"
            out[-1][1].append(line)
    return out


def matches(expected: list[str], actual: list[str]) -> bool:
    """``expected`` equals ``actual``, where a ``...`` line matches any run of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and matches(expected[1:], actual[1:])


@pytest.mark.parametrize("kind,info,body,line", [b for b in README_BLOCKS if b[0] == "output"],
                         ids=lambda v: str(v) if isinstance(v, int) else None)
def test_readme_sessions_print_what_the_readme_shows(kind, info, body, line, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    code = None
    for command, expected in _sessions(body):
        if command == "echo $?":
            assert expected == [str(code)], f"README line {line}: exit code of the command above"
            continue
        # Globs are expanded as a shell would.
        args = [x for a in shlex.split(command)
                for x in ((sorted(glob.glob(a)) or [a]) if "*" in a else [a])]
        assert args[0] == "mtcheck", f"README line {line}: only mtcheck commands run: {command}"
        if "--roundtrip-check" in args and shutil.which("apertium") is None:
            pytest.skip(f"README line {line}: the round-trip check needs Apertium (.ci/run installs it)")
        code = main(args[1:])
        captured = capsys.readouterr()
        actual = (captured.out + captured.err).splitlines()
        assert matches(expected, actual), (
            f"README line {line}: `{command}` printed:\n" + "\n".join(actual))


@pytest.mark.parametrize("kind,info,body,line", [b for b in README_BLOCKS if b[0] == "python"],
                         ids=lambda v: str(v) if isinstance(v, int) else None)
def test_readme_python_runs(kind, info, body, line, tmp_path, monkeypatch, capsys):
    shutil.copy(ROOT / SEED_004, tmp_path / "article.txt")
    shutil.copy(ROOT / SEED_004, tmp_path / "article.md")
    monkeypatch.chdir(tmp_path)
    exec(compile(body, f"README.md:{line}", "exec"), {"__name__": "readme"})
    assert capsys.readouterr().out  # the example prints something


@pytest.mark.parametrize("kind,info,body,line", [b for b in README_BLOCKS if b[0] == "toml"],
                         ids=lambda v: str(v) if isinstance(v, int) else None)
def test_readme_configuration_uses_known_keys(kind, info, body, line):
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    from mtcheck.config import KEYS

    doc = tomllib.loads(body)
    table = doc["tool"]["mtcheck"] if "tool" in doc else doc
    assert table and set(table) <= set(KEYS), set(table) - set(KEYS)


def _mtcheck_commands(body: str) -> list[list[str]]:
    out = []
    for line in body.splitlines():
        line = line.split("#", 1)[0].strip().lstrip("$ ")
        for part in re.split(r"&&|\|\||;", line):
            part = part.split("|")[0].split(">")[0].strip()
            if part.startswith("mtcheck ") or part == "mtcheck":
                out.append(shlex.split(part)[1:])
    return out


def test_every_mtcheck_command_in_other_blocks_parses():
    checked = 0
    for kind, info, body, line in README_BLOCKS:
        if kind:
            continue
        for args in _mtcheck_commands(body):
            sub, rest = (args[0], args[1:]) if args and args[0] in cli.commands else ("check", args)
            try:
                cli.commands[sub].make_context(sub, list(rest))
            except click.exceptions.Exit:
                pass
            except click.BadParameter as exc:
                if "does not exist" not in exc.format_message():  # example files are not here
                    pytest.fail(f"README line {line}: `mtcheck {' '.join(args)}`: "
                                f"{exc.format_message()}")
            except click.ClickException as exc:
                pytest.fail(f"README line {line}: `mtcheck {' '.join(args)}`: {exc.format_message()}")
            checked += 1
    assert checked >= 5


def test_every_session_block_is_run_or_says_why_not():
    for kind, info, body, line in README_BLOCKS:
        if re.search(r"^\$ mtcheck", body, re.M):
            assert kind in ("output", "skip"), f"README line {line}: a session without a marker"


def test_rule_tables_are_generated_from_the_rules():
    from tools.readme_rules import readme_tables, tables

    assert readme_tables(README.read_text(encoding="utf-8")) == tables()


def test_mtchecks_own_documentation_passes_mtcheck(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["--format", "concise", "README.md", "seeds/README.md"]) == 0
    out = capsys.readouterr().out
    assert "README.md: clean (" in out and "seeds/README.md: clean (" in out, out


def test_elision_matches_runs_of_lines_only_where_marked():
    assert matches(["a", "...", "z"], ["a", "b", "c", "z"]) and matches(["a", "...", "z"], ["a", "z"])
    assert not matches(["a", "z"], ["a", "b", "z"]) and not matches(["a", "...", "z"], ["a", "b"])
