"""--write-baseline / --baseline: record today's findings, then report and fail only on new ones."""

from __future__ import annotations

import json
import shutil

from mtcheck.cli import main


def _copy_seeds(tmp_path, seed_path):
    for prefix in ("001", "004"):
        shutil.copy(seed_path(prefix), tmp_path / seed_path(prefix).name)
    return tmp_path / seed_path("001").name, tmp_path / seed_path("004").name


def test_baseline_hides_known_findings_and_survives_moved_lines(capsys, tmp_path, seed_path,
                                                                 monkeypatch):
    clean, spun = _copy_seeds(tmp_path, seed_path)
    base = tmp_path / "mtcheck-baseline.json"
    main(["--format", "json", str(clean), str(spun)])
    n = sum(len(f["findings"]) for f in json.loads(capsys.readouterr().out)["files"])
    assert main(["--write-baseline", str(base), str(clean), str(spun)]) == 0  # adopting
    err = capsys.readouterr().err
    assert "wrote baseline" in err and f"2 files, {n} findings" in err
    doc = json.loads(base.read_text(encoding="utf-8"))
    assert set(doc["files"]) == {clean.name, spun.name}  # relative to the baseline file
    assert doc["files"][spun.name]["verdict"] == "spun"
    assert all(set(x) == {"code", "text", "sentence", "count"}
               for x in doc["files"][spun.name]["findings"])

    # Unchanged, from another directory: nothing new, nothing fails.
    monkeypatch.chdir(tmp_path.parent)
    assert main(["--baseline", str(base), str(clean), str(spun)]) == 0
    out = capsys.readouterr().out
    assert ": MT" not in out and f"{n} in the baseline not shown" in out

    # Lines added above every finding move them all: still known.
    spun.write_text("Editor's note: updated on Friday.\n\n" + spun.read_text(encoding="utf-8"),
                    encoding="utf-8")
    assert main(["--baseline", str(base), str(spun)]) == 0
    assert ": MT" not in capsys.readouterr().out

    # A new spun sentence in the failing file: only its findings are shown, and it fails.
    spun.write_text(spun.read_text(encoding="utf-8")
                    + "\nNorth Korea's kingdom media posted the letter on Tuesday.\n", encoding="utf-8")
    assert main(["--baseline", str(base), str(spun)]) == 1
    lines = [x for x in capsys.readouterr().out.splitlines() if ": MT" in x]
    assert lines and all("kingdom media" in x or "Tuesday" in x for x in lines)


def test_a_newly_failing_file_fails(capsys, tmp_path, seed_path):
    clean, spun = _copy_seeds(tmp_path, seed_path)
    base = tmp_path / "b.json"
    assert main(["--write-baseline", str(base), str(clean)]) == 0
    capsys.readouterr()
    shutil.copy(spun, clean)  # the clean article replaced by a spun one
    assert main(["--baseline", str(base), str(clean)]) == 1


def test_bad_baseline_files_are_one_line_errors(capsys, tmp_path, seed_path):
    path = str(seed_path("001"))
    assert main(["--baseline", str(tmp_path / "none.json"), path]) == 2
    assert capsys.readouterr().err.strip().endswith("no such baseline file")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["--baseline", str(bad), path]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a baseline file" in err
    bad.write_text('{"version": 7, "files": {}}', encoding="utf-8")
    assert main(["--baseline", str(bad), path]) == 2
    assert "version 1" in capsys.readouterr().err
    assert main(["--baseline", str(bad), "--write-baseline", str(bad), path]) == 2


def test_a_baseline_of_a_long_text_judged_in_windows(capsys, tmp_path, seed):
    """Findings of every window are recorded and recognised; a new one in a late window fails."""
    parts = [seed(p) for p in ("001", "002", "003") for _ in range(3)]
    parts.insert(4, seed("004"))
    article = tmp_path / "long.txt"
    article.write_text("\n\n".join(parts), encoding="utf-8")
    base = tmp_path / "b.json"
    assert main(["--format", "json", str(article)]) == 1
    report = json.loads(capsys.readouterr().out)["files"][0]
    assert report["window"]["of"] >= 4 and report["verdict"] == "spun"
    assert main(["--write-baseline", str(base), str(article)]) == 0
    capsys.readouterr()
    assert main(["--baseline", str(base), str(article)]) == 0
    assert ": MT" not in capsys.readouterr().out
    article.write_text(article.read_text(encoding="utf-8")
                       + "\n\nNorth Korea's kingdom media posted the letter on Tuesday.\n",
                       encoding="utf-8")
    assert main(["--baseline", str(base), str(article)]) == 1
    lines = [x for x in capsys.readouterr().out.splitlines() if ": MT" in x]
    assert lines and all("kingdom media" in x or "Tuesday" in x for x in lines)
