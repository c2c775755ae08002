"""rare-collocations (MT3xx): the language-model interface, the slot test, the thesaurus index,
the learned pair table and its learning script, and the behaviour on the seed articles."""

import gzip
import json
import math

import pytest

from mtcheck.input.setaside import prose_document
from mtcheck.rules import collocations as col
from tools import collocations_build as build
from tools import thesaurus_build
from mtcheck.rules import lm
from mtcheck.rules import thesaurus as th

RULE = col.RareCollocations


# -- a tiny fake language model ------------------------------------------------------------------
class FakeModel:
    """A hand-written trigram model: known n-grams get their listed log10 probability, anything
    else backs off to the unigram minus 1 (unknown words: lm.UNKNOWN)."""

    order = 3

    def __init__(self, unigrams, ngrams):
        self.unigrams = unigrams
        self.ngrams = ngrams

    def in_vocab(self, word):
        return word in self.unigrams

    def logprob(self, word, context=()):
        if word not in self.unigrams:
            return lm.UNKNOWN
        ctx = tuple(context)[-2:]
        for n in (2, 1):
            if len(ctx) >= n and (*ctx[-n:], word) in self.ngrams:
                return self.ngrams[(*ctx[-n:], word)]
        return self.unigrams[word] - (1.0 if ctx else 0.0)


UNI = {"<s>": -1.0, "the": -1.2, "state": -3.0, "kingdom": -4.0, "media": -3.5, "said": -2.5,
       "reported": -3.2, "military": -3.5, "navy": -4.2, "cooperation": -4.0, "grew": -4.0}
NGRAMS = {("the", "state"): -2.0, ("state", "media"): -1.0, ("media", "said"): -1.0,
          ("state", "media", "said"): -0.5, ("military", "cooperation"): -1.2,
          ("the", "military"): -2.2, ("military", "cooperation", "grew"): -1.0}


@pytest.fixture
def fake():
    return FakeModel(UNI, NGRAMS)


def test_fake_model_satisfies_the_protocol(fake):
    assert isinstance(fake, lm.NGramModel)
    assert isinstance(lm.load_model(), lm.NGramModel)


def test_the_default_model_is_loaded_once_however_it_is_asked_for():
    # collocations asks with its lm_path setting (None), translationese with no argument
    model = lm.load_model()
    assert lm.load_model(None) is model
    assert lm.load_model(str(lm.default_model_path())) is model


def test_sequence_logprob_chains_the_context(fake):
    assert lm.sequence_logprob(fake, ["state", "media"], ["the"]) == pytest.approx(-2.0 + -1.0)
    assert lm.next_logprobs(fake, ["state", "kingdom"], ["the"]) == [-2.0, -5.0]


def test_slot_gain_prefers_the_common_collocation(fake):
    gain, used, alt = col.slot_gain(fake, ["the"], ["kingdom"], ["state"], ["media", "said"])
    # used: kingdom (backed off -5) + media after "the kingdom" (-4.5) + said (-1.0 bigram)
    assert used == pytest.approx(-5.0 - 4.5 - 1.0)
    # alternative: state (-2) + media (-1) + said after "state media" (-0.5)
    assert alt == pytest.approx(-2.0 - 1.0 - 0.5)
    assert gain == pytest.approx(alt - used)
    reverse, _, _ = col.slot_gain(fake, ["the"], ["state"], ["kingdom"], ["media", "said"])
    assert reverse == pytest.approx(-gain)


def test_unigram_weight_takes_out_part_of_the_words_own_frequency(fake):
    plain, _, _ = col.slot_gain(fake, ["the"], ["navy"], ["military"], ["cooperation"])
    weighted, _, _ = col.slot_gain(fake, ["the"], ["navy"], ["military"], ["cooperation"], 1.0)
    # military is 0.7 more frequent on its own: a full weight removes exactly that advantage.
    assert plain - weighted == pytest.approx(-3.5 - -4.2)


