"""Audit trail commands: ``audit export`` and ``audit replay``."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Annotated

import orjson
import typer
from rich.console import Console

from sanctionwatch.audit.export import ExportFormat, write_csv, write_jsonl
from sanctionwatch.audit.replay import ReplayResult, replay
from sanctionwatch.audit.trail import AuditTrail, RecordedScreening
from sanctionwatch.cli.app import app, settings_of
from sanctionwatch.errors import InputError
from sanctionwatch.store import Store

audit_app = typer.Typer(help="The audit trail of screenings: export and replay.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


def parse_moment(value: str, option: str) -> datetime:
    """An ISO 8601 date or date-time; without a zone it is UTC."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{option}: {value[:60]!r} is not an ISO 8601 date or date-time") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@audit_app.command("export")
def export_command(
    ctx: typer.Context,
    since: Annotated[str, typer.Option("--since", help="First moment, ISO 8601 (UTC unless stated).")],
    until: Annotated[str | None, typer.Option("--until", help="End (exclusive), ISO 8601.")] = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="jsonl or csv.")] = ExportFormat.JSONL,
    output: Annotated[Path | None, typer.Option("--output", help="File to write (default: stdout).")] = None,
) -> None:
    """Export the screenings received in [since, until): JSON lines (one per screening) or CSV
    (one row per alert; cells protected against formula injection)."""
    start = parse_moment(since, "--since")
    end = None if until is None else parse_moment(until, "--until")
    with Store.open(settings_of(ctx)) as store:
        screenings = AuditTrail(store).screenings(start, end)
        if output is None:
            count = _write(screenings, fmt, sys.stdout.buffer)
            sys.stdout.flush()
        else:
            count = _write_file(screenings, fmt, output)
    Console(stderr=True, highlight=False).print(f"exported {count} screening(s)")


def _write(screenings: Iterator[RecordedScreening], fmt: ExportFormat, out: IO[bytes]) -> int:
    if fmt is ExportFormat.JSONL:
        return write_jsonl(screenings, out)
    text = open(out.fileno(), "w", encoding="utf-8", newline="", closefd=False)  # noqa: SIM115
    with text:
        return write_csv(screenings, text)


def _write_file(screenings: Iterator[RecordedScreening], fmt: ExportFormat, output: Path) -> int:
    # Written next to the target and renamed at the end: an interrupted export leaves no partial file.
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            count = _write(screenings, fmt, out)
        Path(partial).replace(output)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return count


@audit_app.command("replay")
def replay_command(
    ctx: typer.Context,
    screening_id: Annotated[str, typer.Argument(help="Id of the recorded screening.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Re-screen a recorded screening against its recorded list versions; exit 1 if the alerts differ."""
    with Store.open(settings_of(ctx)) as store:
        result = replay(store, screening_id)
    if as_json:
        typer.echo(orjson.dumps(result.to_dict(), option=orjson.OPT_INDENT_2).decode())
    else:
        _print(result)
    if not result.identical:
        raise typer.Exit(1)


def _print(result: ReplayResult) -> None:
    console = Console(highlight=False)
    versions = ", ".join(f"{k} v{v}" for k, v in sorted(result.screening.list_versions.items()))
    console.print(f"screening {result.screening.id} against {versions or 'no lists'}", markup=False)
    if not result.same_engine:
        console.print(
            f"[yellow]engine {result.engine_version} replays a recording by {result.screening.engine_version}"
        )
    if result.identical:
        console.print(f"[green]identical[/]: {len(result.replayed)} alert(s) reproduced")
        return
    console.print(f"[bold red]{len(result.differences)} difference(s)[/]")
    for d in result.differences:
        line = f"  {d.query_id} {d.entity_id}: recorded {_score(d.recorded)}, replayed {_score(d.replayed)}"
        console.print(line, markup=False)


def _score(score: float | None) -> str:
    return "-" if score is None else f"{score:.4f}"
