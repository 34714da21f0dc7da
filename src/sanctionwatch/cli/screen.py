"""Screening commands: ``screen`` (one name, or a whole file in batch) and ``compare`` (given pairs)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from sanctionwatch.cli.app import app, error_console, output_console, settings_of
from sanctionwatch.errors import ConfigurationError, InputError, Location
from sanctionwatch.settings import Settings

_SHOWN_PROBLEMS = 10


def _open_screener(settings: Settings) -> Any:
    from sanctionwatch.screen import Screener
    from sanctionwatch.store import Store

    store = Store.open(settings)
    try:
        if not any(v.active for v in store.versions()):
            raise ConfigurationError("no lists loaded: run `sanctionwatch update` first")
        with error_console().status("loading the index (built once per set of list versions)"):
            return Screener.from_store(store, settings)
    finally:
        store.close()


def _query_properties(
    name: str, birth_date: str | None, nationality: list[str] | None, country: list[str] | None
) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {"name": [name]}
    if birth_date:
        props["birthDate"] = [birth_date]
    if nationality:
        props["nationality"] = list(nationality)
    if country:
        props["country"] = list(country)
    return props


@app.command("screen")
def screen_command(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="A name to screen (or use --input FILE).")] = None,
    input_path: Annotated[
        Path | None,
        typer.Option("--input", "-i", help="Queries: CSV (id,name,schema,...) or FtM JSON lines."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Alert file of a batch.")] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="jsonl, csv or parquet (default: from --output's extension)."),
    ] = None,
    errors: Annotated[
        Path | None, typer.Option("--errors", help="Bad input lines (default: OUTPUT.errors.jsonl).")
    ] = None,
    schema: Annotated[str | None, typer.Option("--schema", help="Person, Organization, Vessel, ...")] = None,
    birth_date: Annotated[
        str | None, typer.Option("--birth-date", help="YYYY-MM-DD, YYYY-MM or YYYY.")
    ] = None,
    nationality: Annotated[
        list[str] | None, typer.Option("--nationality", help="Country (repeatable).")
    ] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="Linked country (repeatable).")
    ] = None,
    threshold: Annotated[
        float | None, typer.Option("--threshold", min=0.0, max=1.0, help="Alert from this score on.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="Most alerts per query.")] = 10,
    lists: Annotated[list[str] | None, typer.Option("--list", help="Only these lists (repeatable).")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Processes for a batch.")] = 2,
    chunk_size: Annotated[
        int, typer.Option("--chunk-size", min=1, help="Queries per task of a batch.")
    ] = 500,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted batch.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print alerts of one name as JSON.")] = False,
) -> None:
    """Screen a name against the loaded lists, or a whole file of queries in batch."""
    if (name is None) == (input_path is None):
        raise InputError("give either a NAME or --input FILE (with --output FILE)")
    settings = settings_of(ctx)
    if input_path is not None:
        if output is None:
            raise InputError("--input needs --output FILE")
        from sanctionwatch.screen.batch import BatchOptions
        from sanctionwatch.screen.screener import ScreenTask

        screener = _open_screener(settings)
        task = ScreenTask(screener, threshold, limit, tuple(lists) if lists else None)
        options = BatchOptions(chunk_size=chunk_size, workers=workers, resume=resume, key=task.key())
        _run(input_path, output, fmt, errors, task, options, noun="queries", rows="alerts")
        return
    assert name is not None
    _screen_one(
        settings,
        name,
        schema,
        _query_properties(name, birth_date, nationality, country),
        threshold,
        limit,
        lists,
        as_json,
    )


def _screen_one(
    settings: Settings,
    name: str,
    schema: str | None,
    properties: dict[str, list[str]],
    threshold: float | None,
    limit: int,
    lists: Sequence[str] | None,
    as_json: bool,
) -> None:
    from sanctionwatch.screen.query import entity_from_properties, parse_schema

    location = Location("command line")
    query = entity_from_properties("query", parse_schema(schema, location), properties, location)
    screener = _open_screener(settings)
    alerts = screener.screen(query, threshold=threshold, limit=limit, lists=lists)
    console = output_console()
    if as_json:
        console.print_json(orjson.dumps([a.to_dict() for a in alerts]).decode())
        return
    if not alerts:
        cutoff = screener.threshold if threshold is None else threshold
        console.print(f"No alerts for {name!r} (threshold {cutoff:.2f}).")
        return
    table = Table(title=f"Alerts for {name!r}")
    for column in ("score", "list", "list id", "schema", "matched name", "why"):
        table.add_column(column, overflow="fold")
    for alert in alerts:
        table.add_row(
            f"{alert.score:.2f}",
            alert.source,
            alert.source_id,
            alert.schema,
            alert.matched_name,
            _why(alert.explanation),
        )
    console.print(table)


def _why(explanation: dict[str, Any]) -> str:
    """A one-line summary of the explanation: each feature's contribution."""
    features = explanation.get("features")
    if isinstance(features, list):
        parts = [
            f"{f.get('feature')}: {f.get('detail')}"
            for f in features
            if isinstance(f, dict) and f.get("detail")
        ]
        return "; ".join(parts)
    return ""


