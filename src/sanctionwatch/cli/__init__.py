"""Command-line interface: ``sanctionwatch COMMAND``.

One module per command group registers its commands on :data:`sanctionwatch.cli.app.app`.
Errors of the :class:`~sanctionwatch.errors.SanctionwatchError` family end the command with one
clear line on stderr (and the details, one per line), never a traceback.
"""

from __future__ import annotations

import importlib
import sys

from sanctionwatch.cli.app import app
from sanctionwatch.errors import InputError, SanctionwatchError

# Command modules, imported for their registrations.
COMMAND_MODULES = ("lists", "screen", "demo", "serve", "audit", "keys")


def main() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"sanctionwatch.cli.{name}")
    try:
        app(standalone_mode=True)
    except SanctionwatchError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        for problem in exc.problems[:200]:
            print(f"  {problem}", file=sys.stderr)
        if len(exc.problems) > 200:
            print(f"  ... and {len(exc.problems) - 200} more", file=sys.stderr)
        sys.exit(2 if isinstance(exc, InputError) else 1)


__all__ = ["app", "main"]
