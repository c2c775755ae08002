"""Baselines: adopt mtcheck on existing content, then fail only on what is new.

``--write-baseline FILE`` records every file's verdict and findings. A finding is keyed by the
file (its path relative to the baseline file), its code, the text it flags and a hash of the
sentence it sits in, never by line or column: editing another paragraph, or adding lines above,
leaves the key unchanged, while rewriting the sentence itself makes its findings new. Identical
keys are counted, so a second copy of a known phrase in the same sentence is new.

``--baseline FILE`` then hides the known findings and decides failure per file: a file fails
when its verdict fails and it is not known to fail already, or when it has new findings.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field, replace

from ..core.report import FileReport
from ..core.version import __version__
from .terminal import Excerpts

BASELINE_VERSION = 1


class BaselineError(ValueError):
    """An unreadable or malformed baseline file (one line, naming it)."""


def _sentence_hash(excerpts: Excerpts | None, start: int) -> str:
    if excerpts is None:
        return ""
    s, e = excerpts.sentence(start)
    sentence = " ".join(excerpts.text[s:e].split())
    return hashlib.sha256(sentence.encode("utf-8")).hexdigest()[:16]


def finding_keys(fr: FileReport) -> list[tuple[str, str, str]]:
    """``(code, flagged text, sentence hash)`` for each finding, in order."""
    excerpts = Excerpts(fr.text) if fr.text else None
    return [(f.code, " ".join(f.text.split()), _sentence_hash(excerpts, f.start))
            for f in fr.findings]


def _key_path(path: str, base_dir: str) -> str:
    if path in ("<stdin>", "-", "<text>"):
        return path
    rel = os.path.relpath(os.path.abspath(path), base_dir)
    return rel.replace(os.sep, "/")


@dataclass
class Baseline:
    path: str
    files: dict[str, dict] = field(default_factory=dict)

    @property
    def base_dir(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))

    # -- writing -------------------------------------------------------------------------------
    def record(self, fr: FileReport) -> None:
        if fr.error:
            return
        counts = Counter(finding_keys(fr))
        self.files[_key_path(fr.path, self.base_dir)] = {
            "verdict": fr.verdict,
            "findings": [{"code": c, "text": t, "sentence": h, "count": n}
                         for (c, t, h), n in sorted(counts.items())],
        }

    def write(self) -> None:
        """JSON with one finding per line, so a committed baseline diffs readably."""
        dump = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731
        head = {"version": BASELINE_VERSION, "tool": {"name": "mtcheck", "version": __version__}}
        entries = []
        for path, entry in sorted(self.files.items()):
            found = ",\n".join("   " + dump(x) for x in entry["findings"])
            entries.append(f" {dump(path)}: {{\"verdict\": {dump(entry['verdict'])}, "
                           f"\"findings\": [" + (f"\n{found}\n ]}}" if found else "]}"))
        text = dump(head)[:-1] + ', "files": {\n' + ",\n".join(entries) + "\n}}\n"
        with open(self.path, "w", encoding="utf-8") as fh:
            fh.write(text)

    # -- reading and applying ----------------------------------------------------------------
    @classmethod
    def load(cls, path: str) -> "Baseline":
        try:
            with open(path, encoding="utf-8") as fh:
                doc = json.load(fh)
        except FileNotFoundError:
            raise BaselineError(f"{path}: error: no such baseline file") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
            raise BaselineError(f"{path}: error: not a baseline file ({reason})") from None
        if not isinstance(doc, dict) or doc.get("version") != BASELINE_VERSION:
            raise BaselineError(f"{path}: error: not a version {BASELINE_VERSION} mtcheck baseline")
        files = doc.get("files")
        if not isinstance(files, dict) or not all(
                isinstance(v, dict) and isinstance(v.get("findings", []), list)
                for v in files.values()):
            raise BaselineError(f"{path}: error: not a baseline file (no 'files' table)")
        return cls(path, files)

    def known(self, fr: FileReport) -> tuple[str | None, Counter]:
        entry = self.files.get(_key_path(fr.path, self.base_dir))
        if entry is None:
            return None, Counter()
        counts: Counter = Counter()
        for item in entry.get("findings", []):
            try:
                counts[(item["code"], item["text"], item["sentence"])] += int(item.get("count", 1))
            except (KeyError, TypeError, ValueError):
                continue
        return entry.get("verdict"), counts

    def apply(self, fr: FileReport, fails: bool) -> tuple[FileReport, bool, int]:
        """(the report with only new findings, whether the file still fails, how many known
        findings were left out)."""
        if fr.error:
            return fr, fails, 0
        verdict, counts = self.known(fr)
        new = []
        for f, key in zip(fr.findings, finding_keys(fr)):
            if counts[key] > 0:
                counts[key] -= 1
            else:
                new.append(f)
        known = len(fr.findings) - len(new)
        already_failing = verdict is not None and verdict == fr.verdict
        return replace(fr, findings=new), fails and (not already_failing or bool(new)), known
