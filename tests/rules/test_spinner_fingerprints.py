"""Tests of the MT1xx spinner-fingerprints rule: pack format, matching, built-in packs, seeds."""

import subprocess
import sys
from pathlib import Path

import pytest

from mtcheck.api import check_text
from mtcheck.input.setaside import prose_document
from mtcheck.rules import spinner_fingerprints as sf
from mtcheck.rules.spinner_fingerprints import SpinnerFingerprints

ROOT = Path(__file__).resolve().parents[2]


def run(text, **settings):
    return SpinnerFingerprints(settings).run(prose_document(text))


def user_run(tmp_path, pack_text, text, name="mine.tsv"):
    path = tmp_path / name
    path.write_text(pack_text, encoding="utf-8")
    return run(text, packs=[], lexicons=[str(path)])


def texts(out):
    return [f.text for f in out.findings]


# -- pack format ----------------------------------------------------------------------------

def test_parse_pack_columns_comments_flags_and_errors():
    pack = sf.parse_pack(
        "# a comment\n"
        "\n"
        "kingdom media\tstate media\t'state' read as a kingdom\t0.95\n"
        "the usa\tthe country|America\tlower case\t0.8\tcase, names\n"
        "only three\tcolumns\there\n"
        "bad confidence\tx\ty\thigh\n"
        "odd flag\tx\ty\t0.5\tshouty\n",
        "mine", "MT103", "mine.tsv")
    assert [e.phrase for e in pack.entries] == ["kingdom media", "the usa"]
    usa = pack.entries[1]
    assert usa.originals == ("the country", "America")
    assert usa.flags == frozenset({"case", "names"})
    assert usa.confidence == 0.8 and usa.line == 4
    assert len(pack.errors) == 3
    assert pack.errors[0].startswith("mine.tsv:5:")
    assert "confidence" in pack.errors[1] and "shouty" in pack.errors[2]


def test_expand_phrase_alternatives_context_and_inflection():
    seqs = {(" ".join(n), lo, hi, suf) for n, _, lo, hi, suf in
            sf.expand_phrase("[the|a] (dating|relationship) among")}
    assert ("the dating among", 1, 3, "") in seqs
    assert ("a relationship among", 1, 3, "") in seqs
    verbs = {" ".join(n) for n, *_ in sf.expand_phrase("impart+ weapons")}
    assert {"impart weapons", "imparts weapons", "imparted weapons",
            "imparting weapons"} <= verbs
    plural = {" ".join(n) for n, *_ in sf.expand_phrase("international location")}
    assert plural == {"international location", "international locations"}
    with pytest.raises(sf.PackError):
        list(sf.expand_phrase("[only] [context]"))
    with pytest.raises(sf.PackError):
        list(sf.expand_phrase("a [middle] b"))


def test_inflection_helpers():
    assert sf.inflect("country", "s") == ["countries"]
    assert sf.inflect("provide", "ing") == ["providing"]
    assert sf.inflect("stop", "ed") == ["stoped", "stopped"]
    assert sf.inflect_original("provide+ arms", "ing") == "providing arms"
    assert sf.inflect_original("state media", "s") == "state medias"
    assert sf.inflect_original("was", "ed") == "was"


# -- matching -------------------------------------------------------------------------------

def test_case_insensitive_and_apostrophes_and_hyphen_or_space(tmp_path):
    pack = ("kingdom media\tstate media\tr\t0.9\n"
            "state-of-the-art\tstate of the art\tr\t0.9\n"
            "rustic's\tcountry's\tr\t0.9\n")
    out = user_run(tmp_path, pack, "The Kingdom media said so. It is state of the art. "
                                   "The rustic’s leader spoke.")
    assert texts(out) == ["Kingdom media", "state of the art", "rustic’s"]
    assert out.findings[2].suggestions == ("country's",)


def test_word_boundaries_no_match_inside_longer_words(tmp_path):
    pack = "go to\tvisit\tr\t0.9\nnet site\twebsite\tr\t0.9\nkingdom media\tstate media\tr\t0.9\n"
    out = user_run(tmp_path, pack, "They forgo tokens. The cabinet sites. A subkingdom media "
                                   "group. The kingdom mediation failed. The ex-kingdom media.")
    assert texts(out) == []


