"""The terminal output: the full format (sentence, carets, likely original, plain-word evidence),
colour, --quiet, --min-confidence, --statistics, -o, the run summary and streaming."""

from __future__ import annotations

import io
import json
import re

import pytest

from mtcheck.cli import main
from mtcheck.core.finding import Finding, Severity
from mtcheck.core.report import FileReport
from mtcheck.output.evidence import explanation, headline, times
from mtcheck.output.render import Display, Renderer, resolve_format
from mtcheck.output.terminal import Excerpts, Style, display_width, use_color

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_times_rounds_powers_of_ten_in_plain_figures():
    assert times(2.13) == "about 130 times"
    assert times(3.6) == "about 4,000 times"
    assert times(4.2) == "about 16,000 times"
    assert times(0.5) == "about 3 times"
    assert times(0.0) == "about as"
    assert times(12) == "over a billion times"


def _pair_finding(**kw) -> Finding:
    base = dict(code="MT302", rule="known-substitution", severity=Severity.WARNING, start=10,
                end=16, text="simply", message="'simply' ... fits here 10^2.1 times better",
                suggestions=("just",), confidence=0.67,
                evidence={"gain": 2.13, "logprob_used": -8.21, "logprob_alternative": -6.08,
                          "pair_count": 23, "pair_prior": 0.622, "source": "pair"})
    base.update(kw)
    return Finding(**base)


def test_plain_words_come_from_the_evidence_not_the_message():
    f = _pair_finding()
    assert "10^" not in headline(f) and "about 130 times" in headline(f)
    why = explanation(f)
    assert "'just' about 130 times more likely than 'simply'" in why
    assert "23 times" in why and "62 %" in why
    # Without evidence a finding keeps its message and has nothing to explain.
    bare = _pair_finding(evidence={})
    assert headline(bare) == bare.message and explanation(bare) == ""


def test_a_pair_reported_for_its_prior_in_a_spun_like_article_says_so():
    ev = {"gain": -0.4, "pair_count": 40, "pair_prior": 0.9, "source": "pair",
          "spun_like_article": True}
    f = _pair_finding(text="stated", suggestions=("said",), evidence=ev)
    assert "dense with known spinner phrases" in headline(f) and "times" not in headline(f)
    why = explanation(f)
    assert "40 times" in why and "90 %" in why and "language model" not in why
    assert "about 130 times more likely" in explanation(
        _pair_finding(evidence={**ev, "gain": 2.13}))


def test_excerpt_is_the_sentence_with_the_passage_underlined():
    text = "First sentence here. The kingdom media said so today. Last one."
    ex = Excerpts(text)
    start = text.index("kingdom media")
    seg, col, width, runs_on = ex.excerpt(start, start + len("kingdom media"), 100)
    assert seg == "The kingdom media said so today."
    assert seg[col:col + width] == "kingdom media" and not runs_on
    # A long sentence is cut around the passage, which stays visible.
    long = "Word " * 80 + "target phrase " + "word " * 80 + "end."
    ex = Excerpts(long)
    s = long.index("target phrase")
    seg, col, width, _ = ex.excerpt(s, s + 13, 60)
    assert display_width(seg) <= 62 and seg.startswith("…") and seg.endswith("…")
    assert seg[col:col + width] == "target phrase"


def test_carets_line_up_under_wide_characters():
    text = "東京の記者 wrote kingdom media stories."
    ex = Excerpts(text)
    s = text.index("kingdom")
    seg, col, width, _ = ex.excerpt(s, s + 7, 100)
    assert col == display_width(seg[:seg.index("kingdom")]) and width == 7


