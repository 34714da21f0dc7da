"""The Typer application every command module registers its commands on."""

from __future__ import annotations

import typer
from rich.console import Console

from sanctionwatch.settings import Settings

app = typer.Typer(
    name="sanctionwatch",
    help="Sanctions screening: official lists, a versioned store, explainable matching.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _configure(ctx: typer.Context) -> None:
    # Settings are read once, here at the edge, and handed to every command through the context.
    ctx.obj = Settings()


def settings_of(ctx: typer.Context) -> Settings:
    settings = ctx.find_root().obj
    if not isinstance(settings, Settings):
        raise RuntimeError("settings not configured")  # only if a command is invoked outside the app
    return settings


def output_console() -> Console:
    """Standard output for tables and reports (list data is printed as text, never as markup)."""
    return Console(highlight=False, soft_wrap=False)


def error_console() -> Console:
    return Console(stderr=True, highlight=False)
