"""--stdin-filename (reader, configuration and per-file ignores by name), check_text's format and
path, and FileReport.to_dict() as the JSON record."""

from __future__ import annotations

import io
import json
import sys

import pytest

import mtcheck
from mtcheck.cli import main

ARTICLE = ("---\ntitle: The kingdom media story\nauthor: x\n---\n\n# Heading\n\n"
           "North Korea's kingdom media posted the letter on Tuesday. The weather was fine.\n")


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


def _json(capsys, args):
    code = main(["--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)["files"][0]


def test_stdin_filename_picks_the_reader_and_names_the_report(capsys, monkeypatch):
    _stdin(monkeypatch, ARTICLE)
    _, plain = _json(capsys, ["-"])
    assert plain["path"] == "<stdin>"
    assert [f["line"] for f in plain["findings"] if f["code"] == "MT101"] == [2, 8]
    _stdin(monkeypatch, ARTICLE)
    _, md = _json(capsys, ["--stdin-filename", "docs/a.md"])  # no path: standard input
    assert md["path"] == "docs/a.md"
    assert [f["line"] for f in md["findings"] if f["code"] == "MT101"] == [8]
    assert md["set_aside"].get("front-matter")


def test_stdin_filename_applies_configuration_and_per_file_ignores(capsys, monkeypatch, tmp_path):
    (tmp_path / ".mtcheck.toml").write_text('[per-file-ignores]\n"drafts/**" = ["MT1"]\n')
    monkeypatch.chdir(tmp_path)
    _stdin(monkeypatch, ARTICLE)
    _, drafted = _json(capsys, ["--stdin-filename", "drafts/a.md", "-"])
    assert not [f for f in drafted["findings"] if f["code"].startswith("MT1")]
    _stdin(monkeypatch, ARTICLE)
    _, other = _json(capsys, ["--stdin-filename", "news/a.md", "-"])
    assert [f for f in other["findings"] if f["code"].startswith("MT1")]


def test_stdin_filename_usage_errors(capsys, monkeypatch, seed_path):
    _stdin(monkeypatch, ARTICLE)
    assert main(["--stdin-filename", "a.md", str(seed_path("001"))]) == 2
    assert "give - among the paths" in capsys.readouterr().err
    assert main(["--stdin-filename", " ", "-"]) == 2


def test_check_text_reads_markup_by_path_or_format():
    plain = mtcheck.check_text(ARTICLE)
    by_path = mtcheck.check_text(ARTICLE, path="story.md")
    by_format = mtcheck.check_text(ARTICLE, format="markdown")
    assert "front-matter" not in plain.set_aside
    assert by_path.set_aside.get("front-matter") and by_format.set_aside == by_path.set_aside
    assert [f.line for f in by_path.findings if f.code == "MT101"] == [8]
    assert by_path.path == "story.md" and by_format.path == "<text>"
    html = mtcheck.check_text("<p>The <b>kingdom media</b> said so.</p><script>x</script>",
                              format="html")
    assert [f.text for f in html.findings if f.code == "MT101"] == ["kingdom media"]
    with pytest.raises(ValueError, match="unknown format"):
        mtcheck.check_text("x", format="rst")


def test_check_text_applies_per_file_ignores_of_a_config(tmp_path):
    conf = tmp_path / "mtcheck.toml"
    conf.write_text('[per-file-ignores]\n"drafts/**" = ["MT1"]\n')
    ignored = mtcheck.check_text(ARTICLE, path=str(tmp_path / "drafts" / "a.md"), config=str(conf))
    kept = mtcheck.check_text(ARTICLE, path=str(tmp_path / "news" / "a.md"), config=str(conf))
    assert not [f for f in ignored.findings if f.code.startswith("MT1")]
    assert [f for f in kept.findings if f.code.startswith("MT1")]


def test_to_dict_is_exactly_the_json_record(capsys, seed_path, tmp_path):
    path = str(seed_path("002"))
    report = mtcheck.check_path(path)
    _, record = _json(capsys, [path])
    assert report.to_dict() == record
    assert main(["--format", "json", "-v", path]) == 0
    assert report.to_dict(features=True) == json.loads(capsys.readouterr().out)["files"][0]
    gone = mtcheck.check_path(str(tmp_path / "gone.md"))
    assert gone.to_dict() == {"path": str(tmp_path / "gone.md"), "error": "no such file"}
