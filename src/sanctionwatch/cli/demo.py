"""``sanctionwatch demo``: the whole job, offline, on the bundled EXAMPLE lists.

It loads the fictional example lists (official file formats) into a demo store of its own, kept
apart from the real one, and screens the fictional customer file against them. It says so, loudly:
example data is never a silent fallback for the real lists.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import orjson
import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from sanctionwatch.cli.app import app, settings_of
from sanctionwatch.cli.lists import print_update_report
from sanctionwatch.screen import Alert, Screener
from sanctionwatch.screen.query_file import QueryFile
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.update import update_from_directory

NOTICE = (
    "[bold]EXAMPLE DATA.[/bold] The lists loaded now are [bold]fictional entities[/bold] written in the "
    "official formats (OFAC, UN, EU, UK), bundled with sanctionwatch for this demonstration. They are "
    "kept in a separate demo store. To screen against the real lists run "
    "[bold]sanctionwatch update[/bold] (or [bold]update --from DIR[/bold])."
)


def examples_dir() -> Path:
    return Path(str(resources.files("sanctionwatch") / "examples"))


def demo_settings(settings: Settings) -> Settings:
    """The user's settings, but with a store of its own under ``DATA_DIR/demo`` (always SQLite)."""
    return settings.model_copy(update={"data_dir": settings.data_dir / "demo", "database_url": None})


@app.command("demo")
def demo_command(
    ctx: typer.Context,
    customers: Path | None = typer.Option(  # noqa: B008
        None, help="Customer file to screen (CSV or JSON lines); default: the bundled example file."
    ),
) -> None:
    """Load the bundled EXAMPLE lists (fictional entities) and screen a sample customer file."""
    console = Console()
    settings = demo_settings(settings_of(ctx))
    console.print(Panel(NOTICE, title="sanctionwatch demo", border_style="yellow"))
    with Store.open(settings) as store:
        report = update_from_directory(store, settings, examples_dir() / "lists")
        print_update_report(console, report, examples_dir() / "lists")
        if report.failed:
            raise typer.Exit(1)
        screener = Screener.from_store(store, settings)
    source = QueryFile.open(customers or examples_dir() / "customers.csv")
    alerts = _screen_file(screener, source)
    output = settings.data_dir / "alerts.jsonl"
    output.write_bytes(b"".join(orjson.dumps(a.to_dict()) + b"\n" for a in alerts))
    console.print(_alerts_table(alerts, source.path))
    console.print(f"Alerts with their full explanations: {output}")


def _screen_file(screener: Screener, source: QueryFile) -> list[Alert]:
    alerts: list[Alert] = []
    for raw in source.records():
        alerts.extend(screener.screen(source.parse(raw), limit=3))
    return alerts


def _alerts_table(alerts: list[Alert], path: Path) -> Table:
    table = Table(title=f"Alerts for {path.name} (threshold as configured)")
    for column in ("customer", "query name", "listed name", "list", "entity", "score"):
        table.add_column(column, justify="right" if column == "score" else "left")
    for alert in alerts:
        table.add_row(
            alert.query_id,
            alert.query_name,
            alert.matched_name,
            alert.source,
            alert.source_id,
            f"{alert.score:.2f}",
        )
    return table
