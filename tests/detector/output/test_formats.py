"""Output formats sarif, github and html, on a hand-built report (overlapping findings, CRLF,
an astral character, hostile markup, an unreadable file) and on a real run over the seeds.

SARIF is validated against the official 2.1.0 schema (tests/data). The HTML page is also loaded in
headless Chromium driven over the DevTools protocol: no console errors or network requests, every
highlight sits at its finding's offsets with its finding's text, clicking opens the details, and
the per-paragraph chart counts what the text shows."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from mtcheck.rules import registry
from mtcheck.api import check_path
from mtcheck.run.engine import Engine
from mtcheck.core.finding import Finding, Severity
from mtcheck.output.formats import FORMATTERS
from mtcheck.output.json import format_json
from mtcheck.output.github import escape_data, escape_property, format_github
from mtcheck.output.html import format_html, paragraph_counts
from mtcheck.core.report import FileReport, Report
from mtcheck.core.rule import Code, Rule, RuleOutput

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
browser = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install "
                                                     "chromium; .ci/run installs it)")


class _Fake(Rule):
    """Fake family for format tests: flags spinner phrases.

    What it does
        Nothing real; it only gives the formatters a documented family.
    """

    family = "MT9"
    name = "fake-family"
    codes = (Code("MT901", "fake-phrase", Severity.ERROR, "A fake phrase.", "spun"),
             Code("MT902", "fake-word", Severity.WARNING, "A fake word.", "spun"))
    examples = ()

    def run(self, doc):
        return RuleOutput()


@pytest.fixture
def fake_registry(monkeypatch):
    monkeypatch.setattr(registry, "rule_classes", lambda: [_Fake])


def _finding(text, start, end, code="MT901", severity=Severity.ERROR, message="odd phrase",
             suggestions=("state media",), rule="fake-phrase"):
    def line_col(offset):
        line = text.count("\n", 0, offset) + 1
        return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
    (line, col), (end_line, end_col) = line_col(start), line_col(end)
    return Finding(code=code, rule=rule, severity=severity, start=start, end=end,
                   text=text[start:end], message=message, suggestions=tuple(suggestions),
                   evidence={"gain": 1.25, "source": "pair"}, confidence=0.9, line=line,
                   column=col, end_line=end_line, end_column=end_col)


HOSTILE = ('<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
           "</div></mark>&amp;")
# CRLF line ends, an astral character (one code point, two UTF-16 units), untrusted markup.
TEXT = ("The kingdom media said on Tuesday 🙂 that the visit went well.\r\n\r\n"
        f"Second paragraph {HOSTILE} with navy cooperation and more.\r\n\r\n"
        "Third paragraph: the best previous go to was in 2000, dating among the 2 countries.\r\n")


def _hand_report() -> Report:
    t = TEXT
    k = t.index("kingdom media")
    n = t.index("navy cooperation")
    h = t.index(HOSTILE)
    d = t.index("dating among")
    w = t.index("went well")
    findings = [
        # after the astral character: columns and offsets count code points
        _finding(t, w, w + len("went well"), code="MT902", severity=Severity.WARNING,
                 message="odd word", suggestions=("went", "was"), rule="fake-word"),
        _finding(t, k, k + len("kingdom media")),
        # overlaps the first one: marks must split and still give each finding its text
        _finding(t, k + len("kingdom "), k + len("kingdom media said"), code="MT902",
                 severity=Severity.WARNING, message="odd word", suggestions=(), rule="fake-word"),
        _finding(t, h, h + len(HOSTILE), code="MT501", severity=Severity.INFO,
                 message='markup "<b>bold</b>" & friends', suggestions=("<i>x</i>",),
                 rule="foreign-script"),
        _finding(t, n, n + len("navy cooperation"), suggestions=("military cooperation",)),
        _finding(t, d, d + len("dating among"), suggestions=("relationship between",)),
    ]
    findings.sort(key=Finding.sort_key)
    clean = FileReport(path="docs/clean & <ok>.md", verdict="clean", spun=0.01,
                       machine_translated=0.0, words=9, findings=[], text="A plain clean text.\n")
    spun = FileReport(path="articles/spun.txt", verdict="spun", spun=0.97, machine_translated=0.04,
                      words=40, findings=findings, reasons=["3.1 findings per 100 words"],
                      text=TEXT)
    broken = FileReport(path="missing <x>.txt", error="no such file")
    return Report([spun, clean, broken])


def _code_points_at(text: str, line: int, col: int) -> int:
    """Offset of 1-based (line, column) in ``text``, lines ending at LF (CR stays in the line)."""
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[: line - 1]) + col - 1


# -- sarif ----------------------------------------------------------------------------------

SCHEMA = Path(__file__).resolve().parents[2] / "data" / "sarif-schema-2.1.0.json"
URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


def _validate_sarif(doc: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed (test extra)")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, [(list(e.absolute_path), e.message) for e in errors[:5]]
    run = doc["runs"][0]
    for loc in [a["location"] for a in run.get("artifacts", [])] + [
            r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]:
        assert URI_REFERENCE.match(loc["uri"]), loc


def test_schema_is_the_official_one_and_rejects_broken_logs():
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed (test extra)")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    jsonschema.Draft4Validator.check_schema(schema)
    v = jsonschema.Draft4Validator(schema)
    good = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
        {"message": {"text": "m"}, "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "a.txt"}, "region": {"startLine": 1}}}]}]}]}
    assert v.is_valid(good)
    bad = json.loads(json.dumps(good))
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert not v.is_valid(bad)
    bad = json.loads(json.dumps(good))
    bad["runs"][0]["columnKind"] = "bytes"
    assert not v.is_valid(bad)


def test_sarif_hand_built_report_is_valid_and_complete(fake_registry):
    report = _hand_report()
    doc = json.loads(FORMATTERS["sarif"](report))
    _validate_sarif(doc)
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "mtcheck" and driver["version"]
    rules = {r["id"]: r for r in driver["rules"]}
    assert [r["id"] for r in driver["rules"]] == ["MT901", "MT902", "MT501"]  # registry, then extra
    assert rules["MT901"]["name"] == "fake-phrase"
    assert rules["MT901"]["shortDescription"]["text"] == "A fake phrase."
    assert rules["MT901"]["fullDescription"]["text"] == _Fake.documentation()
    assert rules["MT901"]["help"]["text"] == _Fake.documentation()
    assert rules["MT901"]["defaultConfiguration"]["level"] == "error"
    assert rules["MT902"]["defaultConfiguration"]["level"] == "warning"
    assert rules["MT501"]["defaultConfiguration"]["level"] == "note"
    assert rules["MT901"]["properties"]["kind"] == "spun"

    findings = report.files[0].findings
    assert len(run["results"]) == len(findings)
    for res, f in zip(run["results"], findings):
        assert res["ruleId"] == f.code and driver["rules"][res["ruleIndex"]]["id"] == f.code
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[f.severity.value]
        assert res["message"]["text"].startswith(f.message)
        if f.suggestions:
            assert f"Suggestion: {f.suggestions[0]}" in res["message"]["text"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": "articles/spun.txt", "index": 0}
        region = loc["region"]
        start = _code_points_at(TEXT, region["startLine"], region["startColumn"])
        end = _code_points_at(TEXT, region["endLine"], region["endColumn"])
        assert (start, end) == (f.start, f.end)
        assert TEXT[start:end] == region["snippet"]["text"] == f.text
        assert TEXT[region["charOffset"]:region["charOffset"] + region["charLength"]] == f.text
        assert res["properties"]["suggestions"] == list(f.suggestions)
        assert res["properties"]["evidence"] == {"gain": 1.25, "source": "pair"}
    # Columns count code points: "went well" follows an astral character (2 UTF-16 units).
    went = [r for r in run["results"] if r["locations"][0]["physicalLocation"]["region"]["snippet"]
            ["text"] == "went well"]
    assert went[0]["locations"][0]["physicalLocation"]["region"]["startColumn"] == TEXT.index("went") + 1

    spun, clean, broken = run["artifacts"]
    assert spun["properties"]["verdict"] == "spun" and spun["properties"]["spun"] == 0.97
    assert spun["properties"]["machineTranslated"] == 0.04 and spun["properties"]["findings"] == 6
    assert clean["location"]["uri"] == "docs/clean%20&%20%3Cok%3E.md"
    assert broken["properties"] == {"error": "no such file"}
    (inv,) = run["invocations"]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert note["level"] == "error" and "no such file" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["index"] == 2
    assert run["properties"]["summary"]["verdicts"]["spun"] == 1


def test_sarif_without_errors_succeeds_and_verbose_adds_features(fake_registry):
    report = _hand_report()
    report.files[0].features = {"fake.rate": 0.123456789}
    report = Report(report.files[:2])
    doc = json.loads(FORMATTERS["sarif"](report, verbose=True))
    _validate_sarif(doc)
    inv = doc["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is True and inv["toolExecutionNotifications"] == []
    assert doc["runs"][0]["artifacts"][0]["properties"]["features"] == {"fake.rate": 0.123457}
    assert "features" not in json.loads(FORMATTERS["sarif"](report))["runs"][0]["artifacts"][0]["properties"]


def test_sarif_seed_run_is_valid_and_regions_point_at_the_file(seed_path, tmp_path):
    from mtcheck.api import check_paths

    path = seed_path("004")
    report = check_paths([str(path), str(tmp_path / "gone.txt")])
    doc = json.loads(FORMATTERS["sarif"](report))
    _validate_sarif(doc)
    run = doc["runs"][0]
    findings = report.files[0].findings
    assert findings and len(run["results"]) == len(findings)
    text = path.read_text(encoding="utf-8")
    ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    for res in run["results"]:
        assert res["ruleId"] in ids
        region = res["locations"][0]["physicalLocation"]["region"]
        start = _code_points_at(text, region["startLine"], region["startColumn"])
        end = _code_points_at(text, region["endLine"], region["endColumn"])
        assert text[start:end] == region["snippet"]["text"]
    assert run["invocations"][0]["executionSuccessful"] is False


# -- github -----------------------------------------------------------------------------------

COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def _unescape(s: str) -> str:
    return (s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


def _parse_command(line: str) -> tuple[str, dict, str]:
    m = COMMAND.match(line)
    assert m, line
    props = dict(p.split("=", 1) for p in m.group(2).split(","))
    assert all("," not in v and ":" not in v for v in props.values())
    return m.group(1), {k: _unescape(v) for k, v in props.items()}, _unescape(m.group(3))


def test_github_escaping_follows_the_runner_rules():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("dir/a,b: 100%\n") == "dir/a%2Cb%3A 100%25%0A"


def test_github_one_annotation_per_finding_and_per_file(fake_registry):
    report = _hand_report()
    report.files[0].path = "dir/a,b: spun%.txt"
    report.files[0].reasons = ["first reason", "second: with colon"]
    out = format_github(report)
    lines = out.splitlines()
    findings = report.files[0].findings
    assert len(lines) == len(findings) + 3  # raw newlines in messages are escaped
    parsed = [_parse_command(x) for x in lines]
    for (level, props, message), f in zip(parsed, findings):
        assert level == {"error": "error", "warning": "warning", "info": "notice"}[f.severity.value]
        assert props == {"file": "dir/a,b: spun%.txt", "line": str(f.line), "col": str(f.column),
                         "endLine": str(f.end_line), "endColumn": str(f.end_column),
                         "title": f"{f.code} {f.rule}"}
        assert message.startswith(f.message)
        if f.suggestions:
            assert message.endswith(f"[-> {' | '.join(f.suggestions)}]")
    # The order of properties is the one GitHub documents.
    assert lines[0].startswith("::error file=dir/a%2Cb%3A spun%25.txt,line=1,col=5,endLine=1,")
    verdicts = parsed[len(findings):]
    assert [(lvl, p["file"], p["title"]) for lvl, p, _ in verdicts] == [
        ("error", "dir/a,b: spun%.txt", "mtcheck: spun"),
        ("notice", "docs/clean & <ok>.md", "mtcheck: clean"),
        ("error", "missing <x>.txt", "mtcheck: input error")]
    assert "spun 0.97" in verdicts[0][2] and "why: second: with colon" in verdicts[0][2]
    assert verdicts[2][2] == "missing <x>.txt: no such file"


def test_github_suspicious_file_is_a_warning(fake_registry):
    fr = FileReport(path="a.md", verdict="suspicious", spun=0.3, words=100, text="x")
    assert format_github(Report([fr])).startswith("::warning file=a.md,title=mtcheck%3A suspicious::")


# -- without a browser ----------------------------------------------------------------------

def test_html_is_registered_and_escapes_untrusted_text(fake_registry):
    assert FORMATTERS["html"] is format_html
    page = format_html(_hand_report())
    assert page.startswith("<!DOCTYPE html>")
    # The hostile text appears only escaped: no raw tag from the article, message or path.
    assert "<script>window.__pwned" not in page and "<img" not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page and "<i>x</i>" not in page and "<ok>" not in page
    assert page.count("<script") == 2  # the JSON data block and the page's own script
    # Nothing is loaded from anywhere: no external URLs in src/href, a CSP that allows none.
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)
    assert "default-src 'none'" in page
    # CR survives as a character reference, so DOM offsets equal Python offsets.
    assert "\r" not in page.split("<main>", 1)[1] and "&#13;" in page


def test_html_shows_verdict_probabilities_error_and_legend(fake_registry):
    page = format_html(_hand_report())
    assert 'class="verdict v-spun">spun<' in page and 'class="p-spun">0.97<' in page
    assert 'class="p-mt">0.04<' in page
    assert "missing &lt;x&gt;.txt" in page and "no such file" in page
    assert "MT9xx fake-family" in page  # legend names registered families
    assert "MT5xx" in page  # and families that only occur in the report


def test_json_output_does_not_carry_the_text(fake_registry):
    data = json.loads(format_json(_hand_report(), verbose=True))
    assert all("text" not in fd for fd in data["files"])


def test_paragraph_counts_follow_finding_starts():
    report = _hand_report()
    paras, counts = paragraph_counts(TEXT, report.files[0].findings)
    assert len(paras) == 3
    assert [sum(c.values()) for c in counts] == [3, 2, 1]
    assert counts[1] == {"MT5": 1, "MT9": 1}


def test_engine_sets_the_text(fake_registry, tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    # A fresh engine (the API caches engines per process; the fake registry must not leak).
    report = check_path(str(path), engine=Engine())
    assert report.text == TEXT


# -- in a real browser ------------------------------------------------------------------------

class DevTools:
    """A minimal Chrome DevTools Protocol client over one page's WebSocket."""

    def __init__(self, ws_url: str):
        import websocket  # websocket-client

        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method: str, timeout: float = 20.0) -> dict:
        deadline = time.monotonic() + timeout
        for ev in self.events:
            if ev.get("method") == method:
                return ev
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            self.events.append(msg)
            if msg.get("method") == method:
                return msg
        raise TimeoutError(method)

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def drain(self, seconds: float = 0.3) -> None:
        """Collect events that arrive shortly after an action (late console messages)."""
        self.ws.settimeout(seconds)
        try:
            while True:
                self.events.append(json.loads(self.ws.recv()))
        except Exception:  # timeout: nothing more to read
            pass
        finally:
            self.ws.settimeout(30)

    def close(self) -> None:
        self.ws.close()


