"""translation-artifacts (MT5xx): foreign/untranslated text, spinner number oddities, broken
sentences, lower-cased names and generic machine-translation slips."""

import pytest
from hypothesis import given, settings, strategies as st

from mtcheck.input.setaside import prose_document
from mtcheck.core.finding import Severity
from mtcheck.rules import translation_artifacts as ta

RULE = ta.TranslationArtifacts


def run(text, **settings):
    doc = prose_document(text)
    out = RULE(settings).run(doc)
    findings = [f for f in out.findings if not doc.is_excluded(f.start, f.end)]
    return findings, out.features


def codes(text, **settings):
    return [f.code for f in run(text, **settings)[0]]


def only(text, code):
    return [f for f in run(text)[0] if f.code == code]


# -- the declared examples ---------------------------------------------------------------------
@pytest.mark.parametrize("example", RULE.examples, ids=lambda e: e.text[:40])
def test_examples(example):
    found = set(codes(example.text))
    if example.must_flag:
        assert set(example.codes) <= found, found
    else:
        assert not found


def test_metadata():
    assert RULE.family == "MT5" and RULE.name == "translation-artifacts"
    assert [c.code for c in RULE.codes] == [f"MT50{i}" for i in range(1, 10)]
    assert RULE.code("MT501").kind == "foreign" and RULE.code("MT501").severity is Severity.INFO
    assert all(isinstance(c.severity, Severity) for c in RULE.codes)
    assert RULE.code("MT502").kind == "machine_translated"
    assert {RULE.code(c).kind for c in ("MT503", "MT504", "MT505")} == {"spun"}
    assert sum(e.must_flag for e in RULE.examples) >= 3
    assert sum(not e.must_flag for e in RULE.examples) >= 3
    assert RULE.summary() and "What it does" in RULE.documentation()


# -- the seeds --------------------------------------------------------------------------------
def test_seed_002_russian_paragraph_is_one_foreign_passage_and_nothing_else(seed):
    findings, features = run(seed("002"))
    assert [f.code for f in findings] == ["MT501"]
    (passage,) = findings
    assert passage.text.startswith("Диктор") and passage.text.endswith("в Якутск.")
    assert "Russian" in passage.message and "3 sentences" in passage.message
    assert passage.confidence >= 0.9 and passage.evidence["script"] == "Cyrillic"
    assert 0.85 < features["translation-artifacts.english_share"] < 0.99
    assert 0.02 < features["translation-artifacts.foreign_share"] < 0.15
    assert features["translation-artifacts.number_oddities_per_100w"] == 0


def test_seed_004_spinner_artifacts(seed):
    findings, features = run(seed("004"))
    by_text = {f.text: f for f in findings}
    assert by_text["Nineteen Nineties"].code == "MT503"
    assert by_text["Nineteen Nineties"].suggestions == ("1990s",)
    assert by_text["the 2 countries"].suggestions == ("the two countries",)
    assert by_text["during. Which"].code == "MT504"
    assert by_text["during. Which"].suggestions == ("during which",)
    assert by_text["united states"].code == "MT505"
    assert "United States" in by_text["united states"].suggestions
    assert by_text["trip. Stating"].suggestions == ("trip, stating",)
    assert features["translation-artifacts.number_oddities_per_100w"] > 0.2
    assert features["translation-artifacts.english_share"] == 1.0
    assert "MT501" not in {f.code for f in findings}


@pytest.mark.parametrize("prefix", ["001", "003"])
def test_clean_seeds_are_silent(seed, prefix):
    findings, features = run(seed(prefix))
    assert findings == []
    assert features["translation-artifacts.english_share"] == 1.0


def test_output_is_deterministic(seed):
    text = seed("004") + "\n\n" + seed("002")
    a, fa = run(text)
    b, fb = run(text)
    assert a == b and fa == fb


# -- MT501 foreign passages -------------------------------------------------------------------
@pytest.mark.parametrize("passage, language, script", [
    ("Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία της χώρας.", "Greek", "Greek"),
    ("政府今天宣布了新的经济措施，以支持中小企业的发展。", "Chinese", "Han"),
    ("Уряд оголосив нові заходи для підтримки економіки країни.", "Ukrainian", "Cyrillic"),
    ("أعلنت الحكومة اليوم عن إجراءات جديدة لدعم الاقتصاد.", "Arabic", "Arabic"),
])
def test_foreign_script_sentence(passage, language, script):
    text = f"The government spoke on Monday. {passage} Officials said more would follow."
    (f,) = only(text, "MT501")
    assert f.text == passage
    assert language in f.message and f.evidence["script"] == script


def test_latin_script_foreign_sentence_is_named():
    text = ("The mayor spoke to reporters on Monday. El gobierno de la ciudad ha decidido "
            "cerrar las escuelas durante toda la semana. She said it was necessary.")
    (f,) = only(text, "MT501")
    assert f.text.startswith("El gobierno") and "Spanish" in f.message
    assert codes(text) == ["MT501"]


