"""Load-independent checks that an operation scales linearly (no wall-clock thresholds).

A test measures the same operation on a small and a large input, in the same process, with CPU
time (``time.process_time``: time spent waiting for a busy CPU does not count) and takes the
least of a few runs. Linear work grows with the size ratio; quadratic work with its square. The
check allows ``slack`` times the size ratio, which a quadratic step exceeds by far (a 4x larger
input: at most 4 * slack = 10x the time, where a quadratic step takes 16x).

Use it through the ``linear`` fixture in conftest.py::

    def test_x(linear):
        linear(lambda n: work(make_input(n)), small=25_000, large=100_000)
"""

from __future__ import annotations

import time
from typing import Callable

# CPU time below this is too small to compare: the smaller run is rounded up to it.
MIN_SECONDS = 0.02


def cpu_seconds(fn: Callable[[], object], repeat: int = 3) -> float:
    """Least CPU time of ``repeat`` runs of ``fn``."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best


def assert_linear(run: Callable[[int], object], small: int, large: int, slack: float = 2.5,
                  repeat: int = 3) -> tuple[float, float]:
    """``run(n)`` takes at most ``slack`` times ``large / small`` as long for ``large`` as for
    ``small``. Returns both CPU times."""
    if large <= small:
        raise ValueError("large must be larger than small")
    run(small)  # warm caches and lazy loading outside the measurement
    t_small = cpu_seconds(lambda: run(small), repeat)
    t_large = cpu_seconds(lambda: run(large), repeat)
    ratio = t_large / max(t_small, MIN_SECONDS)
    bound = slack * large / small
    assert ratio <= bound, (f"{large:,} took {ratio:.1f}x the CPU time of {small:,} "
                            f"({t_large:.3f} s vs {t_small:.3f} s); linear work allows {bound:.1f}x")
    return t_small, t_large
