"""Configuration files: discovery, precedence, validation, and how their values reach the engine."""

import json
import os
from pathlib import Path

import pytest

from mtcheck.cli import main
from mtcheck.config import (FORMATS, KEYS, SETTINGS_KEYS, ConfigError, Configuration, Settings,
                            read_config_file)
from mtcheck.output.formats import FORMATTERS
from mtcheck.run.engine import spec_for

# Long enough to be judged (a text under 50 words is "too-short").
CLEAN = ("The committee met on Monday and agreed a new budget for the schools in the county. Teachers had "
      "asked for more money for books and repairs, and the council said it would find the funds from "
      "savings elsewhere. Parents welcomed the decision, although some said the increase was smaller "
      "than they had hoped for this year.\n")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def in_dir(monkeypatch):
    def chdir(path):
        monkeypatch.chdir(path)
        return path
    return chdir


def test_every_key_is_a_setting():
    assert sorted(attr for attr, _ in KEYS.values()) == sorted(SETTINGS_KEYS)
    assert all(k == k.lower() and "_" not in k for k in KEYS)


def test_discovery_from_the_file_directory_upwards(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.mtcheck]\nselect = ["MT1"]\n')
    f = write(tmp_path / "a" / "b" / "x.md", CLEAN)
    conf = Configuration()
    assert conf.find_config_file(str(f.parent)) == str(tmp_path / "pyproject.toml")
    s = conf.for_path(str(f))
    assert s.select == ("MT1",) and s.config_file == str(tmp_path / "pyproject.toml")


def test_precedence_in_one_directory(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.mtcheck]\nselect = ["MT1"]\n')
    assert Configuration().find_config_file(str(tmp_path)).endswith("pyproject.toml")
    write(tmp_path / "mtcheck.toml", 'select = ["MT2"]\n')
    assert Configuration().for_path(str(tmp_path / "x.txt")).select == ("MT2",)
    write(tmp_path / ".mtcheck.toml", 'select = ["MT3"]\n')
    assert Configuration().for_path(str(tmp_path / "x.txt")).select == ("MT3",)


