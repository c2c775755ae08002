"""MT303 swapped-phrase: the phrase-swap test on hand-made tables, the rule's finding (exact
position, suggestion, evidence), and the builder's counting and held-out exclusion."""

import gzip

from mtcheck.rules import phrase_swaps as ps
from mtcheck.rules.collocations import STOPWORDS, RareCollocations
from mtcheck.rules.thesaurus import Thesaurus
from tools import technical_phrases_build as build


class FlatModel:
    """Every word known, unigram -3; listed pairs get their own log10 P(b | a)."""

    order = 3

    def __init__(self, pairs):
        self.pairs = pairs

    def in_vocab(self, word):
        return True

    def logprob(self, word, context=()):
        if context and (context[-1], word) in self.pairs:
            return self.pairs[(context[-1], word)]
        return -3.0 if not context else -3.2


def make_tester(pairs=None, counts=None, swaps=None, thesaurus=None):
    model = FlatModel(pairs or {("artificial", "intelligence"): -1.0})
    return ps.PhraseSwapTester(
        model, Thesaurus.from_dict(thesaurus or {}),
        ps.PhraseCounts(counts if counts is not None else {"artificial intelligence": 6}, 1000),
        swaps or {"counterfeit": {"artificial": 6}, "brainpower": {"intelligence": 3}},
        STOPWORDS)


def test_both_words_swapped_from_a_common_phrase_is_found():
    got = make_tester().test("counterfeit", "brainpower")
    assert got.original == ("artificial", "intelligence")
    assert round(got.gain, 2) == 2.2  # -1 - (-3) minus the pair used: -3.2 - (-3)
    assert got.word_pair_counts == (6, 3) and got.original_count == 6


def test_a_pair_seen_in_technical_prose_is_never_reported():
    t = make_tester(counts={"artificial intelligence": 6, "counterfeit brainpower": 2})
    assert t.test("counterfeit", "brainpower") is None


def test_a_word_swap_seen_once_needs_the_thesaurus_too():
    swaps = {"counterfeit": {"artificial": 1}, "brainpower": {"intelligence": 3}}
    assert make_tester(swaps=swaps).test("counterfeit", "brainpower") is None
    found = make_tester(swaps=swaps, thesaurus={"counterfeit": ["artificial"]})
    assert found.test("counterfeit", "brainpower") is not None


def test_one_kept_word_needs_a_far_larger_gain():
    swaps = {"counterfeit": {"artificial": 6}}
    weak = make_tester(swaps=swaps, pairs={("artificial", "brainpower"): -1.5})
    assert weak.test("counterfeit", "brainpower") is None  # gain 1.7 < 3
    strong = make_tester(swaps=swaps, pairs={("artificial", "brainpower"): 0.0})
    assert strong.test("counterfeit", "brainpower").original == ("artificial", "brainpower")


def test_the_rule_reports_the_span_with_the_original_phrase():
    text = "Recent work on counterfeit brainpower has attracted much attention."
    rule = RareCollocations({"use_thesaurus": False, "use_pairs": False})
    from mtcheck.input.setaside import prose_document

    out = rule.run(prose_document(text))
    mt303 = [f for f in out.findings if f.code == "MT303"]
    assert [(f.start, f.end, f.text) for f in mt303] == [(15, 37, "counterfeit brainpower")]
    f = mt303[0]
    assert f.suggestions[0] == "artificial intelligence"
    assert f.evidence["technical_count_used"] == 0
    assert f.evidence["technical_count_original"] >= 3
    assert f.evidence["association_original"] > f.evidence["association_used"]


def test_the_rule_leaves_the_fixed_phrase_alone():
    text = "Recent work on artificial intelligence has attracted much attention."
    from mtcheck.input.setaside import prose_document

    out = RareCollocations().run(prose_document(text))
    assert not [f for f in out.findings if f.code == "MT303"]


def test_phrase_swaps_can_be_switched_off():
    text = "Recent work on counterfeit brainpower has attracted much attention."
    from mtcheck.input.setaside import prose_document

    out = RareCollocations({"use_phrase_swaps": False}).run(prose_document(text))
    assert not [f for f in out.findings if f.code == "MT303"]


def test_builder_counts_prose_words_and_pairs_inside_clauses():
    words, pairs = build.count(["Deep learning works. Deep learning, again; x2 deep"])
    assert words["deep"] == 3 and pairs[("deep", "learning")] == 2
    assert ("works", "deep") not in pairs and ("learning", "again") not in pairs


def test_builder_drops_code_and_maths_from_markdown():
    prose = build.markdown_prose("Text `code here` and $x+y$.\n```python\nimport torch\n```\nEnd")
    assert "import" not in prose and "code" not in prose and "Text" in prose


def test_word_pairs_builder_excludes_held_out_phrases(tmp_path):
    import sys

    sys.path.insert(0, str(build.ROOT / "benchmarks"))
    from findings_eval import is_held_out

    rows = [("profound learning", "deep learning"), ("irregular woodland", "random forest"),
            ("counterfeit brainpower", "artificial intelligence"),
            ("colossal information", "big data"), ("sound flag", "sound signal")]
    src = tmp_path / "t.tsv"
    src.write_text("tortured\texpected\n" + "".join(f"{a}\t{b}\n" for a, b in rows))
    out = tmp_path / "pairs.tsv"
    build.build_word_pairs(src, out)
    got = out.read_text()
    for spun, expected in rows:
        first = spun.split()[0] if spun.split()[0] != expected.split()[0] else spun.split()[1]
        assert (f"\n{first}\t" in got) == (not is_held_out(spun)), spun


def test_shipped_counts_load_and_know_technical_phrases():
    counts = ps.load_counts()
    assert counts.words > 1_000_000
    assert counts["deep learning"] > 100 and counts["neural network"] > 50
    with gzip.open(ps.COUNTS_PATH, "rt") as f:
        assert f.readline().startswith("# words=")


def test_counts_file_reads_like_a_dict_of_its_lines(tmp_path):
    # The table is read as sorted lines and bisected: any line order, comment lines anywhere,
    # and every key (words, pairs, prefixes of other keys) answer as a dict of the lines would.
    lines = ["zeta\t2", "# words=1234 min_count=2", "a b\t7", "a\t50", "", "ab\t3", "a bc\t4",
             "# another comment", "b\t9"]
    path = tmp_path / "counts.tsv.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    counts = ps.PhraseCounts.from_file(path)
    assert counts.words == 1234
    expected = {"zeta": 2, "a b": 7, "a": 50, "ab": 3, "a bc": 4, "b": 9}
    for key in [*expected, "a b c", "a bcd", "z", "zeta x", "", "#", "# words=1234", "b\t9"]:
        assert counts[key] == expected.get(key, 0), key


def test_a_pair_without_a_known_swap_looks_nothing_up():
    asked = []

    class Counts(dict):
        def get(self, key, default=0):
            asked.append(key)
            return super().get(key, default)

    tester = make_tester()
    tester.counts = ps.PhraseCounts(Counts({"artificial intelligence": 6}), 1000)
    assert tester.test("human", "intelligence") is None
    assert asked == []
    assert tester.test("counterfeit", "brainpower").original == ("artificial", "intelligence")
    assert "artificial intelligence" in asked
