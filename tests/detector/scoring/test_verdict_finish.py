"""The verdict when an article could not be judged, the evasion floor, and reasons."""

import pytest

from mtcheck.core.finding import Finding, Severity
from mtcheck.scoring.verdict import TOO_SHORT_WORDS, Assessment, finish, stronger

KINDS = {"MT101": "spun", "MT701": "evasion", "MT501": "foreign"}


def _finding(code, start=0):
    return Finding(code=code, rule="r", severity=Severity.WARNING, start=start, end=start + 4,
                   text="word", message="m", confidence=1.0)


def test_nothing_to_judge_is_not_judged_with_the_reason():
    a = finish(Assessment(0.1, 0.0, "clean"), 0, [], KINDS, True, {"comments": 40})
    assert a.verdict == "not-judged" and a.reasons == ["not judged: no prose to check (40 words set aside: comments 40)"]
    a = finish(Assessment(0.9, 0.0, "spun"), 500, [], KINDS, False)
    assert a.verdict == "not-judged" and (a.spun, a.machine_translated) == (0.0, 0.0)
    assert "switched off" in a.reasons[0]


@pytest.mark.parametrize("verdict", ["clean", "suspicious"])
def test_short_texts_are_too_short_unless_failing(verdict):
    a = finish(Assessment(0.3, 0.0, verdict, ["x"]), TOO_SHORT_WORDS - 1, [], KINDS, True)
    assert a.verdict == "too-short" and a.reasons[0].startswith(f"too short to judge: {TOO_SHORT_WORDS - 1} words")
    assert finish(Assessment(0.9, 0.0, "spun"), 10, [], KINDS, True).verdict == "spun"
    assert finish(Assessment(0.1, 0.0, verdict, ["x"]), TOO_SHORT_WORDS, [], KINDS, True).verdict == verdict


@pytest.mark.parametrize("verdict", ["clean", "too-short", "not-judged", "suspicious", "spun"])
def test_evasion_makes_the_verdict_at_least_suspicious(verdict):
    words = 10 if verdict == "too-short" else 300
    a = finish(Assessment(0.9 if verdict == "spun" else 0.0, 0.0, verdict, []), words,
               [_finding("MT701"), _finding("MT701", 10)], KINDS, verdict != "not-judged")
    assert a.verdict == ("spun" if verdict == "spun" else "suspicious")
    assert a.reasons[0].startswith("2 words disguised")


def test_not_english_shows_no_probabilities_and_suspicious_always_has_a_reason():
    a = finish(Assessment(0.2, 1.0, "not-english", ["100% not English"]), 300, [], KINDS, True)
    assert (a.verdict, a.spun, a.machine_translated) == ("not-english", 0.0, 0.0)
    a = finish(Assessment(0.33, 0.33, "suspicious", []), 300, [], KINDS, True)
    assert a.reasons and "between its suspicious and failing thresholds" in a.reasons[0]


def test_strength_order():
    assert stronger("spun", "clean") and stronger("suspicious", "too-short")
    assert stronger("clean", "not-judged") and not stronger("clean", "suspicious")