def test_pyproject_without_table_is_skipped_and_nearest_file_wins_whole(tmp_path):
    write(tmp_path / "mtcheck.toml", 'select = ["MT1"]\nexit-zero = true\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    write(tmp_path / "sub" / "deeper" / ".mtcheck.toml", 'ignore = ["MT5"]\n')
    conf = Configuration()
    # sub/pyproject.toml has no [tool.mtcheck]: the search goes on up.
    assert conf.for_path(str(tmp_path / "sub" / "x.txt")).select == ("MT1",)
    deeper = conf.for_path(str(tmp_path / "sub" / "deeper" / "x.txt"))
    # The nearest file applies alone: nothing merged from the parent's file.
    assert deeper.ignore == ("MT5",) and deeper.select == ("MT",) and deeper.exit_zero is False


def test_explicit_config_and_isolated(tmp_path):
    write(tmp_path / "mtcheck.toml", 'select = ["MT1"]\n')
    other = write(tmp_path / "elsewhere" / "custom.toml", 'select = ["MT4"]\n')
    f = str(tmp_path / "x.txt")
    assert Configuration(config_file=str(other)).for_path(f).select == ("MT4",)
    assert Configuration(isolated=True).for_path(f).select == ("MT",)
    with pytest.raises(ConfigError):
        Configuration(config_file=str(other), isolated=True)


def test_flags_override_the_file(tmp_path):
    write(tmp_path / "mtcheck.toml", 'select = ["MT1"]\nignore = ["MT101"]\nformat = "json"\n')
    s = Configuration(overrides={"select": ["MT3"], "format": None}).for_path(str(tmp_path / "x"))
    assert s.select == ("MT3",)  # given: wins
    assert s.ignore == ("MT101",) and s.format == "json"  # not given (None): from the file


def test_unknown_key_names_key_and_file(tmp_path):
    cfg = write(tmp_path / "pyproject.toml", '[tool.mtcheck]\nselct = ["MT1"]\n')
    with pytest.raises(ConfigError) as info:
        read_config_file(str(cfg))
    msg = str(info.value)
    assert "'selct'" in msg and str(cfg) in msg and "did you mean 'select'" in msg
    assert "\n" not in msg


@pytest.mark.parametrize("body, fragment", [
    ('select = "MT1"', "select: must be a list of strings"),
    ('jobs = true', "jobs: must be an integer"),
    ('jobs = -1', "jobs: must be at least 0"),
    ('exit-zero = "yes"', "exit-zero: must be true or false"),
    ('fail-on = ["bad"]', "fail-on: 'bad' is not a verdict"),
    ('format = "pdf"', "format: 'pdf' is not a format"),
    ('ignore = ["E501"]', "ignore: 'E501' is not a code prefix"),
    ('per-file-ignores = ["x"]', "per-file-ignores: must be a table"),
    ('model = "missing.json"', "model: no such file"),
    ('exit_zero = true', "unknown key 'exit_zero' (did you mean 'exit-zero'?)"),
    ('select = [', "invalid TOML"),
])
def test_wrong_values_are_config_errors(tmp_path, body, fragment):
    cfg = write(tmp_path / "mtcheck.toml", body + "\n")
    with pytest.raises(ConfigError, match="mtcheck.toml: config error: .*" + _re(fragment)):
        read_config_file(str(cfg))


def _re(text):
    import re
    return re.escape(text)


def test_cli_config_error_is_one_line_exit_2_and_nothing_checked(tmp_path, capsys, in_dir):
    in_dir(tmp_path)
    write(tmp_path / "pyproject.toml", '[tool.mtcheck]\nfail_on = ["spun"]\n')
    write(tmp_path / "a.txt", CLEAN)
    assert main(["a.txt"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("pyproject.toml: config error: unknown key 'fail_on' in [tool.mtcheck]")


def test_cli_missing_explicit_config(tmp_path, capsys):
    f = write(tmp_path / "a.txt", CLEAN)
    assert main(["--config", str(tmp_path / "nope.toml"), str(f)]) == 2
    assert "nope.toml: config error: no such file" in capsys.readouterr().err


def test_paths_in_config_are_relative_to_it(tmp_path, in_dir):
    write(tmp_path / "proj" / "packs" / "extra.tsv", "kingdom media\tstate media\n")
    write(tmp_path / "proj" / "scorer.json", "{}")
    write(tmp_path / "proj" / "mtcheck.toml",
          'lexicons = ["packs/extra.tsv"]\nmodel = "scorer.json"\n'
          'languagetool-url = "http://localhost:8081"\n')
    in_dir(tmp_path)  # not the config's directory
    s = Configuration().for_path(str(tmp_path / "proj" / "doc.md"))
    lexicon = os.path.join(str(tmp_path / "proj"), "packs/extra.tsv")
    assert s.lexicons == (lexicon,)
    assert s.model == os.path.join(str(tmp_path / "proj"), "scorer.json")
    spec = spec_for(s)
    assert spec.rule_settings == {"spinner-fingerprints": {"lexicons": [lexicon]},
                                  "grammar": {"languagetool_url": "http://localhost:8081"}}
    assert spec.model_path == s.model


def test_rule_settings_reach_the_rules(tmp_path):
    lexicon = write(tmp_path / "extra.tsv", "kingdom media\tstate media\n")
    engine = spec_for(Settings(lexicons=(str(lexicon),))).build()
    by_name = {r.name: r for r in engine.rules}
    assert by_name["spinner-fingerprints"].settings.lexicons == (str(lexicon),)  # typed settings


def test_per_file_ignores_by_glob(tmp_path):
    write(tmp_path / "mtcheck.toml",
          '[per-file-ignores]\n"drafts/**" = ["MT1"]\n"*.notes.md" = ["MT3", "MT501"]\n')
    conf = Configuration()
    assert conf.for_path(str(tmp_path / "a.md")).ignores_for(str(tmp_path / "a.md")) == ()
    draft = str(tmp_path / "drafts" / "x" / "a.md")
    assert spec_for(conf.for_path(draft), draft).ignore == ("MT1",)
    notes = str(tmp_path / "sub" / "b.notes.md")
    assert spec_for(conf.for_path(notes), notes).ignore == ("MT3", "MT501")


def test_per_file_ignores_of_everything_make_the_spun_seed_not_judged(tmp_path, capsys, seed):
    write(tmp_path / "drafts" / "spun.txt", seed("004"))
    write(tmp_path / "final" / "spun.txt", seed("004"))
    write(tmp_path / "mtcheck.toml", '[per-file-ignores]\n"drafts/*" = ["MT"]\n')
    code = main(["--format", "json", str(tmp_path)])
    files = {Path(f["path"]).parent.name: f for f in json.loads(capsys.readouterr().out)["files"]}
    assert files["drafts"]["verdict"] == "not-judged" and files["drafts"]["findings"] == []
    assert files["final"]["verdict"] == "spun"
    assert code == 1


# One located finding (MT101 'kingdom media') in an article long enough to judge: with the
# neutral model below it is 'suspicious' (which needs a located finding to point at).
ONE_FINDING = ("The committee met on Monday and agreed a new budget for the schools. " * 4
               + "The kingdom media reported that the talks went well and that the new plan "
                 "would be published in the spring.\n")


def _neutral_model(path: Path) -> str:
    """A scorer model without features: every class 1/3, so every article with a located
    finding is 'suspicious'."""
    model = {"classes": ["human", "spun", "machine_translated"], "features": [], "mean": [],
             "scale": [], "coef": [[], [], []], "intercept": [0.0, 0.0, 0.0],
             "fail_at": 0.9, "suspicious_at": 0.2}
    path.write_text(json.dumps(model), encoding="utf-8")
    return str(path)


def test_fail_on_suspicious_from_config_and_flag(tmp_path, capsys, in_dir):
    in_dir(tmp_path)
    _neutral_model(tmp_path / "neutral.json")
    write(tmp_path / "a.txt", ONE_FINDING)
    write(tmp_path / "mtcheck.toml", 'model = "neutral.json"\n')
    assert main(["a.txt"]) == 0
    assert "a.txt: suspicious" in capsys.readouterr().out
    write(tmp_path / "mtcheck.toml", 'model = "neutral.json"\nfail-on = ["suspicious", "spun"]\n')
    assert main(["a.txt"]) == 1
    # The flag overrides the file; --exit-zero overrides everything.
    assert main(["--fail-on", "spun,machine-translated", "a.txt"]) == 0
    assert main(["--exit-zero", "a.txt"]) == 0
    capsys.readouterr()
    assert main(["--fail-on", "clean", "a.txt"]) == 2
    assert "'clean' is not a verdict" in capsys.readouterr().err


def test_broken_model_is_a_one_line_error(tmp_path, capsys):
    bad = write(tmp_path / "bad.json", '{"classes": ["x"]}')
    f = write(tmp_path / "a.txt", CLEAN)
    assert main(["--model", str(bad), str(f)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "not a scorer model" in err


def test_per_file_discovery_for_files_in_different_folders(tmp_path, capsys, seed, in_dir):
    in_dir(tmp_path)
    write(tmp_path / "strict" / "spun.txt", seed("004"))
    write(tmp_path / "lenient" / "spun.txt", seed("004"))
    write(tmp_path / "lenient" / "mtcheck.toml", 'ignore = ["MT1", "MT3"]\n')
    code = main(["--format", "json", "strict/spun.txt", "lenient/spun.txt"])
    strict, lenient = json.loads(capsys.readouterr().out)["files"]
    assert code == 1
    assert any(f["code"].startswith("MT1") for f in strict["findings"])
    assert not any(f["code"].startswith(("MT1", "MT3")) for f in lenient["findings"])


def test_run_settings_come_from_the_common_parent(tmp_path, capsys, in_dir):
    in_dir(tmp_path)
    write(tmp_path / "mtcheck.toml", 'format = "json"\n')
    write(tmp_path / "a" / "mtcheck.toml", 'format = "text"\n')
    write(tmp_path / "a" / "x.txt", CLEAN)
    write(tmp_path / "b" / "y.txt", CLEAN)
    assert main(["a/x.txt"]) == 0
    assert capsys.readouterr().out.startswith("a/x.txt: clean")
    assert main(["a/x.txt", "b/y.txt"]) == 0
    assert json.loads(capsys.readouterr().out)["version"] == 1


def test_isolated_ignores_config(tmp_path, capsys, in_dir):
    in_dir(tmp_path)
    write(tmp_path / "mtcheck.toml", 'oops = 1\n')
    write(tmp_path / "a.txt", CLEAN)
    assert main(["a.txt"]) == 2
    capsys.readouterr()
    assert main(["--isolated", "a.txt"]) == 0
    assert main(["--no-config", "a.txt"]) == 0


def test_include_and_exclude_for_directory_walks(tmp_path, capsys, in_dir):
    in_dir(tmp_path)
    for name in ("docs/a.md", "docs/drafts/b.md", "docs/c.rst", "docs/d.tmp.md", "notes.txt"):
        write(tmp_path / name, CLEAN)
    write(tmp_path / "mtcheck.toml", 'exclude = ["drafts", "*.tmp.md"]\ninclude = ["*.md", "*.rst"]\n')
    main(["--format", "json", "."])
    got = [f["path"] for f in json.loads(capsys.readouterr().out)["files"]]
    assert got == [os.path.join(".", "docs", "a.md"), os.path.join(".", "docs", "c.rst")]
    # Flags override the file; a glob with a slash is relative (here: to the current directory).
    main(["--format", "json", "--exclude", "docs/drafts", ".", ])
    got = [f["path"] for f in json.loads(capsys.readouterr().out)["files"]]
    assert os.path.join(".", "docs", "drafts", "b.md") not in got
    assert os.path.join(".", "docs", "d.tmp.md") in got
    # Explicitly named files are always checked.
    main(["--format", "json", "docs/drafts/b.md"])
    assert [f["path"] for f in json.loads(capsys.readouterr().out)["files"]] == ["docs/drafts/b.md"]


def test_nested_config_excludes_apply_inside_its_directory(tmp_path, capsys, in_dir):
    in_dir(tmp_path)
    write(tmp_path / "site" / "mtcheck.toml", 'exclude = ["generated/**"]\n')
    write(tmp_path / "site" / "generated" / "x.md", CLEAN)
    write(tmp_path / "site" / "page.md", CLEAN)
    write(tmp_path / "top.md", CLEAN)
    main(["--format", "json", "."])
    got = [f["path"] for f in json.loads(capsys.readouterr().out)["files"]]
    assert got == [os.path.join(".", "top.md"), os.path.join(".", "site", "page.md")]


def test_exit_zero_and_jobs_and_max_bytes_from_config(tmp_path, capsys, seed, in_dir):
    in_dir(tmp_path)
    write(tmp_path / "spun.txt", seed("004"))
    write(tmp_path / "mtcheck.toml", 'exit-zero = true\njobs = 1\nmax-bytes = 100\n')
    assert main(["spun.txt"]) == 2
    assert "file too large" in capsys.readouterr().err
    write(tmp_path / "mtcheck.toml", 'exit-zero = true\njobs = 1\n')
    assert main(["spun.txt"]) == 0
    assert "spun.txt: spun" in capsys.readouterr().out
    assert main(["--no-exit-zero", "spun.txt"]) == 1


def test_lexicon_pack_from_config_and_flag_reaches_the_spinner_rule(tmp_path, capsys, in_dir):
    in_dir(tmp_path)
    write(tmp_path / "packs" / "house.tsv",
          "# phrase, original, reason, confidence\n"
          "glorious fruit basket\tfruit bowl\thouse test phrase\t0.95\n")
    write(tmp_path / "docs" / "a.txt", "We bought a glorious fruit basket for the office party.\n")

    def codes(*args):
        main(["--format", "json", *args, "docs/a.txt"])
        findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
        return {(f["code"], f["text"], tuple(f["suggestions"])) for f in findings}

    mine = ("MT103", "glorious fruit basket", ("fruit bowl",))
    assert mine not in codes()
    assert mine in codes("--lexicons", "packs/house.tsv")
    write(tmp_path / "docs" / "mtcheck.toml", 'lexicons = ["../packs/house.tsv"]\n')
    assert mine in codes()


def test_format_names_are_the_formatters():
    assert set(FORMATS) == set(FORMATTERS)
