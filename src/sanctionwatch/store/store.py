"""The versioned store: every recorded version of every list, on SQLite or PostgreSQL.

Hot paths (recording, diffing, loading a version) use Core statements with executemany and orjson,
never one ORM object per row.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL, Connection, Engine

from sanctionwatch.errors import InputError, NotFoundError
from sanctionwatch.model import Entity
from sanctionwatch.settings import Settings
from sanctionwatch.store.database import create_engine, database_errors, parse_url, write_transaction
from sanctionwatch.store.delta import EntityChange, ListDelta, entity_changes
from sanctionwatch.store.migrations import upgrade_to_head
from sanctionwatch.store.records import PreparedVersion, prepare_version
from sanctionwatch.store.schema import EntityRecordRow, ListVersionRow, VersionMemberRow
from sanctionwatch.store.versions import EntityAppearance, ListVersion, RecordResult, VersionMeta

# Bound parameters per IN (...) query: well under SQLite's and PostgreSQL's limits.
_CHUNK = 900
#: New entity records written per transaction (a few milliseconds of the database's write lock).
_RECORD_BATCH = 500

_VERSION = sa.select(ListVersionRow)


class Store:
    """Versions of the lists and their entities. Thread-safe: each call uses its own connection."""

    def __init__(self, engine: Engine, url: URL) -> None:
        self._engine = engine
        self._url = url

    @classmethod
    def open(cls, settings: Settings) -> Self:
        """Open (creating if need be) the store of ``settings`` and bring its schema up to date."""
        url = parse_url(settings.resolved_database_url)
        engine = create_engine(url)  # for SQLite, creates the database's directory (the data dir)
        try:
            with database_errors(url):
                upgrade_to_head(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, url)

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- recording ---------------------------------------------------------------------------------

    def record_version(self, source: str, entities: Sequence[Entity], meta: VersionMeta) -> RecordResult:
        """Record ``entities`` as the new active version of ``source``: it becomes visible whole, in
        one transaction, or not at all.

        If the content equals the active version's, nothing is written and that version is returned
        with ``created=False``. Raises InputError for duplicate entity ids or entities of another list.
        """
        fetched_at = _utc(meta.fetched_at)
        prepared = prepare_version(source, entities)
        with database_errors(self._url):
            with self._engine.connect() as conn:
                active = conn.execute(_active_query(source)).mappings().one_or_none()
                if active is not None and active["content_hash"] == prepared.content_hash:
                    return RecordResult(_version(active), created=False)
                known = set() if active is None else set(_member_hashes(conn, active["id"]).values())
                missing = _missing_records(conn, prepared, known)
            # The new contents go in first, in short transactions: the database's write lock is
            # what the servers' audit writers wait for. A record no version names is never read, and
            # an update that fails later leaves only such records (reused when it is tried again).
            for start in range(0, len(missing), _RECORD_BATCH):
                with write_transaction(self._engine, f"list:{source}") as conn:
                    _insert_records(conn, missing[start : start + _RECORD_BATCH])
            with write_transaction(self._engine, f"list:{source}") as conn:
                return _switch_version(conn, source, prepared, replace(meta, fetched_at=fetched_at))

    # -- versions ----------------------------------------------------------------------------------

    def active_version(self, source: str) -> ListVersion | None:
        """The active (newest) version of ``source``, or None if it has never been recorded."""
        with database_errors(self._url), self._engine.connect() as conn:
            row = conn.execute(_active_query(source)).mappings().one_or_none()
        return None if row is None else _version(row)

    def versions(self, source: str | None = None) -> list[ListVersion]:
        """Every version of every list (or of ``source``), ordered by list and number."""
        query = _VERSION.order_by(ListVersionRow.source, ListVersionRow.number)
        if source is not None:
            query = query.where(ListVersionRow.source == source)
        with database_errors(self._url), self._engine.connect() as conn:
            return [_version(row) for row in conn.execute(query).mappings()]

    def get_version(self, source: str, number: int) -> ListVersion:
        """Version ``number`` of ``source``; NotFoundError if there is none."""
        query = _VERSION.where(ListVersionRow.source == source, ListVersionRow.number == number)
        with database_errors(self._url), self._engine.connect() as conn:
            row = conn.execute(query).mappings().one_or_none()
        if row is None:
            raise NotFoundError(f"list {source!r} has no version {number}")
        return _version(row)

    def member_hashes(self, version: ListVersion) -> dict[str, str]:
        """Entity id -> content hash of every entity in ``version``."""
        with database_errors(self._url), self._engine.connect() as conn:
            return _member_hashes(conn, version.id)

    def records(self, hashes: Collection[str]) -> dict[str, Entity]:
        """Content hash -> entity, for those of ``hashes`` the store has."""
        with database_errors(self._url), self._engine.connect() as conn:
            return _load_records(conn, set(hashes))

    def entities(self, version: ListVersion) -> list[Entity]:
        """The entities of ``version``, ordered by id."""
        query = (
            sa.select(EntityRecordRow.data)
            .join(VersionMemberRow, VersionMemberRow.content_hash == EntityRecordRow.content_hash)
            .where(VersionMemberRow.version_id == version.id)
        )
        with database_errors(self._url), self._engine.connect() as conn:
            entities = [_entity(data) for data in conn.execute(query).scalars()]
        entities.sort(key=lambda entity: entity.id)  # in Python: independent of database collation
        return entities

    def active_entities(self, sources: Iterable[str] | None = None) -> Iterator[Entity]:
        """Entities of the active version of every list, or of the named lists (NotFoundError if one
        of them has no version)."""
        actives = [version for version in self.versions() if version.active]
        if sources is not None:
            wanted = {sources} if isinstance(sources, str) else set(sources)  # one name, not its letters
            missing = wanted - {version.source for version in actives}
            if missing:
                raise NotFoundError(f"no version recorded for list(s): {', '.join(sorted(missing))}")
            actives = [version for version in actives if version.source in wanted]
        return self._stream(actives)

    def _stream(self, versions: list[ListVersion]) -> Iterator[Entity]:
        for version in versions:
            yield from self.entities(version)

    # -- entities ----------------------------------------------------------------------------------

    def get_entity(self, entity_id: str) -> Entity:
        """The entity as it is in the newest version it appears in; NotFoundError if never recorded."""
        history = self._appearances(entity_id, newest_only=True)
        return history[0].entity

    def entity_history(self, entity_id: str) -> list[EntityAppearance]:
        """Every version of its list that contained the entity, oldest first; NotFoundError if none."""
        return self._appearances(entity_id, newest_only=False)

    def _appearances(self, entity_id: str, *, newest_only: bool) -> list[EntityAppearance]:
        query = (
            sa.select(
                ListVersionRow,
                EntityRecordRow.content_hash.label("record_hash"),
                EntityRecordRow.data.label("record_data"),
            )
            .join(VersionMemberRow, VersionMemberRow.version_id == ListVersionRow.id)
            .join(EntityRecordRow, EntityRecordRow.content_hash == VersionMemberRow.content_hash)
            .where(VersionMemberRow.entity_id == entity_id)
        )
        # Version ids grow with every recording, so they order versions in time (within a list: by number).
        if newest_only:
            query = query.order_by(ListVersionRow.id.desc()).limit(1)
        else:
            query = query.order_by(ListVersionRow.id)
        with database_errors(self._url), self._engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        if not rows:
            raise NotFoundError(f"no entity {entity_id!r} in any recorded version")
        # Entities of one list appear once per version; parse each distinct content only once.
        parsed: dict[str, Entity] = {}
        return [
            EntityAppearance(_version(row), row["record_hash"], _cached_entity(parsed, row)) for row in rows
        ]

    # -- deltas ------------------------------------------------------------------------------------

    def diff(self, source: str, from_number: int | None = None, to_number: int | None = None) -> ListDelta:
        """Added, removed and changed entities between two versions of ``source``.

        Defaults: ``to`` is the active version, ``from`` the version before ``to`` (none before the
        first version: then every entity is added).
        """
        to_version = self._target_version(source, to_number)
        from_version = self._base_version(to_version, from_number)
        with database_errors(self._url), self._engine.connect() as conn:
            after = _member_hashes(conn, to_version.id)
            before = {} if from_version is None else _member_hashes(conn, from_version.id)
            added = sorted(after.keys() - before.keys())
            removed = sorted(before.keys() - after.keys())
            changed = sorted(key for key in after.keys() & before.keys() if after[key] != before[key])
            wanted = {after[key] for key in added} | {before[key] for key in removed}
            wanted.update(h for key in changed for h in (before[key], after[key]))
            records = _load_records(conn, wanted)
        changes = (_entity_change(records[before[key]], records[after[key]]) for key in changed)
        return ListDelta(
            source=source,
            from_version=from_version,
            to_version=to_version,
            added=tuple(records[after[key]] for key in added),
            removed=tuple(records[before[key]] for key in removed),
            # Content that differs only in order of values is not a change worth reporting.
            changed=tuple(change for change in changes if change.changes),
        )

    def _target_version(self, source: str, number: int | None) -> ListVersion:
        if number is not None:
            return self.get_version(source, number)
        active = self.active_version(source)
        if active is None:
            raise NotFoundError(f"no version recorded for list {source!r}")
        return active

    def _base_version(self, target: ListVersion, number: int | None) -> ListVersion | None:
        if number is not None:
            return self.get_version(target.source, number)
        query = (
            _VERSION.where(ListVersionRow.source == target.source, ListVersionRow.number < target.number)
            .order_by(ListVersionRow.number.desc())
            .limit(1)
        )
        with database_errors(self._url), self._engine.connect() as conn:
            row = conn.execute(query).mappings().one_or_none()
        return None if row is None else _version(row)


def _active_query(source: str) -> sa.Select[ListVersionRow]:
    return _VERSION.where(ListVersionRow.source == source, ListVersionRow.active)


def _next_number(conn: Connection, source: str) -> int:
    query = sa.select(sa.func.max(ListVersionRow.number)).where(ListVersionRow.source == source)
    current = conn.execute(query).scalar_one_or_none()
    return 1 if current is None else current + 1


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _existing_hashes(conn: Connection, hashes: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(hashes):
        query = sa.select(EntityRecordRow.content_hash).where(EntityRecordRow.content_hash.in_(chunk))
        found.update(conn.execute(query).scalars())
    return found


def _missing_records(conn: Connection, prepared: PreparedVersion, known: set[str]) -> list[dict[str, str]]:
    """Rows of the records whose content the store does not hold yet (content addressing).

    ``known``: hashes certainly stored (the active version's); only the others are looked up.
    """
    unknown = [record.content_hash for record in prepared.records if record.content_hash not in known]
    existing = known | _existing_hashes(conn, unknown)
    return [
        {
            "content_hash": record.content_hash,
            "entity_id": record.entity_id,
            "schema": record.schema,
            "data": record.data,
        }
        for record in prepared.records
        if record.content_hash not in existing
    ]


def _insert_records(conn: Connection, rows: list[dict[str, str]]) -> None:
    """Insert entity records; one another writer stored meanwhile is left as it is (same content)."""
    insert = sqlite_insert if conn.dialect.name == "sqlite" else postgresql_insert
    conn.execute(insert(EntityRecordRow).on_conflict_do_nothing(index_elements=["content_hash"]), rows)


def _switch_version(
    conn: Connection, source: str, prepared: PreparedVersion, meta: VersionMeta
) -> RecordResult:
    """Make ``prepared`` (its records stored) the active version of ``source``, within ``conn``'s
    write transaction; nothing is written if another writer recorded the same content meanwhile."""
    active = conn.execute(_active_query(source)).mappings().one_or_none()
    if active is not None and active["content_hash"] == prepared.content_hash:
        return RecordResult(_version(active), created=False)
    conn.execute(
        sa.update(ListVersionRow)
        .where(ListVersionRow.source == source, ListVersionRow.active)
        .values(active=False)
    )
    version = ListVersion(
        id=0,  # assigned by the database below
        source=source,
        number=_next_number(conn, source),
        fetched_at=meta.fetched_at,
        published=meta.published,
        origin=meta.origin,
        format=meta.format,
        files=dict(meta.files),
        http=dict(meta.http),
        stated_count=meta.stated_count,
        entity_count=len(prepared.records),
        content_hash=prepared.content_hash,
        active=True,
    )
    return RecordResult(_insert_version(conn, version, prepared), created=True)


def _insert_version(conn: Connection, version: ListVersion, prepared: PreparedVersion) -> ListVersion:
    """Insert the version row and its membership rows; the version with its database id."""
    row = {key: value for key, value in version.to_dict().items() if key != "id"}
    row["fetched_at"] = version.fetched_at
    inserted = conn.execute(sa.insert(ListVersionRow).values(row)).inserted_primary_key
    version_id = int(inserted[0]) if inserted is not None else 0
    members = [
        {"version_id": version_id, "entity_id": record.entity_id, "content_hash": record.content_hash}
        for record in prepared.records
    ]
    if members:
        conn.execute(sa.insert(VersionMemberRow), members)
    return replace(version, id=version_id)


def _member_hashes(conn: Connection, version_id: int) -> dict[str, str]:
    query = sa.select(VersionMemberRow.entity_id, VersionMemberRow.content_hash).where(
        VersionMemberRow.version_id == version_id
    )
    return {str(entity_id): str(content_hash) for entity_id, content_hash in conn.execute(query)}


def _load_records(conn: Connection, hashes: set[str]) -> dict[str, Entity]:
    records: dict[str, Entity] = {}
    for chunk in _chunks(sorted(hashes)):
        query = sa.select(EntityRecordRow.content_hash, EntityRecordRow.data).where(
            EntityRecordRow.content_hash.in_(chunk)
        )
        records.update((content_hash, _entity(data)) for content_hash, data in conn.execute(query))
    return records


def _entity(data: str) -> Entity:
    return Entity.from_dict(orjson.loads(data))


def _cached_entity(cache: dict[str, Entity], row: sa.RowMapping) -> Entity:
    content_hash: str = row["record_hash"]
    entity = cache.get(content_hash)
    if entity is None:
        entity = cache[content_hash] = _entity(row["record_data"])
    return entity


def _entity_change(before: Entity, after: Entity) -> EntityChange:
    return EntityChange(after.id, before, after, entity_changes(before, after))


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise InputError(f"fetched_at must be timezone-aware, got {moment.isoformat()}")
    return moment.astimezone(UTC)


def _version(row: sa.RowMapping) -> ListVersion:
    fetched_at: datetime = row["fetched_at"]
    # SQLite keeps no offset; we only ever store UTC.
    fetched_at = fetched_at.replace(tzinfo=UTC) if fetched_at.tzinfo is None else fetched_at.astimezone(UTC)
    return ListVersion(
        id=row["id"],
        source=row["source"],
        number=row["number"],
        fetched_at=fetched_at,
        published=row["published"],
        origin=row["origin"],
        format=row["format"],
        files=_strings(row["files"]),
        http=_strings(row["http"]),
        stated_count=row["stated_count"],
        entity_count=row["entity_count"],
        content_hash=row["content_hash"],
        active=bool(row["active"]),
    )


def _strings(value: dict[str, Any]) -> dict[str, str]:
    return {str(key): str(item) for key, item in value.items()}
