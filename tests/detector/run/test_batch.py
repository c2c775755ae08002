"""Batches: several worker processes give the same results, in order, as one; JSON Lines mode;
the progress bar stays off machine-readable output."""

import io
import json
import sys

import pytest

from mtcheck.run.planning import resolve_jobs
from mtcheck.input.jsonl import read_jsonl
from mtcheck.output.jsonl import DEFAULT_JSONL_FIELDS
from mtcheck.run.engine import EngineSpec
from mtcheck.run.pool import run_batch, run_batch_specs
from mtcheck.run.tasks import check_text_item
from mtcheck.cli import main
from mtcheck.input.setaside import prose_document

TEXTS = [
    "The committee met on Monday and agreed a new budget for the schools.",
    "The kingdom media said the navy cooperation began in the Nineteen Nineties.",
    "Ministers met today to talk about the economy and the price of bread.",
    "The team won the match on Saturday after a late goal from the captain.",
    "It changed into the united states's chief who made the best previous go to.",
]


def _many_files(tmp_path, seed, n_extra=4):
    paths = []
    for prefix in ("000", "001", "002", "003", "004"):
        p = tmp_path / f"seed{prefix}.txt"
        p.write_text(seed(prefix), encoding="utf-8")
        paths.append(str(p))
    for i, text in enumerate(TEXTS[:n_extra]):
        p = tmp_path / f"short{i}.md"
        p.write_text(text + "\n", encoding="utf-8")
        paths.append(str(p))
    paths.append(str(tmp_path / "missing.txt"))  # an input error in the middle of the batch
    return paths


def test_jobs_2_equals_jobs_1_on_several_files(tmp_path, seed, capsys):
    paths = _many_files(tmp_path, seed)
    code1 = main(["--format", "json", "--jobs", "1", *paths])
    one = capsys.readouterr()
    code2 = main(["--format", "json", "--jobs", "2", *paths])
    two = capsys.readouterr()
    assert code1 == code2 == 2
    assert one.out == two.out and one.err == two.err
    files = json.loads(one.out)["files"]
    assert [f["path"] for f in files] == paths  # order kept
    assert files[4]["verdict"] == "spun" and files[-1]["error"] == "no such file"


def test_run_batch_specs_keeps_order_and_uses_the_right_engine():
    items = [(i % 2, (f"t{i}", TEXTS[i % len(TEXTS)], None)) for i in range(9)]
    specs = [EngineSpec(), EngineSpec(ignore=("MT",))]
    serial = list(run_batch_specs(items, check_text_item, specs, jobs=1))
    parallel = list(run_batch_specs(items, check_text_item, specs, jobs=2, chunksize=2))
    assert [r.path for r in parallel] == [f"t{i}" for i in range(9)]
    assert [(r.path, r.verdict, r.spun, r.findings, r.features) for r in serial] == \
           [(r.path, r.verdict, r.spun, r.findings, r.features) for r in parallel]
    assert all(not r.findings for r in parallel[1::2])  # spec 1 ignores every code
    assert any(r.findings for r in parallel[0::2])


def test_run_batch_single_spec_still_works():
    items = [(f"t{i}", t, None) for i, t in enumerate(TEXTS)]
    assert [r.path for r in run_batch(items, check_text_item, EngineSpec(), jobs=2)] == \
           [f"t{i}" for i in range(len(TEXTS))]


def test_automatic_jobs():
    assert resolve_jobs(3, 1) == 3
    assert resolve_jobs(None, 2) == 1 and resolve_jobs(0, 5) == 1
    assert resolve_jobs(0, 1000) >= 1


def test_automatic_jobs_use_free_cores_only(monkeypatch):
    from mtcheck.run import planning

    monkeypatch.setattr(planning, "default_jobs", lambda: 2)
    assert resolve_jobs(0, 1000, load=0.2) == 2  # idle machine: both cores
    assert resolve_jobs(0, 1000, load=1.0) == 2  # only this process running
    assert resolve_jobs(0, 1000, load=2.6) == 1  # others keep the cores busy
    assert resolve_jobs(0, 1000, load=40.0) == 1
    assert resolve_jobs(0, 10, load=0.0) == 1  # a small batch runs in one process
    assert resolve_jobs(2, 1000, load=40.0) == 2  # an explicit --jobs is kept


def test_read_jsonl_good_and_bad_lines():
    lines = [b'{"id": "a", "text": "Hello there."}\n', b"\n", b"{oops\n", b'[1, 2]\n',
             b'{"id": "c"}\n', b'{"id": "d", "text": 3}\n', b'{"text": "no id"}\n',
             b'{"id": "e", "text": "' + b"x" * 50 + b'"}\n', b"\xff\n"]
    got = list(read_jsonl(lines, max_bytes=40))
    assert [(r.line, r.id, r.error is None) for r in got] == [
        (1, "a", True), (3, None, False), (4, None, False), (5, "c", False), (6, "d", False),
        (7, 7, True), (8, "e", False), (9, None, False)]
    assert "not valid JSON" in got[1].error and got[2].error == "not a JSON object"
    assert got[3].error == "no 'text' field" and "too large" in got[6].error


def _jsonl(tmp_path, lines):
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(p)


def _records(out):
    return [json.loads(line) for line in out.splitlines()]


