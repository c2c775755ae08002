"""--diff: the flagged article against the article with the likely originals restored."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from mtcheck.cli import main
from mtcheck.core.finding import Finding, Severity
from mtcheck.core.report import FileReport
from mtcheck.output.diff import apply_edits, chosen_edits, file_diff


def _f(start, end, sugg, conf, code="MT101"):
    return Finding(code, "r", Severity.WARNING, start, end, "x", "m", suggestions=tuple(sugg),
                   confidence=conf)


def test_overlapping_findings_the_more_confident_wins():
    text = "its unwavering assist in the war"
    a = _f(4, 21, ["unwavering support"], 0.9)
    b = _f(15, 21, ["help"], 0.2, "MT301")
    c = _f(25, 28, [], 0.9)  # no suggestion: nothing to apply
    edits = chosen_edits([b, a, c])
    assert edits == [(4, 21, "unwavering support")]
    assert apply_edits(text, edits) == "its unwavering support in the war"


def test_markdown_diff_keeps_the_markup(tmp_path):
    md = tmp_path / "a.md"
    md.write_text("# Title\n\nThe **kingdom media** said so.\n", encoding="utf-8")
    text = md.read_text(encoding="utf-8")
    blanked = text.replace("#", " ").replace("*", " ")  # what a markup loader checks
    s = text.index("kingdom media")
    fr = FileReport(path=str(md), verdict="spun", text=blanked,
                    findings=[_f(s, s + 13, ["state media"], 0.93)])
    diff = file_diff(fr)
    assert "-The **kingdom media** said so.\n+The **state media** said so.\n" in diff
    assert diff.startswith(f"--- {md}\n+++ {md} (likely original)\n")


def test_command_diff_on_the_seeds(capsys, seed_path, tmp_path):
    spun, clean = seed_path("004"), seed_path("001")
    before = spun.read_bytes()
    assert main(["--diff", str(clean), str(spun)]) == 1  # the exit code is the verdict's
    out = capsys.readouterr().out
    assert out.startswith(f"--- {spun}\n")  # nothing for the clean article
    assert any(x.startswith("-") and "kingdom media" in x for x in out.splitlines())
    assert any(x.startswith("+") and "state media" in x and "kingdom media" not in x
               for x in out.splitlines())
    assert spun.read_bytes() == before  # never written
    # Weak findings can be left out with --min-confidence.
    assert main(["--diff", "--min-confidence", "0.9", str(spun)]) == 1
    strict = capsys.readouterr().out
    assert 0 < len(strict) < len(out)
    assert main(["--diff", "--format", "json", str(spun)]) == 2


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs the patch program")
def test_the_diff_is_a_patch_that_restores_the_likely_original(capsys, seed_path, tmp_path):
    from mtcheck.api import check_path
    from mtcheck.output.diff import source_text

    spun = seed_path("004")
    copy = tmp_path / spun.name
    shutil.copy(spun, copy)
    assert main(["--diff", str(copy)]) == 1
    diff = capsys.readouterr().out
    subprocess.run(["patch", "-s", str(copy)], input=diff.encode(), check=True)
    report = check_path(str(spun), isolated=True)
    expected = apply_edits(source_text(report), chosen_edits(report.findings))
    assert copy.read_text(encoding="utf-8") == expected
