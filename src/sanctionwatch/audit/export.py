"""Exporting the audit trail of a period as JSON lines or CSV, streamed (constant memory).

JSON lines: one object per screening (:meth:`RecordedScreening.to_dict`). CSV: one row per alert,
with the screening's columns repeated; a screening without alerts is one row with empty alert
columns. Every CSV cell is protected against formula injection: spreadsheet programs execute a cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, so such a cell gets a leading
apostrophe (names come from customers and from sanctions lists: neither is trusted).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import IO, Any

import orjson

from sanctionwatch.audit.trail import RecordedAlert, RecordedScreening

#: First characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

SCREENING_COLUMNS = (
    "screening_id",
    "received_at",
    "key_prefix",
    "role",
    "endpoint",
    "engine_version",
    "threshold",
    "limit",
    "lists",
    "list_versions",
    "query",
    "alert_count",
)
ALERT_COLUMNS = (
    "rank",
    "query_id",
    "entity_id",
    "source",
    "source_id",
    "schema",
    "score",
    "matched_name",
    "query_name",
    "explanation",
)
CSV_COLUMNS = SCREENING_COLUMNS + ALERT_COLUMNS


class ExportFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"


def safe_cell(value: str) -> str:
    """``value`` made inert for spreadsheets: a leading apostrophe if it could start a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def write_jsonl(screenings: Iterable[RecordedScreening], out: IO[bytes]) -> int:
    """Write one JSON object per screening; returns how many were written."""
    count = 0
    for screening in screenings:
        out.write(orjson.dumps(screening.to_dict()) + b"\n")
        count += 1
    return count


def write_csv(screenings: Iterable[RecordedScreening], out: IO[str]) -> int:
    """Write one CSV row per alert (see the module docstring); returns the screenings written."""
    # RFC 4180 line ends; with them the writer also quotes cells holding a CR or LF of their own.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for screening in screenings:
        writer.writerows(csv_rows(screening))
        count += 1
    return count


def csv_rows(screening: RecordedScreening) -> Iterator[list[str]]:
    """The CSV rows of one screening, every cell already made safe."""
    head = _screening_cells(screening)
    if not screening.alerts:
        yield [safe_cell(cell) for cell in head + [""] * len(ALERT_COLUMNS)]
    for alert in screening.alerts:
        yield [safe_cell(cell) for cell in head + _alert_cells(alert)]


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def _screening_cells(screening: RecordedScreening) -> list[str]:
    return [
        screening.id,
        screening.received_at.isoformat(),
        screening.key_prefix,
        screening.role,
        screening.endpoint,
        screening.engine_version,
        repr(screening.threshold),
        str(screening.limit),
        "" if screening.lists is None else _json(list(screening.lists)),
        _json(screening.list_versions),
        _json(screening.query),
        str(len(screening.alerts)),
    ]


def _alert_cells(alert: RecordedAlert) -> list[str]:
    return [
        str(alert.rank),
        alert.query_id,
        alert.entity_id,
        alert.source,
        alert.source_id,
        alert.schema,
        repr(alert.score),
        alert.matched_name,
        alert.query_name,
        _json(alert.explanation),
    ]
