"""Evasion attempts (tests/evasion_attacks.py) must not lower a verdict.

Each attack is applied to the spun seed (seeds/004) and, when the development corpus is beside
the repository (``../shared/data/dev``), to a fixed sample of its spun and round-trip articles:
the verdict of the attacked article may not be weaker than the unmodified article's, nor switch
between spun and machine-translated.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evasion_attacks as ev  # noqa: E402

# ../shared/data/dev beside the repository (MTCHECK_SHARED_DATA names another place).
DEV = Path(os.environ.get("MTCHECK_SHARED_DATA")
           or Path(__file__).resolve().parent.parent.parent / "shared" / "data") / "dev"


def _verdict(text: str, markup: str, tmp_path) -> str:
    return ev.check(text, markup, str(tmp_path)).verdict


@pytest.mark.parametrize("name", list(ev.ATTACKS))
def test_no_attack_lowers_the_spun_seed(name, seed, tmp_path):
    text = seed("004")
    before = _verdict(text, "text", tmp_path)
    assert before == "spun"
    if name in ev.BASELINES:
        assert _verdict(*ev.BASELINES[name](text, random.Random(0)), tmp_path) == before
    attacked, markup = ev.ATTACKS[name](text, random.Random(name))
    assert attacked != text
    assert _verdict(attacked, markup, tmp_path) == before


@settings(max_examples=6, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from(["homoglyphs (Cyrillic)", "zero-width spaces in words",
                                               "soft hyphens in words", "boilerplate words sprinkled"]))
def test_randomly_placed_attacks_keep_the_spun_seed_spun(seed_value, name):
    text = (Path(__file__).resolve().parent.parent / "seeds").glob("004_*.txt")
    text = next(text).read_text(encoding="utf-8")
    attacked, markup = ev.ATTACKS[name](text, random.Random(seed_value))
    assert ev.check(attacked, markup, "").verdict == "spun"


def _sample(name: str, n: int) -> list[dict]:
    path = DEV / f"{name}.jsonl"
    if not path.exists():
        pytest.skip(f"development corpus not found at {DEV}")
    with path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    return random.Random(7).sample(records, n)


@pytest.mark.parametrize("label", ["spun", "roundtrip"])
def test_attacks_on_development_corpus_samples(label, tmp_path):
    """A slower version over the development corpus (skipped when it is not there)."""
    lowered = []
    for record in _sample(label, 4):
        text = record["text"]
        before = _verdict(text, "text", tmp_path)
        for name, attack in ev.ATTACKS.items():
            base = before
            if name in ev.BASELINES:
                base = _verdict(*ev.BASELINES[name](text, random.Random(0)), tmp_path)
            after = _verdict(*attack(text, random.Random(f"{record['id']}:{name}")), tmp_path)
            if ev.lowered(base, after):
                lowered.append((record["id"], name, base, after))
    assert lowered == []
