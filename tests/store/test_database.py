"""SQLite write transactions: turns on the writers' lock file, and the log checkpointed after the turn."""

from __future__ import annotations

from pathlib import Path

from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.database import AUTOCHECKPOINT_PAGES, write_transaction

ROW = "q" * 3000  # about one page


def test_a_write_transaction_checkpoints_after_its_turn_not_in_its_commit(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}")
    database = tmp_path / "store.db"
    with Store.open(settings) as store:
        before = database.stat().st_size
        with write_transaction(store.engine, "test") as conn:
            # The commit (inside the turn) leaves the log alone...
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one() == 0
            conn.exec_driver_sql("CREATE TABLE filler (data TEXT)")
            for _ in range(1500):
                conn.exec_driver_sql("INSERT INTO filler VALUES (?)", (ROW,))
        # ...and once the turn is over the rows are copied into the database file.
        assert database.stat().st_size > before + 1500 * 3000
        with store.engine.connect() as conn:  # the pooled connection is as SQLite's default again
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one() == AUTOCHECKPOINT_PAGES
            assert conn.exec_driver_sql("SELECT count(*) FROM filler").scalar_one() == 1500
