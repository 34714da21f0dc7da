"""The server's garbage-collection policy: no automatic full passes, survivors frozen, cycles freed."""

from __future__ import annotations

import asyncio
import gc
import weakref

from sanctionwatch.api.garbage import NO_FULL_PASSES, GarbagePolicy


class _Cycle:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


async def _run_policy_once(policy: GarbagePolicy) -> tuple[tuple[int, int, int], bool, int]:
    policy.start()
    try:
        during = gc.get_threshold()
        frozen = gc.get_freeze_count()
        garbage = weakref.ref(_Cycle())
        survivors = [_Cycle() for _ in range(50)]
        await asyncio.sleep(0.3)  # several ticks of the policy
        return during, garbage() is None, gc.get_freeze_count() - frozen - len(survivors)
    finally:
        policy.stop()


def test_policy_stops_full_passes_frees_young_cycles_and_freezes_survivors() -> None:
    before = gc.get_threshold()
    try:
        during, freed, frozen_beyond_survivors = asyncio.run(
            _run_policy_once(GarbagePolicy(freeze_seconds=0.05, reclaim_seconds=3600))
        )
    finally:
        gc.unfreeze()
    assert during[:2] == before[:2]  # the young generations keep their automatic collections
    assert during[2] == NO_FULL_PASSES  # the oldest is left to the policy
    assert freed  # a dead cycle goes at the next young collection
    assert frozen_beyond_survivors >= 0  # what survived was moved out of the collector's reach
    assert gc.get_threshold() == before  # stop() restores the process's own setting
