"""Inline suppression on every input kind, and one rule for the verdict: a suppressed finding no
longer counts (like per-file-ignores); the report says how many were suppressed; ``accept``."""

import io
import json
import sys

from mtcheck.cli import main


def _json(capsys, argv):
    code = main(["--format", "json", *argv])
    out, err = capsys.readouterr()
    return code, json.loads(out)["files"][0], err


def test_directives_work_in_plain_text_files_and_are_not_flagged(capsys, tmp_path, seed):
    path = tmp_path / "spun.txt"
    path.write_text("<!-- mtcheck: disable MT1 -->\n" + seed("004"), encoding="utf-8")
    code, report, _ = _json(capsys, [str(path)])
    assert not [f for f in report["findings"] if f["code"].startswith("MT1")]
    assert report["suppressed"] > 0
    assert not [f for f in report["findings"] if "mtcheck" in f["text"].lower()]


def test_directives_work_on_standard_input(capsys, monkeypatch, seed):
    data = ("<!-- mtcheck: disable-file -->\n" + seed("004")).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, report, _ = _json(capsys, ["-"])
    assert code == 0
    assert report["verdict"] == "not-judged" and report["findings"] == []


def test_disable_file_and_per_file_ignores_agree(capsys, tmp_path, seed):
    """disable-file of every code: not judged, like per-file-ignores of every code (not 'clean',
    not a failing verdict computed from findings that were switched off)."""
    directive = tmp_path / "a" / "spun.md"
    directive.parent.mkdir()
    directive.write_text("<!-- mtcheck: disable-file -->\n\n" + seed("004"), encoding="utf-8")
    ignored = tmp_path / "b" / "spun.md"
    ignored.parent.mkdir()
    ignored.write_text(seed("004"), encoding="utf-8")
    (tmp_path / "b" / "mtcheck.toml").write_text('[per-file-ignores]\n"*.md" = ["MT"]\n')
    code_a, a, _ = _json(capsys, [str(directive)])
    code_b, b, _ = _json(capsys, [str(ignored)])
    assert a["verdict"] == b["verdict"] == "not-judged"
    assert code_a == code_b == 0
    # With codes: the same as ignoring those codes for the file.
    directive.write_text("<!-- mtcheck: disable-file MT1 -->\n\n" + seed("004"), encoding="utf-8")
    (tmp_path / "b" / "mtcheck.toml").write_text('[per-file-ignores]\n"*.md" = ["MT1"]\n')
    _, a, _ = _json(capsys, [str(directive)])
    _, b, _ = _json(capsys, [str(ignored)])
    assert (a["verdict"], a["scores"]) == (b["verdict"], b["scores"])


def test_the_summary_counts_suppressed_findings(capsys, tmp_path, seed):
    path = tmp_path / "spun.md"
    path.write_text("<!-- mtcheck: disable MT3 -->\n\n" + seed("004"), encoding="utf-8")
    main(["--exit-zero", str(path)])
    out = capsys.readouterr().out
    summary = [line for line in out.splitlines() if line.startswith(f"{path}: ")][-1]
    assert " suppressed)" in summary


def test_accept_directive_shows_the_verdict_and_does_not_fail(capsys, tmp_path, seed):
    path = tmp_path / "reviewed.md"
    path.write_text("<!-- mtcheck: accept -->\n\n" + seed("004"), encoding="utf-8")
    code, report, _ = _json(capsys, [str(path)])
    assert code == 0
    assert report["verdict"] == "spun" and report["accepted"] is True
    assert main([str(path)]) == 0
    assert "spun (accepted: reviewed, does not fail)" in capsys.readouterr().out


def test_unknown_code_in_a_directive_is_a_note(capsys, tmp_path, seed):
    path = tmp_path / "a.md"
    path.write_text("<!-- mtcheck: disable MT999 -->\n\n" + seed("001"), encoding="utf-8")
    _, report, err = _json(capsys, [str(path)])
    assert any("unknown rule code 'MT999'" in n for n in report["notes"])
    assert "unknown rule code 'MT999'" in err  # important notes are printed on stderr too
