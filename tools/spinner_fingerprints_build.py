"""Pre-compile the built-in spinner-fingerprints packs (MT1xx) for fast loading.

Usage: python -m tools.spinner_fingerprints_build [--check] [--out PATH]

Parses ``rules/data/spinner-fingerprints/general.tsv`` and ``scientific.tsv`` and writes
``compiled.pickle.gz`` beside them (the rule falls back to parsing the TSV files, ~0.4 s, when the
cache is missing or was built from other versions of them). Run it after editing a pack; with
``--check`` it only reports whether the committed cache is up to date (exit status 1 if not).
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

from mtcheck.rules import spinner_fingerprints as sf


def default_path() -> Path:
    return Path(str(resources.files(sf.DATA_PACKAGE).joinpath(sf.DATA_DIR, sf.CACHE_FILE)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that the cache is current")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    data = sf.compile_cache()
    path = args.out or default_path()
    if args.check:
        current = path.exists() and path.read_bytes() == data
        print(f"{path}: {'up to date' if current else 'OUT OF DATE'}")
        return 0 if current else 1
    path.write_bytes(data)
    print(f"wrote {path} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
