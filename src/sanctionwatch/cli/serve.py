"""``sanctionwatch serve``: the HTTP API with uvicorn, on the store of the settings.

With ``--workers N``, N processes serve the port, each on a socket of its own
(:mod:`sanctionwatch.api.workers`); each has its own screener (loaded
from the on-disk index cache, which one of them builds while the others wait), its own audit
writer, and its own background list watcher. The store's schema is brought up to date once, here,
before any worker starts.
"""

from __future__ import annotations

import copy
import logging.config
from typing import Annotated, Any

import typer
import uvicorn
from fastapi import FastAPI
from uvicorn.config import LOGGING_CONFIG

from sanctionwatch.cli.app import app, settings_of
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: Seconds a worker may take to finish its requests (and commit their audit records) on shutdown.
GRACEFUL_SECONDS = 30


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = DEFAULT_PORT,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Server processes sharing the port.")] = 1,
    access_log: Annotated[
        bool, typer.Option(help="Log one line per request (route template, status, time; no query data).")
    ] = False,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
) -> None:
    """Serve the screening API (see /docs); stops on Ctrl-C or SIGTERM after finishing requests."""
    settings = settings_of(ctx)
    # Migrations run here once, not racing in several workers; a bad database URL fails cleanly.
    Store.open(settings).close()
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_config": log_config(log_level, access_log=access_log),
        "access_log": False,  # the API logs its own access lines, without customer data
        "timeout_graceful_shutdown": GRACEFUL_SECONDS,
    }
    if workers == 1:
        uvicorn.run(_create(settings), **options)
    else:
        from sanctionwatch.api.workers import supervise

        # Each worker process builds its own app from the same environment, on a socket of its own.
        logging.config.dictConfig(options["log_config"])
        rest = {key: value for key, value in options.items() if key not in ("host", "port")}
        supervise("sanctionwatch.cli.serve:app_factory", host, port, workers, rest)


def app_factory() -> FastAPI:
    """The app of one worker process (``--workers`` > 1): settings from the environment."""
    return _create(Settings())


def _create(settings: Settings) -> FastAPI:
    from sanctionwatch.api import create_app  # the API stack is imported only when serving

    return create_app(settings, manage_gc=True)


def log_config(level: str, *, access_log: bool) -> dict[str, Any]:
    """uvicorn's logging set-up plus sanctionwatch's loggers (the access log only if asked)."""
    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    level = level.upper()
    config["loggers"]["sanctionwatch"] = {"handlers": ["default"], "level": level, "propagate": False}
    config["loggers"]["sanctionwatch.api.access"] = {
        "handlers": ["default"],
        "level": level if access_log else "WARNING",
        "propagate": False,
    }
    config["loggers"]["uvicorn"]["level"] = level
    return config
