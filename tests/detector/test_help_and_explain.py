"""`mtcheck --help` shows the check options; `mtcheck explain` prints readable text for every
family (no reStructuredText markup, one heading style); the hook advertises only formats mtcheck
reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mtcheck.cli import check, main
from mtcheck.output.doctext import render_doc
from mtcheck.rules import registry

ROOT = Path(__file__).resolve().parents[2]
# Families whose documentation is written in sections (MT6's is running prose with inline
# "What it does:" lead-ins: no headings to render).
SECTIONED = ("MT1", "MT2", "MT3", "MT4", "MT5")


def test_group_help_lists_every_check_option(capsys):
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    assert "Commands:" in text and "Check options" in text
    longs = {o for p in check.params if hasattr(p, "opts") for o in p.opts + p.secondary_opts
             if o.startswith("--") and o != "--help"}
    assert longs and all(o in text for o in longs), sorted(o for o in longs if o not in text)


@pytest.mark.parametrize("family", [cls.family for cls in registry.rule_classes()])
def test_explain_is_plain_terminal_text(capsys, family):
    assert main(["explain", family]) == 0
    text = capsys.readouterr().out
    lines = text.splitlines()
    assert "``" not in text
    assert not [x for x in lines if x.rstrip().endswith("::")]
    assert not [x for x in lines if re.fullmatch(r"\s*([-=~^])\1{2,}\s*", x)]
    assert not re.search(r"(?<![\w*])\*[A-Za-z][^*\n]*\*(?![\w*])", text)  # *emphasis*
    # Headings at the margin, each followed by an indented body.
    headings = [x for i, x in enumerate(lines[1:-1], 1)
                if x and not x[0].isspace() and lines[i + 1].startswith("    ")]
    if family in SECTIONED:
        assert "What it does" in headings and "Why" in headings
    for h in headings:
        i = lines.index(h)
        assert lines[i + 1].startswith("    ") and lines[i + 1].strip()


def test_render_doc_unifies_the_two_section_styles():
    rst = "Summary.\n\nWhat it does\n------------\nLooks at ``words``::\n\n    code\n\nWhy\n---\n*Because*."
    deflist = "Summary.\n\nWhat it does\n    Looks at ``words``:\n\n        code\n\nWhy\n    Because."
    assert render_doc(rst) == render_doc(deflist)
    assert render_doc(rst) == ("Summary.\n\nWhat it does\n    Looks at 'words':\n\n        code\n\n"
                               "Why\n    Because.")


def test_the_hook_advertises_only_formats_mtcheck_reads():
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    (types,) = re.findall(r"types_or: \[(.*)\]", hooks)
    assert {t.strip() for t in types.split(",")} == {"markdown", "plain-text", "html"}
    assert "reStructuredText" not in hooks


def test_explain_a_code_names_the_evidence_it_can_carry(capsys):
    # MT304 counts for both kinds but carries only a machine-translated verdict; MT401 none
    assert main(["explain", "MT304"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith("(info; evidence of: any; located evidence of: machine_translated)")
    assert main(["explain", "MT401"]) == 0
    assert "located evidence of: none" in capsys.readouterr().out.splitlines()[0]
    assert main(["explain", "MT301"]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith("(warning; evidence of: any)")
