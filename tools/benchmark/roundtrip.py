"""Apertium round trips (English -> X -> English), cached on disk.

The cache key is sha256 of the pair and the input text, so a rebuild only runs
Apertium for texts it has not seen. Unknown-word markers (*, #, @ before a word)
are removed from the intermediate and the final text and runs of spaces are
collapsed, as the development corpus's round trips were.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

# (generator suffix, there, back); a pair is used when both modes are installed
PAIRS = [
    ("cat", "eng-cat", "cat-eng"),
    ("spa", "eng-spa", "spa-eng"),
    ("glg", "en-gl", "gl-en"),
    ("epo", "en-eo", "eo-en"),
    ("hbs", "eng-hbs", "hbs-eng"),
]

MARKER_RE = re.compile(r"(?<![\w*#@])[*#@]+(?=\w)")
SPACES_RE = re.compile(r"[ \t]{2,}")


def clean(text: str) -> str:
    text = MARKER_RE.sub("", text)
    text = SPACES_RE.sub(" ", text)
    return "\n".join(line.strip(" \t") for line in text.split("\n"))


def installed_modes() -> set[str]:
    if shutil.which("apertium") is None:
        return set()
    out = subprocess.run(["apertium", "-l"], capture_output=True, text=True)
    return {m.strip() for m in out.stdout.split()}


def available_pairs() -> list[tuple[str, str, str]]:
    modes = installed_modes()
    return [p for p in PAIRS if p[1] in modes and p[2] in modes]


def _run(mode: str, text: str) -> str:
    out = subprocess.run(["nice", "-n", "10", "apertium", "-u", "-f", "txt", mode],
                         input=text, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"apertium {mode}: {out.stderr.strip()[:200]}")
    return out.stdout


def cache_key(pair: str, text: str) -> str:
    return hashlib.sha256(f"{pair}\0{text}".encode("utf-8")).hexdigest()


def round_trip(text: str, pair: tuple[str, str, str], cache_dir: Path) -> tuple[str, bool]:
    """Returns (round-tripped text, whether it came from the cache)."""
    key = cache_key(pair[1] + "|" + pair[2], text)
    path = cache_dir / key[:2] / f"{key}.txt"
    if path.exists():
        return path.read_text(encoding="utf-8"), True
    mid = clean(_run(pair[1], text))
    back = clean(_run(pair[2], mid)).strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(back, encoding="utf-8")
    tmp.replace(path)
    return back, False


def versions() -> dict[str, str]:
    """Installed Debian package versions of apertium and its pairs (for the manifest)."""
    if shutil.which("dpkg-query") is None:
        return {}
    out = subprocess.run(["dpkg-query", "-W", "-f", "${Package}\t${Version}\n", "apertium*"],
                         capture_output=True, text=True)
    res = {}
    for line in out.stdout.splitlines():
        name, _, ver = line.partition("\t")
        if ver:
            res[name] = ver
    return res