def test_inflection_tolerance_plural_and_verb_forms(tmp_path):
    pack = ("international location\tcountry\tr\t0.9\n"
            "impart+ weapons\tprovide+ weapons\tr\t0.9\n")
    out = user_run(tmp_path, pack, "Two international locations were accused of imparting "
                                   "weapons, and one imparted weapons too.")
    assert texts(out) == ["international locations", "imparting weapons", "imparted weapons"]
    assert [f.suggestions[0] for f in out.findings] == [
        "countries", "providing weapons", "provided weapons"]


def test_longest_match_wins(tmp_path):
    pack = ("satellite tv\tsatellite\tshort\t0.5\n"
            "satellite tv for pc\tsatellite\tlong\t0.99\n"
            "tv for pc\tsatellite\tpart\t0.9\n")
    out = user_run(tmp_path, pack, "They made satellite tv for pc launches.")
    assert texts(out) == ["satellite tv for pc"]
    assert out.findings[0].confidence == 0.99


def test_context_is_required_and_kept_in_the_suggestion(tmp_path):
    pack = "[previous|official] go to [by|to]\tvisit\tr\t0.95\n"
    out = user_run(tmp_path, pack, "The previous go to by the president. We go to by bus. "
                                   "The official go to was cancelled.")
    assert texts(out) == ["previous go to by"]
    assert out.findings[0].suggestions == ("previous visit by",)


def test_numbers_a_an_and_capitalisation_of_suggestions(tmp_path):
    pack = ("<n> rd\t<n>rd\tsplit ordinal\t0.85\tcase\n"
            "[a|an] enjoy\texperience\tr\t0.9\n")
    out = user_run(tmp_path, pack, "It was a enjoy. The 3 rd quarter. 10 St James's Place.")
    assert [(f.text, f.suggestions[0]) for f in out.findings] == [
        ("a enjoy", "an experience"), ("3 rd", "3rd")]
    out = user_run(tmp_path, pack, "A enjoy it was.")
    assert out.findings[0].suggestions == ("An experience",)


def test_case_flag_and_proper_names(tmp_path):
    pack = ("the united states\tthe country\tlower case\t0.9\tcase\n"
            "kingdom media\tstate media\tr\t0.9\n"
            "nineteen nineties\t1990s\tr\t0.8\tnames\n")
    out = user_run(tmp_path, pack,
                   "He visited the United States. He was the united states's chief. "
                   "The Kingdom Media Group grew. It was in the Nineteen Nineties.")
    assert texts(out) == ["the united states", "Nineteen Nineties"]
    # a Title Case headline is no proper name
    out = user_run(tmp_path, pack, "North Korea Kingdom Media Posts Editorial\n\nText here.")
    assert texts(out) == ["Kingdom Media"]


def test_strict_flag_keeps_hyphens_and_spaces_apart(tmp_path):
    pack = "well being [care|service]\thealth\tr\t0.95\tstrict\n"
    out = user_run(tmp_path, pack, "The well-being service helps. The well being care failed.")
    assert texts(out) == ["well being care"]


def test_user_pack_via_settings_gives_mt103_with_evidence(tmp_path):
    path = tmp_path / "house.tsv"
    path.write_text("synergistic paradigm\tplan\thouse style bans it\t0.7\n", encoding="utf-8")
    out = run("Our synergistic paradigm works.", lexicons=[str(path)])
    (f,) = out.findings
    assert f.code == "MT103" and f.confidence == 0.7
    assert f.evidence["pack"] == "house" and f.evidence["entry_confidence"] == 0.7
    assert f.suggestions == ("plan",)
    assert "house style bans it" in f.message


def test_user_pack_problems_become_notes(tmp_path):
    path = tmp_path / "broken.tsv"
    path.write_text("no tabs here\n", encoding="utf-8")
    out = run("Some text.", lexicons=[str(path), str(tmp_path / "missing.tsv")])
    assert out.findings == []
    assert any("broken.tsv:1" in n for n in out.notes)
    assert any("cannot read lexicon" in n for n in out.notes)