@pytest.fixture
def chromium():
    """Headless Chromium with remote debugging on a free port; yields a function that loads a
    file URL in a fresh page and returns a connected :class:`DevTools` client."""
    pytest.importorskip("websocket", reason="websocket-client is not installed (test extra)")
    profile = tempfile.mkdtemp(prefix="mtcheck-chromium-")
    proc = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-dev-shm-usage", "--remote-debugging-port=0",
         "--remote-allow-origins=*", f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    clients: list[DevTools] = []
    try:
        port_file = Path(profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])

        def open_page(url: str) -> DevTools:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
                pages = [t for t in json.load(r) if t["type"] == "page"]
            dt = DevTools(pages[0]["webSocketDebuggerUrl"])
            clients.append(dt)
            for domain in ("Runtime", "Log", "Page", "Network"):
                dt.call(f"{domain}.enable")
            dt.call("Page.navigate", url=url)
            dt.wait_for("Page.loadEventFired")
            dt.drain()
            return dt

        yield open_page
    finally:
        for dt in clients:
            dt.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


# Collected in the page: every mark with its offsets, finding ids, DOM text and the code-point
# offset at which its text starts inside the article's text element.
MARKS_JS = r"""
(() => {
  const cp = s => Array.from(s).length;  // code points, as mtcheck counts (JS counts UTF-16)
  return Array.from(document.querySelectorAll('div.text')).map(div => {
    const walker = document.createTreeWalker(div, NodeFilter.SHOW_TEXT);
    const marks = [];
    let offset = 0, node;
    const seen = new Map();
    while ((node = walker.nextNode())) {
      const mark = node.parentElement.closest('mark.f');
      if (mark && !seen.has(mark)) {
        seen.set(mark, true);
        marks.push({start: +mark.dataset.start, end: +mark.dataset.end, ids: mark.dataset.ids,
                    text: mark.textContent, at: offset, title: mark.title,
                    cls: mark.className});
      }
      offset += cp(node.data);
    }
    return {id: div.id, length: offset, text: div.textContent, marks: marks};
  });
})()
"""


