"""The output formats by name. Each formatter takes a :class:`Report` and returns the text to
print."""

from __future__ import annotations

from .github import format_github
from .html import format_html
from .json import format_json
from .sarif import format_sarif
from .render import format_full
from .text import format_text

# ``text`` is the concise format here; the command shows ``full`` instead on a terminal.
FORMATTERS = {"text": format_text, "concise": format_text, "full": format_full, "json": format_json, "sarif": format_sarif,
              "github": format_github, "html": format_html}
