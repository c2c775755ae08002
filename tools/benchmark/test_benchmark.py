"""Checks of the benchmark builder's parts: `pytest tools/benchmark -q`.

Uses short texts written for these tests, never corpus text.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import build  # noqa: E402
import roundtrip  # noqa: E402
import thesauri  # noqa: E402
from spin import Thesaurus, find_matches, match_case, spin  # noqa: E402


def small_thesaurus():
    th = Thesaurus("t")
    th.add("big", ["large", "huge"])
    th.add("big deal", ["major issue"])
    th.add("said", ["stated"])
    th.add("red", ["red"])  # only itself: dropped
    return th


def test_longest_phrase_first_and_no_overlap():
    th = small_thesaurus()
    text = "It was a big deal, she said. A big  deal."
    spans = [(text[s:e], key) for s, e, key in find_matches(text, th)]
    # "big deal" wins over "big"; the double space breaks the phrase, so only "big" matches
    assert spans == [("big deal", ("big", "deal")), ("said", ("said",)), ("big", ("big",))]
    assert ("red",) not in th.entries


def test_capitalisation_is_carried_over():
    assert match_case("Big", "large") == "Large"
    assert match_case("BIG", "large") == "LARGE"
    assert match_case("big", "large") == "large"


def test_spin_rate_and_determinism():
    th = Thesaurus("t")
    for w in "alpha beta gamma delta epsilon zeta eta theta iota kappa".split():
        th.add(w, [w + "x"])
    text = " ".join("alpha beta gamma delta epsilon zeta eta theta iota kappa".split() * 3)
    out1 = spin(text, th, (0.30, 0.70), random.Random("s"))
    out2 = spin(text, th, (0.30, 0.70), random.Random("s"))
    assert out1 == out2
    spun, rate, replaced, matchable = out1
    assert matchable == 30 and 9 <= replaced <= 21
    assert rate == round(replaced / matchable, 3)
    assert sum(w.endswith("x") for w in spun.split()) == replaced
    light = spin(text, th, (0.10, 0.20), random.Random("t"))
    assert 3 <= light[2] <= 6


def test_nothing_matchable_is_left_unchanged():
    assert spin("Nothing here.", small_thesaurus(), (0.3, 0.7), random.Random(1)) == \
        ("Nothing here.", 0.0, 0, 0)


def test_dev_pairs_kept_when_seen_twice():
    pairs = [("the firm said profits rose", "the company stated profits rose"),
             ("the firm said it would", "the company stated it would"),
             ("a red car", "a crimson car")]
    th, counts = thesauri.learn_dev_pairs(pairs, min_count=2)
    assert counts[("firm said", "company stated")] == 2
    assert th.entries[("firm", "said")] == [("company stated", 2.0)]
    assert ("red",) not in th.entries


def test_colon_list_and_function_words():
    th = thesauri.load_colon_list("c", "able:capable,competent\nbad line\nthe:element\n")
    assert [a for a, _ in th.entries[("able",)]] == ["capable", "competent"]
    assert ("the",) in th.entries
    assert ("the",) not in thesauri.drop_function_words(th).entries


def test_marker_cleaning():
    assert roundtrip.clean("The *unknownword and #bad @form  here") == \
        "The unknownword and bad form here"
    assert roundtrip.clean("a @@@@ 91827360001 @@@@ b") == "a @@@@ 91827360001 @@@@ b"


def test_split_rule():
    ids = [f"x:{i}" for i in range(2000)]
    gate = [i for i in ids if build.split_of(i) == "gate"]
    assert all(hashlib.sha256(i.encode()).digest()[0] < 52 for i in gate)
    assert 0.17 < len(gate) / len(ids) < 0.23


def test_bad_input_is_one_line_exit_2(tmp_path, capsys):
    (tmp_path / "genres").mkdir()
    (tmp_path / "dev").mkdir()
    (tmp_path / "genres" / "human-news.jsonl").write_text("{not json\n")
    rc = build.main(["--shared", str(tmp_path), "--out", str(tmp_path / "out"),
                     "--no-apertium"])
    err = capsys.readouterr().err.strip()
    assert rc == 2
    assert err.count("\n") == 0 and "human-news.jsonl" in err and "line 1" in err


def test_missing_shared_is_exit_2(tmp_path, capsys):
    rc = build.main(["--shared", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert rc == 2 and "nope" in capsys.readouterr().err


def test_jsonl_written_sorted(tmp_path):
    recs = [{"id": "b", "text": "y"}, {"id": "a", "text": "x"}]
    build.write_jsonl(tmp_path / "f.jsonl", recs)
    got = [json.loads(l)["id"] for l in (tmp_path / "f.jsonl").read_text().splitlines()]
    assert got == ["a", "b"]