def _problems(dt: DevTools) -> list:
    """Console errors/warnings, uncaught exceptions, log errors (CSP violations land there),
    dialogs opened by injected script, and any request other than the page itself."""
    out = []
    for ev in dt.events:
        m, p = ev.get("method"), ev.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            out.append(("console", p))
        elif m == "Runtime.exceptionThrown":
            out.append(("exception", p))
        elif m == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
            out.append(("log", p["entry"]))
        elif m == "Page.javascriptDialogOpening":
            out.append(("dialog", p))
        elif m == "Network.requestWillBeSent" and not p["request"]["url"].startswith(("file:", "data:")):
            out.append(("request", p["request"]["url"]))
    return out


def _check_marks(page_files: list[dict], report: Report) -> int:
    """Every mark's DOM text is the report text between its data offsets and sits at that offset;
    each finding's marks are contiguous from its start to its end and spell its text."""
    checked = 0
    texts = [fr for fr in report.files if fr.text is not None]
    assert len(page_files) == len(texts)
    for i, (div, fr) in enumerate(zip(page_files, texts)):
        file_index = report.files.index(fr)
        assert div["id"] == f"text-{file_index}"
        assert div["length"] == len(fr.text)  # code points, CR and astral characters included
        assert div["text"] == fr.text
        for m in div["marks"]:
            assert m["at"] == m["start"], m
            assert m["text"] == fr.text[m["start"]:m["end"]], m
        for k, f in enumerate(fr.findings):
            own = [m for m in div["marks"] if f"{file_index}-{k}" in m["ids"].split()]
            assert own, f
            assert own[0]["start"] == f.start and own[-1]["end"] == f.end
            assert all(a["end"] == b["start"] for a, b in zip(own, own[1:]))
            assert "".join(m["text"] for m in own) == f.text
            assert f.message in own[0]["title"]
            if f.suggestions:
                assert f.suggestions[0] in own[0]["title"]
            assert f"fam-{f.code[:3]}" in " ".join(m["cls"] for m in own)
            checked += 1
    return checked


