"""API key commands: ``keys create``, ``keys list``, ``keys revoke``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import orjson
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sanctionwatch.auth.keys import ApiKey, Role, create_key, list_keys, revoke
from sanctionwatch.cli.app import app, settings_of
from sanctionwatch.store import Store

keys_app = typer.Typer(help="Create, list and revoke API keys (stored hashed).", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def create_command(
    ctx: typer.Context,
    role: Annotated[Role, typer.Option("--role", help="What the key may do.", case_sensitive=False)],
    name: Annotated[str, typer.Option("--name", help="Who or what the key is for.")] = "",
) -> None:
    """Create an API key and print it (on stdout, once: only its hash is stored)."""
    with Store.open(settings_of(ctx)) as store:
        new = create_key(store, role, name)
    err = Console(stderr=True, highlight=False)
    err.print(f"New {new.api_key.role.value} key, prefix {new.api_key.prefix}. Store it now:")
    typer.echo(new.key)
    err.print("It will not be shown again (only its hash is stored).")


@keys_app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """Every key: prefix, role, name, created, revoked (never the key or its hash)."""
    with Store.open(settings_of(ctx)) as store:
        found = list_keys(store)
    if as_json:
        for key in found:
            typer.echo(orjson.dumps(_key_dict(key)).decode())
        return
    table = Table("prefix", "role", "name", "created", "revoked")
    for key in found:
        table.add_row(
            key.prefix, key.role.value, Text(key.name), _when(key.created_at), _when(key.revoked_at)
        )
    Console(highlight=False).print(table)


@keys_app.command("revoke")
def revoke_command(
    ctx: typer.Context, prefix: Annotated[str, typer.Argument(help="The key's prefix (see `keys list`).")]
) -> None:
    """Revoke a key. A running server stops accepting it within SANCTIONWATCH_API_KEY_CACHE_SECONDS."""
    with Store.open(settings_of(ctx)) as store:
        key = revoke(store, prefix)
    typer.echo(f"revoked {key.prefix} ({key.role.value}{', ' + key.name if key.name else ''})")


def _when(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat(timespec="seconds")


def _key_dict(key: ApiKey) -> dict[str, str | None]:
    return {
        "prefix": key.prefix,
        "role": key.role.value,
        "name": key.name,
        "created_at": key.created_at.isoformat(),
        "revoked_at": None if key.revoked_at is None else key.revoked_at.isoformat(),
    }
