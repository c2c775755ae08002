"""The README's rule tables, generated from the rules' own metadata (codes, names, severities,
what each is evidence of, summaries), so the README cannot drift from the code.

    python -m tools.readme_rules            # print the tables
    python -m tools.readme_rules --write    # replace them in README.md

In README.md each table follows a marker line ``<!-- rules-table: MT1 -->`` and ends at the
first blank line; ``tests/tools/test_readme.py`` checks that the README holds exactly these tables.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from mtcheck.rules import registry

README = Path(__file__).resolve().parent.parent / "README.md"
MARKER = re.compile(r"^<!-- rules-table: (MT\d) -->$")
HEADER = ("| code | name | severity | evidence of | what it finds |\n"
          "|---|---|---|---|---|")


def table(family: str) -> str:
    cls = registry.find_family(family)
    if cls is None:
        raise KeyError(family)
    rows = [f"| {c.code} | {c.name} | {c.severity.value} | {c.kind.replace('_', '-')} | "
            f"{c.summary} |" for c in cls.codes]
    return "\n".join([HEADER, *rows])


def tables() -> dict[str, str]:
    return {cls.family: table(cls.family) for cls in sorted(registry.rule_classes(),
                                                            key=lambda c: c.family)}


def readme_tables(text: str) -> dict[str, str]:
    """Family -> the table that follows its marker in ``text``."""
    lines = text.splitlines()
    out = {}
    for i, line in enumerate(lines):
        m = MARKER.match(line)
        if m:
            body = []
            for row in lines[i + 1:]:
                if not row.strip():
                    break
                body.append(row)
            out[m.group(1)] = "\n".join(body)
    return out


def rewrite(text: str) -> str:
    generated = tables()
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        out.append(lines[i])
        m = MARKER.match(lines[i].rstrip("\n"))
        i += 1
        if m:
            while i < len(lines) and lines[i].strip():
                i += 1  # drop the old table
            out.append(generated[m.group(1)] + "\n")
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update README.md in place")
    args = parser.parse_args(argv)
    if args.write:
        README.write_text(rewrite(README.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    for family, body in tables().items():
        sys.stdout.write(f"<!-- rules-table: {family} -->\n{body}\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
