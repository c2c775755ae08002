"""The error type for inputs that cannot be checked, and how sizes are named in its messages."""

from __future__ import annotations


def size_text(n: int) -> str:
    """``20.0 MB``, or ``1,000 bytes`` below 0.1 MB."""
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


class InputError(Exception):
    """A file that cannot be checked. The message is one line and names the problem only; the
    caller prefixes the path."""