def test_foreign_phrase_inside_english_sentence():
    text = "The banner read Слава великой дружбе народов as the car passed."
    (f,) = only(text, "MT501")
    assert f.text == "Слава великой дружбе народов" and "4 words" in f.message


def test_names_in_original_script_are_not_passages():
    assert codes("The capital, Beijing (北京), hosted the talks with Moscow (Москва).") == []


def test_mostly_foreign_text_has_low_english_share():
    text = ("El presidente del gobierno anunció ayer que las elecciones se celebrarán en "
            "marzo. Los partidos de la oposición criticaron la decisión porque no tuvieron "
            "tiempo para preparar sus campañas.")
    _, features = run(text)
    assert features["translation-artifacts.english_share"] < 0.3
    assert features["translation-artifacts.foreign_share"] > 0.5


# -- MT502 untranslated words -----------------------------------------------------------------
def test_untranslated_catalan_words():
    found = only("Will the cuts aixecar spirits of voters amb the new plan?", "MT502")
    assert [f.text for f in found] == ["aixecar", "amb"]
    assert all("Catalan" in f.message for f in found)


def test_accented_unknown_word():
    (f,) = only("Misusing algúha identity to claim loans is common.", "MT502")
    assert f.text == "algúha" and f.confidence < 0.7


@pytest.mark.parametrize("text", [
    "The joie de vivre of the side was clear, and the café was full.",
    "The government is cracking down on so-called latifundios, or large estates.",
    "The team included D dal Maso and CA del Fava.",
    "It also said the naïve plan would fail, per the report.",
])
def test_borrowed_or_cited_foreign_words_pass(text):
    assert only(text, "MT502") == []


def test_loanwords_setting():
    text = "The chef served the best paella amb tomàquet in town."
    assert [f.text for f in only(text, "MT502")] == ["amb", "tomàquet"]
    assert codes(text, loanwords=["amb", "tomàquet"]) == []


# -- MT503 numbers ----------------------------------------------------------------------------
@pytest.mark.parametrize("text, span, suggestion", [
    ("Sales rose to three,000 units.", "three,000", "3,000"),
    ("It cost £seventy five million.", "£seventy five", "£75"),
    ("Growth was 0.five% last year.", "0.five%", "0.5%"),
    ("She won the set 6-three.", "6-three", "6-3"),
    ("They led 1-zero at half-time.", "1-zero", "1-0"),
    ("She ran fifty two.ninety eight seconds.", "fifty two.ninety eight", "52.98"),
    ("The famine of the nineteen eighties.", "nineteen eighties", "1980s"),
    ("It opened in two thousand and five.", "two thousand and five", "2005"),
    ("Born in nineteen ninety-nine, he left.", "nineteen ninety-nine", "1999"),
    ("The complaint was filed on thirteen December.", "thirteen December", "13 December"),
    ("The film-maker, sixty eight, won.", "sixty eight", "68"),
    ("Both 4 sides agreed.", "Both 4 sides", "Both four sides"),
    ("8 super-casinos are proposed.", "8 super-casinos", "Eight super-casinos"),
    ("He is 1 of the best players.", "1 of", "one of"),
    ("He finished 2d in the race.", "2d", "second"),
])
def test_number_oddities(text, span, suggestion):
    (f,) = only(text, "MT503")
    assert f.text == span and suggestion in f.suggestions


@pytest.mark.parametrize("text", [
    "His first trip in twenty-four years came in July 2000.",
    "Nineteen Eighty-Four is a novel. Fifty-three people were there.",
    "They won 2-0 and the 3 points took them top, with 13 wins since 13 December.",
    "The two countries grew 2.5% in the 1990s; prices rose 5% to £4.5bn.",
    "One December morning, two thousand people marched; five of them were arrested.",
    "He scored in the 2nd half of the 3-1 win. The 2 million figure is wrong.",
])
def test_ordinary_numbers_pass(text):
    assert only(text, "MT503") == []


def test_glued_numbers_are_errors_spelled_ones_warnings():
    glued, spelled = only("It rose to three,000 on thirteen December.", "MT503")
    assert glued.severity is Severity.ERROR and glued.confidence >= 0.9
    assert spelled.severity is Severity.WARNING and spelled.confidence < 0.9


def test_words_to_number():
    assert ta.words_to_number("seventy five") == 75
    assert ta.words_to_number("one hundred seventy-five") == 175
    assert ta.words_to_number("two thousand and five") == 2005
    assert ta.words_to_number("banana") is None


# -- MT504 broken sentences -------------------------------------------------------------------
@pytest.mark.parametrize("text, span", [
    ("He visited Russia last year, during. Which he and Putin spoke of space.", "during. Which"),
    ("Sales fell because. The market was weak.", "because. The"),
    ("Miller repeated the claim before the trip. Stating that missiles were sent.",
     "trip. Stating"),
])
def test_broken_sentences(text, span):
    (f,) = only(text, "MT504")
    assert f.text == span


@pytest.mark.parametrize("text", [
    "He said he would. Which is strange, as nobody asked him.",
    "It was reined in. And that was the end of it.",
    "Saying that, he left. They wanted to know what it was made of. Nobody knew.",
    "Prices rose by more than 50%. Similarly, wages rose.",
])
def test_whole_sentences_pass(text):
    assert only(text, "MT504") == []


