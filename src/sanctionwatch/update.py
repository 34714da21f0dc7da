"""Getting lists into the store: find or download, parse, check, record a version.

Each publication goes through the same steps. Files already recorded are recognised by their
hashes and not parsed again. A parse with bad records is refused whole (the previous version stays
active, untouched) and every problem is reported with its location; ``force`` records the good
records and still reports the bad ones. Two guards protect the active version: a new one may not
drop more than ``Settings.max_drop_fraction`` of its entities, and a file that states its own entry
count must agree with what was read. One list failing never stops the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from sanctionwatch.errors import Location, Problem, SanctionwatchError
from sanctionwatch.model import Entity
from sanctionwatch.settings import Settings
from sanctionwatch.sources.base import FileSet, ParsedList, file_sha256
from sanctionwatch.sources.catalog import Skipped, discover, fileset_for
from sanctionwatch.sources.download import download
from sanctionwatch.sources.registry import parse_fileset
from sanctionwatch.store import ListVersion, Store, VersionMeta

#: Called with (list key, stage) as work proceeds: "downloading", "reading", "parsing", "checking",
#: "recording".
Progress = Callable[[str, str], None]


class Outcome(StrEnum):
    NEW = "new version"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "FAILED"


@dataclass(slots=True, frozen=True)
class Counts:
    """Size of the new version and how it differs from the version that was active before."""

    entities: int
    added: int
    removed: int
    changed: int


@dataclass(slots=True, frozen=True)
class ListResult:
    """What happened to one publication of one list."""

    source: str
    outcome: Outcome
    origin: str  # file path or URL
    message: str  # one line: why skipped / failed, or what was recorded
    version: ListVersion | None = None  # the version recorded, or the one that stays active
    counts: Counts | None = None
    problems: tuple[Problem, ...] = ()


@dataclass(slots=True)
class UpdateReport:
    results: list[ListResult] = field(default_factory=list)
    skipped_files: list[Skipped] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(r.outcome is Outcome.FAILED for r in self.results)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


@dataclass(slots=True, frozen=True)
class _Context:
    store: Store
    settings: Settings
    force: bool
    progress: Progress | None

    def step(self, source: str, stage: str) -> None:
        if self.progress is not None:
            self.progress(source, stage)


@dataclass(slots=True, frozen=True)
class _Publication:
    fileset: FileSet
    origin: str
    http: dict[str, str] = field(default_factory=dict)


def update_from_directory(
    store: Store,
    settings: Settings,
    directory: Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> UpdateReport:
    """Load every list file found under ``directory``, oldest publication of each list first."""
    found = discover(directory)
    context = _Context(store, settings, force, progress)
    report = UpdateReport(skipped_files=list(found.skipped))
    for fileset in found.filesets:
        origin = str(next(iter(fileset.paths.values())))
        report.results.append(_apply(context, _Publication(fileset, origin)))
    return report


def update_sources(
    store: Store,
    settings: Settings,
    pairs: Sequence[tuple[str, Path]],
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> UpdateReport:
    """Load the named files (``--source KEY=PATH``), each into the list ``KEY``."""
    context = _Context(store, settings, force, progress)
    report = UpdateReport()
    for source, path in pairs:
        try:
            fileset = fileset_for(source, path)
        except SanctionwatchError as exc:
            report.results.append(_failed(context, source, str(path), exc.message, exc.problems))
            continue
        report.results.append(_apply(context, _Publication(fileset, str(path))))
    return report


def update_download(
    store: Store,
    settings: Settings,
    lists: Sequence[str] | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> UpdateReport:
    """Download the named lists (default: ``Settings.enabled_lists``) and load what changed."""
    context = _Context(store, settings, force, progress)
    report = UpdateReport()
    for source in lists or settings.enabled_lists:
        report.results.append(_download_one(context, source))
    return report


def _download_one(context: _Context, source: str) -> ListResult:
    url = context.settings.source_urls.get(source)
    if url is None:
        known = ", ".join(sorted(context.settings.source_urls))
        return _failed(context, source, "-", f"no download URL configured for {source!r} (known: {known})")
    active = context.store.active_version(source)
    context.step(source, "downloading")
    try:
        fetched = download(source, url, context.settings, validators=active.http if active else None)
    except SanctionwatchError as exc:
        return _failed(context, source, url, exc.message, exc.problems)
    if fetched.path is None:
        number = active.number if active else "?"
        return ListResult(
            source, Outcome.UNCHANGED, url, f"not modified since version {number} (HTTP 304)", active
        )
    try:
        fileset = fileset_for(source, fetched.path)
    except SanctionwatchError as exc:
        return _failed(context, source, url, exc.message, exc.problems)
    return _apply(context, _Publication(fileset, url, dict(fetched.validators)))


def _apply(context: _Context, publication: _Publication) -> ListResult:
    """Take one publication through size check, dedup by hash, parse, guards and recording."""
    fileset = publication.fileset
    source = fileset.source
    context.step(source, "reading")
    active = context.store.active_version(source)
    refusal = _oversize(context.settings, fileset)
    if refusal is not None:
        return _failed(context, source, publication.origin, refusal)
    files = {path.name: file_sha256(path) for path in fileset.paths.values()}
    known = _already_recorded(context.store, source, fileset.format, files)
    if known is not None:
        return _known(publication, known, active)
    stale = _older_than_active(context, fileset.published_hint, active)
    if stale is not None:
        return ListResult(source, Outcome.SKIPPED, publication.origin, stale, active)
    context.step(source, "parsing")
    parsed = _parse(fileset)
    if isinstance(parsed, ListResult):
        return _with_active(parsed, active)
    return _check_and_record(context, publication, parsed, files, active)


def _check_and_record(
    context: _Context,
    publication: _Publication,
    parsed: ParsedList,
    files: dict[str, str],
    active: ListVersion | None,
) -> ListResult:
    source, origin = parsed.source, publication.origin
    context.step(source, "checking")
    stale = _older_than_active(context, parsed.published, active)
    if stale is not None:
        return ListResult(source, Outcome.SKIPPED, origin, stale, active)
    entities, problems = _unique(parsed, publication.fileset)
    before = context.store.member_hashes(active) if active else {}
    refusal = _refusal(context, parsed, (entities, problems), before, active)
    if refusal is not None:
        return ListResult(source, Outcome.FAILED, origin, refusal, active, problems=tuple(problems))
    meta = VersionMeta(
        fetched_at=datetime.now(UTC),
        origin=origin,
        format=parsed.format,
        published=parsed.published or publication.fileset.published_hint,
        files=files,
        http=publication.http,
        stated_count=parsed.stated_count,
    )
    context.step(source, "recording")
    try:
        recorded = context.store.record_version(source, entities, meta)
    except SanctionwatchError as exc:
        message = f"store refused it: {exc.message}"
        return ListResult(source, Outcome.FAILED, origin, message, active, None, exc.problems)
    if not recorded.created:
        message = f"same content as version {recorded.version.number}"
        return ListResult(source, Outcome.UNCHANGED, origin, message, recorded.version)
    # Counted from the stored hashes: hashing every entity again here would double the work.
    counts = _counts(before, context.store.member_hashes(recorded.version))
    message = f"version {recorded.version.number}"
    if problems:
        message += f", recorded despite {len(problems)} bad record(s) (--force)"
    return ListResult(source, Outcome.NEW, origin, message, recorded.version, counts, tuple(problems))


def _refusal(
    context: _Context,
    parsed: ParsedList,
    read: tuple[list[Entity], list[Problem]],
    before: dict[str, str],
    active: ListVersion | None,
) -> str | None:
    """Why this parse must not become the active version, or None."""
    entities, problems = read
    keeps = f"version {active.number} stays active" if active else "nothing recorded"
    if problems and not context.force:
        first = problems[0]
        return (
            f"{len(problems)} bad record(s); {keeps} (use --force to record the {len(entities)} good ones). "
            f"First: {first}"
        )
    if not entities:
        return f"no entities read; {keeps}"
    if parsed.stated_count is not None and parsed.stated_count != len(entities) and not context.force:
        return f"the file states {parsed.stated_count} entries but {len(entities)} were read; {keeps}"
    if active is not None and before and not context.force:
        return _drop_refusal(context, entities, set(before), active)
    return None


def _drop_refusal(
    context: _Context, entities: list[Entity], before: set[str], active: ListVersion
) -> str | None:
    dropped = len(before - {e.id for e in entities})
    limit = context.settings.max_drop_fraction
    if dropped / len(before) <= limit:
        return None
    return (
        f"would remove {dropped} of the {len(before)} entities of version {active.number} "
        f"({dropped / len(before):.0%}, limit {limit:.0%}); refused, version {active.number} stays active "
        "(use --force if the list really shrank)"
    )


def _counts(before: dict[str, str], after: dict[str, str]) -> Counts:
    added = sum(1 for entity_id in after if entity_id not in before)
    removed = sum(1 for entity_id in before if entity_id not in after)
    changed = sum(1 for entity_id, digest in after.items() if before.get(entity_id, digest) != digest)
    return Counts(len(after), added, removed, changed)


def _unique(parsed: ParsedList, fileset: FileSet) -> tuple[list[Entity], list[Problem]]:
    """The entities with duplicate ids removed (first kept), and the parse problems plus one per duplicate."""
    problems = list(parsed.problems)
    seen: set[str] = set()
    entities: list[Entity] = []
    where = str(next(iter(fileset.paths.values())))
    for entity in parsed.entities:
        if entity.id in seen:
            problems.append(
                Problem(Location(where, record=entity.source_id), f"entity id {entity.id} appears twice")
            )
            continue
        seen.add(entity.id)
        entities.append(entity)
    return entities, problems


def _parse(fileset: FileSet) -> ParsedList | ListResult:
    origin = str(next(iter(fileset.paths.values())))
    try:
        return parse_fileset(fileset)
    except SanctionwatchError as exc:
        return ListResult(fileset.source, Outcome.FAILED, origin, exc.message, problems=exc.problems)
    except OSError as exc:
        return ListResult(fileset.source, Outcome.FAILED, origin, f"cannot read: {exc}")
    except Exception as exc:
        # A parser bug on one list must not stop the others; it is reported as that list's failure.
        message = f"internal error in the {fileset.format} parser: {type(exc).__name__}: {exc}"
        return ListResult(fileset.source, Outcome.FAILED, origin, message)


def _oversize(settings: Settings, fileset: FileSet) -> str | None:
    limit = settings.max_download_bytes
    for path in fileset.paths.values():
        size = path.stat().st_size
        if size > limit:
            return f"{path}: {size:,} bytes is over the limit of {limit:,} (SANCTIONWATCH_MAX_DOWNLOAD_BYTES)"
    return None


def _already_recorded(store: Store, source: str, fmt: str, files: dict[str, str]) -> ListVersion | None:
    for version in store.versions(source):
        if version.format == fmt and dict(version.files) == files:
            return version
    return None


def _known(publication: _Publication, known: ListVersion, active: ListVersion | None) -> ListResult:
    source, origin = publication.fileset.source, publication.origin
    if active is not None and known.id == active.id:
        return ListResult(source, Outcome.UNCHANGED, origin, f"same files as version {known.number}", active)
    current = f"version {active.number} is active" if active else "no version is active"
    message = f"already recorded as version {known.number} ({current})"
    return ListResult(source, Outcome.SKIPPED, origin, message, active)


def _older_than_active(context: _Context, published: str | None, active: ListVersion | None) -> str | None:
    """Refuse to make an older publication active again (e.g. re-running ``--from`` on old snapshots)."""
    if context.force or published is None or active is None or active.published is None:
        return None
    if published[:10] >= active.published[:10]:
        return None
    return (
        f"published {published[:10]}, older than the active version {active.number} "
        f"(published {active.published[:10]}); use --force to record it anyway"
    )


def _failed(
    context: _Context, source: str, origin: str, message: str, problems: tuple[Problem, ...] = ()
) -> ListResult:
    return ListResult(
        source, Outcome.FAILED, origin, message, context.store.active_version(source), None, problems
    )


def _with_active(result: ListResult, active: ListVersion | None) -> ListResult:
    return ListResult(
        result.source, result.outcome, result.origin, result.message, active, None, result.problems
    )
