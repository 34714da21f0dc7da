"""Recording versions: numbering, metadata, unchanged content, content addressing, atomicity."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from sanctionwatch.errors import InputError, NotFoundError, StoreError
from sanctionwatch.model import Entity, Name, NameKind
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, VersionMeta
from sanctionwatch.store.database import writers_turns
from sanctionwatch.store.host_lock import host_lock


def _count(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())  # noqa: S608


def test_versions_are_numbered_per_list_and_only_the_newest_is_active(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    first = store.record_version("zk_list", roster(3), meta(1))
    other = store.record_version("zk_other", roster(2, "zk_other"), meta(1))
    second = store.record_version("zk_list", roster(4), meta(2))
    assert (first.created, other.created, second.created) == (True, True, True)
    assert [(v.source, v.number, v.active) for v in store.versions()] == [
        ("zk_list", 1, False),
        ("zk_list", 2, True),
        ("zk_other", 1, True),
    ]
    assert store.active_version("zk_list") == second.version
    assert store.active_version("zk_nothing") is None
    assert [v.number for v in store.versions("zk_other")] == [1]


def test_version_metadata_round_trips(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    recorded = store.record_version("zk_list", roster(3), meta(3)).version
    loaded = store.get_version("zk_list", 1)
    assert loaded == recorded
    assert loaded.fetched_at == datetime(2024, 5, 3, 18, 43, tzinfo=UTC)
    assert loaded.fetched_at.tzinfo is not None
    assert loaded.files == {"zarkovia.xml": "03" * 32}
    assert loaded.http["etag"] == '"v3"'
    assert (loaded.published, loaded.stated_count, loaded.entity_count) == ("2024-05-03", 3, 3)
    assert (loaded.origin, loaded.format) == ("https://lists.example.test/zarkovia.xml", "ofac_xml")


def test_fetched_at_in_another_zone_is_stored_as_utc(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    moscow = timezone(timedelta(hours=3))
    stamp = datetime(2024, 5, 3, 21, 43, tzinfo=moscow)
    version = store.record_version("zk_list", roster(1), replace(meta(), fetched_at=stamp)).version
    assert store.get_version("zk_list", version.number).fetched_at == datetime(2024, 5, 3, 18, 43, tzinfo=UTC)


def test_naive_fetched_at_is_refused(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    with pytest.raises(InputError, match="timezone"):
        store.record_version("zk_list", roster(1), replace(meta(), fetched_at=datetime(2024, 5, 3)))


def test_entities_round_trip_sorted_by_id(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    entities = roster(12)
    shuffled = random.Random(7).sample(entities, len(entities))
    version = store.record_version("zk_list", shuffled, meta()).version
    assert store.entities(version) == sorted(entities, key=lambda e: e.id)
    assert store.member_hashes(version) == {e.id: e.content_hash for e in entities}


def test_unchanged_content_creates_no_version(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    entities = roster(5)
    first = store.record_version("zk_list", entities, meta(1))
    records = _count(store, "entity_records")
    again = store.record_version("zk_list", list(reversed(entities)), meta(2))
    assert again.created is False
    assert again.version == first.version  # metadata of the existing version, not of the new fetch
    assert [v.number for v in store.versions()] == [1]
    assert (_count(store, "entity_records"), _count(store, "version_members")) == (records, 5)


def test_a_version_with_one_changed_entity_adds_exactly_one_record(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    entities = roster(20)
    store.record_version("zk_list", entities, meta(1))
    assert _count(store, "entity_records") == 20
    changed = list(entities)
    changed[4] = replace(changed[4], remarks="Also known to trade via Zarkovgrad free port.")
    second = store.record_version("zk_list", changed, meta(2)).version
    assert _count(store, "entity_records") == 21
    assert _count(store, "version_members") == 40
    assert {e.id: e for e in store.entities(second)}["zk_list-5"].remarks is not None


def test_returning_to_earlier_content_makes_a_version_but_no_records(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    entities = roster(6)
    store.record_version("zk_list", entities, meta(1))
    store.record_version("zk_list", entities[:5], meta(2))
    records = _count(store, "entity_records")
    third = store.record_version("zk_list", entities, meta(3))
    assert third.created and third.version.number == 3
    assert third.version.content_hash == store.get_version("zk_list", 1).content_hash
    assert _count(store, "entity_records") == records


def test_an_empty_version_can_be_recorded(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    store.record_version("zk_list", roster(2), meta(1))
    empty = store.record_version("zk_list", [], meta(2)).version
    assert (empty.number, empty.entity_count, store.entities(empty)) == (2, 0, [])


def _assert_untouched(store: Store, before: dict[str, Any]) -> None:
    assert store.versions() == before["versions"]
    assert _count(store, "entity_records") == before["records"]
    assert _count(store, "version_members") == before["members"]


def _snapshot(store: Store) -> dict[str, Any]:
    return {
        "versions": store.versions(),
        "records": _count(store, "entity_records"),
        "members": _count(store, "version_members"),
    }


def test_duplicate_entity_ids_are_refused_listing_every_one(
    store: Store,
    person: Callable[..., Entity],
    company: Callable[..., Entity],
    roster: Callable[..., list[Entity]],
    meta: Callable[..., VersionMeta],
) -> None:
    store.record_version("zk_list", roster(3), meta(1))
    before = _snapshot(store)
    doubled = [*roster(5), person(2, names=(Name("Other Name FICTIVE"),)), company(4), company(4)]
    with pytest.raises(InputError) as caught:
        store.record_version("zk_list", doubled, meta(2))
    problems = {(p.location.record, p.message) for p in caught.value.problems}
    assert problems == {
        ("zk_list-2", "entity id occurs 2 times in one version"),
        ("zk_list-4", "entity id occurs 3 times in one version"),
    }
    _assert_untouched(store, before)


def test_entities_of_another_list_are_refused(
    store: Store,
    person: Callable[..., Entity],
    roster: Callable[..., list[Entity]],
    meta: Callable[..., VersionMeta],
) -> None:
    with pytest.raises(InputError) as caught:
        store.record_version("zk_list", [*roster(2), person(9, source="zk_other")], meta())
    assert [(p.location.record, p.location.field) for p in caught.value.problems] == [
        ("zk_other-9", "source")
    ]
    assert store.versions() == []


@dataclass(slots=True, frozen=True)
class _Unserialisable(Entity):
    def to_json(self) -> bytes:
        raise ValueError("cannot serialise this fictional entity")


def test_an_entity_that_fails_to_serialise_leaves_the_active_version(
    store: Store,
    person: Callable[..., Entity],
    roster: Callable[..., list[Entity]],
    meta: Callable[..., VersionMeta],
) -> None:
    store.record_version("zk_list", roster(3), meta(1))
    before = _snapshot(store)
    bad = _Unserialisable(**{name: getattr(person(7), name) for name in Entity.__dataclass_fields__})
    with pytest.raises(ValueError, match="cannot serialise"):
        store.record_version("zk_list", [*roster(6), bad], meta(2))
    _assert_untouched(store, before)


def test_a_database_failure_midway_rolls_the_version_back(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    """The membership insert fails after the records, the version row and the active switch."""
    store.record_version("zk_list", roster(3), meta(1))
    before = _snapshot(store)

    def fail_on_members(conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("INSERT INTO version_members"):
            raise sa.exc.OperationalError(statement, None, RuntimeError("disk full (injected)"))

    sa.event.listen(store.engine, "before_cursor_execute", fail_on_members)
    try:
        with pytest.raises((StoreError, sa.exc.OperationalError)):
            store.record_version("zk_list", roster(8), meta(2))
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", fail_on_members)
    # Versions, memberships and the active version are as before; the 5 new records were stored
    # ahead of the version (short transactions) and no version names them.
    assert store.versions() == before["versions"]
    assert _count(store, "version_members") == before["members"]
    assert _count(store, "entity_records") == before["records"] + 5
    active = store.active_version("zk_list")
    assert active is not None and active.number == 1
    assert [e.id for e in store.entities(active)] == [e.id for e in sorted(roster(3), key=lambda e: e.id)]
    # The store still works: the same recording now succeeds and reuses those records.
    assert store.record_version("zk_list", roster(8), meta(2)).version.number == 2
    assert _count(store, "entity_records") == before["records"] + 5


def test_new_records_are_written_in_short_transactions_before_the_version(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    """Recording 1,200 new entities commits the records in batches, then the version whole."""
    commits: list[tuple[int, int]] = []  # (record rows, member rows) per committed transaction
    pending = [0, 0]

    def count_rows(conn: Any, cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        rows = len(parameters) if isinstance(parameters, list) else 1
        if "INTO entity_records" in statement:
            pending[0] += rows
        elif "INTO version_members" in statement:
            pending[1] += rows

    def commit(conn: Any) -> None:
        if pending != [0, 0]:
            commits.append((pending[0], pending[1]))
        pending[:] = [0, 0]

    sa.event.listen(store.engine, "before_cursor_execute", count_rows)
    sa.event.listen(store.engine, "commit", commit)
    try:
        version = store.record_version("zk_list", roster(1200), meta(1)).version
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", count_rows)
        sa.event.remove(store.engine, "commit", commit)
    assert len(commits) >= 4
    assert all(members == 0 and 0 < records <= 500 for records, members in commits[:-1])
    assert commits[-1] == (0, 1200)  # the version and its members: one transaction
    assert sum(records for records, _ in commits) == 1200
    assert len(store.entities(version)) == 1200


def test_unknown_versions_and_entities_are_not_found(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    store.record_version("zk_list", roster(2), meta())
    with pytest.raises(NotFoundError, match="no version 7"):
        store.get_version("zk_list", 7)
    with pytest.raises(NotFoundError):
        store.get_version("zk_nothing", 1)
    with pytest.raises(NotFoundError, match="zk_list-99"):
        store.get_entity("zk_list-99")
    with pytest.raises(NotFoundError):
        store.entity_history("zk_list-99")


def test_one_active_version_per_list_is_enforced_by_the_database(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    store.record_version("zk_list", roster(2), meta())
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO list_versions (source, number, fetched_at, origin, format, files, http, "
                "entity_count, content_hash, active) "
                "VALUES ('zk_list', 2, :at, 'o', 'f', '{}', '{}', 0, 'h', :active)"
            ),
            {"at": datetime(2024, 5, 4, tzinfo=UTC), "active": True},
        )


def test_alias_kinds_survive_the_round_trip(
    store: Store, company: Callable[..., Entity], meta: Callable[..., VersionMeta]
) -> None:
    version = store.record_version("zk_list", [company(2)], meta()).version
    (loaded,) = store.entities(version)
    assert [name.kind for name in loaded.names] == [NameKind.PRIMARY, NameKind.ALIAS]


def test_on_sqlite_list_writes_take_turns_with_the_other_writers(
    tmp_path: Path, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    # A server's audit writer holds the writers' lock file: the update waits for its turn (rather
    # than polling SQLite's lock), and records its version once the lock is free.
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}")
    with Store.open(settings) as store:
        turns = writers_turns(store.engine)
        assert turns == tmp_path / "store.db.write-lock"
        with ThreadPoolExecutor(1) as pool, host_lock(turns):
            recording = pool.submit(store.record_version, "zk_list", roster(3), meta(1))
            time.sleep(0.5)
            assert not recording.done()
            assert store.versions() == []
        assert recording.result(timeout=30).created
        assert [v.number for v in store.versions()] == [1]
