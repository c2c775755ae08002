"""mtcheck: find spun and round-trip machine-translated prose."""

__version__ = "0.1.0"