@app.command("compare")
def compare_command(
    input_path: Annotated[
        Path, typer.Option("--input", "-i", help='JSON lines: {"id", "query": {...}, "candidate": {...}}.')
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help='JSON lines: {"id", "score", "match", ...}.')
    ],
    errors: Annotated[
        Path | None, typer.Option("--errors", help="Bad input lines (default: OUTPUT.errors.jsonl).")
    ] = None,
    threshold: Annotated[
        float | None, typer.Option("--threshold", min=0.0, max=1.0, help="Score from which match is true.")
    ] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Processes.")] = 2,
    chunk_size: Annotated[int, typer.Option("--chunk-size", min=1, help="Pairs per task.")] = 500,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted run.")] = False,
) -> None:
    """Score given pairs of entities (FtM form), one result line per pair."""
    from sanctionwatch.match import MatchConfig, Matcher
    from sanctionwatch.screen.batch import BatchOptions
    from sanctionwatch.screen.pairs import CompareTask

    config = MatchConfig()
    if threshold is not None:
        config = dataclasses.replace(config, threshold=threshold)
    task = CompareTask(Matcher(config))
    options = BatchOptions(chunk_size=chunk_size, workers=workers, resume=resume, key=repr(config))
    _run(input_path, output, "jsonl", errors, task, options, noun="pairs", rows="results")


def _run(
    input_path: Path,
    output: Path,
    fmt: str | None,
    errors: Path | None,
    task: Callable[..., Any],
    options: Any,
    *,
    noun: str,
    rows: str,
) -> None:
    from sanctionwatch.screen.alert_file import AlertFormat
    from sanctionwatch.screen.batch import BatchPaths, run_batch
    from sanctionwatch.screen.query_file import QueryFile, QueryFormat

    pairs = noun == "pairs"
    source = QueryFile.open(input_path, QueryFormat.JSONL if pairs else None)
    paths = BatchPaths.for_output(output, errors)
    with _progress(source.count_hint(), noun) as advance:
        summary = run_batch(source, paths, AlertFormat.resolve(output, fmt), task, options, advance)
    err = error_console()
    if summary.resumed_chunks:
        err.print(f"resumed after {summary.resumed_chunks} completed chunks")
    if summary.problems:
        _show_problems(err, paths.errors, summary.problems)
    if summary.interrupted:
        err.print(f"interrupted after {summary.records} {noun}; rerun with --resume to continue")
        raise typer.Exit(130)
    err.print(f"{summary.records} {noun}, {summary.rows} {rows} -> {output}")
    if summary.problems:
        raise typer.Exit(3)


def _show_problems(console: Console, path: Path, count: int) -> None:
    console.print(f"{count} bad input lines (skipped, the rest was processed); all listed in {path}:")
    with path.open("rb") as handle:
        for line, _ in zip(handle, range(_SHOWN_PROBLEMS), strict=False):
            problem = orjson.loads(line)
            where = ", ".join(
                f"{k} {problem[k]}" if k != "file" else str(problem[k])
                for k in ("file", "line", "record", "field")
                if problem.get(k) is not None
            )
            console.print(f"  {where}: {problem['message']}", markup=False)
    if count > _SHOWN_PROBLEMS:
        console.print(f"  ... and {count - _SHOWN_PROBLEMS} more")


@contextmanager
def _progress(total: int, noun: str) -> Iterator[Callable[[int], None]]:
    columns = (
        TextColumn(f"screening {noun}" if noun != "pairs" else "comparing pairs"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=error_console(), transient=True) as bar:
        task = bar.add_task(noun, total=total or None)

        def advance(done: int) -> None:
            bar.advance(task, done)

        yield advance
