"""Alert files: JSON lines, CSV and Parquet.

A batch writes alerts as JSON lines to a spool file first (appendable, and truncatable to the last
checkpoint on resume); :func:`finish_spool` then turns the spool into the requested format. CSV and
Parquet carry the explanation as a JSON string column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson

from sanctionwatch.errors import InputError
from sanctionwatch.screen.alert import ALERT_FIELDS

_PARQUET_BATCH = 10_000


class AlertFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    PARQUET = "parquet"

    @classmethod
    def resolve(cls, output: Path, explicit: str | None) -> AlertFormat:
        """The format asked for, else the one the output's extension names, else JSON lines."""
        if explicit:
            try:
                return cls(explicit.lower())
            except ValueError:
                known = ", ".join(f.value for f in cls)
                raise InputError(f"unknown output format {explicit!r} (known: {known})") from None
        suffix = output.suffix.lower()
        if suffix == ".csv":
            return cls.CSV
        if suffix in (".parquet", ".pq"):
            return cls.PARQUET
        return cls.JSONL


def finish_spool(spool: Path, output: Path, fmt: AlertFormat) -> None:
    """Turn the JSON-lines spool into ``output`` (atomically: a partial output never appears)."""
    if fmt is AlertFormat.JSONL:
        spool.replace(output)
        return
    tmp = output.with_name(output.name + ".tmp")
    if fmt is AlertFormat.CSV:
        _write_csv(spool, tmp)
    else:
        _write_parquet(spool, tmp)
    tmp.replace(output)
    spool.unlink()


def _rows(spool: Path) -> Iterator[dict[str, Any]]:
    with spool.open("rb") as handle:
        for line in handle:
            if line.strip():
                row: dict[str, Any] = orjson.loads(line)
                yield row


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    flat = dict(row)
    flat["explanation"] = orjson.dumps(row.get("explanation"), option=orjson.OPT_SORT_KEYS).decode()
    return flat


def _write_csv(spool: Path, target: Path) -> None:
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ALERT_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for row in _rows(spool):
            writer.writerow(_flat(row))


def _write_parquet(spool: Path, target: Path) -> None:
    import pyarrow as pa  # imported here: pyarrow is heavy and only Parquet output needs it
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.float64() if name == "score" else pa.string()) for name in ALERT_FIELDS])
    with pq.ParquetWriter(str(target), schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in _rows(spool):
            batch.append(_flat(row))
            if len(batch) >= _PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))


def read_alerts(path: Path, fmt: AlertFormat | None = None) -> list[dict[str, Any]]:
    """Read an alert file of any format back (explanations decoded): for checks and tests."""
    fmt = fmt or AlertFormat.resolve(path, None)
    if fmt is AlertFormat.JSONL:
        return list(_rows(path))
    if fmt is AlertFormat.CSV:
        with path.open(encoding="utf-8", newline="") as handle:
            rows: list[dict[str, Any]] = list(csv.DictReader(handle))
        for row in rows:
            row["score"] = float(row["score"])
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(str(path)).to_pylist()
    for row in rows:
        row["explanation"] = orjson.loads(row["explanation"])
    return rows
