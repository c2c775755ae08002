"""readability-drift (MT4xx): windowed rarity and readability against the fitted human range."""

import json
import socket
import subprocess
import sys

import pytest

from mtcheck.input.setaside import prose_document
from mtcheck.rules import readability as rd

RULE = rd.ReadabilityDrift

# A clean local-news story, written for these tests.
CLEAN = [
    "The new library in the town centre opened its doors on Saturday morning. Hundreds of "
    "people came to see the building, which took two years to finish. The old library had been "
    "closed since the roof was damaged in a storm.",
    "The library has more than forty thousand books, a room for children and a small cafe. "
    "Staff said the busiest part of the day was the first hour, when families queued at the "
    "front desk to get new cards. Many children left with a pile of books in their arms.",
    "The council paid for most of the work, with help from a local business group. The leader "
    "of the council said the library was a place for everyone and should stay open late on "
    "weekdays. She thanked the builders for finishing the work on time.",
    "Some people had asked for more parking near the building. The council said it would look "
    "at the plans again next year, but for now visitors are asked to walk or take the bus. "
    "There is a stop just across the road from the main door.",
    "The library will be open every day except Sunday. Entry is free, and there will be events "
    "for young readers during the school holidays. A reading group for older people meets on "
    "Tuesday afternoons.",
    "Local schools have already booked visits for the next few months. Teachers said their "
    "pupils were excited to use the new computers and to borrow books to read at home.",
    "The building itself has large windows that let in plenty of light. On the top floor there "
    "is a quiet room for study, with tables and power points for laptops. A lift makes every "
    "floor easy to reach.",
    "A group of volunteers will help visitors who are new to computers. They will also run a "
    "weekly club where people can learn how to search for jobs and fill in forms online.",
    "For the opening day, a well known writer read from her latest book and signed copies for "
    "her fans. She said she had spent many happy hours in the old library as a child and was "
    "glad the town had a new one.",
]
# The same kind of story with common words swapped for rare synonyms, as a spinner does.
SPUN = [
    "The edifice boasts in excess of forty thousand tomes, a chamber for progeny and a diminutive "
    "refectory. Functionaries averred that the most frenetic juncture of the diurnal cycle was "
    "the inaugural hour, when kinfolk congregated at the frontal counter to procure novel cards.",
    "The municipal conclave defrayed the preponderance of the toil, abetted by a parochial "
    "mercantile consortium. The doyenne of the conclave opined that the repository was a "
    "sanctuary for all and sundry and ought to remain accessible belatedly on weekdays.",
    "Certain denizens had importuned for augmented vehicular accommodation proximate to the "
    "edifice. The conclave averred it would scrutinise the schematics anew, but for the nonce "
    "sojourners are enjoined to perambulate or embark upon the omnibus.",
]


