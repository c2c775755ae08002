"""Rebuild every shipped data file listed in tools/MANIFEST.json, or check their checksums.

Run from the repository root::

    python -m tools.build_all --check                 # every shipped file matches the manifest
    python -m tools.build_all                         # rebuild what needs no corpus
    python -m tools.build_all --corpus CORPUS_DIR --tortured TORTURED.tsv   # rebuild everything
    python -m tools.build_all --update-checksums      # after a deliberate rebuild

Files written by hand (``"build": null``) are only checked. Builders that need the labelled
development corpus (``"needs": ["corpus"]``) run only with ``--corpus``; the thesaurus needs the
``build-data`` extra (``pip install '.[build-data]'``); builders that read fetched repository
snapshots (``"needs": ["snapshots"]``) run only with ``--mirror`` (the folder holding them). The builders are deterministic: the same
inputs give byte-identical files, so ``--check`` after a rebuild shows what changed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "tools" / "MANIFEST.json"


def load_manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mismatches(manifest: dict) -> list[str]:
    """Manifest entries whose file is missing or has another checksum."""
    out = []
    for entry in manifest["files"]:
        path = ROOT / entry["path"]
        if not path.is_file():
            out.append(f"{entry['path']}: missing")
        elif sha256(path) != entry["sha256"]:
            out.append(f"{entry['path']}: checksum differs from the manifest")
    return out


def commands(manifest: dict, corpus: Path | None, tortured: Path | None,
             mirror: Path | None = None) -> list[list[str]]:
    """The build commands to run, in manifest order, each once."""
    out: list[list[str]] = []
    for entry in manifest["files"]:
        build = entry["build"]
        if build is None or ("corpus" in entry["needs"] and corpus is None):
            continue
        if "TORTURED.tsv" in build and tortured is None:
            continue
        if "snapshots" in entry["needs"] and mirror is None:
            continue
        args = shlex.split(build.replace("CORPUS_DIR", str(corpus))
                           .replace("TORTURED.tsv", str(tortured))
                           .replace("MIRROR_DIR", str(mirror)))
        args[0] = sys.executable if args[0] == "python" else args[0]
        if args not in out:
            out.append(args)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.build_all", description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only compare checksums with the manifest")
    ap.add_argument("--corpus", type=Path, help="labelled development corpus folder")
    ap.add_argument("--tortured", type=Path, help="tortured-phrases TSV (for scientific.tsv)")
    ap.add_argument("--mirror", type=Path, help="folder of fetched repository snapshots")
    ap.add_argument("--update-checksums", action="store_true",
                    help="write the current checksums into the manifest")
    args = ap.parse_args(argv)
    manifest = load_manifest()
    if args.update_checksums:
        for entry in manifest["files"]:
            entry["sha256"] = sha256(ROOT / entry["path"])
        MANIFEST.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return 0
    if not args.check:
        for cmd in commands(manifest, args.corpus, args.tortured, args.mirror):
            print("+", " ".join(cmd), flush=True)
            subprocess.run(cmd, check=True, cwd=ROOT)
    bad = mismatches(manifest)
    for line in bad:
        print(line)
    if not bad:
        print(f"{len(manifest['files'])} files match tools/MANIFEST.json")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
