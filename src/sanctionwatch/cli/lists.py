"""List commands: ``update``, ``lists``, ``diff``, ``show`` and ``export``."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from sanctionwatch.cli.app import app, error_console, output_console, settings_of
from sanctionwatch.errors import InputError
from sanctionwatch.model import Entity
from sanctionwatch.model.ftm import to_ftm
from sanctionwatch.sources.catalog import Skipped
from sanctionwatch.store import EntityAppearance, EntityChange, FieldChange, ListDelta, ListVersion, Store
from sanctionwatch.store.delta import entity_changes
from sanctionwatch.update import (
    Outcome,
    UpdateReport,
    update_download,
    update_from_directory,
    update_sources,
)

_OUTCOME_STYLE = {
    Outcome.NEW: "green",
    Outcome.UNCHANGED: "dim",
    Outcome.SKIPPED: "yellow",
    Outcome.FAILED: "bold red",
}
# A folder with more skipped files than this is summarised in one line.
_SKIPPED_DETAIL = 3
# Changed entities `diff` prints by default: a list re-issued with other data can change them all, and
# rendering thousands of table rows takes far longer than the diff itself.
_CHANGED_ROWS = 500


# --- update ---------------------------------------------------------------------------------------


@app.command("update")
def update_command(
    ctx: typer.Context,
    lists: Annotated[
        list[str] | None, typer.Argument(help="Lists to download (default: the enabled lists).")
    ] = None,
    from_dir: Annotated[
        Path | None, typer.Option("--from", help="Load every list file found in this directory instead.")
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Load one file into one list: KEY=PATH (repeatable).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Record despite bad records, a large drop or a count mismatch.")
    ] = False,
) -> None:
    """Download the lists (or load them from files) and record a new version of each that changed."""
    settings = settings_of(ctx)
    pairs = [_source_pair(item) for item in source or []]
    if sum(bool(x) for x in (lists, from_dir, pairs)) > 1:
        raise InputError("give list names, --from DIR or --source KEY=PATH, not several of them")
    with Store.open(settings) as store, _progress() as progress:
        if from_dir is not None:
            report = update_from_directory(store, settings, from_dir, force=force, progress=progress)
        elif pairs:
            report = update_sources(store, settings, pairs, force=force, progress=progress)
        else:
            report = update_download(store, settings, lists, force=force, progress=progress)
    print_update_report(output_console(), report, from_dir)
    if report.failed:
        raise typer.Exit(report.exit_code)


def _source_pair(item: str) -> tuple[str, Path]:
    key, sep, path = item.partition("=")
    if not sep or not key.strip() or not path.strip():
        raise InputError(f"--source {item!r}: expected KEY=PATH, e.g. ofac_sdn=./sdn.xml")
    return key.strip(), Path(path.strip())


@contextmanager
def _progress() -> Iterator[Any]:
    """A live line on stderr saying which list is at which stage; yields the update callback."""
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=error_console(), transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def step(source: str, stage: str) -> None:
            bar.update(task, description=f"{source}: {stage}")

        yield step


def print_update_report(console: Console, report: UpdateReport, base: Path | None = None) -> None:
    """The update report: one row per publication, then every problem, then the skipped files."""
    table = Table(title="Update", title_justify="left")
    table.add_column("List", no_wrap=True)
    table.add_column("Result", no_wrap=True)
    table.add_column("Entities", justify="right", no_wrap=True)
    table.add_column("+added -removed ~changed", justify="right", no_wrap=True)
    table.add_column("Detail", ratio=1, overflow="fold")
    for result in report.results:
        counts = result.counts
        size = counts.entities if counts else (result.version.entity_count if result.version else None)
        change = f"+{counts.added:,} -{counts.removed:,} ~{counts.changed:,}" if counts else ""
        outcome = Text(result.outcome.value, style=_OUTCOME_STYLE[result.outcome])
        detail = Text(result.message)
        detail.append(f"\n{_shown(result.origin, base)}", style="dim")
        table.add_row(result.source, outcome, "" if size is None else f"{size:,}", change, detail)
    console.print(table)
    for result in report.results:
        if result.problems:
            header = f"\n{result.source}: {len(result.problems)} problem(s) in {_shown(result.origin, base)}"
            console.print(header, style="bold", markup=False, soft_wrap=True)
            for problem in result.problems:
                console.print(f"  {problem}", markup=False, soft_wrap=True)
    _print_skipped(console, report.skipped_files, base)


# The demo command imported the report printer under its first name.
_print_report = print_update_report


def _shown(origin: str, base: Path | None) -> str:
    """A file origin relative to the --from directory (shorter); URLs and other paths as they are."""
    if base is None:
        return origin
    try:
        return Path(origin).relative_to(base).as_posix()
    except ValueError:
        return origin


def _print_skipped(console: Console, skipped: Sequence[Skipped], base: Path | None) -> None:
    if not skipped:
        return
    console.print(f"\nSkipped {len(skipped)} file(s):")
    groups: dict[tuple[Path, str], list[Path]] = {}
    for item in skipped:
        groups.setdefault((item.path.parent, item.reason), []).append(item.path)
    for (folder, reason), paths in groups.items():
        if len(paths) > _SKIPPED_DETAIL:
            line = f"  {_shown(str(folder), base)}/ ({len(paths)} files): {reason}"
            console.print(line, markup=False, soft_wrap=True)
        else:
            for path in paths:
                console.print(f"  {_shown(str(path), base)}: {reason}", markup=False, soft_wrap=True)


# --- lists ----------------------------------------------------------------------------------------


@app.command("lists")
def lists_command(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Argument(help="Only this list.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Every version of every list: number, active, dates, entity count, format, file hashes."""
    with Store.open(settings_of(ctx)) as store:
        versions = store.versions(source)
    if as_json:
        typer.echo(orjson.dumps([_version_dict(v) for v in versions], option=orjson.OPT_INDENT_2).decode())
        return
    table = Table(title="List versions", title_justify="left")
    for column in ("List", "Version", "Active", "Published", "Fetched (UTC)", "Entities", "Format"):
        table.add_column(
            column, justify="right" if column in ("Version", "Entities") else "left", no_wrap=True
        )
    table.add_column("Files (sha256)", overflow="fold")
    for v in versions:
        files = "\n".join(f"{name} {digest[:8]}" for name, digest in sorted(v.files.items()))
        table.add_row(
            v.source,
            str(v.number),
            Text("active", style="green") if v.active else "",
            (v.published or "")[:10],
            v.fetched_at.strftime("%Y-%m-%d %H:%M"),
            f"{v.entity_count:,}",
            v.format,
            Text(files),
        )
    output_console().print(table if versions else "No lists recorded yet: run `sanctionwatch update`.")


