"""How the benchmark scripts time a call: the best of several runs, and a call against its
floor (the bare parser) measured in turn, with rounds retried on a busy machine."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def best_of(repeat: int, call: Callable[[], Any]) -> float:
    """The shortest of ``repeat`` runs of ``call``, in seconds: a busy machine inflates the
    best run least."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        timings.append(time.perf_counter() - start)
    return min(timings)


def paired(repeat: int, floor: Callable[[], Any], call: Callable[[], Any]) -> tuple[float, float]:
    """The best times of ``floor`` and ``call``, measured in turn, so that a machine that slows
    down meanwhile slows both."""
    floors, calls = [], []
    for _ in range(repeat):
        floors.append(best_of(1, floor))
        calls.append(best_of(1, call))
    return min(floors), min(calls)


def apart(repeat: int, floor: Callable[[], Any], call: Callable[[], Any]) -> tuple[float, float]:
    """The best times of ``floor`` and ``call``, each measured in runs of its own, so that
    neither finds the other's garbage in the caches (a decoder's page of records); the floor
    before and after the call, so that a busy spell during one of its runs cannot lower the
    ratio (it errs high, never low)."""
    before = best_of(repeat, floor)
    seconds = best_of(repeat, call)
    return min(before, best_of(repeat, floor)), seconds


Measure = Callable[[int, Callable[[], Any], Callable[[], Any]], tuple[float, float]]


def ratio_within(
    repeat: int,
    floor: Callable[[], Any],
    call: Callable[[], Any],
    target: float | None,
    measure: Measure = paired,
) -> tuple[float, float]:
    """``call``'s best time and its ratio to ``floor``'s: up to five rounds while the ratio
    is over ``target``, since a shared machine can be busy for a whole round (this one, a
    2-core VM, is now and then for seconds: a ratio then doubles)."""
    for _ in range(5 if target is not None else 1):
        low, seconds = measure(repeat, floor, call)
        if target is None or seconds / low <= target:
            break
    return seconds, seconds / low
