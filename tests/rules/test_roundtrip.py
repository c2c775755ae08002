"""MT8xx round trip: the measures, the alignment, the rule with a fake engine (a deterministic
script, so these run everywhere), the command's errors, the configuration, and Apertium when it
is installed."""

import json
import shlex
import sys
from pathlib import Path

import pytest

from mtcheck.cli import main
from mtcheck.config import ConfigError, Configuration
from mtcheck.core.rule import RuleError, SettingsError
from mtcheck.input.setaside import prose_document
from mtcheck.rules import roundtrip as rt
from mtcheck.run.engine import spec_for

FAKE = Path(__file__).with_name("fake_translator.py")
COMMAND = (sys.executable, str(FAKE), "{source}", "{target}")
COMMAND_LINE = " ".join(shlex.quote(a) for a in COMMAND)

# Written for these tests. FIXED has none of the fake engine's words (it comes back as it went);
# CHANGED has them in every sentence.
FIXED = ("The council of the city approved the budget for the next year on Monday. The mayor said "
         "that the new plan will improve the services of the city for all the residents. The "
         "opposition voted against the budget because it considers that the taxes are too high. "
         "The vote will take place again in the month of March according to the council.\n")
CHANGED = ("My brother booked the campsite by the lake months ago, and the kids loved it. They ran "
           "straight down to the big lake while I fought with the tent poles and lost. The kids "
           "were happy and quick to find the best spot by the lake for the fire that night. My "
           "brother ran the barbecue and the kids ran around the big field until it was dark.\n")


def rule(**settings):
    return rt.RoundTrip({"enabled": True, "command": list(COMMAND), "pivot": "xx", **settings})


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- measures --------------------------------------------------------------------------------

def test_similarity_and_bleu_are_one_for_the_same_words_and_fall_with_changes():
    a = "the mayor said that the new plan will work".split()
    assert rt.similarity(a, a) == 1.0 and rt.bleu([(a, a)]) == pytest.approx(1.0)
    b = "the mayor said the new scheme would work".split()
    assert 0.5 < rt.similarity(a, b) < 1.0
    assert 0 < rt.bleu([(a, b)]) < rt.similarity(a, b)
    assert rt.similarity(a, "nothing in common here".split()) == 0.0
    assert rt.words("The Mayor’s plan, 2024!") == ["the", "mayor's", "plan", "2024"]


def test_sentences_pair_up_by_paragraph_or_by_word_alignment():
    originals = [rt.words(s) for s in ("One two three four.", "Five six seven.", "Eight nine.")]
    by_paragraph = rt.align_sentences(originals, "One two three four.\n\nFive six seven.\n\nEight nine.\n")
    assert by_paragraph == originals
    # merged into one paragraph, with a changed word: the words still go to their sentences
    merged = rt.align_sentences(originals, "One two three four. Five SIX seven. Eight nine.")
    assert merged == [originals[0], ["five", "six", "seven"], originals[2]]
    assert rt.align_sentences(originals, "One two three four five six seven eight nine ten")[2][-1] == "ten"


# -- the rule with a fake engine --------------------------------------------------------------

def test_off_by_default_runs_nothing_and_measures_nothing(monkeypatch):
    def no_run(*args, **kwargs):
        raise AssertionError("the engine must not run")

    monkeypatch.setattr(rt.subprocess, "run", no_run)
    out = rt.RoundTrip().run(prose_document(FIXED))
    assert out.findings == [] and out.features == {} and out.notes == []


def test_a_fixed_point_is_reported_sentence_by_sentence():
    doc = prose_document(FIXED)
    out = rule().run(doc)
    assert out.features == {"round-trip.similarity": 1.0, "round-trip.unchanged_share": 1.0,
                            "round-trip.bleu": 1.0}
    assert [f.code for f in out.findings] == ["MT801"] * 4
    assert [f.text for f in out.findings] == [doc.text[s.start:s.end] for s in doc.sentences]
    first = out.findings[0]
    assert f"comes back unchanged from a round trip ({Path(sys.executable).name} via xx)" in first.message
    assert first.evidence["sentence_similarity"] == 1.0
    assert rt.RoundTrip.code("MT801").kind == "machine_translated"