@browser
def test_page_in_headless_chromium(chromium, tmp_path, fake_registry):
    report = _hand_report()
    page = tmp_path / "report.html"
    page.write_text(format_html(report), encoding="utf-8")
    dt = chromium(page.as_uri())

    assert _problems(dt) == []
    assert dt.evaluate("typeof window.__pwned") == "undefined"
    assert dt.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert dt.evaluate("document.scripts.length") == 2

    files = dt.evaluate(MARKS_JS)
    assert _check_marks(files, report) == 6
    # The overlap of findings 0 and 1 ("media") is one mark belonging to both.
    assert any(m["ids"] == "0-0 0-1" and m["text"] == "media" for m in files[0]["marks"])

    # Verdict and probabilities at the top of the article.
    top = dt.evaluate("document.querySelector('#file-0 .assessment').textContent")
    assert "spun" in top and "0.97" in top and "0.04" in top

    # Click a highlight: the details panel opens with the message, suggestion and evidence,
    # as text (the hostile message is not parsed as HTML).
    assert dt.evaluate("document.getElementById('detail').hidden") is True
    ids = {f.text: f"0-{k}" for k, f in enumerate(report.files[0].findings)}
    dt.evaluate(f"document.querySelector('mark.f[data-ids=\"{ids[HOSTILE]}\"]').click()")
    detail = dt.evaluate("document.getElementById('detail-body').textContent")
    assert dt.evaluate("document.getElementById('detail').hidden") is False
    assert 'markup "<b>bold</b>" & friends' in detail and "Suggestion: <i>x</i>" in detail
    assert "gain" in detail and "1.25" in detail
    assert dt.evaluate("document.querySelectorAll('#detail-body b, #detail-body i').length") == 0
    assert dt.evaluate("document.querySelectorAll('mark.f.selected').length") >= 1
    # Keyboard: Enter on a focused mark opens that finding; Escape closes the panel.
    dt.evaluate("""(() => { const m = document.querySelector('mark.f[data-ids="%s"]'); m.focus();
        m.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true})); })()"""
                % ids["dating among"])
    assert "relationship between" in dt.evaluate("document.getElementById('detail-body').textContent")
    dt.evaluate("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}))")
    assert dt.evaluate("document.getElementById('detail').hidden") is True
    # The findings table links to each finding's place in the text and opens its details.
    dt.evaluate("document.querySelector('a[data-finding=\"%s\"]').click()" % ids["navy cooperation"])
    assert "military cooperation" in dt.evaluate("document.getElementById('detail-body').textContent")
    assert dt.evaluate("location.hash") == "#f" + ids["navy cooperation"]
    assert dt.evaluate("!!document.getElementById(location.hash.slice(1))") is True

    # The chart: one bar per paragraph, counts as in the text, each bar links to its paragraph.
    bars = dt.evaluate("""Array.from(document.querySelectorAll('#file-0 svg g.bar')).map(g =>
        [+g.dataset.count, g.parentElement.getAttribute('href'),
         !!document.getElementById(g.parentElement.getAttribute('href').slice(1))])""")
    assert bars == [[3, "#p0-0", True], [2, "#p0-1", True], [1, "#p0-2", True]]
    dt.drain()
    assert _problems(dt) == []


