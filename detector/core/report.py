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
    features: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    # The decoded article text (for the HTML report); not part of the JSON output.
    text: str | None = None


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)

    @property
    def errors(self) -> list[FileReport]:
        return [f for f in self.files if f.error]