def test_text_that_changes_is_measured_but_not_reported():
    out = rule().run(prose_document(CHANGED))
    assert out.findings == []
    assert out.features["round-trip.similarity"] < 0.9
    assert out.features["round-trip.unchanged_share"] == 0.0
    assert "article similarity" in out.notes[0]


def test_an_engine_that_merges_sentences_is_aligned_by_words():
    out = rule().run(prose_document(FIXED + "MERGEME is said here once more by the council today.\n"))
    assert out.features["round-trip.similarity"] == 1.0
    assert len(out.findings) == 5


def test_only_near_fixed_point_articles_get_findings():
    text = FIXED + CHANGED
    out = rule().run(prose_document(text))
    assert 0.8 < out.features["round-trip.similarity"] < 0.95
    assert rule(min_similarity=0.95).run(prose_document(text)).findings == []
    found = rule(min_similarity=0.5).run(prose_document(text)).findings
    assert len(found) == 4 and all(f.end <= len(FIXED) for f in found)  # the unchanged sentences


@pytest.mark.parametrize("marker,message", [
    ("FAILME", "round-trip check: python* (en -> xx) failed (exit status 3): fake_translator: no model for this text"),
    ("EMPTYME", "round-trip check: python* (en -> xx) wrote no translation on standard output"),
])
def test_a_failing_engine_is_a_one_line_rule_error(marker, message):
    with pytest.raises(RuleError) as exc:
        rule().run(prose_document(FIXED + marker + " appears in this sentence.\n"))
    text = str(exc.value)
    assert "\n" not in text
    head, tail = message.split("*")
    assert text.startswith(head) and text.endswith(tail)


def test_a_missing_command_and_a_missing_apertium_are_named(monkeypatch):
    with pytest.raises(RuleError, match=r"^round-trip check: command not found: no-such-translator$"):
        rt.RoundTrip({"enabled": True, "command": ["no-such-translator"]}).run(prose_document(FIXED))
    monkeypatch.setattr(rt.shutil, "which", lambda name: None)
    with pytest.raises(RuleError, match=r"^round-trip check: Apertium is not installed"):
        rt.RoundTrip({"enabled": True}).run(prose_document(FIXED))


def test_settings_are_checked():
    with pytest.raises(SettingsError, match="pivot 'xx' is not an Apertium pivot"):
        rt.RoundTrip({"enabled": True, "pivot": "xx"})
    with pytest.raises(SettingsError, match="timeout must be a positive"):
        rt.RoundTrip({"timeout": 0})
    with pytest.raises(SettingsError, match="must be a list of strings"):
        rt.RoundTrip({"command": "translate --to {target}"})


# -- the command --------------------------------------------------------------------------------

def test_cli_reports_findings_and_measurements(tmp_path, capsys):
    f = write(tmp_path / "a.txt", FIXED)
    assert main(["--isolated", "--exit-zero", "--format", "concise", "-v", "--roundtrip-check", "--roundtrip-pivot",
                 "xx", "--roundtrip-command", COMMAND_LINE, str(f)]) == 0
    out = capsys.readouterr().out
    assert out.count(": MT801 comes back unchanged from a round trip") == 4
    assert "feature round-trip.similarity = 1" in out


def test_plain_check_has_no_round_trip(tmp_path, capsys, monkeypatch):
    f = write(tmp_path / "a.txt", FIXED)
    assert main(["--isolated", "--format", "concise", "-v", str(f)]) == 0
    out = capsys.readouterr().out
    assert "MT801" not in out and "round-trip" not in out


