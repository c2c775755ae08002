"""mtcheck --jsonl --dask (mtcheck.run.distributed): a JSON Lines batch on a Dask cluster gives exactly `mtcheck --jsonl`'s output."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mtcheck import cli
from mtcheck.input.jsonl import read_jsonl
from mtcheck.run import distributed as mdist

SEEDS = Path(__file__).resolve().parents[3] / "seeds"

WRITTEN = [
    "The council approved the new budget on Tuesday. Members said the plan would fund two more "
    "buses and repair the old bridge over the river before winter.",
    "The kingdom media said the go to became a fulfillment. The chief changed into the united "
    "states's chief in the Nineteen Nineties and the navy cooperation grew.",
    "Der Bürgermeister eröffnete am Montag die neue Bibliothek. Viele Kinder kamen mit ihren Eltern.",
    "Short.",
]


def _corpus() -> str:
    """Seeds and written texts, with every kind of bad line, records without an id in later
    partitions, a blank line, numeric and non-ASCII ids."""
    seeds = sorted(SEEDS.glob("0*.txt"))
    rows = [json.dumps({"id": p.stem[:3], "text": p.read_text(encoding="utf-8")}) for p in seeds]
    rows[1:1] = [
        json.dumps({"id": 7, "text": WRITTEN[0]}),
        "",
        "{not json",
        json.dumps({"id": "no-text"}),
        json.dumps({"text": WRITTEN[1]}),  # no id: identified by its line number
        "[1, 2]",
        json.dumps({"id": "bad-text", "text": 5}),
        json.dumps({"id": "ünï", "text": WRITTEN[2]}, ensure_ascii=False),
        json.dumps({"id": 2.5, "text": WRITTEN[3], "extra": [1]}),
        json.dumps({"id": True, "text": "x"}),
    ]
    rows.append(json.dumps({"text": WRITTEN[0] + " " + WRITTEN[1]}))
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("dist") / "corpus.jsonl"
    path.write_text(_corpus(), encoding="utf-8")
    return path


def _local(path: Path, capsys, *extra: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["--jsonl", str(path), "--isolated", "--jobs", "1", *extra])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  **mdist.LOCAL_CLUSTER_OPTIONS) as c:
        yield c


def _http_host(dask_scheduler):
    return dask_scheduler.http_server.address


def test_cluster_listens_on_loopback_only(cluster):
    distributed = pytest.importorskip("distributed")
    assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
    with distributed.Client(cluster) as client:
        # On a busy machine the second worker may register a moment after the cluster starts.
        client.wait_for_workers(2, timeout=120)
        workers = client.scheduler_info()["workers"]
        assert len(workers) == 2 and all(w.startswith("tcp://127.0.0.1:") for w in workers)
        assert all(w["nthreads"] == 1 for w in workers.values())
        assert client.run_on_scheduler(_http_host) == "127.0.0.1"  # no dashboard; health on loopback


@pytest.mark.parametrize("fields", [None, "all"])
def test_same_output_as_local_jsonl(cluster, corpus, tmp_path, capsys, fields):
    extra = ["--fields", fields] if fields else []
    want_code, want_out, want_err = _local(corpus, capsys, *extra)
    code = cli.main(["--jsonl", str(corpus), "--dask", cluster.scheduler_address,
                     "--isolated", "--partition-size", "2", *extra])
    out, err = capsys.readouterr()
    assert out.encode("utf-8") == want_out.encode("utf-8")
    assert (code, err) == (want_code, want_err) == (2, err)
    lines = [json.loads(x) for x in want_out.splitlines()]
    assert len(lines) == _corpus().count("\n") - 1  # every record but the blank line
    assert sum("error" in x for x in lines) == 5 and err.count(": error: ") == 5
    assert lines[4]["id"] == 6  # no id, on line 6 (in the third partition)
    assert lines[-1]["id"] == _corpus().count("\n")
    assert {x["id"]: x["verdict"] for x in lines if "verdict" in x}["004"] == "spun"


def test_local_workers_and_custom_fields(corpus, tmp_path, capsys):
    pytest.importorskip("distributed")
    renamed = tmp_path / "renamed.jsonl"
    renamed.write_text(corpus.read_text(encoding="utf-8").replace('"id"', '"key"')
                       .replace('"text"', '"body"'), encoding="utf-8")
    names = ["--id-field", "key", "--text-field", "body", "--select", "MT1,MT3"]
    want_code, want_out, want_err = _local(renamed, capsys, *names)
    code = cli.main(["--jsonl", str(renamed), "--dask", "local:2", "--isolated",
                     "--partition-size", "3", *names])
    out, err = capsys.readouterr()
    assert (code, err, out) == (want_code, want_err, want_out)
    assert '"findings": [{"code": "MT1' in want_out or '"findings": [{"code": "MT3' in want_out


def test_local_workers_run_on_loopback_without_malloc_trim():
    pytest.importorskip("distributed")
    with mdist.connect(local_workers=1) as client:
        (address, env), = client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_").items()
        assert address.startswith("tcp://127.0.0.1:") and env == os.environ.get("MALLOC_TRIM_THRESHOLD_")
        assert client.run_on_scheduler(_http_host) == "127.0.0.1"


def test_partition_line_numbers_and_default_ids():
    raw = [json.dumps({"text": "a"}), json.dumps({"id": 2, "text": "b"}), "",
           json.dumps({"id": 4, "text": "c"}), json.dumps({"text": "d"}), "oops"]
    whole = list(read_jsonl(raw))
    parts = [rec for start, lines in mdist.partitions(raw, 4)
             for rec in mdist.read_partition(lines, start)]
    assert parts == whole
    assert [(r.line, r.id) for r in parts] == [(1, 1), (2, 2), (4, 4), (5, 5), (6, None)]
    # an explicit id equal to its line number within the partition is kept
    assert list(mdist.read_partition([json.dumps({"id": 1, "text": "x"})], 9))[0].id == 1


def test_missing_dask_is_a_one_line_error(monkeypatch, corpus, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)
    out = tmp_path / "out.jsonl"
    assert cli.main(["--jsonl", str(corpus), "--dask", "local:2"]) == 2
    printed, err = capsys.readouterr()
    assert err.count("\n") == 1 and "pip install 'mtcheck[dask]'" in err
    assert printed == ""
    with pytest.raises(mdist.DaskMissing, match=r"mtcheck\[dask\]"):
        mdist.run_jsonl(str(corpus), str(out), local_workers=1)


def test_module_imports_without_dask(corpus):
    code = ("import sys; sys.modules['distributed'] = sys.modules['dask'] = None; "
            "from mtcheck.cli import main; sys.exit(main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, "--jsonl", str(corpus), "--dask", "local"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [done.stderr.strip()] and "mtcheck[dask]" in done.stderr


def test_usage_and_input_errors(tmp_path, capsys):
    assert cli.main(["--jsonl", str(tmp_path / "missing.jsonl"), "--dask", "local:1"]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'missing.jsonl'}: error: no such file\n"
    assert cli.main(["--jsonl", str(tmp_path), "--dask", "local:1", "--fields", "verdict,colour"]) == 2
    assert "unknown field 'colour'" in capsys.readouterr().err
    assert cli.main(["--jsonl", "in.jsonl", "--dask", "local:1", "--partition-size", "0"]) == 2
    assert cli.main(["--jsonl", "in.jsonl", "--dask", "local:0"]) == 2
    assert "local:N with N >= 1" in capsys.readouterr().err
    assert cli.main(["in.jsonl", "--dask", "local:2"]) == 2  # --dask needs --jsonl
    assert cli.main(["--jsonl", "in.jsonl", "--partition-size", "2"]) == 2  # needs --dask
