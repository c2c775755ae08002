"""mtcheck.compare.align: an article against its source, on short texts written for the tests."""

from mtcheck.compare.align import compare_texts, word_ops

SOURCE = (
    "The state media said on Tuesday that the president will visit the capital next week.\n\n"
    "Officials expect the talks to focus on military cooperation and trade between the two "
    "countries, which have grown closer since the sanctions began.\n\n"
    "The relationship between the two countries has been tested by the long dispute over the "
    "border, but both governments now say they want to settle it quickly.\n\n"
    "Analysts warned that the agreement could face resistance from the opposition in parliament, "
    "where several members have criticised the plan as rushed.\n"
)

# The same text with a thesaurus spinner's substitutions (written for this test).
SPUN = (
    "The kingdom media said on Tuesday that the president will go to the capital next week.\n\n"
    "Officials anticipate the talks to focus on navy cooperation and trade between the 2 "
    "countries, which have grown closer since the sanctions began.\n\n"
    "The dating among the two countries has been tested by the lengthy dispute over the "
    "border, but both governments now say they want to settle it fast.\n\n"
    "Analysts warned that the agreement could face resistance from the opposition in parliament, "
    "where several members have criticised the plan as rushed.\n"
)

UNRELATED = (
    "The football club confirmed that its striker will miss the rest of the season with a knee "
    "injury picked up in training.\n\nThe manager said the squad would have to cope without him "
    "and that a replacement could be signed in January if the price was right.\n"
)


def subs(c):
    return [(e.article_text, e.source_text) for e in c.of_kind("substitution")]


def test_spun_copy_lists_every_substitution_located_in_both_texts():
    c = compare_texts(SPUN, SOURCE, "spun.txt", "source.txt")
    found = subs(c)
    for pair in [("kingdom", "state"), ("go to", "visit"), ("anticipate", "expect"),
                 ("navy", "military"), ("2", "two"), ("lengthy", "long"), ("fast", "quickly")]:
        assert pair in found
    assert any(a.startswith("dating among") and s.startswith("relationship between") for a, s in found)
    assert c.relation == "spun copy"
    assert c.verdict.startswith("spun copy of source.txt (") and "substituted in" in c.verdict
    for e in c.of_kind("substitution"):
        assert SPUN[e.article_start:e.article_end] == e.article_text
        assert SOURCE[e.source_start:e.source_end] == e.source_text
    kingdom = next(e for e in c.edits if e.article_text == "kingdom")
    assert (kingdom.article_line, kingdom.article_column) == (1, 5)
    assert (kingdom.source_line, kingdom.source_column) == (1, 5)
    last = next(e for e in c.edits if e.article_text == "fast")
    assert last.article_line == 5 and last.source_line == 5
    assert 0.5 < c.verbatim_fraction < 1
    assert not c.of_kind("insertion") and not c.of_kind("deletion")


def test_identical_texts_are_a_verbatim_copy():
    c = compare_texts(SOURCE, SOURCE)
    assert c.relation == "verbatim copy"
    assert c.verbatim_fraction == 1.0 and c.substitutions == 0 and not c.edits
    assert all(v == 0 for k, v in c.drift.items())


def test_unrelated_texts():
    c = compare_texts(UNRELATED, SOURCE)
    assert c.relation == "unrelated"
    assert c.substitutions == 0
    assert c.verdict.startswith("unrelated to")
    # everything is inserted or left out
    assert sum(e.article_words for e in c.of_kind("insertion")) == c.article_words


def test_partial_overlap_finds_the_shared_part_and_its_substitutions():
    # the article: an unrelated opening, then two spun paragraphs; the source goes on after them
    article = UNRELATED + "\n" + "\n\n".join(SPUN.split("\n\n")[1:3])
    source = SOURCE + "\nThe ministry declined to comment on the timing of the visit or its cost.\n"
    c = compare_texts(article, source, "a", "s")
    assert c.relation == "spun copy"
    assert ("navy", "military") in subs(c) and ("lengthy", "long") in subs(c)
    # (a substitution at the very edge of the shared part, where the source goes on, is not
    # told from the deletion of the rest: "fast" ends the article, "quickly" is followed by more)
    assert 0.4 < c.overlap < 0.6
    assert "shares text with it" in c.verdict
    assert c.of_kind("deletion")


def test_very_different_lengths():
    long_source = "\n\n".join([SOURCE] + [UNRELATED.replace("season", f"season {k}") for k in range(20)])
    short = SPUN.split("\n\n")[0]
    c = compare_texts(short, long_source)
    assert ("kingdom", "state") in subs(c) and ("go to", "visit") in subs(c)
    assert c.overlap == 1.0 and c.source_overlap < 0.1
    assert "part of" in c.verdict
    empty = compare_texts("", SOURCE)
    assert empty.relation == "unrelated" and empty.article_words == 0


def test_chance_matches_between_unrelated_texts_make_no_region():
    a = "one of the best in the world and the people of the town".split()
    b = "the end of the line for the team in the city of the".split()
    assert all(op[0].startswith("unaligned") for op in word_ops(a, b))


def test_machine_translated_rewrite_is_told_from_spinning():
    # articles dropped and added, prepositions swapped, words reordered: a round trip
    mt = (
        "The media of state said Tuesday that the president will visit capital the next week.\n\n"
        "Officials expect that the talks focus in the cooperation military and the trade between "
        "both countries, that have grown more close since began the sanctions.\n\n"
        "The relation between the two countries has been tested by long dispute on the border, "
        "but the both governments now say that they want to settle it quickly.\n\n"
        "The analysts warned that the agreement could face resistance of the opposition in the "
        "parliament, where several members have criticised the plan like rushed.\n"
    )
    c = compare_texts(mt, SOURCE)
    assert c.relation == "machine-translated rewrite"
    assert c.features["function_share"] > compare_texts(SPUN, SOURCE).features["function_share"]


def test_json_shape():
    data = compare_texts(SPUN, SOURCE, "a", "s").to_json()
    assert data["relation"] == "spun copy" and data["substitutions"] == len(
        [e for e in data["edits"] if e["kind"] == "substitution"])
    assert set(data["measures"]) == {"article", "source", "drift"}
    assert {"article_line", "source_line", "article_text", "source_text"} <= set(data["edits"][0])