def test_use_color_follows_no_color_and_the_flag(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert use_color("auto", Tty()) and not use_color("auto", io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color("auto", Tty())
    assert use_color("always", io.StringIO())  # an explicit flag wins over NO_COLOR
    assert not use_color("never", Tty())


def test_text_is_full_on_a_terminal_and_concise_otherwise():
    assert resolve_format("text", terminal=True) == "full"
    assert resolve_format("text", terminal=False) == "concise"
    assert resolve_format("json", terminal=True) == "json"


def test_full_format_on_the_spun_seed(capsys, seed_path):
    path = str(seed_path("004"))
    assert main(["--format", "full", path]) == 1
    out = capsys.readouterr().out
    assert "\x1b[" not in out  # captured output is not a terminal: no colour
    assert re.search(r"^error\[MT101\]: spinner phrase \"kingdom media\"", out, re.M)
    # The kingdom-media finding: location, its sentence, carets exactly under the phrase, the
    # likely original after them.
    lines = out.splitlines()
    i = next(k for k, x in enumerate(lines) if x.startswith('error[MT101]: spinner phrase "kingdom media"'))
    assert lines[i + 1].strip() == f"--> {path}:9:35"
    sentence, carets = lines[i + 3], lines[i + 4]
    bar = sentence.index("|") + 2
    col = carets.index("^")
    assert sentence[col:col + len("kingdom media")] == "kingdom media"
    assert carets[col:].startswith("^" * len("kingdom media") + " likely original: state media")
    assert col >= bar
    assert "10^" not in out  # evidence in plain words
    assert "times more likely" in out
    assert f"{path}: spun (" in out and "  why: " in out


def test_color_always_paints_and_never_does_not(capsys, seed_path):
    path = str(seed_path("004"))
    main(["--format", "full", "--color", "always", path])
    painted = capsys.readouterr().out
    main(["--format", "full", "--color", "never", path])
    plain = capsys.readouterr().out
    assert "\x1b[31;1merror[MT101]" in painted and "\x1b[" not in plain
    assert ANSI.sub("", painted) == plain


def test_quiet_levels_and_run_summary(capsys, seed_path):
    paths = [str(seed_path("001")), str(seed_path("004"))]
    main(["--format", "json", *paths])
    n = sum(len(f["findings"]) for f in json.loads(capsys.readouterr().out)["files"])
    assert main(["-q", *paths]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{paths[0]}: clean (") and out[1].startswith(f"{paths[1]}: spun (")
    assert out[2] == "Checked 2 files: 1 clean, 1 spun; 1 fails."
    assert out[3].startswith(f"{n} findings: MT1 spinner-fingerprints ")
    assert len(out) == 4
    assert main(["-qq", *paths]) == 1
    assert capsys.readouterr().out.splitlines() == [out[1]]
    assert main(["-q", "--format", "json", *paths]) == 2  # a usage error, not a silent no-op


def test_min_confidence_hides_findings_but_keeps_verdict_and_exit(capsys, seed_path):
    path = str(seed_path("004"))
    assert main(["--format", "json", path]) == 1
    full = json.loads(capsys.readouterr().out)["files"][0]
    assert main(["--format", "json", "--min-confidence", "0.9", path]) == 1
    shown = json.loads(capsys.readouterr().out)["files"][0]
    assert shown["verdict"] == full["verdict"] and shown["scores"] == full["scores"]
    kept = [f for f in full["findings"] if f["confidence"] >= 0.9]
    assert shown["findings"] == kept and 0 < len(kept) < len(full["findings"])
    assert main(["--min-confidence", "0.9", path]) == 1
    out = capsys.readouterr().out
    hidden = len(full["findings"]) - len(kept)
    assert f"{len(kept)} findings; " in out and f"{hidden} below confidence 0.9 not shown" in out


def test_statistics_count_each_code(capsys, seed_path):
    path = str(seed_path("004"))
    main(["--format", "json", path])
    codes = [f["code"] for f in json.loads(capsys.readouterr().out)["files"][0]["findings"]]
    assert main(["--statistics", path]) == 1
    lines = capsys.readouterr().out.splitlines()
    table = [x.split() for x in lines if re.match(r"\s*\d+  MT\d{3}  ", x)]
    assert {code: int(n) for n, code, _ in table} == {c: codes.count(c) for c in set(codes)}
    counts = [int(n) for n, _, _ in table]
    assert counts == sorted(counts, reverse=True)
    assert lines[-2] == "Checked 1 file: 1 spun; 1 fails."


def test_output_file_takes_any_format(capsys, tmp_path, seed_path):
    out = tmp_path / "report.json"
    assert main(["--format", "json", "-o", str(out), str(seed_path("001"))]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text(encoding="utf-8"))["files"][0]["verdict"] == "clean"
    assert main(["-o", str(tmp_path / "missing" / "x.txt"), str(seed_path("001"))]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_results_are_written_as_each_file_finishes(tmp_path, monkeypatch):
    """The second file is checked only after the first one's result is in the output file."""
    import mtcheck.cli as cli

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("The council met on Monday.\n")
    b.write_text("The club won on Saturday.\n")
    out = tmp_path / "out.txt"
    seen_before_second: list[str] = []

    def fake_run_plan(plan, jobs, progress=None):
        yield FileReport(path=plan.files[0], verdict="clean", words=5)
        seen_before_second.append(out.read_text())
        yield FileReport(path=plan.files[1], verdict="clean", words=5)

    monkeypatch.setattr(cli, "run_plan", fake_run_plan)
    assert main(["-o", str(out), str(a), str(b)]) == 0
    assert seen_before_second[0].startswith(f"{a}: clean (")
    assert out.read_text().splitlines()[1].startswith(f"{b}: clean (")


def test_renderer_with_a_hand_built_report_and_no_text():
    f = _pair_finding(line=3, column=4)
    fr = FileReport(path="x.md", verdict="suspicious", words=40, findings=[f])
    r = Renderer(Display("full", Style(width=80)))
    text = r.file(fr)
    assert text.startswith("warning[MT302]: 'simply' is a known spinner substitute")
    assert "--> x.md:3:4" in text and "likely original: just" in text
    assert r.finish() == ""  # one file: no run summary


def test_format_from_configuration_and_the_ruff_spelling(capsys, tmp_path, monkeypatch):
    article = tmp_path / "a.txt"
    article.write_text("North Korea's kingdom media posted the letter on Tuesday.\n")
    (tmp_path / ".mtcheck.toml").write_text('format = "full"\n')
    main([str(article)])
    assert "error[MT101]" in capsys.readouterr().out  # full even when piped: configured
    main(["--output-format", "concise", str(article)])
    assert capsys.readouterr().out.startswith(f"{article}:1:")
    assert main(["--format", "json", "--output-format", "full", str(article)]) == 2
    (tmp_path / ".mtcheck.toml").write_text('format = "fancy"\n')
    assert main([str(article)]) == 2
    assert "is not a format" in capsys.readouterr().err
