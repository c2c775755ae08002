"""Shared fixtures: the sample articles in seeds/ (never the development corpus)."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _seed_path(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture
def seed_path():
    """seed_path("004") -> Path of seeds/004_*.txt"""
    return _seed_path


@pytest.fixture
def seed():
    """seed("004") -> the text of seeds/004_*.txt"""
    return lambda prefix: _seed_path(prefix).read_text(encoding="utf-8")


@pytest.fixture
def linear():
    """linear(run, small, large): ``run(n)`` scales linearly (CPU-time ratio measured in the
    test, so a busy machine does not fail it; see tests/scaling.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("mtcheck_test_scaling", ROOT / "tests" / "scaling.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.assert_linear
