"""Keeping the cyclic garbage collector's full passes short while the server screens.

The screener's caches (unpacked list entities, name skeletons) fill with long-lived objects as
requests come in. The collector's full passes walk every such object: measured 280 ms for the
~170,000 objects of a warm cache on all lists, a stall of every request in flight. So, every few
seconds, the young generations are collected and whatever survived is moved to the permanent
generation (``gc.freeze``), which full passes skip: they stay short. Frozen objects are still freed
by reference counting (cache evictions); only reference cycles that die after being frozen wait
for the rare complete pass (``RECLAIM_SECONDS``), which unfreezes and collects everything once.

Between two freezes the collector's own full passes are switched off (a very high threshold for
the oldest generation): each one walked every survivor since the last freeze, mostly unpacked
list entities, and they cost about a quarter of the CPU time of screening (measured 2.07 against
1.51 ms a query over the matching benchmark's queries on all lists). The young generations are
still collected automatically, so short-lived reference cycles go as before.

The same tick keeps the name functions' caches within their budget (:mod:`.name_caches`).
"""

from __future__ import annotations

import asyncio
import gc
import time

from sanctionwatch.api.name_caches import NameCaches

#: Seconds between freezing the survivors of the young generations.
FREEZE_SECONDS = 5.0
#: Seconds between complete collections (reclaiming frozen reference cycles).
RECLAIM_SECONDS = 900.0
#: The oldest generation's threshold while the policy runs: in effect, no automatic full pass.
NO_FULL_PASSES = 1_000_000_000


class GarbagePolicy:
    """Runs on the event loop from :meth:`start` until :meth:`stop`."""

    def __init__(
        self,
        freeze_seconds: float = FREEZE_SECONDS,
        reclaim_seconds: float = RECLAIM_SECONDS,
        caches: NameCaches | None = None,
    ) -> None:
        self._freeze_seconds = freeze_seconds
        self._caches = caches or NameCaches()
        self._reclaim_seconds = reclaim_seconds
        self._next_reclaim = 0.0
        self._timer: asyncio.TimerHandle | None = None
        self._thresholds: tuple[int, int, int] | None = None

    def start(self) -> None:
        self._caches.find()
        self._next_reclaim = time.monotonic() + self._reclaim_seconds
        self._thresholds = gc.get_threshold()
        young, middle, _ = self._thresholds
        gc.set_threshold(young, middle, NO_FULL_PASSES)
        self._schedule()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def _schedule(self) -> None:
        self._timer = asyncio.get_running_loop().call_later(self._freeze_seconds, self._tick)

    def _tick(self) -> None:
        self._caches.trim()  # before collecting: emptied entries are freed right here
        if time.monotonic() >= self._next_reclaim:
            self._next_reclaim = time.monotonic() + self._reclaim_seconds
            gc.unfreeze()
            gc.collect()
        else:
            gc.collect(1)
        gc.freeze()
        self._schedule()
