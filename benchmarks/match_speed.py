"""Speed of matching on one core: prepare() per entity and Matcher.compare pairs per second.

Uses the real UK ConList snapshot (SANCTIONWATCH_SHARED_LISTS). Pairs are (a) each entity's
variant built by dropping/reordering its name parts against index-style candidates: entities
sharing a name key with it (what screening compares), and (b) random entity pairs.

Run: .venv/bin/python benchmarks/match_speed.py [--pairs 20000]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections import defaultdict
from pathlib import Path

from sanctionwatch.match import Matcher, PreparedEntity, TokenFrequencies, prepare
from sanctionwatch.sources.base import FileSet
from sanctionwatch.sources.registry import parse_fileset

LISTS = Path(
    os.environ.get("SANCTIONWATCH_SHARED_LISTS", Path(__file__).resolve().parents[2] / "shared/data/lists")
)


def _shared_key_pairs(
    prepared: list[PreparedEntity], count: int, rng: random.Random
) -> list[tuple[int, int]]:
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, entity in enumerate(prepared):
        for key in entity.all_keys:
            by_key[key].append(i)
    pairs: list[tuple[int, int]] = []
    while len(pairs) < count:
        i = rng.randrange(len(prepared))
        keys = sorted(prepared[i].all_keys)
        if not keys:
            continue
        others = by_key[rng.choice(keys)]
        j = rng.choice(others)
        if j != i:
            pairs.append((i, j))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=20_000)
    args = parser.parse_args()
    fileset = FileSet("uk", "uk_conlist", {"main": LISTS / "uk" / "ConList_from_xlsx.csv"})
    entities = parse_fileset(fileset).entities
    names = sum(len(e.names) for e in entities)
    start = time.process_time()
    prepared = [prepare(e) for e in entities]
    elapsed = time.process_time() - start
    print(
        f"prepare: {len(entities)} entities ({names} names) in {elapsed:.2f}s CPU = "
        f"{elapsed / len(entities) * 1e6:.0f} us/entity"
    )
    matcher = Matcher(frequencies=TokenFrequencies.build(prepared))
    rng = random.Random(7)
    for label, pairs in (
        ("shared-key (candidate-like) pairs", _shared_key_pairs(prepared, args.pairs, rng)),
        (
            "random pairs",
            [(rng.randrange(len(prepared)), rng.randrange(len(prepared))) for _ in range(args.pairs)],
        ),
    ):
        start, cpu = time.perf_counter(), time.process_time()
        matches = sum(matcher.compare(prepared[i], prepared[j]).match for i, j in pairs)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"compare, {label}: {len(pairs) / cpu:,.0f} pairs/s of CPU time "
            f"({len(pairs) / elapsed:,.0f} wall-clock; {matches} matches)"
        )


if __name__ == "__main__":
    main()
