"""API keys on SQLite and PostgreSQL: create, verify, revoke, list, hash-only storage, the cache, the CLI."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import sanctionwatch.cli.keys  # noqa: F401  (registers the commands on the app)
from sanctionwatch.auth.keys import KeyRing, Role, create_key, list_keys, revoke, verify
from sanctionwatch.cli.app import app
from sanctionwatch.errors import InputError, NotFoundError
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store.open(settings) as opened:
        yield opened


def test_a_created_key_verifies_with_its_role_and_name(store: Store) -> None:
    key, record = create_key(store, "analyst", "ops team")
    assert key.startswith("sw_") and len(key) >= 40
    assert record.prefix == key[3:11]
    found = verify(store, key)
    assert found is not None
    assert (found.prefix, found.role, found.name, found.revoked) == (
        record.prefix,
        Role.ANALYST,
        "ops team",
        False,
    )


def test_wrong_tampered_and_malformed_keys_fail(store: Store) -> None:
    key, _ = create_key(store, Role.SCREEN)
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")  # same prefix, other secret
    for bad in (tampered, key + "x", "sw_" + "A" * 43, key[3:], "", "sw_", "Bearer " + key, key * 10):
        assert verify(store, bad) is None, bad


def test_each_key_is_different(store: Store) -> None:
    made = {create_key(store, Role.SCREEN).key for _ in range(20)}
    assert len(made) == 20
    assert len({key[3:11] for key in made}) == 20


def test_revoked_keys_fail_and_stay_listed(store: Store) -> None:
    kept, _ = create_key(store, Role.ADMIN, "kept")
    gone, record = create_key(store, Role.SCREEN, "gone")
    revoked = revoke(store, record.prefix)
    assert revoked.revoked and revoked.revoked_at is not None
    assert verify(store, gone) is None
    assert verify(store, kept) is not None
    again = revoke(store, record.prefix)  # idempotent: keeps the first revocation time
    assert again.revoked_at == revoked.revoked_at
    listed = {key.name: key for key in list_keys(store)}
    assert set(listed) == {"kept", "gone"}
    assert listed["gone"].revoked and not listed["kept"].revoked
    assert listed["kept"].role is Role.ADMIN


def test_revoking_an_unknown_prefix_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        revoke(store, "nosuchpf")


def test_unknown_roles_and_long_names_are_refused(store: Store) -> None:
    with pytest.raises(InputError, match="unknown role"):
        create_key(store, "superuser")
    with pytest.raises(InputError, match="limit"):
        create_key(store, Role.SCREEN, "x" * 201)
    assert list_keys(store) == []


def test_only_the_hash_is_stored(store: Store, settings: Settings) -> None:
    key, record = create_key(store, Role.SCREEN, "hash check")
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM api_keys")).mappings().all()
    assert len(rows) == 1
    cells = [str(value) for value in rows[0].values()]
    assert not any(key in cell or key[11:] in cell for cell in cells)
    assert rows[0]["sha256"] == hashlib.sha256(key.encode()).hexdigest()
    if store.engine.dialect.name == "sqlite":
        store.close()
        database = Path(str(store.engine.url.database))  # the file and its -wal/-shm companions
        data = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
        assert key[11:].encode() not in data
        assert record.prefix.encode() in data  # the check looks at the right files


def test_key_ring_caches_for_its_ttl_then_sees_a_revocation(store: Store) -> None:
    ring = KeyRing(store, cache_seconds=0.3)
    key, record = create_key(store, Role.SCREEN)
    assert ring.verify(key) is not None
    revoke(store, record.prefix)  # as another process would: this ring does not know
    assert ring.verify(key) is not None  # still cached
    time.sleep(0.4)
    assert ring.verify(key) is None


def test_key_ring_revoke_takes_effect_at_once_in_its_process(store: Store) -> None:
    ring = KeyRing(store, cache_seconds=60)
    new = ring.create("admin", "ring")
    assert ring.verify(new.key) is not None
    ring.revoke(new.api_key.prefix)
    assert ring.verify(new.key) is None
    assert [key.prefix for key in ring.list()] == [new.api_key.prefix]


@hyp_settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_strings_never_verify(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    engine = _shared_engine(tmp_path_factory)
    assert verify(engine, text) is None
    assert verify(engine, "sw_" + text) is None


_ENGINES: dict[str, sa.Engine] = {}


def _shared_engine(factory: pytest.TempPathFactory) -> sa.Engine:
    # One migrated SQLite database with one real key for every hypothesis example.
    if "engine" not in _ENGINES:
        settings = Settings(data_dir=factory.mktemp("keys"))
        store = Store.open(settings)
        create_key(store, Role.SCREEN)
        _ENGINES["engine"] = store.engine
    return _ENGINES["engine"]


# -- CLI ------------------------------------------------------------------------------------------


def _env(settings: Settings) -> dict[str, str]:
    return {
        "SANCTIONWATCH_DATA_DIR": str(settings.data_dir),
        "SANCTIONWATCH_DATABASE_URL": settings.resolved_database_url,
    }


def test_cli_create_prints_the_key_once_and_list_never_shows_it(settings: Settings) -> None:
    runner = CliRunner()
    created = runner.invoke(
        app, ["keys", "create", "--role", "analyst", "--name", "[red]ops"], env=_env(settings)
    )
    assert created.exit_code == 0, created.output
    key = created.stdout.strip()
    assert key.startswith("sw_") and "\n" not in key
    assert "will not be shown again" in created.stderr
    listed = runner.invoke(app, ["keys", "list"], env=_env(settings))
    assert listed.exit_code == 0, listed.output
    assert key[3:11] in listed.stdout and "analyst" in listed.stdout and "[red]ops" in listed.stdout
    assert key[11:] not in listed.stdout
    with Store.open(settings) as store:
        found = verify(store, key)
    assert found is not None and found.role is Role.ANALYST


def test_cli_revoke_and_errors(settings: Settings) -> None:
    runner = CliRunner()
    key = runner.invoke(app, ["keys", "create", "--role", "screen"], env=_env(settings)).stdout.strip()
    revoked = runner.invoke(app, ["keys", "revoke", key[3:11]], env=_env(settings))
    assert revoked.exit_code == 0, revoked.output
    listed = runner.invoke(app, ["keys", "list", "--json"], env=_env(settings))
    assert '"revoked_at":null' not in listed.stdout and key[3:11] in listed.stdout
    with Store.open(settings) as store:
        assert verify(store, key) is None
    bad_role = runner.invoke(app, ["keys", "create", "--role", "root"], env=_env(settings))
    assert bad_role.exit_code != 0
