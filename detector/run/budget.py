"""The time budget per file or record: SIGALRM in the checking process."""

from __future__ import annotations

import gc
import signal
import threading
from contextlib import contextmanager


class CheckTimeout(BaseException):
    """A file's time budget ran out. A BaseException, like KeyboardInterrupt, so that the
    ``except Exception`` guards around rules and parsers do not turn it into something else."""


# Seconds between further alarms after the first, for when the exception was swallowed (raised
# inside a garbage-collector callback or a ``__del__``, where Python only prints it).
RETRY_SECONDS = 0.25
_budget: list[float] = []  # the running budget, while one runs


def _expire(signum, frame) -> None:
    if not _budget:
        return
    if _in_gc_callback(frame):  # raised here, it would be swallowed: try again very soon
        signal.setitimer(signal.ITIMER_REAL, 0.005)
        return
    signal.setitimer(signal.ITIMER_REAL, RETRY_SECONDS)
    raise CheckTimeout(_budget[0])


def _in_gc_callback(frame, depth: int = 4) -> bool:
    codes = {getattr(cb, "__code__", None) for cb in gc.callbacks}
    while frame is not None and depth > 0 and codes:
        if frame.f_code in codes:
            return True
        frame, depth = frame.f_back, depth - 1
    return False


def disarm() -> None:
    """End the running time budget, if any (safe to call more than once)."""
    _budget.clear()
    if hasattr(signal, "setitimer") and signal.getsignal(signal.SIGALRM) is _expire:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


@contextmanager
def time_limit(seconds: float | None):
    """Raise :class:`CheckTimeout` in this thread after ``seconds`` (None or 0: no limit).

    Uses SIGALRM, so it works only in the main thread of a process on POSIX (the command, its
    worker processes, the library called from a main thread), and only when nobody else handles
    SIGALRM; elsewhere (threads, Windows) the body runs without a limit. The signal is handled
    between Python operations: one long call into compiled code (a harper lint of one piece of
    text) finishes first. Catch the exception outside the ``with`` and call :func:`disarm`
    there too (an alarm can go off while the budget is being ended)."""
    if (not seconds or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGALRM) is not signal.SIG_DFL):
        yield
        return
    _budget[:] = [seconds]
    signal.signal(signal.SIGALRM, _expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield
    finally:
        disarm()


def timeout_error(seconds: float) -> str:
    return f"took longer than {seconds:g} s to check (see --timeout)"
