"""Checkpoints of a batch run, so an interrupted run resumes without losing or repeating alerts.

Chunks are written to the spool strictly in order; after each chunk the checkpoint records how
many chunks are done and how long the spool and the errors file were at that moment. On resume
both files are cut back to those lengths (dropping anything written after the last checkpoint)
and the run continues with the next chunk.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import orjson

from sanctionwatch.errors import InputError

_VERSION = 1


@dataclass(slots=True, frozen=True)
class Checkpoint:
    """State of a batch after its first ``chunks`` chunks were written."""

    key: str  # digest of the input file and every option that changes the output
    chunks: int = 0
    spool_bytes: int = 0
    errors_bytes: int = 0
    queries: int = 0
    alerts: int = 0
    problems: int = 0

    def save(self, path: Path) -> None:
        """Write atomically: a checkpoint on disk is always a complete one."""
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(orjson.dumps({"version": _VERSION, **asdict(self)}))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Checkpoint | None:
        """The checkpoint at ``path``, or None if there is none; InputError if it is unreadable."""
        if not path.exists():
            return None
        try:
            data = orjson.loads(path.read_bytes())
            if data.pop("version", None) != _VERSION:
                raise ValueError("unknown checkpoint version")
            return cls(**data)
        except (ValueError, TypeError) as exc:
            raise InputError(f"{path}: unreadable checkpoint ({exc}); rerun without --resume") from None