def test_user_pack_is_reloaded_when_the_file_changes(tmp_path):
    path = tmp_path / "p.tsv"
    path.write_text("alpha beta\tx\tr\t0.5\n", encoding="utf-8")
    assert texts(run("alpha beta gamma delta", lexicons=[str(path)], packs=[])) == ["alpha beta"]
    path.write_text("gamma delta\tx\tr\t0.5\n# a longer file\n", encoding="utf-8")
    assert texts(run("alpha beta gamma delta", lexicons=[str(path)], packs=[])) == ["gamma delta"]


# -- built-in packs -------------------------------------------------------------------------

def test_builtin_packs_parse_cleanly_and_the_cache_is_current():
    for name in sf.BUILTIN_PACKS:
        filename, code = sf.BUILTIN_PACKS[name]
        raw = sf._read_builtin(filename)
        pack = sf.parse_pack(raw.decode("utf-8"), name, code)
        assert pack.errors == []
        assert len(pack.entries) > (300 if name == "general" else 3000)
        cached = sf._compiled_cache()[name]
        assert cached["sha256"] == sf.source_digest(raw), \
            "run: python -m tools.spinner_fingerprints_build"
        assert cached["index"] == pack.index
    assert all(0 < e.confidence <= 1 for e in sf.builtin_pack("general").entries)


def test_scientific_pack_flags_tortured_phrases_as_mt102():
    out = run("We used counterfeit consciousness and a profound brain organization.")
    assert [(f.code, f.suggestions[0]) for f in out.findings] == [
        ("MT102", "artificial intelligence"), ("MT102", "deep neural network")]
    assert out.features["spinner-fingerprints.scientific_hits_per_100w"] > 0


def test_features_are_densities():
    out = run("North Korea's kingdom media said the united states's chief had left. " * 2)
    feats = out.features
    assert feats["spinner-fingerprints.hits_per_100w"] == pytest.approx(4.0)
    assert feats["spinner-fingerprints.distinct_hits"] == 2.0
    assert feats["spinner-fingerprints.scientific_hits_per_100w"] == 0.0


def test_settings_packs_and_min_confidence():
    text = "The kingdom media and the Nineteen Nineties."
    assert len(run(text).findings) == 2
    assert texts(run(text, min_confidence=0.9)) == ["kingdom media"]
    assert run(text, packs=[]).findings == []
    assert any("unknown built-in pack" in n for n in run(text, packs=["nope"]).notes)


# -- seeds ----------------------------------------------------------------------------------

def test_spun_seed_004_gets_many_findings_with_sensible_suggestions(seed):
    out = run(seed("004"))
    found = {f.text.lower(): f for f in out.findings}
    assert len(found) >= 15
    assert all(f.code == "MT101" for f in out.findings)
    expected = {
        "kingdom media": "state media",
        "penned by using": "penned by",
        "both international locations": "both countries",
        "unique army operations": "special military operations",
        "dating among the 2 countries": "relationship between the 2 countries",
        "shared enjoy of": "shared experience of",
        "navy cooperation": "military cooperation",
        "sturdy impetus": "strong impetus",
        "imparting weapons": "providing weapons",
        "the united states": "the country",
        "nineteen nineties": "1990s",
    }
    for phrase, suggestion in expected.items():
        assert phrase in found, phrase
        assert found[phrase].suggestions[0] == suggestion
    assert any(k.startswith("satellite tv for pc") for k in found)
    assert any(k.startswith("previous go to") for k in found)
    assert sum(f.confidence >= 0.9 for f in out.findings) >= 10


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_clean_seeds_get_no_findings(seed, prefix):
    assert run(seed(prefix)).findings == []


def test_build_module_check_reports_current_cache():
    proc = subprocess.run([sys.executable, "-m", "tools.spinner_fingerprints_build",
                           "--check"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "up to date" in proc.stdout


def test_changed_into_before_a_role_is_was_with_exact_span():
    text = "Kim Jong Il changed into the country's leader."
    [f] = [f for f in check_text(text).findings if f.code == "MT101"]
    assert (f.start, f.end, f.text) == (12, 45, "changed into the country's leader")
    assert f.suggestions[0] == "was the country's leader"


def test_packs_have_no_reversed_entries():
    from tools.spinner_fingerprints_direction import check

    assert [line for line in check() if line.startswith("scientific")] == []
    text = "We extracted image features for the classifier."
    assert check_text(text).findings == []