def fake_rule(fake, thesaurus=None, pairs=None, **settings):
    rule = RULE(settings)
    rule.tester = col.SlotTester(fake, th.Thesaurus.from_dict(thesaurus or {}),
                                 pairs or col.PairTable([]), rule.params)
    return rule


def test_a_candidate_of_another_sense_gives_no_finding_but_the_same_features(fake):
    # "state" does not list "kingdom" back: another sense of the word, no MT301 and no
    # suggestion; the features (the scorer's inputs) are measured on every candidate alike.
    one_way = fake_rule(fake, {"kingdom": ["state"]}, moby_gain=3.0)
    mutual = fake_rule(fake, {"kingdom": ["state"], "state": ["kingdom"]}, moby_gain=3.0)
    off = fake_rule(fake, {"kingdom": ["state"]}, moby_gain=3.0, sense_filter="none")
    doc = "The kingdom media said."
    assert one_way.run(prose_document(doc)).findings == []
    [f] = mutual.run(prose_document(doc)).findings
    assert (f.code, f.start, f.end, f.suggestions) == ("MT301", 4, 11, ("state",))
    assert [(g.start, g.end) for g in off.run(prose_document(doc)).findings] == [(4, 11)]
    assert one_way.run(prose_document(doc)).features == off.run(prose_document(doc)).features


def test_the_rule_flags_a_slot_with_a_much_better_thesaurus_candidate(fake):
    rule = fake_rule(fake, {"kingdom": ["state", "reported"], "state": ["kingdom"]},
                     moby_gain=3.0)
    out = rule.run(prose_document("The kingdom media said."))
    (f,) = out.findings
    assert (f.code, f.text, f.suggestions[0]) == ("MT301", "kingdom", "state")
    assert f.evidence["gain"] >= 3.0 and f.evidence["source"] == "moby"
    assert f.evidence["logprob_alternative"] > f.evidence["logprob_used"]
    assert rule.run(prose_document("The state media said.")).findings == []


def test_thresholds_and_candidate_sources_are_settings(fake):
    text = "The kingdom media said."
    assert fake_rule(fake, {"kingdom": ["state"]}, moby_gain=9.0).run(
        prose_document(text)).findings == []
    pairs = col.PairTable([("kingdom", "state", 5, 0)], 1, 1)
    rule = fake_rule(fake, {}, pairs, moby_gain=9.0)
    (f,) = rule.run(prose_document(text)).findings
    assert f.code == "MT302" and f.evidence["pair_count"] == 5
    rule = RULE({"use_pairs": False})
    assert rule.tester.use_pairs is False


def test_a_common_word_its_context_rejects_is_one_located_place(fake):
    model = FakeModel({**UNI, "reported": -3.0},
                      {**NGRAMS, ("media", "state"): -6.0, ("media", "reported"): -5.5})
    rule = fake_rule(model, {})
    doc = prose_document("The media state said. The media said.")
    out = rule.run(doc)
    (f,) = out.findings
    # "state" is 10^3 times rarer after "media" than on its own; "said" after "state" is not
    assert (f.code, f.text, f.suggestions) == ("MT304", "media state", ())
    assert f.evidence == {"pmi": -3.0, "words_rejected": 1}
    assert out.features["rare-collocations.rejected_per_100w"] > 0
    # two rejected words two apart are one place
    (f,) = rule.run(prose_document("The media state media reported.")).findings
    assert f.text == "media state media reported" and f.evidence["words_rejected"] == 2
    # switched off: no finding, no count
    off = fake_rule(model, {}, use_rejected_words=False).run(doc)
    assert off.findings == [] and off.features["rare-collocations.rejected_per_100w"] == 0


