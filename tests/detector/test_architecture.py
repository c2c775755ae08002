"""The import contracts of pyproject.toml ([tool.importlinter]) hold: the layers point one way,
rules import only mtcheck.core, and no sibling modules or packages import each other in a cycle.

import-linter reads the package from its folder; the repository keeps mtcheck.rules apart from
the rest of mtcheck (rules/ and detector/), so the test assembles the installed layout in a
temporary folder and checks that.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _installed_layout(tmp_path: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "data")
    pkg = tmp_path / "mtcheck"
    shutil.copytree(ROOT / "detector", pkg, ignore=ignore)
    shutil.copytree(ROOT / "rules", pkg / "rules", ignore=ignore)
    return tmp_path


def _lint(layout: Path) -> subprocess.CompletedProcess:
    pytest.importorskip("importlinter")
    env = {**os.environ, "PYTHONPATH": str(layout)}
    return subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import "
                           "lint_imports_command; sys.exit(lint_imports_command())",
                           "--no-cache", str(ROOT / "pyproject.toml")],
                          capture_output=True, text=True, env=env, cwd=layout)


def test_import_contracts_hold(tmp_path):
    proc = _lint(_installed_layout(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout
    for contract in ("Layers point one way", "Rules depend on mtcheck.core only",
                     "No import cycles"):
        assert contract in proc.stdout


def test_the_check_fails_on_an_upward_import(tmp_path):
    """The contracts are live: a core module importing the run layer breaks them."""
    layout = _installed_layout(tmp_path)
    with open(layout / "mtcheck" / "core" / "report.py", "a", encoding="utf-8") as fh:
        fh.write("\nfrom ..run import engine as _upward  # noqa\n")
    proc = _lint(layout)
    assert proc.returncode != 0
    assert "mtcheck.core.report -> mtcheck.run.engine" in proc.stdout
