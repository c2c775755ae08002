"""The output formats by name. Each formatter takes a :class:`Report` and returns the text to
print."""

from __future__ import annotations

from importlib import import_module
from typing import Callable, Iterator, Mapping

# name -> (module of mtcheck.output, function). A run prints one format, so each is imported
# only when asked for (importing all of them cost ~20 ms of every cold start).
_WHERE = {"text": ("text", "format_text"), "concise": ("text", "format_text"),
          "full": ("render", "format_full"), "json": ("json", "format_json"),
          "sarif": ("sarif", "format_sarif"), "github": ("github", "format_github"),
          "html": ("html", "format_html")}


class _Formatters(Mapping):
    """A read-only mapping name -> formatter function that imports a format on first use."""

    def __getitem__(self, name: str) -> Callable[..., str]:
        module, function = _WHERE[name]
        return getattr(import_module(f"{__package__}.{module}"), function)

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


# ``text`` is the concise format here; the command shows ``full`` instead on a terminal.
FORMATTERS: Mapping[str, Callable[..., str]] = _Formatters()