def test_rare_words_and_sentence_starts_are_not_tested_for_rejection(fake):
    # "navy" is rare (log10 unigram -4.2): the model's estimate of it is too weak to judge
    model = FakeModel(UNI, {**NGRAMS, ("media", "navy"): -9.0, ("<s>", "state"): -9.0})
    rule = fake_rule(model, {})
    assert rule.run(prose_document("The media navy said. State media said.")).findings == []


def test_a_rejected_word_with_a_likely_original_is_reported_once(fake):
    # "kingdom" after "the" is rejected, and MT301 already names "state" for it
    model = FakeModel({**UNI, "kingdom": -3.0}, {**NGRAMS, ("the", "kingdom"): -6.0})
    rule = fake_rule(model, {"kingdom": ["state"], "state": ["kingdom"]}, moby_gain=3.0)
    codes = [f.code for f in rule.run(prose_document("The kingdom media said.")).findings]
    assert codes == ["MT301"]


def test_learned_multi_word_phrases_are_slots(fake):
    uni = {**UNI, "go": -2.5, "to": -1.5, "visit": -3.5, "previous": -3.8}
    ngrams = {**NGRAMS, ("previous", "visit"): -1.0, ("the", "previous"): -2.0}
    model = FakeModel(uni, ngrams)
    pairs = col.PairTable([("go to", "visit", 7, 1)], 1, 1)
    rule = fake_rule(model, {}, pairs)
    (f,) = rule.run(prose_document("The previous go to said.")).findings
    assert (f.code, f.text, f.suggestions[0]) == ("MT302", "go to", "visit")


def test_proper_nouns_numbers_and_unknown_words_are_never_slots(fake):
    doc = prose_document("The Kingdom media said 12 things zzyzx.")
    segs = col.segments(doc, fake)
    slot_ok = {it.word: it.slot_ok for seg in segs for it in seg.items}
    assert slot_ok["kingdom"] is False  # capitalised mid-sentence
    assert slot_ok["the"] is True  # sentence-initial capital is not a name
    assert "twelve" in slot_ok and slot_ok["twelve"] is False
    assert "zzyzx" not in slot_ok  # unknown to the model: cuts the segment
    assert fake_rule(fake, {"kingdom": ["state"]}, moby_gain=1.0).run(doc).findings == []


def test_pair_prior_tells_spinner_habits_from_plain_english():
    table = col.PairTable([("used to be", "was", 120, 2), ("on", "at", 80, 4000)], 250, 500)
    assert table.prior(("used", "to", "be")) > 0.9
    assert table.prior(("on",)) < 0.05
    assert table.max_len == 3 and "used" in table.first_words


# -- the real backend ----------------------------------------------------------------------------
def test_batch_sequences_equal_one_sequence_per_context(fake):
    model = lm.load_model()
    contexts = [(), ("the",), ("<s>", "the"), ("korea", "state"), ("zzyzxq",), ("state", "zzyzxq")]
    for words in (["media", "said"], ["media"], ["zzyzxq", "media"], []):
        assert model.sequences(words, contexts) == [model.sequence(words, c) for c in contexts]
        assert lm.sequence_logprobs(fake, words, contexts) == [
            lm.sequence_logprob(fake, words, c) for c in contexts]


def test_the_words_used_score_as_if_asked_one_by_one(seed):
    # Each slot's score of the words used comes from the segment's in-place log-probabilities;
    # it must equal the score asked of the model directly, to the last bit.
    rule = RULE()
    doc = prose_document(seed("004"))
    segs, slots = rule.analyse(doc)
    tester = rule.tester
    scored = [sl for sl in slots if sl.alt]
    assert len(scored) > 20
    for sl in scored:
        seg = segs[sl.seg]
        left, right = tester._context(seg, sl.i, sl.k)
        used = seg.words[sl.i:sl.i + sl.k]
        assert sl.used_score == tester._left(left, used) + tester._right(left, used, right)
    for seg in segs:
        assert tester.in_place(seg) == [
            tester.model.logprob(w, (seg.prefix + seg.words[:j])[-2:])
            for j, w in enumerate(seg.words)]


