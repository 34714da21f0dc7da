"""The audit writers' commits leave WAL checkpoints to a thread of their own (SQLite)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from sanctionwatch.audit.recorder import AuditRecorder, ScreeningRecord
from sanctionwatch.audit.wal import Checkpointer, writer_engine
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store

ROW = "z" * 3000  # about one page
ROWS = 2500  # well past SQLite's automatic checkpoint at 1,000 pages


def _fill(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS filler (data TEXT)")
    for _ in range(ROWS):  # one commit each, as the recorder commits
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO filler VALUES (?)", (ROW,))


def test_writer_commits_do_not_checkpoint_and_the_checkpointer_does(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}")
    database = tmp_path / "store.db"
    with Store.open(settings) as store:
        engine = writer_engine(store.engine)
        try:
            before = database.stat().st_size
            _fill(engine)
            # Everything is still in the log: no commit copied it into the database file.
            assert database.stat().st_size == before
            assert Path(f"{database}-wal").stat().st_size > ROWS * 3000
            checkpointer = Checkpointer(engine, every=0.05)
            deadline = time.monotonic() + 30
            while checkpointer.checkpoints == 0 and time.monotonic() < deadline:
                time.sleep(0.02)
            checkpointer.stop()
            assert checkpointer.checkpoints >= 2  # at least one pass, and the final one
            assert database.stat().st_size > before + ROWS * 3000
        finally:
            engine.dispose()


def test_the_store_engine_still_checkpoints_by_itself(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}")
    with Store.open(settings) as store:
        before = (tmp_path / "store.db").stat().st_size
        _fill(store.engine)
        assert (tmp_path / "store.db").stat().st_size > before + 1000 * 3000


def test_a_closed_recorder_leaves_its_records_in_the_database_file(
    tmp_path: Path, make_record: Callable[..., ScreeningRecord]
) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}")
    with Store.open(settings) as store:
        before = (tmp_path / "store.db").stat().st_size
        with AuditRecorder.start(settings, store) as recorder:
            futures = [recorder.record(make_record()) for _ in range(300)]
            for future in futures:
                future.result(timeout=60)
        assert (tmp_path / "store.db").stat().st_size > before
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM screenings")).scalar_one() == 300
