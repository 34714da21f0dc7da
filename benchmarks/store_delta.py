"""Store benchmark: record the two real OFAC SDN snapshots as versions, then diff them.

Usage: ``.venv/bin/python benchmarks/store_delta.py [--lists DIR] [--database-url URL]``
(default: a fresh SQLite file in a temporary directory; a PostgreSQL URL must name an empty database).

Targets: recording a 14-15k entity version < 2 s (SQLite); the diff between the snapshots < 2 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sanctionwatch.model import Entity
from sanctionwatch.settings import Settings
from sanctionwatch.sources.catalog import fileset_for
from sanctionwatch.sources.registry import parse_fileset
from sanctionwatch.store import Store, VersionMeta

REPO = Path(__file__).resolve().parent.parent
SNAPSHOTS = ("2023-12-28", "2024-05-03")
TARGET_S = 2.0
T = TypeVar("T")


def _default_lists() -> Path:
    return Path(os.environ.get("SANCTIONWATCH_SHARED_LISTS", REPO.parent / "shared" / "data" / "lists"))


def _timed(label: str, action: Callable[[], T], target: float | None = None) -> T:
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    verdict = "" if target is None else ("  (target met)" if seconds < target else "  (TARGET MISSED)")
    print(f"{label:<44} {seconds:7.3f} s{verdict}")
    return result


def _snapshot(lists: Path, day: str) -> list[Entity]:
    parsed = parse_fileset(fileset_for("ofac_sdn", lists / "ofac_sdn" / day / "sdn.csv"))
    return parsed.entities


def _meta(day: str) -> VersionMeta:
    return VersionMeta(
        fetched_at=datetime.now(UTC), origin=f"ofac_sdn/{day}", format="ofac_csv", published=day
    )


def _run(store: Store, snapshots: list[list[Entity]]) -> None:
    for day, entities in zip(SNAPSHOTS, snapshots, strict=True):
        result = _timed(
            f"record {day} ({len(entities):,} entities)",
            lambda e=entities, d=day: store.record_version("ofac_sdn", e, _meta(d)),  # type: ignore[misc]
            TARGET_S,
        )
        print(f"  -> version {result.version.number}, created={result.created}")
    _timed(
        "record 2024-05-03 again (unchanged)",
        lambda: store.record_version("ofac_sdn", snapshots[1], _meta("x")),
    )
    delta = _timed("diff v1 -> v2", lambda: store.diff("ofac_sdn"), TARGET_S)
    print(f"  -> {len(delta.added):,} added, {len(delta.removed):,} removed, {len(delta.changed):,} changed")
    version = store.get_version("ofac_sdn", 2)
    _timed("load all entities of v2", lambda: store.entities(version))
    some_id = delta.changed[0].entity_id if delta.changed else snapshots[1][0].id
    _timed(f"entity_history({some_id})", lambda: store.entity_history(some_id))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=Path, default=_default_lists(), help="directory of list files")
    parser.add_argument("--database-url", default=None, help="store URL (default: temporary SQLite)")
    args = parser.parse_args()
    if not (args.lists / "ofac_sdn").is_dir():
        print(f"OFAC SDN snapshots not found under {args.lists}", file=sys.stderr)
        return 2
    snapshots = [_timed(f"parse {day}", lambda d=day: _snapshot(args.lists, d)) for day in SNAPSHOTS]  # type: ignore[misc]
    _timed("to_json of 2024-05-03 (model cost)", lambda: [e.to_json() for e in snapshots[1]])
    with tempfile.TemporaryDirectory(prefix="sw-store-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp), database_url=args.database_url)
        with _timed("open store (migrate)", lambda: Store.open(settings)) as store:
            _run(store, snapshots)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
