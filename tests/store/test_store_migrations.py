"""Opening the store: migrations from empty, idempotence, concurrency, engine settings, errors."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from sanctionwatch.errors import ConfigurationError, StoreError
from sanctionwatch.model import Entity
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, VersionMeta
from sanctionwatch.store.migrations import alembic_config
from sanctionwatch.store.schema import Base

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def _revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_open_creates_the_schema_from_an_empty_database(settings: Settings) -> None:
    empty = sa.create_engine(settings.resolved_database_url)
    assert sa.inspect(empty).get_table_names() == []
    empty.dispose()
    with Store.open(settings) as store:
        tables = set(sa.inspect(store.engine).get_table_names())
        assert {"list_versions", "entity_records", "version_members", "alembic_version"} <= tables
        assert _revision(store.engine) == HEAD


def test_migrated_schema_matches_the_models(settings: Settings) -> None:
    # The store's own tables; the audit and key tables are checked against their models in tests/audit.
    ours = set(Base.metadata.tables)
    with Store.open(settings) as store, store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": lambda name, kind, _parent: kind != "table" or name in ours}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_reopening_is_idempotent_and_keeps_the_data(
    settings: Settings, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    with Store.open(settings) as store:
        store.record_version("zk_list", roster(3), meta())
    with Store.open(settings) as store:
        assert _revision(store.engine) == HEAD
        assert [v.number for v in store.versions()] == [1]
        assert len(store.entities(store.versions()[0])) == 3


_OPEN_SCRIPT = """
import sys
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
Store.open(Settings(data_dir=sys.argv[1], database_url=sys.argv[2])).close()
"""


def test_processes_opening_a_new_database_at_once_all_succeed(settings: Settings, tmp_path: Path) -> None:
    url = settings.resolved_database_url
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN_SCRIPT, str(tmp_path / "data"), url], stderr=subprocess.PIPE
        )
        for _ in range(3)
    ]
    failures = [p.stderr.read().decode() for p in processes if p.wait(timeout=120) != 0 and p.stderr]
    assert failures == []
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    assert _revision(engine) == HEAD
    engine.dispose()


def test_default_store_is_a_sqlite_file_in_the_data_dir(
    tmp_path: Path, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    data_dir = tmp_path / "not" / "yet" / "there"
    with Store.open(Settings(data_dir=data_dir, database_url=None)) as store:
        store.record_version("zk_list", roster(2), meta())
    assert (data_dir / "sanctionwatch.db").is_file()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with Store.open(Settings(data_dir=tmp_path)) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 1000
        with pytest.raises(sa.exc.IntegrityError):
            conn.exec_driver_sql(
                "INSERT INTO version_members (version_id, entity_id, content_hash) VALUES (99, 'x', 'y')"
            )


def test_unreachable_postgresql_is_a_store_error_without_the_password(tmp_path: Path) -> None:
    url = "postgresql+psycopg://watcher:s3cret@127.0.0.1:1/sanctions"
    with pytest.raises(StoreError) as caught:
        Store.open(Settings(data_dir=tmp_path, database_url=url))
    message = str(caught.value)
    assert "127.0.0.1:1/sanctions" in message
    assert "not available" in message
    assert "s3cret" not in message


def test_sqlite_file_in_an_uncreatable_directory_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match="a-file"):
        Store.open(Settings(data_dir=tmp_path, database_url=f"sqlite:///{blocker / 'sub' / 'store.db'}"))


@pytest.mark.parametrize("url", ["mysql://localhost/db", "not a url", "postgresql+psycopg2://h/db"])
def test_unsupported_database_urls_are_configuration_errors(url: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError):
        Store.open(Settings(data_dir=tmp_path, database_url=url))


def test_in_memory_sqlite_works_for_throwaway_use(
    tmp_path: Path, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    with Store.open(Settings(data_dir=tmp_path, database_url="sqlite://")) as store:
        version = store.record_version("zk_list", roster(3), meta()).version
        assert [e.id for e in store.entities(version)] == ["zk_list-1", "zk_list-2", "zk_list-3"]
    assert list(tmp_path.iterdir()) == []
