"""Markdown and HTML loaders (to be written): they must return a Document whose ``text`` has
the same length as the source, with non-prose characters blanked, so offsets are source offsets."""

from __future__ import annotations

from .document import Document


def load(text: str, path: str, markup: str, load_notes: list[str]) -> Document:
    # Until the markup loaders exist, treat the file as plain text.
    return Document.from_text(text, path=path, format="text", load_notes=load_notes)
