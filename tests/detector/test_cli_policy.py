"""No silence where an error is due, and predictable paths: force-exclude, directories that give
nothing, unknown codes, important notes on stderr, duplicates, plurals, subcommand names,
Ctrl-C, and the time budget without start-up."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from mtcheck.cli import main

ROOT = Path(__file__).resolve().parents[2]
CLEAN = ("The committee met on Monday and agreed a new budget for the schools in the county. Teachers had "
         "asked for more money for books and repairs, and the council said it would find the funds from "
         "savings elsewhere. Parents welcomed the decision, although some said the increase was smaller "
         "than they had hoped for this year.\n")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_force_exclude_applies_exclude_to_named_files(capsys, tmp_path, monkeypatch, seed):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "pyproject.toml", '[tool.mtcheck]\nexclude = ["drafts"]\n')
    _write(tmp_path / "drafts" / "spun.txt", seed("004"))
    _write(tmp_path / "final" / "clean.txt", CLEAN)
    # Named explicitly (as pre-commit does): checked, unless --force-exclude.
    assert main(["drafts/spun.txt", "final/clean.txt"]) == 1
    capsys.readouterr()
    assert main(["--force-exclude", "drafts/spun.txt", "final/clean.txt"]) == 0
    out = capsys.readouterr().out
    assert "drafts/spun.txt" not in out and "final/clean.txt: clean" in out
    # The config key does the same.
    _write(tmp_path / "pyproject.toml", '[tool.mtcheck]\nexclude = ["drafts"]\nforce-exclude = true\n')
    assert main(["drafts/spun.txt", "final/clean.txt"]) == 0
    capsys.readouterr()


def test_force_exclude_applies_include_when_set(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "mtcheck.toml", 'include = ["*.md"]\n')
    _write(tmp_path / "a.txt", CLEAN)
    _write(tmp_path / "b.md", CLEAN)
    assert main(["--force-exclude", "a.txt", "b.md"]) == 0
    out = capsys.readouterr().out
    assert "a.txt" not in out and "b.md: clean" in out


def test_the_shipped_hook_asks_for_force_exclude():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert "--force-exclude" in hooks[0]["args"]


def test_directories_that_give_nothing_are_errors(capsys, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    other = tmp_path / "other"
    _write(other / "notes.rst.bak", "x")
    good = _write(tmp_path / "good" / "a.txt", CLEAN)
    assert main([str(empty), str(other), str(good)]) == 2
    out, err = capsys.readouterr()
    assert err.splitlines() == [f"{empty}: error: empty directory",
                                f"{other}: error: no file to check in this directory (see --include/--exclude)"]
    assert f"{good}: clean" in out
    assert main(["--include", "*.nothing", str(tmp_path / "good")]) == 2
    assert "no file to check" in capsys.readouterr().err


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root reads directories whatever their permissions")
def test_unreadable_directory_is_an_error(capsys, tmp_path):
    locked = tmp_path / "locked"
    _write(locked / "a.txt", CLEAN)
    locked.chmod(0)
    try:
        assert main([str(locked)]) == 2
    finally:
        locked.chmod(0o755)
    assert "cannot read the directory" in capsys.readouterr().err


@pytest.mark.parametrize("flag", ["--ignore", "--select"])
def test_unknown_codes_in_select_and_ignore_are_errors(capsys, tmp_path, flag):
    path = _write(tmp_path / "a.txt", CLEAN)
    assert main([flag, "MT999", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1
    assert "unknown rule code 'MT999'" in err and "did you mean" in err


def test_undecodable_bytes_are_a_note_on_stderr_in_every_format(capsys, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(CLEAN.encode() + b"caf\xe9 \xff\xfe text\n")
    for fmt in ("text", "json"):
        main(["--format", fmt, str(path)])
        err = capsys.readouterr().err
        assert err.startswith(f"{path}: note: ") and len(err.splitlines()) == 1


def test_duplicate_paths_are_checked_once(capsys, tmp_path, monkeypatch):
    path = _write(tmp_path / "a.txt", CLEAN)
    main([str(path), str(path), str(tmp_path)])
    assert capsys.readouterr().out.count(": clean") == 1
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CLEAN.encode())))
    main(["-", "-"])
    assert capsys.readouterr().out.count("<stdin>: clean") == 1


def test_singular_and_plural(capsys, tmp_path):
    path = _write(tmp_path / "a.txt", "Word.\n")
    main([str(path)])
    out = capsys.readouterr().out
    assert "1 word, 0 findings" in out


def test_a_subcommand_name_is_the_subcommand_and_double_dash_makes_it_a_path(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "rules" / "a.txt", CLEAN)
    assert main(["rules"]) == 0
    out, err = capsys.readouterr()
    assert "MT101" in out and "mtcheck -- rules" in err
    assert main(["--", "rules"]) == 0
    assert "rules/a.txt: clean" in capsys.readouterr().out


def _cli(*args, **kw):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.Popen([sys.executable, "-m", "mtcheck", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, **kw)


def test_timeout_does_not_charge_start_up_to_the_first_file(tmp_path):
    """A fresh process: loading the rules takes seconds; a short article within a 2 s budget
    must not fail because of that."""
    path = _write(tmp_path / "a.txt", CLEAN)
    proc = _cli("--timeout", "2", str(path))
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    assert b": clean" in out


def test_ctrl_c_during_jobs_exits_130_without_traceback(tmp_path, seed):
    # Enough files that the run is still going a second after the workers start (repeated
    # text is checked fast once the caches are warm: 60 copies took ~5 s in all).
    files = [str(_write(tmp_path / f"s{i}.txt", seed("004"))) for i in range(600)]
    # As from a terminal: a test run started in the background (``pytest &``) passes on an
    # ignored SIGINT, which Python then keeps ignoring (the Unix convention for background jobs).
    proc = _cli("--jobs", "2", *files, start_new_session=True,
                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    # Interrupt once the workers run (the children of the command's process).
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    for _ in range(600):
        if proc.poll() is not None or (children.exists() and len(children.read_text().split()) >= 2):
            break
        time.sleep(0.1)
    time.sleep(1)
    if proc.poll() is not None:
        pytest.skip("the run finished before it could be interrupted")
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err.decode()[-3000:]
    assert b"Traceback" not in err and err.strip() == b""


def test_a_grammar_server_that_is_down_is_a_note_on_stderr(capsys, tmp_path):
    path = _write(tmp_path / "a.txt", CLEAN)
    # --full-check: the two-stage check would judge this clean article without the grammar rule
    code = main(["--languagetool-url", "http://127.0.0.1:9", "--full-check", str(path)])
    out, err = capsys.readouterr()
    assert code == 0 and ": clean" in out
    assert err.startswith(f"{path}: note: grammar: ") and "fell back" in err


FRENCH = ("Le gouvernement a annoncé mardi une nouvelle réforme des retraites. Les syndicats ont "
          "appelé à la grève dans plusieurs villes du pays, et le ministre a défendu son projet "
          "devant l'Assemblée nationale. Selon les sondages, une majorité de Français reste "
          "opposée au texte, qui doit être examiné au printemps.\n") * 2


def test_not_english_shows_no_english_findings_or_translation_score(capsys, tmp_path):
    import json

    path = _write(tmp_path / "fr.txt", FRENCH)
    main(["--format", "json", str(path)])
    (report,) = json.loads(capsys.readouterr().out)["files"]
    assert report["verdict"] == "not-english"
    assert report["scores"] == {"spun": 0.0, "machine_translated": 0.0}
    assert {f["code"][:3] for f in report["findings"]} <= {"MT5", "MT7"}


def test_concatenated_pages_keep_every_article(seed):
    """A comment thread ends with its last post: pages concatenated after one with a thread are
    still checked (a 2 MB file of seeds once had 334 words checked and 304,995 set aside)."""
    from mtcheck.input.setaside import prose_document

    one = prose_document(seed("000")).word_count
    both = prose_document(seed("000") + "\n\n" + seed("004") + "\n\n" + seed("001"))
    assert both.word_count >= one + prose_document(seed("004")).word_count * 0.9 \
        + prose_document(seed("001")).word_count * 0.9
