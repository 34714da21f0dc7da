"""FollowTheMoney ``entities.ftm.json``: one FtM entity per line, as OpenSanctions publishes datasets.

Lines are read one at a time (bounded at :data:`MAX_LINE_BYTES`) and handed to
:func:`sanctionwatch.model.ftm.import_ftm`, which folds Sanction/Passport/Identification/Address/
CryptoWallet objects onto their holders. The list key is ``fileset.source`` (the dataset name).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import orjson

from sanctionwatch.errors import Location, ParseError, Problem
from sanctionwatch.model.ftm import FtmObject, import_ftm
from sanctionwatch.sources.base import FileSet, ParsedList

log = logging.getLogger(__name__)

MAX_LINE_BYTES = 10 * 1024 * 1024  # the largest FtM entity line we accept (real ones are a few KB)
_CHUNK = 1 << 20


def parse(fileset: FileSet) -> ParsedList:
    """Read an ``entities.ftm.json`` file into entities; every bad line is a located problem."""
    result, skipped = parse_counting(fileset)
    if skipped:
        log.info("%s: skipped FtM objects by schema: %s", fileset.path(), dict(skipped))
    return result


def parse_counting(fileset: FileSet) -> tuple[ParsedList, Counter[str]]:
    """Like :func:`parse`, also returning how many objects were skipped, by schema."""
    path = fileset.path()
    reader = _LineReader(path)
    imported = import_ftm(reader.records(), fileset.source)
    problems = sorted(reader.problems + imported.problems, key=lambda p: p.location.line or 0)
    if reader.objects == 0:
        why = "the file is empty" if reader.lines == 0 else "no line is a JSON object"
        raise ParseError(f"{path}: not FtM JSON lines: {why}", problems=tuple(problems[:100]))
    result = ParsedList(source=fileset.source, format=fileset.format)
    result.entities = imported.entities
    result.problems = problems
    return result, imported.skipped


class _LineReader:
    """JSON lines of a file, with a problem for each line that is not a JSON object."""

    __slots__ = ("lines", "objects", "path", "problems")

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.lines = 0  # non-blank lines
        self.objects = 0  # lines that were JSON objects

    def records(self) -> Iterator[tuple[Location, FtmObject]]:
        with self.path.open("rb") as handle:
            for number, raw in enumerate(_bounded_lines(handle), start=1):
                if raw is not None and not raw.strip():
                    continue
                self.lines += 1
                obj = self._decode(number, raw)
                if obj is not None:
                    self.objects += 1
                    record = obj.get("id")
                    yield Location(str(self.path), number, str(record) if record else None), obj

    def _decode(self, number: int, raw: bytes | None) -> FtmObject | None:
        location = Location(str(self.path), number)
        if raw is None:
            self.problems.append(Problem(location, f"line longer than {MAX_LINE_BYTES} bytes: skipped"))
            return None
        try:
            obj = orjson.loads(raw.removeprefix(b"\xef\xbb\xbf").strip() if number == 1 else raw.strip())
        except orjson.JSONDecodeError as exc:
            self.problems.append(Problem(location, f"not valid JSON: {exc}"))
            return None
        if not isinstance(obj, dict):
            self.problems.append(Problem(location, f"not a JSON object but {type(obj).__name__}"))
            return None
        return obj


def _bounded_lines(handle: IO[bytes]) -> Iterator[bytes | None]:
    """Each line of ``handle``; None for a line over the limit, whose rest is read past unkept."""
    while True:
        line = handle.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = handle.readline(_CHUNK)
        yield None