def _version_dict(v: ListVersion) -> dict[str, Any]:
    return {
        "source": v.source,
        "number": v.number,
        "active": v.active,
        "published": v.published,
        "fetched_at": v.fetched_at.isoformat(),
        "entity_count": v.entity_count,
        "stated_count": v.stated_count,
        "format": v.format,
        "origin": v.origin,
        "files": dict(v.files),
        "http": dict(v.http),
        "content_hash": v.content_hash,
    }


# --- diff -----------------------------------------------------------------------------------------


@app.command("diff")
def diff_command(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="List key, e.g. ofac_sdn.")],
    from_number: Annotated[
        int | None, typer.Option("--from", help="Old version (default: the one before).")
    ] = None,
    to_number: Annotated[
        int | None, typer.Option("--to", help="New version (default: the active one).")
    ] = None,
    program: Annotated[
        str | None, typer.Option("--program", help="Only entities under this programme.")
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=0,
            help="Rows shown per kind of change (default: all added/removed, 500 changed; 0: all).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """What changed in a list between two versions: added, removed and changed entities."""
    with Store.open(settings_of(ctx)) as store:
        delta = store.diff(source, from_number, to_number)
    if program is not None:
        delta = _only_program(delta, program)
    if as_json:
        data = delta.to_dict() | {"program": program, "summary": _summary(delta)}
        typer.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
        return
    console = output_console()
    limits = _row_limits(limit)
    console.print(_delta_table(delta, program, limits))
    _print_summary(console, delta, limits)


def _only_program(delta: ListDelta, program: str) -> ListDelta:
    def has(entity: Entity) -> bool:
        return program in entity.programs

    return dataclasses.replace(
        delta,
        added=tuple(e for e in delta.added if has(e)),
        removed=tuple(e for e in delta.removed if has(e)),
        changed=tuple(c for c in delta.changed if has(c.before) or has(c.after)),
    )


def _summary(delta: ListDelta) -> dict[str, Any]:
    return {
        "added": len(delta.added),
        "removed": len(delta.removed),
        "changed": len(delta.changed),
        "added_by_program": dict(_by_program(delta.added).most_common()),
        "removed_by_program": dict(_by_program(delta.removed).most_common()),
    }


def _by_program(entities: Sequence[Entity]) -> Counter[str]:
    return Counter(p for e in entities for p in set(e.programs) or {"(none)"})


def _delta_title(delta: ListDelta, program: str | None) -> str:
    old = f"version {delta.from_version.number}" if delta.from_version else "nothing"
    title = f"{delta.source}: {old} -> version {delta.to_version.number}"
    return f"{title}, programme {program}" if program else title


def _row_limits(limit: int | None) -> dict[str, int | None]:
    """Rows to show per kind of change; None means all."""
    if limit is None:
        return {"added": None, "removed": None, "changed": _CHANGED_ROWS}
    return dict.fromkeys(("added", "removed", "changed"), limit or None)


def _delta_table(delta: ListDelta, program: str | None, limits: dict[str, int | None]) -> Table:
    table = Table(title=_delta_title(delta, program), title_justify="left")
    for column in ("Change", "Entity", "Name", "Schema", "Programmes", "What changed"):
        table.add_column(column, no_wrap=column in ("Change", "Entity", "Schema"))
    for entity in delta.added[: limits["added"]]:
        table.add_row(Text("added", style="green"), *_entity_cells(entity), "")
    for entity in delta.removed[: limits["removed"]]:
        table.add_row(Text("removed", style="red"), *_entity_cells(entity), "")
    for change in delta.changed[: limits["changed"]]:
        table.add_row(
            Text("changed", style="yellow"), *_entity_cells(change.after), Text(_changes_text(change))
        )
    return table


def _entity_cells(entity: Entity) -> tuple[Text, Text, Text, Text]:
    # Text, not str: list data must never be read as rich markup ("[...]" is common in names).
    return (
        Text(entity.id),
        Text(entity.primary_name),
        Text(entity.schema.value),
        Text(", ".join(entity.programs)),
    )


def _changes_text(change: EntityChange) -> str:
    return "\n".join(_field_change_text(c) for c in change.changes)


def _field_change_text(change: FieldChange) -> str:
    parts = [f"+ {v}" for v in change.added] + [f"- {v}" for v in change.removed]
    return f"{change.field}: " + "; ".join(parts)


def _print_summary(console: Console, delta: ListDelta, limits: dict[str, int | None]) -> None:
    summary = _summary(delta)
    hidden = []
    for kind, items in (("added", delta.added), ("removed", delta.removed), ("changed", delta.changed)):
        limit = limits[kind]
        if limit is not None and len(items) > limit:
            hidden.append(f"{len(items) - limit:,} {kind}")
    if hidden:
        note = f"Not shown: {', '.join(hidden)} (--limit 0 shows all, --json gives everything)"
        console.print(note, markup=False, soft_wrap=True)
    console.print(
        f"\n{summary['added']:,} added, {summary['removed']:,} removed, {summary['changed']:,} changed",
        markup=False,
    )
    for label, key in (("Added", "added_by_program"), ("Removed", "removed_by_program")):
        counts: dict[str, int] = summary[key]
        if counts:
            console.print(
                f"{label} by programme: " + ", ".join(f"{p} {n:,}" for p, n in counts.items()), markup=False
            )


# --- show -----------------------------------------------------------------------------------------


@app.command("show")
def show_command(
    ctx: typer.Context,
    entity_id: Annotated[str, typer.Argument(help="Entity id, e.g. ofac_sdn-31455.")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Everything known about one entity, and the versions of its list it appeared in."""
    with Store.open(settings_of(ctx)) as store:
        entity = store.get_entity(entity_id)
        history = store.entity_history(entity_id)
        versions = store.versions(entity.source)
    steps = _history_steps(history)
    if as_json:
        data = {
            "entity": entity.to_dict(),
            "appearances": [_appearance_dict(a, changes) for a, changes in steps],
            "absent_from_versions": _absent(history, versions),
        }
        typer.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
        return
    console = output_console()
    console.print(_entity_table(entity))
    console.print(_history_table(entity.source, steps))
    absent = _absent(history, versions)
    if absent:
        console.print(f"Not in version(s) {', '.join(map(str, absent))} of {entity.source}.", markup=False)


def _history_steps(
    history: Sequence[EntityAppearance],
) -> list[tuple[EntityAppearance, tuple[FieldChange, ...] | None]]:
    """Each appearance with what changed since the previous one (None for the first)."""
    steps: list[tuple[EntityAppearance, tuple[FieldChange, ...] | None]] = []
    previous: EntityAppearance | None = None
    for appearance in history:
        changes: tuple[FieldChange, ...] | None
        if previous is None:
            changes = None
        elif previous.content_hash == appearance.content_hash:
            changes = ()
        else:
            changes = entity_changes(previous.entity, appearance.entity)
        steps.append((appearance, changes))
        previous = appearance
    return steps


def _absent(history: Sequence[EntityAppearance], versions: Sequence[ListVersion]) -> list[int]:
    present = {a.version.number for a in history}
    first = min(present, default=0)
    return [v.number for v in versions if v.number > first and v.number not in present]


def _appearance_dict(appearance: EntityAppearance, changes: tuple[FieldChange, ...] | None) -> dict[str, Any]:
    v = appearance.version
    return {
        "version": v.number,
        "active": v.active,
        "published": v.published,
        "fetched_at": v.fetched_at.isoformat(),
        "content_hash": appearance.content_hash,
        "first_appearance": changes is None,
        "changes": [dataclasses.asdict(c) for c in changes or ()],
    }


def _entity_table(entity: Entity) -> Table:
    table = Table(title=f"{entity.id}: {entity.primary_name}", title_justify="left", show_header=False)
    table.add_column("Field", style="bold")
    table.add_column("Value")
    for label, value in _entity_rows(entity):
        if value:
            table.add_row(label, Text(value))
    return table


def _entity_rows(entity: Entity) -> list[tuple[str, str]]:
    names = [
        f"{n.full} ({n.kind.value}" + "".join(f", {x}" for x in (n.lang, n.script) if x) + ")"
        for n in entity.names
    ]
    addresses = [
        a.full or ", ".join(x for x in (a.street, a.city, a.region, a.postal_code, a.country) if x)
        for a in entity.addresses
    ]
    identifiers = [
        f"{i.label or i.type.value}: {i.value}" + (f" ({i.country})" if i.country else "")
        for i in entity.identifiers
    ]
    dates = [
        d.text if d.value is None else f"{d.value}" + (f"..{d.until}" if d.until else "")
        for d in entity.birth_dates
    ]
    return [
        ("List", f"{entity.source} (list id {entity.source_id})"),
        ("Schema", entity.schema.value),
        ("Names", "\n".join(names)),
        ("Programmes", ", ".join(entity.programs)),
        ("Listed on", entity.listed_on or ""),
        ("Birth dates", ", ".join(dates)),
        ("Birth places", "; ".join(entity.birth_places)),
        ("Gender", entity.gender or ""),
        ("Nationalities", ", ".join(entity.nationalities)),
        ("Citizenships", ", ".join(entity.citizenships)),
        ("Countries", ", ".join(entity.countries)),
        ("Titles", "; ".join(entity.titles)),
        ("Positions", "; ".join(entity.positions)),
        ("Addresses", "\n".join(addresses)),
        ("Identifiers", "\n".join(identifiers)),
        ("Other", "\n".join(f"{k}: {v}" for k, v in entity.properties)),
        ("Remarks", entity.remarks or ""),
    ]


def _history_table(
    source: str, steps: list[tuple[EntityAppearance, tuple[FieldChange, ...] | None]]
) -> Table:
    table = Table(title=f"Appearances in {source}", title_justify="left")
    for column in ("Version", "Active", "Published", "Fetched (UTC)", "Changes since previous appearance"):
        table.add_column(column)
    for appearance, changes in steps:
        v = appearance.version
        if changes is None:
            what = "first appearance"
        elif not changes:
            what = "unchanged"
        else:
            what = "\n".join(_field_change_text(c) for c in changes)
        table.add_row(
            str(v.number),
            "active" if v.active else "",
            (v.published or "")[:19],
            v.fetched_at.strftime("%Y-%m-%d %H:%M"),
            Text(what),
        )
    return table


# --- export ---------------------------------------------------------------------------------------


@app.command("export")
def export_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (JSON lines).")],
    fmt: Annotated[
        str, typer.Option("--format", help="Export format: ftm (FollowTheMoney JSON lines).")
    ] = "ftm",
    source: Annotated[list[str] | None, typer.Option("--list", help="Only this list (repeatable).")] = None,
) -> None:
    """Export the active version of the lists as FollowTheMoney JSON lines."""
    if fmt != "ftm":
        raise InputError(f"--format {fmt!r}: the only export format is 'ftm'")
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
    entities = objects = 0
    try:
        with os.fdopen(handle, "wb") as out, Store.open(settings_of(ctx)) as store:
            for entity in store.active_entities(source or None):
                entities += 1
                for obj in to_ftm(entity):
                    out.write(orjson.dumps(obj) + b"\n")
                    objects += 1
        Path(tmp_name).replace(output)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    error_console().print(
        f"Wrote {objects:,} FtM objects for {entities:,} entities to {output}", markup=False
    )
