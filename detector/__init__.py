"""mtcheck: find spun and round-trip machine-translated prose.

Library use::

    import mtcheck
    report = mtcheck.check_text("...article...")
    report.verdict, report.spun, report.machine_translated, report.findings
"""

from .core.version import __version__


def __getattr__(name):
    # The API is imported on first use (start-up cost) so that `import mtcheck` stays cheap.
    if name in ("check_text", "check_path", "check_paths", "make_engine"):
        from . import api
        return getattr(api, name)
    raise AttributeError(name)


__all__ = ["check_text", "check_path", "check_paths", "make_engine", "__version__"]
