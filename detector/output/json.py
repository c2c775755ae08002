"""The JSON format (versioned and stable): one object per file (:meth:`FileReport.to_dict`)."""

from __future__ import annotations

import json

from ..core.finding import Finding
from ..core.report import FileReport, Report
from ..core.version import __version__

JSON_VERSION = 1


def finding_dict(f: Finding) -> dict:
    return f.to_dict()


def file_dict(fr: FileReport) -> dict:
    return fr.to_dict()


def format_json(report: Report, verbose: bool = False) -> str:
    doc = {"version": JSON_VERSION, "tool": {"name": "mtcheck", "version": __version__},
           "files": [fr.to_dict(features=verbose) for fr in report.files]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
