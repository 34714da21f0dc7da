"""Shared fixtures: the real list snapshots, fixture files, and a fresh database on SQLite or PostgreSQL."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from sanctionwatch.errors import Problem
from sanctionwatch.settings import Settings
from sanctionwatch.sources.base import ParsedList

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_LISTS = Path(os.environ.get("SANCTIONWATCH_SHARED_LISTS", REPO.parent / "shared" / "data" / "lists"))
POSTGRES_URL = os.environ.get(
    "SANCTIONWATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def shared_lists() -> Path:
    """The real list snapshots (SANCTIONWATCH_SHARED_LISTS); tests skip, saying why, only if absent."""
    if not SHARED_LISTS.is_dir():
        pytest.skip(f"real list snapshots not found at {SHARED_LISTS} (set SANCTIONWATCH_SHARED_LISTS)")
    return SHARED_LISTS


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


def _postgres_admin_engine() -> sa.Engine:
    engine = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
    except sa.exc.OperationalError as exc:
        engine.dispose()
        message = f"PostgreSQL not reachable at {POSTGRES_URL}: {exc.orig}"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI starts PostgreSQL; a missing server there is a failure, not a skip
        pytest.skip(message)
    return engine


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a brand-new PostgreSQL database, dropped after the test."""
    with _new_postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: run each store test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url)


@contextmanager
def _new_postgres_database() -> Iterator[str]:
    """A brand-new PostgreSQL database (skips when the server is unreachable), dropped afterwards."""
    admin = _postgres_admin_engine()
    name = f"sw_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(POSTGRES_URL).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def module_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """As ``database_url``, shared by a whole test module (e.g. one API server per module)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'store.db'}"
        return
    with _new_postgres_database() as url:
        yield url


class Golden:
    """Reviewed JSON views of parse results: ``golden(parsed, path)`` compares, UPDATE_GOLDEN=1 writes."""

    @staticmethod
    def view(parsed: ParsedList) -> dict[str, Any]:
        """A readable, deterministic view of a parse result (paths reduced to file names)."""
        return {
            "published": parsed.published,
            "stated_count": parsed.stated_count,
            "problems": _located(parsed.problems),
            "warnings": _located(parsed.warnings),
            "entities": [entity.to_dict() for entity in parsed.entities],
        }

    def __call__(self, parsed: ParsedList, path: Path) -> None:
        actual = json.loads(json.dumps(self.view(parsed)))  # tuples become lists, as in the file
        if os.environ.get("UPDATE_GOLDEN"):
            path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        assert actual == json.loads(path.read_text(encoding="utf-8"))


def _located(problems: list[Problem]) -> list[dict[str, Any]]:
    return [{**p.to_dict(), "file": Path(p.location.file).name} for p in problems]


@pytest.fixture(scope="session")
def golden() -> Golden:
    """Compare a parse result with its reviewed golden file (see :class:`Golden`)."""
    return Golden()
