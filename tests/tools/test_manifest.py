"""tools/MANIFEST.json lists every shipped data file with the checksum it has."""

from pathlib import Path

from tools import build_all

ROOT = Path(__file__).resolve().parents[2]


def shipped_data_files() -> set[str]:
    files = list((ROOT / "rules" / "data").glob("*/*")) + list((ROOT / "detector").glob("*/data/*"))
    return {p.relative_to(ROOT).as_posix() for p in files if p.is_file() and p.name != "README.md"}


def test_every_shipped_data_file_is_in_the_manifest():
    listed = {e["path"] for e in build_all.load_manifest()["files"]}
    assert listed == shipped_data_files()


def test_checksums_match_and_entries_are_complete():
    manifest = build_all.load_manifest()
    assert build_all.mismatches(manifest) == []
    for entry in manifest["files"]:
        assert entry["source"] and entry["source_ref"] and entry["licence"], entry["path"]
        if entry["build"] is not None:
            assert entry["build"].startswith(("python -m tools.", "python tools/", "python benchmarks/"))


def test_build_commands_skip_what_needs_a_corpus():
    manifest = build_all.load_manifest()
    without = build_all.commands(manifest, None, None)
    assert all("CORPUS_DIR" not in " ".join(c) for c in without)
    with_corpus = build_all.commands(manifest, Path("/corpus"), Path("/t.tsv"))
    assert len(with_corpus) > len(without)
    assert any("/corpus" in c for cmd in with_corpus for c in cmd)
