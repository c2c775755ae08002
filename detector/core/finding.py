"""The finding model shared by every rule, the scorer and every output format."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

# Confidence from which a finding is near-certain: the phrase (or error) essentially never occurs
# in human text. Near-certain findings are errors, and a few distinct ones decide a verdict.
NEAR_CERTAIN = 0.9


class Severity(str, enum.Enum):
    """How strongly a single finding points at rewritten text.

    ``info`` findings are context (a foreign-language paragraph, boilerplate); ``warning`` is
    evidence worth a look; ``error`` is a near-certain fingerprint of spinning or translation.
    """

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """One suspicious passage.

    ``start``/``end`` are character (code point) offsets into the decoded text; line and column
    are filled in by the engine from those offsets, so rules never compute them.
    """

    code: str
    rule: str
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    suggestions: tuple[str, ...] = ()
    evidence: dict[str, float | str] = field(default_factory=dict)
    # 0..1: how sure the rule is that this passage is an artifact; the scorer weighs by it.
    confidence: float = 0.5
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    # A merged finding (mtcheck.core.merge): the rules' findings it stands for, as reported.
    supporting: tuple["Finding", ...] = field(default=(), compare=False, repr=False)
    # Reported only because the article as a whole already carries evidence of this kind (a
    # rule's lowered threshold inside such an article): shown to the editor, but the scorer
    # does not count it as evidence again (that would count the article-level evidence twice).
    contextual: bool = False

    def to_dict(self) -> dict:
        """The finding as in the JSON output (``--format json``), floats rounded to 4 places."""
        return {
            "code": self.code, "rule": self.rule, "severity": Severity(self.severity).value,
            "line": self.line, "column": self.column, "end_line": self.end_line,
            "end_column": self.end_column, "start": self.start, "end": self.end,
            "text": self.text, "message": self.message, "suggestions": list(self.suggestions),
            "confidence": round(self.confidence, 4),
            "evidence": {k: (round(v, 4) if isinstance(v, float) else v)
                         for k, v in sorted(self.evidence.items())},
        } | ({"contextual": True} if self.contextual else {})

    def sort_key(self) -> tuple:
        return (self.start, self.end, self.code, self.message)