@browser
def test_seed_report_in_headless_chromium(chromium, tmp_path, seed_path):
    """A realistic run: the spun seed, a clean seed and a missing file through the real rules."""
    from mtcheck.api import check_paths

    report = check_paths([str(seed_path("004")), str(seed_path("001")), str(tmp_path / "gone.txt")])
    assert report.files[0].findings
    page = tmp_path / "seeds.html"
    page.write_text(format_html(report), encoding="utf-8")
    dt = chromium(page.as_uri())
    assert _problems(dt) == []
    assert _check_marks(dt.evaluate(MARKS_JS), report) == sum(len(fr.findings) for fr in report.files)
    verdicts = dt.evaluate("Array.from(document.querySelectorAll('article .assessment .verdict'))"
                           ".map(e => e.textContent)")
    assert verdicts == [report.files[0].verdict, report.files[1].verdict, "not checked"]
    counts = dt.evaluate("Array.from(document.querySelectorAll('#file-0 svg g.bar'))"
                         ".map(g => +g.dataset.count)")
    assert sum(counts) == len(report.files[0].findings)
    _, expected = paragraph_counts(report.files[0].text, report.files[0].findings)
    assert counts == [sum(c.values()) for c in expected]


def test_command_offers_the_formats(capsys, seed_path):
    from mtcheck.cli import main

    path = str(seed_path("004"))
    assert main(["--format", "sarif", path]) == 1
    doc = json.loads(capsys.readouterr().out)
    _validate_sarif(doc)
    assert doc["runs"][0]["results"]
    assert main(["--format", "github", path]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(COMMAND.match(x) for x in lines)
    # exit 1: a failing verdict, announced as an error on the file
    assert re.match(rf"::error file={re.escape(escape_property(path))},title=mtcheck%3A "
                    r"(spun|machine-translated)::", lines[-1])
    assert main(["--format", "html", path]) == 1
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and page.count('<mark class="f ') >= 1


# -- layout: set-aside text, collapse and filter, nothing overflows (with a screenshot) ---------

ARTIFACTS = Path(os.environ.get("MTCHECK_TEST_ARTIFACTS",
                                Path(__file__).resolve().parents[3] / ".test-artifacts"))

LAYOUT_JS = r"""
(() => {
  const vw = document.documentElement.clientWidth;
  const wide = [];
  document.querySelectorAll('body *').forEach(e => {
    if (e.closest('svg') || e.closest('[hidden]') || e.closest('details:not([open]) > :not(summary)')) return;
    const r = e.getBoundingClientRect();
    if (r.width && r.right > vw + 1) wide.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right));
  });
  const d = document.getElementById('detail');
  return {page: document.documentElement.scrollWidth <= vw, wide: wide.slice(0, 5),
          panel: d.hidden || d.scrollWidth <= d.clientWidth};
})()
"""


def test_family_colours_are_okabe_ito_and_distinct():
    from mtcheck.output.html import _family_colours

    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    colours = _family_colours(["MT1", "MT2", "MT3", "MT4", "MT5"])
    assert set(colours.values()) <= okabe_ito and len(set(colours.values())) == 5
    # Sky blue and blue are too close as light highlights: never both among MT1-MT5.
    assert not {"#56B4E9", "#0072B2"} <= set(colours.values())


def test_set_aside_text_is_greyed_and_labelled(tmp_path):
    from mtcheck.api import check_path

    md = tmp_path / "a.md"
    md.write_text("---\ntitle: T\n---\n\nThe council met on Monday.\n\n```\ncode here\n```\n",
                  encoding="utf-8")
    report = Report([check_path(str(md), isolated=True)])
    page = format_html(report)
    kinds = set(re.findall(r'class="aside-label" data-kind="([^"]+)"', page))
    assert {"front-matter", "code"} <= kinds
    assert 'class="aside blanked" data-kind="front-matter"' in page


@browser
def test_report_layout_in_headless_chromium(chromium, tmp_path, seed_path):
    """Seeds with set-aside comments and a foreign passage, the spun seed with a long lexicon
    pattern in its evidence: at a narrow width nothing runs off the page or the details panel;
    articles collapse and filter by verdict. A screenshot is kept as a test artefact."""
    from mtcheck.api import check_paths

    report = check_paths([str(seed_path(p)) for p in ("000", "002", "004")], isolated=True)
    page = tmp_path / "layout.html"
    page.write_text(format_html(report), encoding="utf-8")
    dt = chromium(page.as_uri())
    dt.call("Emulation.setDeviceMetricsOverride", width=760, height=1000, deviceScaleFactor=1,
            mobile=False)
    assert _problems(dt) == []
    # Set-aside text (the reader comments of seed 000) is greyed and labelled, not judged prose.
    assert "comments" in dt.evaluate(
        "Array.from(document.querySelectorAll('#file-0 .aside-label')).map(e => e.dataset.kind)")
    assert dt.evaluate("getComputedStyle(document.querySelector('#file-0 .aside')).color") \
        != dt.evaluate("getComputedStyle(document.querySelector('#text-0')).color")
    # The finding with the longest evidence (a lexicon pattern hundreds of characters long).
    spun = report.files[2]
    k = max(range(len(spun.findings)), key=lambda j: len(str(spun.findings[j].evidence)))
    assert len(str(spun.findings[k].evidence)) > 300
    dt.evaluate(f"document.querySelector('a[data-finding=\"2-{k}\"]').click()")
    assert dt.evaluate("document.getElementById('detail').hidden") is False
    assert "Why: listed in" in dt.evaluate("document.getElementById('detail-body').textContent")
    layout = dt.evaluate(LAYOUT_JS)
    assert layout == {"page": True, "wide": [], "panel": True}, layout
    shot = dt.call("Page.captureScreenshot", format="png")["data"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    import base64
    (ARTIFACTS / "html-report-760px.png").write_bytes(base64.b64decode(shot))
    # Filter by verdict and collapse.
    dt.evaluate("document.querySelector('input.verdict-filter[value=\"clean\"]').click()")
    hidden = dt.evaluate("Array.from(document.querySelectorAll('article.file')).map(a => a.hidden)")
    assert hidden == [fr.verdict == "clean" for fr in report.files]
    dt.evaluate("document.getElementById('collapse-all').click()")
    assert dt.evaluate("Array.from(document.querySelectorAll('details.article')).every(d => !d.open)")
    assert dt.evaluate("document.querySelector('#text-2').checkVisibility()") is False
    dt.evaluate("document.getElementById('expand-all').click()")
    assert dt.evaluate("document.querySelector('#text-2').checkVisibility()") is True
    dt.drain()
    assert _problems(dt) == []


def test_markdown_and_html_headings_are_rendered_as_headings(tmp_path):
    from mtcheck.api import check_path

    md = tmp_path / "a.md"
    md.write_text("# The visit\n\nThe council met on Monday.\n\n## Reactions\n\n```sh\n# not a heading\n"
                  "```\n", encoding="utf-8")
    page = format_html(Report([check_path(str(md), isolated=True)]))
    page = re.sub(r'<span class="(para|anchor)"[^>]*></span>', "", page)  # empty anchors
    heads = re.findall(r'<span class="heading h(\d)">([^<]*)</span>', page)
    assert [(level, text.strip()) for level, text in heads] == [("1", "The visit"), ("2", "Reactions")]
    page = format_html(Report([check_path(str(_html_file(tmp_path)), isolated=True)]))
    assert re.search(r'<span class="heading h2">\s*Markets\s*</span>', page)


def _html_file(tmp_path):
    path = tmp_path / "a.html"
    path.write_text("<html><body><h2>Markets</h2><p>Shares rose on Monday.</p></body></html>",
                    encoding="utf-8")
    return path
