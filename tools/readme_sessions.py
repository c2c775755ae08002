"""Refresh the terminal sessions in README.md that are marked ``<!-- readme-test: output -->``.

    python -m tools.readme_sessions            # list the sessions whose output changed
    python -m tools.readme_sessions --write    # rewrite them with what mtcheck prints now

Each ``$ mtcheck ...`` line is run in the repository root (in-process, colour off) and the lines
after it are replaced by its output. Where the README shortens output with a ``...`` line, the
same number of lines is kept before and after it. ``$ echo $?`` lines get the exit code.
``tests/test_readme.py`` checks that the README matches (it does not rewrite anything).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import glob
import re
import shlex
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
MARK = re.compile(r"<!-- readme-test: output\b.*?-->")


def run_mtcheck(args: list[str]) -> tuple[int, list[str]]:
    """Exit code and stdout + stderr lines of ``mtcheck ARGS`` run in this process."""
    from mtcheck.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, (out.getvalue() + err.getvalue()).splitlines()


def shorten(expected: list[str], actual: list[str]) -> list[str]:
    """``actual`` shortened as ``expected`` is: as many lines before and after its ``...``."""
    if "..." not in expected:
        return actual
    k = expected.index("...")
    head, tail = k, len(expected) - k - 1
    if head + tail >= len(actual):
        return actual
    return actual[:head] + ["..."] + (actual[len(actual) - tail:] if tail else [])


def refresh(text: str) -> str:
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if not MARK.search(line):
            continue
        fence = re.match(r"^(\s*)(```+)", lines[i])
        indent, ticks = fence.group(1), fence.group(2)
        out.append(lines[i])
        i += 1
        body = []
        while not lines[i].strip().startswith(ticks):
            body.append(lines[i].rstrip("\n")[len(indent):])
            i += 1
        code = None
        new: list[str] = []
        k = 0
        while k < len(body):
            command = body[k]
            expected = []
            k += 1
            while k < len(body) and not body[k].startswith("$ "):
                expected.append(body[k])
                k += 1
            new.append(command)
            if command == "$ echo $?":
                new.append(str(code))
                continue
            args = [x for a in shlex.split(command[2:])[1:]
                    for x in ((sorted(glob.glob(a)) or [a]) if "*" in a else [a])]
            code, actual = run_mtcheck(args)
            new.extend(shorten(expected, actual))
        out.extend(f"{indent}{x}\n" if x else "\n" for x in new)
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite README.md")
    args = parser.parse_args(argv)
    os.chdir(README.parent)
    os.environ["NO_COLOR"] = "1"
    old = README.read_text(encoding="utf-8")
    new = refresh(old)
    if args.write:
        README.write_text(new, encoding="utf-8")
    elif new != old:
        sys.stdout.write("README sessions differ from what mtcheck prints; run with --write\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