def article(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def run(text: str, **settings):
    return RULE(settings or None).run(prose_document(text))


def codes(out) -> list[str]:
    return [f.code for f in out.findings]


def clear_caches():
    for fn in (rd.zipf_table, rd.syllable_table, rd.easy_words, rd.human_stats, rd._word_info):
        fn.cache_clear()


def snapshot(out):
    return ([(f.code, f.start, f.end, f.message, f.confidence, tuple(sorted(f.evidence.items())))
             for f in out.findings], dict(out.features))


# -- examples and basic behaviour -------------------------------------------------------------

@pytest.mark.parametrize("example", RULE.examples, ids=lambda e: ",".join(e.codes) or "pass")
def test_examples(example):
    found = set(codes(run(example.text)))
    if example.must_flag:
        assert set(example.codes) <= found
    else:
        assert not found


def test_clean_article_passes_and_reports_features():
    out = run(article(*CLEAN, *CLEAN[:3]))
    assert out.findings == []
    for name in ("rarity_z", "rare_share", "flesch_z", "dale_chall_z", "max_window_drift",
                 "max_window_rarity_z", "mean_zipf_z", "unusual_share", "content_ttr_z"):
        assert f"readability-drift.{name}" in out.features
    assert out.features["readability-drift.rarity_z"] < 1.0
    assert out.features["readability-drift.max_window_drift"] < 2.0


def test_spun_article_is_rare_and_flagged_with_its_rarest_words():
    text = article(*SPUN, *SPUN)
    out = run(text)
    (f,) = [f for f in out.findings if f.code == "MT401"]
    assert out.features["readability-drift.rarity_z"] > 3.0
    assert out.features["readability-drift.rare_share"] > 0.15
    # The finding spans whole paragraphs and explains itself with numbers and words.
    assert text[f.start:f.end] == f.text and f.text.startswith(SPUN[0][:20])
    assert "human news windows 4.80" in f.message and "Rarest words:" in f.message
    rarest = f.evidence["rarest_words"].split(", ")
    assert len(rarest) == rd.RAREST_SHOWN and "averred" in rarest
    assert f.evidence["mean_zipf"] < 4.2
    assert 0.4 <= f.confidence < 0.9


def test_spun_middle_is_found_as_internal_drift():
    text = article(*CLEAN[:4], *SPUN, *CLEAN[4:])
    out = run(text)
    drift = [f for f in out.findings if f.code == "MT402"]
    assert len(drift) == 1
    f = drift[0]
    spun_start = text.index(SPUN[0])
    spun_end = text.index(SPUN[-1]) + len(SPUN[-1])
    # The window covers the spun section (whole paragraphs) and none of the first two clean ones.
    assert f.start <= text.index(SPUN[1]) and f.end >= text.index(SPUN[1]) + len(SPUN[1])
    assert f.start >= text.index(CLEAN[3]) and f.end <= text.index(CLEAN[-1])
    assert max(f.start, spun_start) < min(f.end, spun_end)
    assert text[f.start - 2:f.start] in ("\n\n", "") and text[f.end:f.end + 2] in ("\n\n", "")
    assert f.evidence["drift"] > f.evidence["threshold"]
    assert f.evidence["rest_mean_zipf"] > f.evidence["mean_zipf"] + 0.4
    assert "elsewhere" in f.message and "sd" in f.message
    assert out.features["readability-drift.max_window_drift"] > 3.0


def test_clean_article_of_same_length_has_no_drift():
    out = run(article(*CLEAN, *CLEAN[:4]))
    assert "MT402" not in codes(out)
    assert out.features["readability-drift.max_window_drift"] < 2.0


def test_varied_synonyms_raise_content_type_token_ratio():
    one_word = "The shop sold a lamp. " * 120  # 360 content words, 3 types
    days = ["Monday", "Tuesday", "Friday", "Sunday", "Thursday", "Saturday"]
    varied = "\n\n".join(" ".join(
        f"The {a} sold a {b} on {c}." for a, b, c in zip(
            ["shop", "store", "market", "stall", "outlet", "trader"],
            ["lamp", "light", "torch", "candle", "lantern", "bulb"], days[k:] + days[:k]))
        for k in range(6))  # 108 content words, 13 types
    prof_one = rd.Profile.of(prose_document(one_word))
    prof_varied = rd.Profile.of(prose_document(varied))
    assert prof_one.content_ttr() == pytest.approx(3 / 100)  # shop, sold, lamp per run of 100
    assert prof_varied.content_ttr() == pytest.approx(13 / 100)


def test_short_article_gets_features_but_no_findings():
    text = article(*SPUN)  # rare, but under 200 words
    doc = prose_document(text)
    assert doc.word_count < rd.MIN_ARTICLE_WORDS
    out = RULE().run(doc)
    assert out.findings == []
    assert out.features["readability-drift.rarity_z"] > 3.0
    assert out.features["readability-drift.max_window_rarity_z"] == 0.0


def test_empty_and_foreign_script_text():
    empty = run("")
    assert empty.findings == []
    assert empty.features["readability-drift.rarity_z"] == 0.0  # neutral, not missing
    assert empty.features["readability-drift.max_window_drift"] == 0.0
    russian = ("Президент заявил, что сотрудничество между странами будет расширяться. " * 40)
    out = run(article(*CLEAN, russian))
    assert out.findings == []  # another script is foreign text (MT5), not rare English


def test_thresholds_come_from_settings():
    text = article(*CLEAN, *CLEAN)
    assert run(text).findings == []
    forced = run(text, rarity_threshold=-50)
    assert "MT401" in codes(forced)
    # Overlapping windows are reported once: the findings of one code never overlap.
    spans = sorted((f.start, f.end) for f in forced.findings if f.code == "MT401")
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_windows_are_whole_paragraphs_of_at_least_200_words():
    text = article(*CLEAN, *CLEAN)
    prof = rd.Profile.of(prose_document(text))
    wins = prof.windows()
    assert len(wins) >= 3
    for a, b in wins:
        assert prof.units[b][3] - prof.units[a][2] >= rd.WINDOW_WORDS
        # the shortest such run: one unit fewer at either end is too short
        assert (b == a or prof.units[b - 1][3] - prof.units[a][2] < rd.WINDOW_WORDS
                or prof.units[b][3] - prof.units[a + 1][2] < rd.WINDOW_WORDS)
    assert wins[-1][1] == len(prof.units) - 1


def test_long_paragraph_is_cut_at_sentences():
    text = " ".join(CLEAN * 2)  # one 400-word paragraph
    doc = prose_document(text)
    prof = rd.Profile.of(doc)
    assert len(prof.units) > 3
    sentence_starts = {s.start for s in doc.sentences}
    assert all(u[0] in sentence_starts for u in prof.units)


def test_same_input_same_output():
    text = article(*CLEAN[:3], *SPUN, *CLEAN[3:])
    first = snapshot(run(text))
    clear_caches()
    assert snapshot(run(text)) == first


def test_seeds_are_not_flagged(seed):
    for prefix in ("001", "002", "003"):
        assert run(seed(prefix)).findings == [], prefix


# -- measurements -----------------------------------------------------------------------------

def test_zipf_matches_wordfreq():
    wordfreq = pytest.importorskip("wordfreq")
    for word in ("the", "state", "kingdom", "dating", "government", "covet", "merchandise",
                 "country's", "burgomaster", "averred"):
        expected = wordfreq.zipf_frequency(word, "en")
        if expected >= 3.01:
            assert rd.zipf(word) == pytest.approx(expected, abs=0.005), word
        else:
            assert rd.zipf(word) == rd.UNLISTED_ZIPF, word


def test_syllables_from_cmudict_and_guess():
    assert rd.syllables("government") == 3
    assert rd.syllables("information") == 4
    assert rd.syllables("every") == 3  # CMUdict's first pronunciation
    assert rd.syllables("the") == 1
    assert "flurbishment" not in rd.syllable_table()
    assert rd.syllables("flurbishment") == 3
    assert rd.guess_syllables("make") == 1 and rd.guess_syllables("table") == 2


def test_textstat_formulas_on_our_counts():
    m = rd.metrics_from([100, 150, 20, 40, 190, 2, 5], 5)
    assert m["flesch"] == pytest.approx(206.835 - 1.015 * 20 - 84.6 * 1.5)
    assert m["dale_chall"] == pytest.approx(0.1579 * 20 + 0.0496 * 20 + 3.6365)
    assert m["mean_zipf"] == pytest.approx(4.75) and m["rare_share"] == pytest.approx(0.05)


# -- offline: no download, no network, same numbers ---------------------------------------------

PLAIN_SENTENCES = ("The city council met on Monday to talk about the new bus station. Many people "
                   "in the town want the station to open next year. The mayor said the work would "
                   "start in the spring and end before the winter.")


@pytest.fixture
def no_network(monkeypatch):
    """Every way out is blocked and recorded: sockets, name lookups and nltk.download."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args[:2])
        raise OSError("network access blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    try:
        import nltk
    except ImportError:  # pragma: no cover - textstat depends on nltk
        pass
    else:
        monkeypatch.setattr(nltk, "download", refuse)
    return attempts


def test_network_blocked_rule_downloads_nothing_and_gives_the_usual_results(no_network, seed):
    texts = [article(*CLEAN[:3], *SPUN, *CLEAN[3:]), seed("004"), seed("002")]
    clear_caches()  # loaders run again, now with the network blocked
    blocked = [snapshot(run(t)) for t in texts]
    assert no_network == []
    assert blocked[0][0] and blocked[0][0][0][0] in ("MT401", "MT402")
    # And the same numbers as a run with the network left alone (compared in a subprocess).
    code = ("import json,sys;from mtcheck.input.setaside import prose_document;"
            "from mtcheck.rules import readability as rd;"
            "t=json.load(sys.stdin);o=[rd.ReadabilityDrift().run(prose_document(x)) for x in t];"
            "print(json.dumps([o_.features for o_ in o]));"
            "print(json.dumps([[f.code,f.start,f.end,f.message] for o_ in o for f in o_.findings]));"
            "print('nltk' in sys.modules, 'textstat' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts),
                          capture_output=True, text=True, check=True)
    feats, finds, modules = proc.stdout.strip().splitlines()
    assert json.loads(feats) == [b[1] for b in blocked]
    assert json.loads(finds) == [[c, s, e, m] for b in blocked for c, s, e, m, *_ in b[0]]
    assert modules == "False False"  # the rule never imports NLTK (or textstat)


def test_offline_textstat_never_downloads_and_matches_our_counts(no_network):
    textstat = rd.offline_textstat()
    words = PLAIN_SENTENCES.replace(".", "").lower().split()
    assert textstat.syllable_count(PLAIN_SENTENCES) == sum(rd.syllables(w) for w in words)
    doc = prose_document(PLAIN_SENTENCES)
    prof = rd.Profile.of(doc)
    ours = prof.metrics(0, prof.word_count)
    assert textstat.flesch_reading_ease(PLAIN_SENTENCES) == pytest.approx(ours["flesch"])
    assert textstat.dale_chall_readability_score(PLAIN_SENTENCES) == pytest.approx(
        ours["dale_chall"])
    assert textstat.difficult_words(PLAIN_SENTENCES) > 0
    assert no_network == []
