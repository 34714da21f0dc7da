"""The audit and key tables as migrated: they match the table definitions, and the database itself
refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL) on the audit trail."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from sanctionwatch.audit.recorder import AuditRecorder, ScreeningRecord
from sanctionwatch.audit.tables import METADATA as AUDIT_METADATA
from sanctionwatch.auth.tables import METADATA as KEY_METADATA
from sanctionwatch.store import Store
from sanctionwatch.store.migrations import alembic_config

RecordFactory = Callable[..., ScreeningRecord]


@pytest.mark.parametrize("metadata", [AUDIT_METADATA, KEY_METADATA], ids=["audit", "keys"])
def test_migrated_tables_match_their_definitions(store: Store, metadata: sa.MetaData) -> None:
    ours = set(metadata.tables)
    with store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": lambda name, kind, _p: kind != "table" or name in ours}
        )
        differences = compare_metadata(context, metadata)
    assert differences == []


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE screenings SET threshold = 0.1",
        "DELETE FROM screenings",
        "UPDATE screening_alerts SET score = 1.0",
        "DELETE FROM screening_alerts",
    ],
)
def test_the_database_refuses_to_change_the_audit_trail(
    store: Store, recorder: AuditRecorder, make_record: RecordFactory, statement: str
) -> None:
    record = make_record()
    recorder.record(record).result(timeout=30)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), store.engine.begin() as conn:
        conn.execute(sa.text(statement))
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT threshold FROM screenings")).scalar_one() == 0.7
        assert conn.execute(sa.text("SELECT count(*) FROM screening_alerts")).scalar_one() == 1


def test_postgresql_refuses_truncate(
    store: Store, recorder: AuditRecorder, make_record: RecordFactory
) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL")
    recorder.record(make_record()).result(timeout=30)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), store.engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE screening_alerts, screenings"))


def test_the_migration_downgrades_and_upgrades_again(store: Store) -> None:
    config = alembic_config()
    for target, present in (("0001", False), ("head", True)):
        with store.engine.begin() as conn:
            config.attributes["connection"] = conn
            (command.downgrade if target == "0001" else command.upgrade)(config, target)
        tables = set(sa.inspect(store.engine).get_table_names())
        assert ({"api_keys", "screenings", "screening_alerts"} <= tables) is present
        assert "list_versions" in tables