def test_engine_errors_fail_their_file_only(tmp_path, capsys):
    good = write(tmp_path / "good.txt", FIXED)
    bad = write(tmp_path / "bad.txt", FIXED + "FAILME appears in this sentence.\n")
    slow = write(tmp_path / "slow.txt", FIXED + "SLEEPME appears in this sentence.\n")
    config = write(tmp_path / "mtcheck.toml",
                   f'roundtrip-check = true\nroundtrip-pivot = "xx"\n'
                   f'roundtrip-command = {json.dumps(list(COMMAND))}\n'
                   f'[rules.round-trip]\ntimeout = 1\n')
    code = main(["--config", str(config), "--exit-zero", "--format", "concise", "-j", "1", str(bad),
                 str(good), str(slow)])
    out, err = capsys.readouterr()
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{bad}: error: round-trip check: ") and "failed (exit status 3)" in lines[0]
    assert lines[1] == (f"{slow}: error: round-trip check: {Path(sys.executable).name} (en -> xx) "
                        f"took longer than 1 s (the round-trip timeout)")
    assert out.count(f"{good}:") == 5 and out.count(": MT801 ") == 4


def test_missing_command_from_the_command_line(tmp_path, capsys):
    f = write(tmp_path / "a.txt", FIXED)
    assert main(["--isolated", "--roundtrip-check", "--roundtrip-command", "no-such-translator {target}",
                 str(f)]) == 2
    assert capsys.readouterr().err == f"{f}: error: round-trip check: command not found: no-such-translator\n"


# -- configuration ------------------------------------------------------------------------------

def test_config_keys_reach_the_rule_and_a_program_path_is_relative_to_the_file(tmp_path):
    write(tmp_path / "proj" / "mtcheck.toml",
          'roundtrip-check = true\nroundtrip-command = ["bin/translate", "--to", "{target}"]\n'
          'roundtrip-pivot = "de"\n[rules.round-trip]\ntimeout = 5\n')
    s = Configuration().for_path(str(tmp_path / "proj" / "a.txt"))
    spec = spec_for(s)
    assert spec.rule_settings["round-trip"] == {
        "enabled": True, "command": [str(tmp_path / "proj" / "bin/translate"), "--to", "{target}"],
        "pivot": "de", "timeout": 5}
    (roundtrip,) = [r for r in spec.build().rules if r.name == "round-trip"]
    assert roundtrip.settings.command[1:] == ("--to", "{target}") and roundtrip.settings.timeout == 5.0


@pytest.mark.parametrize("body,fragment", [
    ('roundtrip-command = "translate {target}"', "roundtrip-command: must be a list of strings"),
    ("roundtrip-command = []", "roundtrip-command: must be a non-empty list"),
    ("roundtrip-check = 1", "roundtrip-check: must be true or false"),
    ('roundtrip-check = true\nroundtrip-pivot = "xx"', "pivot 'xx' is not an Apertium pivot"),
])
def test_bad_round_trip_config_is_one_line_exit_2(tmp_path, capsys, body, fragment):
    config = write(tmp_path / "mtcheck.toml", body + "\n")
    f = write(tmp_path / "a.txt", FIXED)
    assert main(["--config", str(config), str(f)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and fragment in err and "config error" in err


def test_library_takes_the_same_options(tmp_path):
    import mtcheck

    report = mtcheck.check_text(FIXED, roundtrip_check=True, roundtrip_pivot="xx",
                                roundtrip_command=list(COMMAND))
    assert [f.code for f in report.findings] == ["MT801"] * 4


# -- Apertium (installed in CI by .ci/run) ------------------------------------------------------

@pytest.mark.skipif(rt.RoundTrip.unavailable() is not None,
                    reason=f"{rt.RoundTrip.unavailable()} (.ci/run installs it)")
def test_apertium_round_trip_flags_its_own_output_and_not_idiomatic_prose(tmp_path, capsys):
    mt = write(tmp_path / "mt.txt", " ".join(ex.text for ex in rt.RoundTrip.examples if ex.must_flag))
    human = write(tmp_path / "human.txt",
                  " ".join(ex.text for ex in rt.RoundTrip.examples if not ex.must_flag))
    assert main(["--isolated", "--exit-zero", "--format", "concise", "-v", "--roundtrip-check", str(mt),
                 str(human)]) == 0
    out = capsys.readouterr().out
    assert f"{mt}:1:1: MT801 comes back" in out and "(Apertium via Spanish)" in out
    assert f"{human}:" in out and not any(line.startswith(f"{human}:") and "MT801" in line
                                          for line in out.splitlines())