def test_in_order_equals_one_logprob_per_word():
    model = lm.load_model()
    words = ("the", "state", "zzyzxq", "media", "said", "zzyzxq")
    for prefix in ((), ("<s>",), ("korea",), ("<s>", "north")):
        assert model.in_order(words, prefix) == [
            model.logprob(w, ((*prefix, *words[:j]))[-2:]) for j, w in enumerate(words)]
    assert model.in_order((), ("<s>",)) == []


def test_token_cache_gives_the_segments_computed_without_it(seed):
    model = lm.load_model()
    doc = prose_document(seed("004"))
    cache: dict = {}
    plain = col.segments(doc, model)
    for _ in range(2):  # filling the cache, then reading it
        cached = col.segments(doc, model, cache)
        assert [(s.prefix, [(it.word, it.tok, it.slot_ok) for it in s.items]) for s in cached] \
            == [(s.prefix, [(it.word, it.tok, it.slot_ok) for it in s.items]) for s in plain]
    assert cache and all(col.token_word(model, t) == v for t, v in cache.items())


def test_default_model_lowercase_words_and_unknown_sentinel():
    model = lm.load_model()
    assert model.in_vocab("media") and not model.in_vocab("Media")
    assert model.logprob("zzyzxq", ["the"]) == lm.UNKNOWN
    assert model.logprob("media", ["korea", "state"]) > model.logprob("media", ["korea", "kingdom"])
    assert model.logprobs(["media", "zzyzxq"], ["state"]) == [
        model.logprob("media", ["state"]), lm.UNKNOWN]


def test_lm_path_setting_loads_an_arpa_model(tmp_path):
    from pocketsphinx.lm import ArpaBoLM

    arpa = ArpaBoLM(text="the state media said\nthe state media reported\n"
                         "the military cooperation grew\n", add_start=True)
    arpa.compute()
    path = tmp_path / "tiny.arpa"
    with open(path, "w") as f:
        arpa.write(f)
    rule = RULE({"lm_path": str(path)})
    model = rule.tester.model
    assert model.path == str(path)
    assert model.in_vocab("media") and not model.in_vocab("kingdom")
    assert model.logprob("media", ["the", "state"]) > model.logprob("said", ["the", "state"])
    out = rule.run(prose_document("The state media said."))
    assert "rare-collocations.lm_logprob_per_word" in out.features


def test_missing_model_file_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        lm.load_model(str(tmp_path / "none.lm.bin"))


@pytest.mark.parametrize("token,words", [
    ("1990s", ["nineteen", "nineties"]), ("13th", ["thirteenth"]), ("2000", ["two", "thousand"]),
    ("2005", ["two", "thousand", "five"]), ("11,000", ["eleven", "thousand"]),
    ("3.5", ["three", "point", "five"]), ("24", ["twenty", "four"]), ("21st", ["twenty", "first"]),
    ("101", ["one", "hundred", "and", "one"]), ("abc", []),
])
def test_numbers_are_spelled_for_the_model(token, words):
    assert lm.number_words(token) == words


def test_number_words():
    assert lm.is_number_word("twenty-four") and lm.is_number_word("dozen")
    assert not lm.is_number_word("navy")


# -- thesaurus index -----------------------------------------------------------------------------
def test_shipped_index_loads_and_links_seed_substitutions():
    # (How long loading takes is measured in benchmarks/wall_clock.py, not asserted here.)
    index = th.Thesaurus.from_file(th.INDEX_PATH)
    assert len(index) > 30000
    assert "state" in index.candidates("kingdom")
    assert "military" in index.candidates("navy")
    assert "visit" in index.candidates("go to")
    assert "support" in index.candidates("assist")
    assert all(" " not in c for c in index.candidates("kingdom"))
    assert all(len(index.candidates(w)) <= 30 for w in ("kingdom", "state", "go", "run"))


