"""What the CSV list parsers with a header row share: the header check and the record loop.

A header must name the columns a parser cannot do without; each record must have as many cells as
the header. A record that does not, or that the CSV reader cannot read, is a located problem and
the rest of the file is still read.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from sanctionwatch.errors import ParseError
from sanctionwatch.sources.base import FileReport


def header_columns(path: Path, header: list[str] | None, required: tuple[str, ...], title: str) -> list[str]:
    """The header's column names; an empty file or a header without a ``required`` column is refused.

    ``title`` names the format in the error ("a Consolidated Screening List CSV").
    """
    if header is None:
        raise ParseError(f"{path}: not {title}: the file is empty")
    columns = [c.strip() for c in header]
    missing = [c for c in required if c not in columns]
    if missing:
        raise ParseError(
            f"{path}: not {title}: header lacks {', '.join(missing)} (starts {', '.join(columns[:5])})"
        )
    return columns


def records(reader: Iterator[list[str]], width: int, report: FileReport) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each non-blank record with ``width`` cells; a problem for each other one."""
    while True:
        line = getattr(reader, "line_num", 0) + 1  # a record may span lines: report where it starts
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            report.problem(line, None, None, f"unreadable CSV record: {exc}")
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            report.problem(line, row[0] if row else None, None, f"{len(row)} cells, expected {width}")
            continue
        yield line, row
