"""Alembic migrations of the store, shipped inside the package and run programmatically."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from sanctionwatch.store.database import write_transaction

SCRIPT_LOCATION = Path(__file__).resolve().parent


def alembic_config() -> Config:
    """Alembic configuration pointing at these migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.set_main_option("path_separator", "os")
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Bring the schema to the newest revision; does nothing when it is already there.

    The whole upgrade runs in one transaction holding the store's write lock, so two processes
    opening a new database at once apply each migration exactly once.
    """
    config = alembic_config()
    with write_transaction(engine, "schema") as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