def test_jsonl_mode_with_a_bad_line(tmp_path, capsys, seed):
    src = _jsonl(tmp_path, [
        json.dumps({"id": "clean", "text": seed("001")}),
        '{"id": "broken", "text": ',
        json.dumps({"id": 7, "text": seed("004")}),
    ])
    code = main(["--jsonl", src])
    out, err = capsys.readouterr()
    recs = _records(out)
    assert code == 2  # the bad line; the run went on
    assert [r["id"] for r in recs] == ["clean", None, 7]
    assert list(recs[0]) == list(DEFAULT_JSONL_FIELDS)
    assert recs[0]["verdict"] == "clean" and recs[2]["verdict"] == "spun"
    assert recs[2]["findings"] and {"code", "line", "column", "suggestions"} <= set(recs[2]["findings"][0])
    assert recs[1] == {"id": None, "line": 2, "error": recs[1]["error"]}
    assert err.splitlines() == [f"{src}:2: error: {recs[1]['error']}"]


def test_jsonl_fields_custom_field_names_and_stdin(tmp_path, capsys, monkeypatch, seed):
    data = "\n".join(json.dumps({"key": f"k{i}", "body": t}) for i, t in enumerate(TEXTS)) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    code = main(["--jsonl", "-", "--id-field", "key", "--text-field", "body",
                 "--fields", "verdict,words,line"])
    recs = _records(capsys.readouterr().out)
    assert code in (0, 1)
    assert [list(r) for r in recs] == [["id", "verdict", "words", "line"]] * len(TEXTS)
    assert [r["id"] for r in recs] == [f"k{i}" for i in range(len(TEXTS))]
    assert [r["words"] for r in recs] == [prose_document(t).word_count for t in TEXTS]
    assert main(["--jsonl", "-", "--fields", "verdict,colour"]) == 2
    assert "unknown field 'colour'" in capsys.readouterr().err


def test_jsonl_jobs_2_equals_jobs_1_and_exit_codes(tmp_path, capsys, seed):
    src = _jsonl(tmp_path, [json.dumps({"id": i, "text": t}) for i, t in
                            enumerate([seed("004"), seed("001"), *TEXTS])])
    code1 = main(["--jsonl", src, "--jobs", "1", "--fields", "all"])
    one = capsys.readouterr().out
    code2 = main(["--jsonl", src, "--jobs", "2", "--fields", "all"])
    assert one == capsys.readouterr().out and code1 == code2 == 1
    assert main(["--jsonl", src, "--exit-zero"]) == 0
    capsys.readouterr()
    assert main(["--jsonl", src, "--format", "json"]) == 2
    assert main(["--jsonl", src, str(tmp_path)]) == 2
    assert main(["--jsonl", str(tmp_path / "none.jsonl")]) == 2
    assert capsys.readouterr().err.endswith("none.jsonl: error: no such file\n")


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal(tmp_path, capsys, monkeypatch):
    paths = []
    for i, text in enumerate(TEXTS * 2):
        p = tmp_path / f"a{i}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    # Not a terminal (captured): nothing on stderr, stdout is plain JSON.
    assert main(["--format", "json", "--jobs", "1", *paths]) in (0, 1)
    out, err = capsys.readouterr()
    assert err == "" and json.loads(out)["version"] == 1
    # A terminal: the bar is drawn on stderr, stdout is still plain JSON.
    fake = FakeTTY()
    monkeypatch.setattr(sys, "stderr", fake)
    assert main(["--format", "json", "--jobs", "1", *paths]) in (0, 1)
    assert json.loads(capsys.readouterr().out)["version"] == 1
    assert "checking" in fake.getvalue() and "100%" in fake.getvalue()
    # ... but not for a couple of files, nor with --no-progress.
    for args in (paths[:2], ["--no-progress", *paths]):
        fake.seek(0)
        fake.truncate()
        main(["--jobs", "1", *args])
        assert fake.getvalue() == ""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_stdin_is_read_once_by_the_parent(capsys, monkeypatch, jobs):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXTS[1].encode())))
    assert main(["--format", "json", "--jobs", jobs, "-", "-"]) in (0, 1)
    files = json.loads(capsys.readouterr().out)["files"]
    assert [f["path"] for f in files] == ["<stdin>"]  # named twice, read and checked once
    assert files[0]["words"] == prose_document(TEXTS[1]).word_count > 0


def _engine_origin(engine, item):
    from mtcheck.core.report import FileReport
    import os

    return FileReport(path=f"{getattr(engine, 'built_in', None)} {os.getpid()}")


@pytest.mark.skipif(sys.platform == "win32", reason="no fork on Windows")
def test_workers_inherit_the_engine_the_parent_loaded(monkeypatch):
    import os

    from mtcheck.run import engine as engine_module

    original = engine_module.EngineSpec.build

    def build(self):
        engine = original(self)
        engine.built_in = os.getpid()
        return engine

    monkeypatch.setattr(engine_module.EngineSpec, "build", build)
    monkeypatch.setattr(engine_module, "_engines", {})
    spec = EngineSpec(ignore=("MT",))  # no rules: the test is about processes, not checking
    origins = [r.path.split() for r in run_batch(list(range(12)), _engine_origin, spec, jobs=2)]
    assert {built for built, _ in origins} == {str(os.getpid())}  # built once, in the parent
    assert len({pid for _, pid in origins}) > 1  # and used by the workers too


def test_an_interrupted_pool_drops_only_the_cancelled_result_race(monkeypatch):
    # After Ctrl-C the pool's manager thread may set the result of a future the shutdown just
    # cancelled (InvalidStateError in a thread): dropped; other thread errors are still passed
    # to the previous hook (which prints them).
    import threading
    from concurrent.futures import InvalidStateError

    from mtcheck.run import pool

    seen = []
    monkeypatch.setattr(threading, "excepthook", lambda args: seen.append(args.exc_type))
    pool._quiet_cancelled_results()

    def fail(exc):
        def run():
            raise exc
        t = threading.Thread(target=run)
        t.start()
        t.join()

    fail(InvalidStateError("CANCELLED: <Future state=cancelled>"))
    fail(ValueError("shown"))
    assert seen == [ValueError]
