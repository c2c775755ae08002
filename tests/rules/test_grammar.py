"""grammar (MT2xx): grammar-checker hits from the embedded harper backend, and the optional
LanguageTool client.

No LanguageTool server can be installed here, so the LanguageTool tests run the real
``language-tool-python`` client against a small stand-in server started by the test itself: a
stdlib ``http.server`` on 127.0.0.1 in a thread that answers LanguageTool's documented HTTP API
(``GET /v2/languages``, ``POST /v2/check`` with ``language`` and ``text`` form fields, JSON
``matches`` with ``offset``, ``length``, ``message``, ``replacements`` and ``rule`` {``id``,
``issueType``, ``category`` {``id``}}). It reports canned matches for phrases it finds in the
posted text, so offsets and the mapping to MT2xx codes can be checked exactly.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import given, settings, strategies as st

from mtcheck.core.merge import constituents
from mtcheck.input.setaside import prose_document
from mtcheck.run.engine import Engine
from mtcheck.rules import grammar_backends as gb
from mtcheck.rules.grammar import GrammarHits

HARPER_NOTE = "grammar: embedded harper backend"
REAL_LOCAL_VERSION = gb.local_languagetool_version


@pytest.fixture(autouse=True)
def _no_languagetool_from_environment(monkeypatch):
    """The embedded backend unless a test says otherwise, whatever the machine has."""
    monkeypatch.delenv(gb.URL_ENV_VAR, raising=False)
    monkeypatch.setattr(gb, "local_languagetool_version", lambda: None)


def run(text, **settings):
    doc = prose_document(text)
    return doc, GrammarHits(settings).run(doc)


def found(text, **settings):
    doc, out = run(text, **settings)
    return [(f.code, f.text) for f in out.findings]


# -- the declared examples ---------------------------------------------------------------------
@pytest.mark.parametrize("example", GrammarHits.examples, ids=lambda e: e.text[:40])
def test_examples(example):
    codes = {code for code, _ in found(example.text)}
    if example.must_flag:
        assert set(example.codes) <= codes, codes
    else:
        assert not codes


def test_metadata():
    assert GrammarHits.family == "MT2" and GrammarHits.name == "grammar"
    assert [c.code for c in GrammarHits.codes] == ["MT201", "MT202", "MT203", "MT204"]
    assert GrammarHits.summary()


# -- embedded backend: what it flags -----------------------------------------------------------
def test_spun_possessive_and_lowercased_name():
    hits = found("He changed into the united states's chief and a uncooked deal followed. "
                 "New rules come into force in the united states in May.")
    assert ("MT201", "states's") in hits
    assert ("MT201", "a") in hits
    assert ("MT204", "united states") in hits


def test_agreement_errors():
    assert ("MT201", "have") in found("Mr Begg said he have been told he may see his son.")
    assert ("MT201", "an") in found("Rarely now does an motion film launch without a game.")


def test_wrong_words_of_round_trips():
    hits = found("It is the my house, and prices are higher that last year.")
    assert ("MT202", "the my") in hits
    assert ("MT202", "that") in hits
    assert ("MT202", "to to") in found("They went to to the market on Monday.")


def test_lowercased_acronyms_and_untranslated_words():
    hits = found("He watched it on tv and then on his pc, and said aixecar twice.")
    assert ("MT203", "tv") in hits and ("MT203", "pc") in hits
    assert ("MT203", "aixecar") in hits
    doc, out = run("He watched it on tv.")
    (tv,) = out.findings
    assert tv.suggestions[0] == "TV"


def test_rare_real_words_and_names_are_not_misspellings():
    text = ("A rogue dialler and reinsurers worried Kim Jong Un, KCNA and Mr Yungmin of "
            "gamesindustry.biz, who spoke to Ana da Silva et al. about cryotherapy.")
    assert found(text) == []


def test_harmless_repeats_and_accepted_articles():
    assert found("The pair had had a scorching from MPs, and it was an historic day.") == []
    assert ("MT202", "is is") in found("The account of the device is is not clear.")


def test_sentence_start_in_lower_case_only_after_a_full_stop():
    assert ("MT204", "the") in found("He left for Paris. the emissions rose in May.")
    assert ("MT204", "eight") in found("The shares fell 2.eight% in January, after a fall.")
    assert found("The musical Mamma Mia! has joined a list of British hits.") == []



def test_a_writers_habits_are_not_findings():
    # One lower-case "i" is a slip worth showing; the same slip throughout is the writer's.
    assert ("MT202", "i") in found("He said that i was late for the meeting again.")
    habit = found("I know i was late, and i'm sorry: i will not be late again.")
    assert [f for f in habit if f[1].lower().startswith("i")] == []
    # Lower-case sentence starts: one in a news text is reported; a text that starts most of
    # its sentences in lower case writes that way.
    assert ("MT204", "the") in found("He left for Paris. the emissions rose in May. "
                                     "Prices fell. Sales rose. Trade grew. Jobs held.")
    assert found("the bus was late. we waited an hour. it was cold. my friend went home.") == []


def test_writer_habit_thresholds():
    from mtcheck.rules.grammar import without_writer_habits

    def hit(text, rule, start):
        return gb.GrammarHit("style" if rule == "SentenceCapitalization" else "confusion",
                             start, start + len(text), text, "", rule)

    starts = [hit(w, "SentenceCapitalization", i * 10) for i, w in enumerate(("the", "we", "it"))]
    assert without_writer_habits(starts, sentences=15) == []  # 3 of 15 = a fifth
    assert without_writer_habits(starts, sentences=16) == starts  # under a fifth
    assert without_writer_habits(starts[:2], sentences=2) == starts[:2]  # fewer than three
    pronouns = [hit("i", "CapitalizePersonalPronouns", 0), hit("i’ve", "Other", 20)]
    other = hit("the my", "TheMy", 40)
    assert without_writer_habits([*pronouns, other], sentences=5) == [other]
    assert without_writer_habits([pronouns[0], other], sentences=5) == [pronouns[0], other]

def test_dialect_mix_flags_the_minority_spelling_only():
    british = "The programme was criticised by the organisation's defence team at the centre."
    american = "The program was criticized by the organization's defense team at the center."
    assert found(british) == [] and found(american) == []
    mixed = found("The programme was criticised by the organisation at the center.")
    assert mixed == [("MT204", "center")]


# -- seeds -------------------------------------------------------------------------------------
@pytest.mark.parametrize("prefix", ["001", "003"])
def test_clean_seeds_are_nearly_silent(seed, prefix):
    doc, out = run(seed(prefix))
    assert len(out.findings) <= 1, [(f.code, f.text) for f in out.findings]
    assert out.features["grammar.weighted_per_100w"] < 0.3


def test_spun_seed_is_flagged(seed):
    doc, out = run(seed("004"))
    texts = {f.text for f in out.findings}
    assert {"states’s", "tv", "pc"} <= texts
    assert out.features["grammar.hits_per_100w"] > 0.3


def test_findings_point_at_their_text_and_skip_boilerplate(seed):
    for prefix in ("000", "002", "004"):
        doc, out = run(seed(prefix))
        for f in out.findings:
            assert doc.text[f.start:f.end] == f.text
            assert not doc.is_excluded(f.start, f.end)
            assert f.code.startswith("MT2") and 0.0 < f.confidence < 0.9


def test_prose_text_blanks_what_is_not_prose(seed):
    doc = prose_document(seed("000"))
    prose = gb.prose_text(doc)
    assert len(prose) == len(doc.text)
    assert prose.count("\n") == doc.text.count("\n")
    for span in doc.excluded:
        assert not prose[span.start:span.end].strip()


# -- features and notes ------------------------------------------------------------------------
def test_features_and_note():
    doc, out = run("It is the my house. He watched tv. The lawsuit was filed with out delay.")
    f = out.features
    assert out.notes == [HARPER_NOTE]
    assert f["grammar.backend_languagetool"] == 0.0
    # 14 words count as 100 (densities never inflate on tiny texts)
    assert f["grammar.wrong_word_per_100w"] == pytest.approx(2.0)
    assert f["grammar.misspelling_per_100w"] == pytest.approx(1.0)
    assert f["grammar.agreement_per_100w"] == 0.0 and f["grammar.style_per_100w"] == 0.0
    assert f["grammar.hits_per_100w"] == pytest.approx(3.0)
    assert 0 < f["grammar.weighted_per_100w"] < f["grammar.hits_per_100w"]


def test_empty_and_non_prose_texts():
    for text in ("", "   \n\n", "12 34 56", "https://example.org/a-b-c"):
        doc, out = run(text)
        assert out.findings == []
        assert out.features["grammar.hits_per_100w"] == 0.0


def test_deterministic(seed):
    a = run(seed("004"))[1]
    b = run(seed("004"))[1]
    assert [(f.code, f.start, f.end, f.confidence) for f in a.findings] == \
        [(f.code, f.start, f.end, f.confidence) for f in b.findings]
    assert a.features == b.features


def test_registered_in_the_engine(seed):
    report = Engine().check(prose_document(seed("004")))
    # Merged into other findings on the same words where they overlap: the constituents keep them.
    assert any(f.code.startswith("MT2") for f in constituents(report.findings))
    assert HARPER_NOTE in report.notes


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab cd.Ae’'\n,-1é")), max_size=120))
def test_arbitrary_text_never_crashes(text):
    doc, out = run(text)
    for f in out.findings:
        assert 0 <= f.start < f.end <= len(doc.text)


# -- LanguageTool client against a stand-in server -----------------------------------------------
# phrase -> match fields (rule id, category id, issue type, message, replacements)
CANNED = {
    "a apple": ("EN_A_VS_AN", "MISC", "misspelling", "Use “an” instead of ‘a’.", ["an"]),
    "then last year": ("THAN_THEN", "CONFUSED_WORDS", "grammar", "Did you mean “than”?", ["than"]),
    "recieved": ("MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling",
                 "Possible spelling mistake found.", ["received"]),
    "Yungmin": ("MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling",
                "Possible spelling mistake found.", ["Yummy"]),
    "colour": ("MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling",
               "Possible spelling mistake. ‘colour’ is British English.", ["color"]),
    "the team": ("UPPERCASE_SENTENCE_START", "CASING", "typographical",
                 "This sentence does not start with an uppercase letter.", ["The team"]),
    "was given": ("PASSIVE_VOICE", "STYLE", "style", "Passive voice.", []),
}


class _FakeLanguageTool(BaseHTTPRequestHandler):
    mode = "ok"  # "ok", "bad-json", "slow"
    requests: list[dict] = []

    def log_message(self, *args):  # keep pytest output clean
        pass

    def _send(self, status, body, ctype="application/json"):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client timed out ("slow" mode)
            pass

    def do_GET(self):
        if self.path.startswith("/v2/languages"):
            self._send(200, json.dumps([
                {"name": "English (US)", "code": "en", "longCode": "en-US"},
                {"name": "English (GB)", "code": "en", "longCode": "en-GB"}]))
        else:
            self._send(404, "{}")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
        type(self).requests.append(form)
        if not self.path.startswith("/v2/check"):
            return self._send(404, "{}")
        if self.mode == "slow":
            time.sleep(2.0)
        if self.mode == "bad-json":
            return self._send(500, "<html>Internal error</html>", "text/html")
        text = form["text"][0]
        matches = []
        for phrase, (rule, cat, issue, message, repl) in CANNED.items():
            i = text.find(phrase)
            if i >= 0:
                # LanguageTool (Java) counts offsets in UTF-16 code units
                offset = len(text[:i].encode("utf-16-le")) // 2
                matches.append({
                    "message": message, "shortMessage": "", "offset": offset,
                    "length": len(phrase),
                    "replacements": [{"value": r} for r in repl],
                    "context": {"text": text[max(0, i - 10):i + len(phrase) + 10],
                                "offset": min(i, 10), "length": len(phrase)},
                    "sentence": text,
                    "rule": {"id": rule, "description": message, "issueType": issue,
                             "category": {"id": cat, "name": cat.title()}},
                })
        self._send(200, json.dumps({
            "software": {"name": "LanguageTool", "version": "6.6", "apiVersion": 1},
            "language": {"name": "English (US)", "code": "en-US"},
            "matches": sorted(matches, key=lambda m: m["offset"])}))


@pytest.fixture
def languagetool(monkeypatch):
    """URL of a stand-in LanguageTool server on 127.0.0.1 (see the module docstring)."""
    for var in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY",
                "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    _FakeLanguageTool.mode = "ok"
    _FakeLanguageTool.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeLanguageTool)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


LT_TEXT = ("Tom ate a apple. Prices were higher then last year. He recieved a letter from Mr "
           "Yungmin.\n\nThe colour was given away. the team won.")


def test_languagetool_hits_map_to_codes_and_offsets(languagetool):
    doc, out = run(LT_TEXT, languagetool_url=languagetool)
    assert out.notes == [f"grammar: LanguageTool at {languagetool}"]
    got = [(f.code, f.text, f.evidence["rule"]) for f in out.findings]
    assert got == [
        ("MT201", "a apple", "EN_A_VS_AN"),
        ("MT202", "then last year", "THAN_THEN"),
        ("MT203", "recieved", "MORFOLOGIK_RULE_EN_US"),
        ("MT204", "the team", "UPPERCASE_SENTENCE_START"),
    ]  # the capitalised name, the British spelling and the style hint are dropped
    for f in out.findings:
        assert doc.text[f.start:f.end] == f.text
        assert f.evidence["checker"] == "languagetool"
    assert out.findings[2].suggestions == ("received",)
    assert out.features["grammar.backend_languagetool"] == 1.0
    assert out.features["grammar.hits_per_100w"] == pytest.approx(4.0)
    (form,) = _FakeLanguageTool.requests
    assert form["language"] == ["en-US"] and form["text"] == [doc.text]


def test_languagetool_offsets_after_astral_characters(languagetool):
    doc, out = run("Fans 🎉 cheered. Tom ate a apple.", languagetool_url=languagetool)
    (f,) = out.findings
    assert f.text == "a apple" and doc.text[f.start:f.end] == "a apple"


def test_languagetool_url_from_environment(languagetool, monkeypatch):
    monkeypatch.setenv(gb.URL_ENV_VAR, languagetool)
    doc, out = run("Tom ate a apple.")
    assert out.notes == [f"grammar: LanguageTool at {languagetool}"]
    assert [f.code for f in out.findings] == ["MT201"]


def test_languagetool_url_through_engine_settings(languagetool):
    engine = Engine(rule_settings={"grammar": {"languagetool_url": languagetool}})
    report = engine.check(prose_document("Tom ate a apple."))
    assert f"grammar: LanguageTool at {languagetool}" in report.notes
    assert [f.code for f in report.findings if f.code.startswith("MT2")] == ["MT201"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_server_down_falls_back_to_harper():
    url = f"http://127.0.0.1:{_closed_port()}"
    doc, out = run("He watched it on tv and went to to the shop.", languagetool_url=url)
    assert out.notes[0] == HARPER_NOTE
    assert len(out.notes) == 2 and "fell back to the embedded harper backend" in out.notes[1]
    assert url in out.notes[1]
    assert ("MT203", "tv") in [(f.code, f.text) for f in out.findings]
    assert out.features["grammar.backend_languagetool"] == 0.0


def test_a_server_that_keeps_failing_is_given_up(monkeypatch):
    url = f"http://127.0.0.1:{_closed_port()}"
    rule = GrammarHits({"languagetool_url": url})
    tries = []
    real_check = gb.LanguageToolBackend.check
    monkeypatch.setattr(gb.LanguageToolBackend, "check",
                        lambda self, doc: tries.append(1) or real_check(self, doc))
    notes = [rule.run(prose_document("They went to to the market.")).notes
             for _ in range(5)]
    assert len(tries) == 3
    assert all(n[0] == HARPER_NOTE for n in notes)
    assert "for the rest of this run" in notes[2][1]
    assert notes[3] == notes[4] == [HARPER_NOTE, f"grammar: LanguageTool at {url} was given up "
                                                 f"after 3 failures in a row"]


@pytest.mark.parametrize("mode", ["bad-json", "slow"])
def test_server_errors_fall_back_to_harper(languagetool, mode):
    rule = GrammarHits({"languagetool_url": languagetool, "languagetool_timeout": 0.5})
    _FakeLanguageTool.mode = mode
    out = rule.run(prose_document("They went to to the market."))
    assert out.notes[0] == HARPER_NOTE and "fell back" in out.notes[1]
    assert [f.code for f in out.findings] == ["MT202"]
    # the next article tries the server again (it may have recovered)
    _FakeLanguageTool.mode = "ok"
    out = rule.run(prose_document("Tom ate a apple."))
    assert out.notes == [f"grammar: LanguageTool at {languagetool}"]


def test_languagetool_only_when_configured(monkeypatch):
    assert isinstance(gb.select_backend({}), gb.HarperBackend)
    called = []
    monkeypatch.setattr(gb, "local_languagetool_version", lambda: called.append(1) or "6.6")
    assert isinstance(gb.select_backend({"languagetool_local": False}), gb.HarperBackend)
    # An installed LanguageTool is not even looked for unless asked for.
    assert isinstance(gb.select_backend({}), gb.HarperBackend)
    assert called == []
    backend = gb.select_backend({"languagetool_local": True})
    assert isinstance(backend, gb.LanguageToolBackend) and backend.local_version == "6.6"
    assert backend.describe() == "grammar: local LanguageTool 6.6"


def test_local_install_detection_never_downloads(monkeypatch, tmp_path):
    """An empty language_tool_python folder, or one without the jar, is "no install", found
    without any network use."""
    import language_tool_python.download_lt as dl

    def forbidden(*args, **kwargs):
        raise AssertionError("language_tool_python tried to download")

    monkeypatch.setattr(dl, "http_get", forbidden)
    monkeypatch.setattr(dl, "download_zip", forbidden)
    monkeypatch.setenv("LTP_PATH", str(tmp_path))
    monkeypatch.setattr("shutil.which", lambda name: "/usr/bin/java")
    assert REAL_LOCAL_VERSION() is None
    (tmp_path / "LanguageTool-6.6").mkdir()
    assert REAL_LOCAL_VERSION() is None
    (tmp_path / "LanguageTool-6.6" / "languagetool-server.jar").write_bytes(b"")
    assert REAL_LOCAL_VERSION() == "6.6"
    monkeypatch.setattr("shutil.which", lambda name: None)  # no Java: no install
    assert REAL_LOCAL_VERSION() is None


def test_fork_while_the_build_lock_is_held_does_not_deadlock():
    """A worker forked while the parent's background build held the lock builds its own."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()

    def child():
        hits = gb.HarperBackend().check(prose_document("They went to to the market."))
        queue.put([h.rule for h in hits])

    with gb._HARPER_LOCK:
        proc = ctx.Process(target=child)
        proc.start()
    proc.join(60)
    assert proc.exitcode == 0
    assert queue.get(timeout=5) == ["ToTo"]


def test_typos_and_repeated_terms_are_not_misspelling_evidence():
    from mtcheck.rules.grammar import GrammarHits

    rule = GrammarHits()
    text = ("Frataxin levels fell because frataxin binds iron. We had cofidence in the "
            "aixequen result.")
    found = [(f.code, f.start, f.end, f.text) for f in rule.run(prose_document(text)).findings]
    assert found == [("MT203", 74, 82, "aixequen")]


def test_one_edit_typo_helper():
    from mtcheck.rules.english import typo_of

    english = {"confidence", "people", "any"}
    assert typo_of("cofidence", english) == "confidence"
    assert typo_of("peoble", english) == "people"
    assert typo_of("anys", english) is None  # too short to call a typo
    assert typo_of("aixecar", english) is None
