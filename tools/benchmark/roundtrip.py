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


SEP = "@@@@ 9182736{:04d} @@@@"
SEP_RE = re.compile(r"\n*@@@@ 9182736(\d{4}) @@@@\n*")


def _cache_path(cache_dir: Path, pair: tuple[str, str, str], text: str) -> Path:
    key = cache_key(pair[1] + "|" + pair[2], text)
    return cache_dir / key[:2] / f"{key}.txt"


def _store(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _trip(pair, text: str) -> str:
    return clean(_run(pair[2], clean(_run(pair[1], text)))).strip()


def _trip_batch(pair, texts: list[str]) -> list[str]:
    """Several texts in one Apertium run (its start-up dominates for short texts),
    separated by numbered lines that Apertium passes through unchanged. Falls back
    to one run per text if the separators do not come back intact."""
    if len(texts) == 1:
        return [_trip(pair, texts[0])]
    joined = "\n\n".join(t if i == 0 else SEP.format(i) + "\n\n" + t
                         for i, t in enumerate(texts))
    out = _trip(pair, joined)
    parts = SEP_RE.split(out)
    # parts = [text0, "0001", text1, "0002", text2, ...]
    if len(parts) == 2 * len(texts) - 1 and \
            [int(x) for x in parts[1::2]] == list(range(1, len(texts))):
        return [p.strip() for p in parts[0::2]]
    return [_trip(pair, t) for t in texts]


def round_trip_many(texts: list[str], pair: tuple[str, str, str], cache_dir: Path,
                    jobs: int = 2, batch_words: int = 2500) -> list[tuple[str, bool]]:
    """Round-trip texts (cached); returns [(text, came from cache)] in input order."""
    from concurrent.futures import ThreadPoolExecutor

    results: list[tuple[str, bool] | None] = [None] * len(texts)
    todo = []
    for i, t in enumerate(texts):
        path = _cache_path(cache_dir, pair, t)
        if path.exists():
            results[i] = (path.read_text(encoding="utf-8"), True)
        else:
            todo.append(i)
    batches, cur, words = [], [], 0
    for i in todo:
        n = len(texts[i].split())
        if cur and words + n > batch_words:
            batches.append(cur)
            cur, words = [], 0
        cur.append(i)
        words += n
    if cur:
        batches.append(cur)

    def work(batch):
        outs = _trip_batch(pair, [texts[i] for i in batch])
        for i, o in zip(batch, outs):
            _store(_cache_path(cache_dir, pair, texts[i]), o)
            results[i] = (o, False)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
        list(ex.map(work, batches))
    return results  # type: ignore[return-value]


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
