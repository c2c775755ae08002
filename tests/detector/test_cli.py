"""The command as a function: main(argv) -> exit code, output captured."""

import json

from mtcheck.cli import main

# Long enough to be judged (a text under 50 words is "too-short").
CLEAN = ("The committee met on Monday and agreed a new budget for the schools in the county. Teachers had "
         "asked for more money for books and repairs, and the council said it would find the funds from "
         "savings elsewhere. Parents welcomed the decision, although some said the increase was smaller "
         "than they had hoped for this year.\n")


def test_missing_file_is_one_line_error_and_other_files_are_still_checked(capsys, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN)
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


def test_ignore_everything_is_not_judged_never_clean(capsys, seed_path):
    assert main(["--ignore", "MT", str(seed_path("004"))]) == 0  # not a failure by default ...
    out = capsys.readouterr().out
    assert ": not-judged" in out and ": clean" not in out
    assert "every rule that judges spinning or machine translation is switched off" in out
    # ... unless asked: fail-on takes the "could not judge" verdicts too.
    assert main(["--ignore", "MT", "--fail-on", "not-judged", str(seed_path("004"))]) == 1
    capsys.readouterr()


def test_select_of_a_family_that_does_not_judge_is_not_judged(capsys, seed_path):
    assert main(["--select", "MT7", str(seed_path("004"))]) == 0
    assert ": not-judged" in capsys.readouterr().out


def test_select_limits_codes(capsys, seed_path):
    main(["--select", "MT1", "--exit-zero", str(seed_path("004"))])
    codes = {line.split()[1] for line in capsys.readouterr().out.splitlines() if ": MT" in line}
    assert codes and all(c.startswith("MT1") for c in codes)


def test_stdin(capsys, monkeypatch):
    import io
    import sys
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"A plain sentence about the weather today.\n")))
    assert main(["-"]) == 0  # too short to judge: said, and not a failure by default
    out = capsys.readouterr().out
    assert out.startswith("<stdin>: too-short") and "too short to judge: 7 words" in out


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


# -- the library API gives what the command gives -----------------------------------------------

def _cli_json(capsys, args):
    code = main(["--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_api_and_cli_agree_with_options_and_config(capsys, tmp_path, seed, monkeypatch):
    import mtcheck
    from mtcheck.output.json import format_json
    from mtcheck.core.report import Report

    monkeypatch.chdir(tmp_path)
    (tmp_path / "spun.txt").write_text(seed("004"), encoding="utf-8")
    (tmp_path / "clean.txt").write_text(seed("001"), encoding="utf-8")
    paths = ["spun.txt", "clean.txt"]
    for options, flags in (({}, []), ({"select": ["MT1", "MT5"]}, ["--select", "MT1,MT5"]),
                           ({"ignore": "MT1"}, ["--ignore", "MT1"])):
        code, cli = _cli_json(capsys, [*flags, *paths])
        api = json.loads(format_json(mtcheck.check_paths(paths, **options)))
        assert api == cli
        texts = [mtcheck.check_text(seed(p), path=name, **options)
                 for p, name in (("004", "spun.txt"), ("001", "clean.txt"))]
        assert json.loads(format_json(Report(texts))) == cli
        one = mtcheck.check_path("spun.txt", **options)
        assert json.loads(format_json(Report([one])))["files"][0] == cli["files"][0]
    # A configuration file is honoured the same way by both.
    (tmp_path / "mtcheck.toml").write_text('ignore = ["MT1"]\n[per-file-ignores]\n"clean.txt" = ["MT"]\n')
    code, cli = _cli_json(capsys, paths)
    assert json.loads(format_json(mtcheck.check_paths(paths))) == cli
    assert json.loads(format_json(mtcheck.check_paths(paths, jobs=2))) == cli
    assert not any(f["code"].startswith("MT1") for f in cli["files"][0]["findings"])
    assert cli["files"][1]["findings"] == []
    isolated = json.loads(format_json(mtcheck.check_paths(paths, isolated=True)))
    assert isolated == _cli_json(capsys, ["--isolated", *paths])[1] != cli
    text_with_config = mtcheck.check_text(seed("004"), path="spun.txt", config="mtcheck.toml")
    assert json.loads(format_json(Report([text_with_config])))["files"][0] == cli["files"][0]


def test_api_rejects_unknown_and_wrong_options():
    import pytest

    import mtcheck
    from mtcheck.config import ConfigError

    with pytest.raises(ConfigError, match="unknown option 'selekt'"):
        mtcheck.check_text("Some text.", selekt=["MT1"])
    with pytest.raises(ConfigError, match="jobs: must be an integer"):
        mtcheck.make_engine(jobs="2")
    engine = mtcheck.make_engine(select=["MT1"])
    with pytest.raises(TypeError):
        mtcheck.check_text("Some text.", engine=engine, select=["MT1"])
    assert mtcheck.check_text("Some text.", engine=engine).verdict == "too-short"


def test_bad_flag_values_are_usage_errors(capsys, seed_path):
    assert main(["--select", "E501", str(seed_path("001"))]) == 2
    assert "'E501' is not a code prefix" in capsys.readouterr().err
    assert main(["--model", "/nonexistent/model.json", str(seed_path("001"))]) == 2
    assert main(["--config", "x.toml", "--isolated", str(seed_path("001"))]) == 2
    assert "--config and --isolated" in capsys.readouterr().err
