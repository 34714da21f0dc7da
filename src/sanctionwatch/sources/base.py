"""What every list parser takes and returns.

A parser reads a :class:`FileSet` (the files that together make one publication of one list)
and returns a :class:`ParsedList`: the entities it could read and a :class:`Problem` for every
record it could not, each with its location. Parsers never stop at the first bad record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sanctionwatch.errors import Location, Problem
from sanctionwatch.model import Entity


@dataclass(slots=True, frozen=True)
class FileSet:
    """The files of one publication of one list, by role.

    Roles: ``main`` for single-file formats; for the OFAC CSV set ``sdn`` (or ``prim``), ``add``,
    ``alt``, ``comments``.
    """

    source: str  # list key the entities go to (ofac_sdn, ofac_cons, un_sc, eu_fsf, uk, uk_fcdo, ...)
    format: str  # parser key, see sources.registry
    paths: Mapping[str, Path]
    published_hint: str | None = None  # e.g. a date in the folder name, used when the file states none

    def path(self, role: str = "main") -> Path:
        return self.paths[role]


@dataclass(slots=True)
class ParsedList:
    """A parser's result: entities, every problem found, and what the file says about itself.

    ``problems`` are records that could not be read (whole or in part): an update refuses a list
    with problems unless forced. ``warnings`` are values kept only as the list's own text (a date
    like ``0097-06-30``): the record is whole, so they are reported but do not block an update.
    """

    source: str
    format: str
    entities: list[Entity] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    published: str | None = None  # ISO date or datetime the file states for itself
    stated_count: int | None = None  # the entry count the file states (OFAC Record_Count), if any

    def problem(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location, message))

    def warn(self, location: Location, message: str) -> None:
        self.warnings.append(Problem(location, message))


@dataclass(slots=True)
class FileReport:
    """Where a parser reports what is wrong in one file of a list: each finding located in it.

    A record id that is empty is reported as no record id at all.
    """

    path: Path
    result: ParsedList

    def problem(self, line: int | None, record: str | None, field: str | None, message: str) -> None:
        """A record (or part of one) that could not be read."""
        self.result.problem(Location(str(self.path), line, record or None, field), message)

    def warn(self, line: int | None, record: str | None, field: str | None, message: str) -> None:
        """A value kept only as the list's own text: reported, but the record is whole."""
        self.result.warn(Location(str(self.path), line, record or None, field), message)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
