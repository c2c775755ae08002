"""Typed rule settings: every family declares a settings dataclass; unknown keys and wrong types
are one-line errors naming the key; settable from [tool.mtcheck.rules.<name>]; explained."""

import dataclasses
from dataclasses import dataclass

import pytest

from mtcheck.cli import main
from mtcheck.core.rule import SettingsError, parse_settings, setting_specs
from mtcheck.rules import registry


@dataclass(frozen=True)
class _Demo:
    ratio: float = 0.5
    count: int = 3
    on: bool = True
    path: str | None = None
    names: tuple[str, ...] = ()

    def __post_init__(self):
        if self.count < 0:
            raise ValueError("count must not be negative")


def test_parse_settings_types_defaults_and_errors():
    s = parse_settings(_Demo, {"ratio": 1, "names": ["a", "b"], "path": "x.txt"}, "demo")
    assert s == _Demo(ratio=1.0, names=("a", "b"), path="x.txt")
    assert parse_settings(_Demo, {"on": False}, "demo").on is False
    with pytest.raises(SettingsError, match=r"unknown setting 'ration' of rule demo \(did you mean 'ratio'\?\)"):
        parse_settings(_Demo, {"ration": 1.0}, "demo")
    with pytest.raises(SettingsError, match=r"setting 'count' of rule demo: must be an integer, not a number"):
        parse_settings(_Demo, {"count": 1.5}, "demo")
    with pytest.raises(SettingsError, match="must be a boolean, not an integer"):
        parse_settings(_Demo, {"on": 1}, "demo")
    with pytest.raises(SettingsError, match="must be a list of strings, not a string"):
        parse_settings(_Demo, {"names": "a"}, "demo")
    with pytest.raises(SettingsError, match="count must not be negative"):
        parse_settings(_Demo, {"count": -1}, "demo")
    assert setting_specs(_Demo)[0] == ("ratio", "number", 0.5)


def test_every_family_declares_typed_settings_with_defaults():
    for cls in registry.rule_classes():
        assert dataclasses.is_dataclass(cls.Settings), cls.name
        rule = cls()
        assert rule.settings == cls.Settings()
        for name, kind, _default in setting_specs(cls.Settings):
            assert kind in ("boolean", "integer", "number", "string", "list of strings"), (cls.name, name)


def _write(tmp_path, body):
    (tmp_path / "pyproject.toml").write_text(body, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("The committee met on Monday and agreed a new budget for the schools.\n")
    return str(article)


@pytest.mark.parametrize("table, message", [
    ('[tool.mtcheck.rules.grammar]\nlanguagetool_timout = 3\n',
     "unknown setting 'languagetool_timout' of rule grammar (did you mean 'languagetool_timeout'?)"),
    ('[tool.mtcheck.rules.gramar]\nlanguagetool_timeout = 3\n',
     "unknown rule 'gramar' in rules (did you mean 'grammar'?)"),
    ('[tool.mtcheck.rules.spinner-fingerprints]\nmin_confidence = "high"\n',
     "setting 'min_confidence' of rule spinner-fingerprints: must be a number, not a string"),
    ('[tool.mtcheck.rules.readability-drift]\nwindow_words = 10\n',
     "window_words must be at least 50"),
])
def test_bad_rule_settings_in_config_are_one_line_errors(tmp_path, capsys, table, message):
    path = _write(tmp_path, table)
    assert main([path]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("pyproject.toml: config error: ") or "config error: " in err
    assert message in err


def test_rule_settings_from_config_reach_the_rule(tmp_path, capsys):
    text = "The kingdom media said the navy cooperation began in the Nineteen Nineties.\n"
    article = tmp_path / "a.txt"
    article.write_text(text)
    assert main([str(article), "--format", "json", "--select", "MT1"]) in (0, 1)
    before = capsys.readouterr().out
    (tmp_path / "pyproject.toml").write_text("[tool.mtcheck.rules.spinner-fingerprints]\npacks = []\n")
    assert main([str(article), "--format", "json", "--select", "MT1"]) == 0
    after = capsys.readouterr().out
    assert '"code": "MT101"' in before and '"code": "MT1' not in after


def test_explain_lists_the_settings(capsys):
    assert main(["explain", "MT2"]) == 0
    out = capsys.readouterr().out
    assert "[tool.mtcheck.rules.grammar]" in out
    assert "languagetool_timeout (number, default 10.0)" in out
    assert "languagetool_local (boolean, default false)" in out