def test_index_build_and_write_roundtrip(tmp_path):
    moby = tmp_path / "words.txt"
    moby.write_text("state,kingdom,nation,Zanzibar,xqzzy\nvisit,go to,call on\n")
    index = thesaurus_build.build_index(lm.load_model(), source=moby)
    assert "state" in index["kingdom"] and "kingdom" in index["state"]  # both directions
    assert "visit" in index["go to"]  # a phrase keyed to the single word it may replace
    assert all("Zanzibar" not in c and "xqzzy" not in c for c in index.values())
    out = tmp_path / "index.tsv.gz"
    thesaurus_build.write_index(index, out)
    first = out.read_bytes()
    thesaurus_build.write_index(index, out)
    assert out.read_bytes() == first  # deterministic file
    loaded = th.Thesaurus.from_file(out)
    assert list(loaded.candidates("kingdom")) == index["kingdom"]
    assert gzip.decompress(first).startswith(b"# Compact index")


# -- learned pairs -------------------------------------------------------------------------------
def test_alignment_gives_replacements_and_widened_deletions():
    spun = "the lawsuit used to be filed by means of the court".split()
    orig = "the lawsuit was filed by the court".split()
    pairs = build.aligned_pairs(spun, orig)
    assert ("used to be", "was") in pairs
    assert ("by means of", "by") in pairs or ("means of the", "the") in pairs


def _write_corpus(tmp_path):
    human = [{"id": "h1", "text": "The lawsuit was filed against the firm."},
             {"id": "h2", "text": "The firm was sued against its will."}]
    spun = [{"id": "s1", "original_id": "h1",
             "text": "The lawsuit used to be filed in opposition to the firm."},
            {"id": "s2", "original_id": "h2", "text": "The firm used to be sued against its will."}]
    for name, rows in (("human", human), ("spun", spun)):
        with open(tmp_path / f"{name}.jsonl", "w") as f:
            f.writelines(json.dumps(r) + "\n" for r in rows)


def test_learn_pairs_counts_and_excludes_held_out_articles(tmp_path):
    _write_corpus(tmp_path)
    rows, meta = build.learn_pairs(tmp_path, min_count=1)
    table = {(s, o): (n, h) for s, o, n, h in rows}
    assert table[("used to be", "was")] == (2, 0)
    assert ("in opposition to", "against") in table
    assert meta == {"spun_articles": 2, "human_articles": 2}
    rows, meta = build.learn_pairs(tmp_path, exclude={"h1"}, min_count=1)
    assert ("in opposition to", "against") not in {(s, o) for s, o, _, _ in rows}
    assert meta == {"spun_articles": 1, "human_articles": 1}
    out = tmp_path / "pairs.tsv"
    assert build.main([str(tmp_path), "--out", str(out), "--min-count", "1", "--folds", "2",
                       "--fold", str(build.fold_of("h1", 2))]) == 0
    loaded = col.PairTable.from_file(out)
    assert ("in", "opposition", "to") not in loaded.alts


def test_folds_are_stable():
    assert build.fold_of("bbc-tech-248", 5) == build.fold_of("bbc-tech-248", 5)
    assert {build.fold_of(f"a{i}", 5) for i in range(50)} == set(range(5))


def test_shipped_pair_table_has_counts_not_text():
    table = col.load_pairs()
    assert ("was",) in [tuple(a.split()) for a, _ in table.alts[("used", "to", "be")]]
    assert len(table.alts) > 500
    assert max(len(k) for k in table.alts) <= build.MAX_PHRASE


def _pair(i, gain, prior, used="stated", alt="said"):
    return col.Slot(0, i, 1, used, alt, "pair", gain, -9.0, -9.0 + gain, prior=prior, n_sub=5)