# -- MT505 lower-cased names ------------------------------------------------------------------
def test_lowercased_names():
    found = only("He was the united states's chief and met the european union in london.",
                 "MT505")
    assert [f.text for f in found] == ["united states", "european union", "london"]
    assert found[0].confidence > found[2].confidence
    assert "European Union" in found[1].suggestions


def test_capitalised_and_ambiguous_names_pass():
    text = ("The United States and the prime minister met in china shops; a white house "
            "and a french window. The turkey was fine. See www.london.gov.uk and #london.")
    assert only(text, "MT505") == []


def test_extra_names_setting():
    found = [f for f in run("They met acme corp today.", extra_names=["Acme Corp"])[0]
             if f.code == "MT505"]
    assert [f.text for f in found] == ["acme corp"]


# -- MT506-MT509 machine-translation slips ----------------------------------------------------
def test_doubled_word():
    (f,) = only("The cash will be used to to reduce taxes.", "MT506")
    assert f.text == "to to" and f.suggestions == ("to",)
    assert only("He said that that was the in-fighting of 8x10in in size.", "MT506") == []


@pytest.mark.parametrize("text, span", [
    ("Barclays was linked to a bid in August, when was linked at Citigroup.", "when was"),
    ("Batteries are cheap even although have the potential to fail.", "although have"),
    ('"We are certain," said. The hearing follows.', "said"),
    ("Has had vocal critics that say it would favour big companies.", "Has had"),
])
def test_missing_subject(text, span):
    (f,) = only(text, "MT507")
    assert f.text == span


def test_questions_and_inversions_keep_their_subjects():
    text = ("When was the last time it rained? Had the plan worked, we would know. "
            "He asked when is the best time? It is as if it were new.")
    assert only(text, "MT507") == []


def test_romance_date():
    (f,) = only("The law takes effect the 1 of February.", "MT508")
    assert f.suggestions == ("1 February",)
    assert only("The law takes effect on the 1st of February.", "MT508") == []


def test_doubled_article():
    (f,) = only("The most interesting the pieces are the interviews.", "MT509")
    assert f.text == "The most interesting the pieces"
    assert only("In the UK, the police said the Conservatives the party of tax cuts won.",
                "MT509") == []


# -- features ---------------------------------------------------------------------------------
def test_features_are_named_densities():
    findings, features = run("Sales rose to three,000 units and the 2 countries signed.")
    prefix = "translation-artifacts."
    expected = {"foreign_share", "english_share", "untranslated_per_100w",
                "number_oddities_per_100w", "broken_sentences_per_100w",
                "lowercased_names_per_100w", "doubled_words_per_100w",
                "missing_subjects_per_100w", "romance_dates_per_100w",
                "doubled_articles_per_100w", "of_per_100w"}
    assert set(features) == {prefix + k for k in expected}
    # Two oddities; densities divide by at least 100 words, so a short text is not "dense".
    assert features[prefix + "number_oddities_per_100w"] == pytest.approx(2.0)


def test_empty_document():
    findings, features = run("")
    assert findings == []
    assert features["translation-artifacts.english_share"] == 1.0


# -- invariants on arbitrary text ---------------------------------------------------------------
_PIECES = ["the", "The", "2", "countries", "three,000", "during.", "Which", "he", "united",
           "states", "Диктор", "британского", "телеканала", "北京欢迎你们", "els", "amb", "to",
           "of", "the 1 of January", "Nineteen", "Nineties", ".", ",", "\n\n", "said.", "when",
           "was", "Stating", "that", "café", "algúha", "£seventy", "five"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60))
def test_findings_point_at_their_text(pieces):
    text = " ".join(pieces)
    doc = prose_document(text)
    out = RULE().run(doc)
    for f in out.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text
        assert 0.0 <= f.confidence <= 1.0
    shares = [out.features[f"translation-artifacts.{k}"] for k in ("english_share", "foreign_share")]
    assert all(0.0 <= v <= 1.0 for v in shares)


def test_archaic_english_and_learner_typos_are_not_untranslated():
    from mtcheck.input.setaside import prose_document as _doc

    rule = RULE()
    text = "Such habits conduce to health and continuos practice, said els voters."
    found = [(f.code, f.start, f.end, f.text) for f in rule.run(_doc(text)).findings]
    assert found == [("MT502", 59, 62, "els")]


def test_lower_case_month_alone_is_style_but_counts_beside_other_evidence():
    from mtcheck.input.setaside import prose_document as _doc

    rule = RULE()
    informal = "see you all in january, the meetup is on a friday as usual"
    assert [f for f in rule.run(_doc(informal)).findings if f.code == "MT505"] == []
    spun = "The deal was signed in january by the united states and the european union."
    found = [(f.code, f.start, f.end) for f in rule.run(_doc(spun)).findings if f.code == "MT505"]
    assert ("MT505", 23, 30) in found and len(found) >= 2
