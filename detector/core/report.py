"""Per-file reports: what the formatters print and what the library API returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from .finding import Finding


@dataclass
class FileReport:
    path: str
    verdict: str | None = None
    spun: float = 0.0
    machine_translated: float = 0.0
    words: int = 0
    findings: list[Finding] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    # Words set aside as non-prose, by region kind.
    set_aside: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # The notes that change how to read the result (undecodable bytes, directives not
    # understood, a grammar server down): the command prints them on stderr, one line each.
    warnings: list[str] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    # Findings silenced by inline directives (they do not count for the verdict).
    suppressed: int = 0
    # An ``accept`` directive marks the article as reviewed: its verdict does not fail a run.
    accepted: bool = False
    # The decoded article text (for the HTML report); not part of the JSON output.
    text: str | None = None
    # Regions set aside as not article prose: (start, end, kind), offsets into ``text`` (for the
    # HTML report); not part of the JSON output.
    set_aside_spans: list[tuple[int, int, str]] = field(default_factory=list)
    # Rules the two-stage check left out because the other evidence was clearly clean.
    skipped_rules: list[str] = field(default_factory=list)
    # A long text judged in windows: the window whose judgement is the verdict (file offsets
    # ``start``/``end``, ``line``/``end_line``, ``words``) and how many windows there were.
    window: dict[str, int] | None = None

    def to_dict(self, features: bool = False) -> dict:
        """Exactly this file's record in the JSON output (``--format json``; ``features=True``
        as with ``-v``). A file that could not be read has ``error`` instead of a verdict."""
        if self.error:
            return {"path": self.path, "error": self.error}
        out = {
            "path": self.path, "verdict": self.verdict,
            "scores": {"spun": round(self.spun, 4),
                       "machine_translated": round(self.machine_translated, 4)},
            "words": self.words, "set_aside": dict(sorted(self.set_aside.items())),
            "reasons": list(self.reasons), "notes": list(self.notes),
            "suppressed": self.suppressed, "accepted": self.accepted,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.skipped_rules:  # the two-stage check judged the article without these
            out["skipped_rules"] = list(self.skipped_rules)
        if self.window:  # a long text judged in windows: the one the verdict is from
            out["window"] = dict(self.window)
        if features:
            out["features"] = {k: round(v, 6) for k, v in sorted(self.features.items())}
        return out


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)

    @property
    def errors(self) -> list[FileReport]:
        return [f for f in self.files if f.error]