def test_spun_like_article_reports_likely_pairs_that_fit_their_neighbours():
    rule = RULE({})
    evidence = [_pair(i, 2.5, 0.3, "used to be", "was") for i in range(3)]
    likely = _pair(10, 0.5, 0.8)  # 0.5 + 4 * 0.8 >= 2.5: mostly a substitution where it occurs
    unlikely = _pair(11, 0.5, 0.4)  # 0.5 + 4 * 0.4 < 2.5
    moby = col.Slot(0, 12, 1, "thrift", "economy", "moby", 3.0, -9.0, -6.0)
    slots = [*evidence, likely, unlikely, moby]
    # 3 learned pairs in 100 words: the article is spun-like (MT301 at 2.5 there)
    got = rule.finding_slots(slots, 100)
    assert likely in got and unlikely not in got and moby in got
    assert likely not in rule.suspects(slots, 100)  # the features count as before
    # the same slots in 1,000 words (0.3 per 100 words): not spun-like, only gain >= 2 counts
    got = rule.finding_slots(slots, 1000)
    assert likely not in got and moby not in got and all(sl in got for sl in evidence)


# -- seeds and real texts ------------------------------------------------------------------------
def findings(text, **settings):
    doc = prose_document(text)
    out = RULE(settings).run(doc)
    return doc, out


def test_seed_004_substitutions_are_located(seed):
    doc, out = findings(seed("004"))
    got = {(f.text.lower(), f.suggestions[0].lower()) for f in out.findings if f.suggestions}
    # the last two: learned pairs reported in a spun-like article ("in his feedback" was listed
    # as missed in issue 10)
    for pair in [("international locations", "countries"), ("in opposition to", "against"),
                 ("satellite tv for pc", "satellite"), ("enjoy", "experience"),
                 ("go to", "visit"), ("navy", "military"), ("feedback", "comments"),
                 ("mentioned", "said")]:
        assert pair in got, pair
    for f in out.findings:
        assert doc.text[f.start:f.end] == f.text
        assert 0 < f.confidence <= 0.9
    assert out.features["rare-collocations.mt302_per_100w"] >= 1.0


def test_seed_004_kingdom_media_is_located_below_the_reporting_threshold(seed):
    """"kingdom media" (state media): the slot test ranks "state" first for the slot, but the
    language model's gain (~2) is below what clean text allows without other evidence."""
    rule = RULE()
    segs, slots = rule.analyse(prose_document(seed("004")))
    (slot,) = [s for s in slots if s.used == "kingdom"]
    assert slot.alt == "state" and slot.gain > 1.0


@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_clean_seeds_get_few_or_no_findings(seed, prefix):
    doc, out = findings(seed(prefix))
    assert len(out.findings) <= max(1, doc.word_count // 300)
    assert all(f.code != "MT302" or f.confidence < 0.9 for f in out.findings)


def test_output_is_deterministic_and_features_are_finite(seed):
    text = seed("004")
    a, b = findings(text)[1], findings(text)[1]
    assert [(f.code, f.start, f.suggestions) for f in a.findings] == \
        [(f.code, f.start, f.suggestions) for f in b.findings]
    assert a.features == b.features
    assert all(k.startswith("rare-collocations.") and math.isfinite(v)
               for k, v in a.features.items())
    for name in ("suspects_per_100w", "mt301_per_100w", "mt302_per_100w", "top_gain_mean",
                 "lm_logprob_per_word", "unknown_lower_share", "negative_context_share",
                 "moby_mean_gain", "moby_soft_gain_per_100w", "weak_pair_per_100w"):
        assert "rare-collocations." + name in a.features


def test_rare_but_fitting_words_pass():
    for text in ("The survivors drifted for days on rafts before a ship found them.",
                 "She ardently defended the plan at the meeting.",
                 "Protesters waved banners outside the parliament building."):
        assert findings(text)[1].findings == [], text


def test_empty_and_tiny_documents():
    for text in ("", "Hello.", "12 34"):
        out = findings(text)[1]
        assert out.findings == []
        assert all(math.isfinite(v) for v in out.features.values())
