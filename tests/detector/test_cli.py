"""The command as a function: main(argv) -> exit code, output captured."""

import json

from mtcheck.cli import main


def test_missing_file_is_one_line_error_and_other_files_are_still_checked(capsys, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("The committee met on Monday and agreed a new budget for the schools.\n")
    code = main([str(tmp_path / "missing.txt"), str(clean)])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.strip() == f"{tmp_path / 'missing.txt'}: error: no such file"
    assert f"{clean}: clean" in out


def test_json_output_shape(capsys, seed_path):
    code = main(["--format", "json", str(seed_path("004")), str(seed_path("001"))])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data["version"] == 1 and data["tool"]["name"] == "mtcheck"
    spun, clean = data["files"]
    assert spun["path"] == str(seed_path("004"))
    assert spun["verdict"] == "spun" and clean["verdict"] == "clean"
    for fr in data["files"]:
        assert set(fr["scores"]) == {"spun", "machine_translated"}
        assert all(0 <= v <= 1 for v in fr["scores"].values())
        assert isinstance(fr["words"], int)
    keys = {"code", "rule", "severity", "line", "column", "end_line", "end_column", "start", "end",
            "text", "message", "suggestions"}
    text = seed_path("004").read_text(encoding="utf-8")
    assert spun["findings"]
    for f in spun["findings"]:
        assert keys <= set(f)
        assert text[f["start"]:f["end"]] == f["text"]


def test_json_reports_unreadable_file_with_error_field(capsys, tmp_path):
    code = main(["--format", "json", str(tmp_path / "gone.md")])
    data = json.loads(capsys.readouterr().out)
    assert code == 2
    assert data["files"] == [{"path": str(tmp_path / "gone.md"), "error": "no such file"}]


def test_exit_zero_and_text_format(capsys, seed_path):
    code = main(["--exit-zero", str(seed_path("004"))])
    out = capsys.readouterr().out
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith(str(seed_path("004")) + ":")
    assert " MT" in first
    assert f"{seed_path('004')}: spun (" in out


def test_ignore_everything_makes_the_spun_seed_pass(capsys, seed_path):
    assert main(["--ignore", "MT", str(seed_path("004"))]) == 0
    assert ": clean" in capsys.readouterr().out


def test_select_limits_codes(capsys, seed_path):
    main(["--select", "MT1", "--exit-zero", str(seed_path("004"))])
    codes = {line.split()[1] for line in capsys.readouterr().out.splitlines() if ": MT" in line}
    assert codes and all(c.startswith("MT1") for c in codes)


def test_stdin(capsys, monkeypatch):
    import io
    import sys
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"A plain sentence about the weather today.\n")))
    assert main(["-"]) == 0
    assert "<stdin>: clean" in capsys.readouterr().out


def test_directory_recursion(capsys, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("Ministers met today to talk about the economy.\n")
    (tmp_path / "b.txt").write_text("The team won the match on Saturday.\n")
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert str(tmp_path / "b.txt") in out and str(tmp_path / "sub" / "a.md") in out


def test_rules_and_explain(capsys):
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert "MT101" in listing
    assert main(["explain", "MT101"]) == 0
    assert "MT101" in capsys.readouterr().out
    assert main(["explain", "MT999"]) == 2
    assert "unknown rule code" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys, seed_path):
    assert main(["--format", "nope", str(seed_path("001"))]) == 2
    assert main([]) == 2
