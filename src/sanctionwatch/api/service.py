"""The screening service: the screener the API screens with, and its replacement when lists change.

Requests read one immutable :class:`ScreeningSnapshot` (a screener and the list versions it was
built from) through :meth:`ScreeningService.current` and keep using it to the end, so a response
never mixes two versions. A background thread replaces the snapshot:

* every ``Settings.update_interval`` seconds (and on :meth:`ScreeningService.request_refresh`) it
  runs the list update (downloads, or ``Settings.update_from``) and builds the index of the new
  active versions;
* every few seconds it checks the store for active versions other than its own (recorded by
  ``sanctionwatch update``, or by another server process) and loads them.

Updating and index building are CPU-heavy (tens of seconds for all lists) and would stall the
event loop by holding the GIL, so they run in a child process; the server then only loads the
finished index from the on-disk cache (a fraction of a second) and swaps one reference. Several
server processes coordinate through file locks in the data directory: one list process runs at a
time across them (``lists.lock``, held by the server process that started it), and a server
process that finds one at work waits for it to end and then loads its result, the store's active
versions and their cached index, instead of starting another (one child, not one per worker, next
to the servers during an update).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnProcess
from pathlib import Path
from types import MappingProxyType

import anyio.to_thread

from sanctionwatch.errors import SanctionwatchError
from sanctionwatch.index import NameIndex, cached_index, fingerprint
from sanctionwatch.screen.screener import Screener
from sanctionwatch.settings import Settings
from sanctionwatch.store import ListVersion, Store
from sanctionwatch.store.host_lock import LockAbandoned, host_lock, host_lock_after_wait, is_locked
from sanctionwatch.store.stored_entities import StoredEntities
from sanctionwatch.update import Outcome, UpdateReport, update_download, update_from_directory

log = logging.getLogger("sanctionwatch.api.service")

#: Seconds between checks of the store for list versions loaded by someone else.
POLL_SECONDS = 5.0
#: Longest wait before retrying a failed load (the wait doubles from one second up to this).
MAX_RETRY_SECONDS = 30.0
#: Longest a child process may take to update the lists and build their index.
CHILD_TIMEOUT_SECONDS = 3600.0

#: File name ending of the index cache (see sanctionwatch.index.cache).
INDEX_SUFFIX = ".idx"
#: (list key, version number, content hash) of each active version: what an index is built from.
VersionKey = tuple[tuple[str, int, str], ...]


@dataclass(slots=True, frozen=True)
class ScreeningSnapshot:
    """What screening uses now: a screener and the list versions it was built from."""

    screener: Screener
    list_versions: Mapping[str, int]
    built_at: datetime
    versions: VersionKey = ()


@dataclass(slots=True, frozen=True)
class RefreshOutcome:
    """What one refresh did: the update's result per list, and whether the snapshot changed."""

    swapped: bool
    list_versions: Mapping[str, int]
    results: tuple[str, ...] = ()  # one line per list of the update ("ofac_sdn: new version ...")
    error: str | None = None


@dataclass(slots=True, frozen=True)
class PreparedLists:
    """The active versions after an update, whose index is now in the cache (or why not)."""

    versions: VersionKey = ()
    results: tuple[str, ...] = ()
    error: str | None = None
    index_file: str | None = None  # the cached index of ``versions``


@dataclass(slots=True)
class _Schedule:
    """When the background thread next updates the lists and next polls the store."""

    interval: float
    next_update: float = field(default=float("inf"))
    next_poll: float = 0.0

    def __post_init__(self) -> None:
        self.updated()

    def updated(self) -> None:
        if self.interval > 0:
            self.next_update = time.monotonic() + self.interval

    def due(self) -> float:
        return max(0.0, min(self.next_update, self.next_poll) - time.monotonic())


class ScreeningService:
    """Holds the current :class:`ScreeningSnapshot` and replaces it atomically (module docstring).

    ``in_process=True`` updates and builds indexes in this process (for in-memory databases,
    which a child process cannot see).
    """

    def __init__(self, settings: Settings, store: Store, *, in_process: bool = False) -> None:
        self.settings = settings
        self.store = store
        self._in_process = in_process
        self._snapshot: ScreeningSnapshot | None = None
        self._busy = threading.Lock()  # held while loading, updating or building
        self._stopping = threading.Event()
        self._first_load_tried = threading.Event()
        self._thread: threading.Thread | None = None
        self._retry = 1.0
        self._last_error: str | None = None

    # -- what requests use ----------------------------------------------------------------------

    def current(self) -> ScreeningSnapshot | None:
        """The snapshot to screen with, or None until lists are loaded (reading one reference is
        atomic, so a request sees either the old snapshot or the new one, never a mix)."""
        return self._snapshot

    @property
    def ready(self) -> bool:
        return self._snapshot is not None

    # -- life cycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the background thread; it loads the active list versions first. Returns once that
        first load was tried, or after ``api_startup_wait_seconds`` (``current()`` is None until
        a load succeeds, and the API answers 503 meanwhile)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="screening-service", daemon=True)
        self._thread.start()
        await anyio.to_thread.run_sync(self._first_load_tried.wait, self.settings.api_startup_wait_seconds)

    async def stop(self) -> None:
        """Stop the background thread (a child process at work is ended)."""
        self._stopping.set()
        thread = self._thread
        if thread is not None:
            await anyio.to_thread.run_sync(thread.join, 30.0)
        self._thread = None

    def wait_ready(self, timeout: float) -> bool:
        """Block until a snapshot is loaded (True) or ``timeout`` seconds passed (False)."""
        deadline = time.monotonic() + timeout
        while self._snapshot is None and time.monotonic() < deadline:
            time.sleep(0.05)
        return self._snapshot is not None

    # -- refreshing -----------------------------------------------------------------------------

    def request_refresh(self) -> bool:
        """Update the lists now, in the background (``POST /v1/lists/update``). False when an
        update or load is running already: concurrent requests coalesce into that one."""
        if not self._busy.acquire(blocking=False):
            return False
        try:
            worker = threading.Thread(target=self._refresh_holding, name="list-refresh", daemon=True)
            worker.start()
        except BaseException:
            self._busy.release()
            raise
        return True

    def refresh(self) -> RefreshOutcome:
        """Update the lists, and if their active versions changed, build the new screener and
        swap it in. Blocks (waiting for a refresh already running); never call it on the event loop."""
        with self._busy:
            return self._refresh()

    def reload(self) -> bool:
        """Load the store's active versions if they differ from the current snapshot's (no
        update). True when the snapshot was replaced."""
        with self._busy:
            return self._swap_if_changed(self._prepare(update=False))

    def _refresh_holding(self) -> None:
        try:
            self._report(self._refresh())
        except Exception as exc:  # logged; the current lists stay in use
            expected = isinstance(exc, SanctionwatchError | _LoadFailed | OSError)
            log.warning("list update failed: %s", exc, exc_info=not expected)
        finally:
            self._busy.release()

    def _refresh(self) -> RefreshOutcome:
        prepared = self._prepare(update=True)
        swapped = self._swap_if_changed(prepared) if prepared.error is None else False
        snapshot = self._snapshot
        versions = snapshot.list_versions if snapshot is not None else MappingProxyType({})
        return RefreshOutcome(swapped, versions, prepared.results, prepared.error)

    def _prepare(self, *, update: bool, cached: bool = True) -> PreparedLists:
        """Update (optionally) and make sure the index of the active versions is in the cache."""
        if not update:
            versions = active_versions(self.store)
            if not versions or self._is_current(versions):
                return PreparedLists(versions)
            path = _cache_path(self.settings, versions)
            if cached and path.exists():
                return PreparedLists(versions, index_file=str(path))
        if self._in_process:
            return prepare_index(self.settings, self.store, update=update)
        return self._prepare_in_child(update)

    def _prepare_in_child(self, update: bool) -> PreparedLists:
        """Run the list process, unless another server process's ran meanwhile (its result is
        used, see the module docstring)."""
        asked = time.time()
        try:
            with host_lock_after_wait(_lists_lock(self.settings), self._stopping.is_set) as waited:
                # An update is only taken over from an update that ended after it was asked for.
                if waited and (not update or _updated_since(self.settings, asked)):
                    ready = self._prepared_by_other()
                    if ready is not None:
                        return ready
                if self._stopping.is_set():  # the lock came free because the server stops
                    return PreparedLists(error="the service is stopping")
                prepared = self._run_child(update)
                if update and prepared.error is None:
                    _update_stamp(self.settings).touch()
                return prepared
        except LockAbandoned:
            return PreparedLists(error="the service is stopping")

    def _prepared_by_other(self) -> PreparedLists | None:
        """The active versions, if their index is in the cache (built by another's list process)."""
        versions = active_versions(self.store)
        path = _cache_path(self.settings, versions)
        if versions and path.exists():
            log.info("using the index another server process's list process built")
            return PreparedLists(versions, index_file=str(path))
        return None

    def _run_child(self, update: bool) -> PreparedLists:
        context = multiprocessing.get_context("spawn")
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(
            # Not a daemon: building the index may use worker processes of its own.
            target=_child_main,
            args=(self.settings, update, sender),
            name="sanctionwatch-lists",
        )
        child.start()
        sender.close()
        log.info("list process %s started (%s)", child.pid, "update and index" if update else "index")
        deadline = time.monotonic() + CHILD_TIMEOUT_SECONDS
        try:
            while not receiver.poll(0.2):
                if self._stopping.is_set() or not child.is_alive() or time.monotonic() > deadline:
                    return PreparedLists(error=_child_failure(child, self._stopping.is_set()))
            prepared: PreparedLists = receiver.recv()
            return prepared
        except (EOFError, OSError) as exc:
            return PreparedLists(error=f"list process failed: {exc!r}")
        finally:
            receiver.close()
            child.join(timeout=10)
            if child.is_alive():
                child.kill()
                child.join()

    def _is_current(self, versions: VersionKey) -> bool:
        snapshot = self._snapshot
        return snapshot is not None and snapshot.versions == versions

    def _swap_if_changed(self, prepared: PreparedLists) -> bool:
        """Load the index of ``prepared.versions`` and make it current, unless it is already."""
        if prepared.error is not None:
            raise _LoadFailed(prepared.error)
        if not prepared.versions or self._is_current(prepared.versions):
            return False
        started = time.monotonic()
        try:
            index = _load_index(prepared)
        except (OSError, SanctionwatchError):
            # Replaced by another process since it was prepared (or damaged): prepare it anew.
            prepared = self._prepare(update=False, cached=False)
            if prepared.error is not None:
                raise _LoadFailed(prepared.error) from None
            if not prepared.versions or self._is_current(prepared.versions):
                return False
            index = _load_index(prepared)
        screener = Screener(index)
        snapshot = ScreeningSnapshot(
            screener=screener,
            list_versions=MappingProxyType({source: number for source, number, _ in prepared.versions}),
            built_at=datetime.now(UTC),
            versions=prepared.versions,
        )
        previous, self._snapshot = self._snapshot, snapshot
        # The index is millions of long-lived objects: exempt them from the cyclic garbage
        # collector, whose full passes over them would otherwise stall requests for tens of ms.
        # (They are still freed by reference counting when the snapshot is dropped.)
        gc.freeze()
        log.info(
            "screening with list versions %s (was %s; loaded in %.1fs)",
            dict(snapshot.list_versions),
            dict(previous.list_versions) if previous is not None else "none",
            time.monotonic() - started,
        )
        return True

    # -- the background thread ------------------------------------------------------------------

    def _run(self) -> None:
        # First load what the store has (ready in seconds), then update on schedule.
        schedule = _Schedule(self.settings.update_interval)
        while not self._stopping.wait(schedule.due()):
            self._tick(schedule)

    def _tick(self, schedule: _Schedule) -> None:
        now = time.monotonic()
        update = now >= schedule.next_update
        if not update and now < schedule.next_poll:
            return
        if not self._busy.acquire(blocking=False):
            schedule.next_poll = now + POLL_SECONDS  # a requested refresh runs; look again later
            return
        try:
            if update:
                outcome = self._refresh()
                self._report(outcome)
                if outcome.error is not None:
                    raise _LoadFailed(outcome.error)
                schedule.updated()
            elif not _update_running(self.settings):
                prepared = self._prepare(update=False)
                self._swap_if_changed(prepared)
                if not prepared.versions and self.settings.update_interval > 0:
                    schedule.next_update = now  # an empty store: update right away
            self._retry = 1.0
            self._recovered()
            schedule.next_poll = time.monotonic() + POLL_SECONDS
        except Exception as exc:  # the thread must live on: the current lists stay in use
            self._failed(exc, schedule)
        finally:
            self._busy.release()
            self._first_load_tried.set()

    def _failed(self, exc: Exception, schedule: _Schedule) -> None:
        if self._stopping.is_set():
            return
        message = str(exc)
        if message != self._last_error:  # log a lasting failure once, not every few seconds
            expected = isinstance(exc, SanctionwatchError | _LoadFailed | OSError)
            log.warning("could not load the lists (retrying): %s", message, exc_info=not expected)
            self._last_error = message
        wait = self._retry
        self._retry = min(MAX_RETRY_SECONDS, self._retry * 2)
        schedule.next_poll = time.monotonic() + wait
        if schedule.next_update < time.monotonic():
            schedule.next_update = time.monotonic() + max(wait, self.settings.update_interval)

    def _recovered(self) -> None:
        if self._last_error is not None:
            log.info("lists loading again")
            self._last_error = None

    def _report(self, outcome: RefreshOutcome) -> None:
        for line in outcome.results:
            log.info("list update: %s", line)


class _LoadFailed(Exception):
    """Updating or loading the lists failed (the message says why); the current snapshot stays."""


# -- what the child process does (module level, so that it can be spawned) ----------------------


def active_versions(store: Store) -> VersionKey:
    """The store's active list versions, in a stable order."""
    return _version_key(v for v in store.versions() if v.active)


def prepare_index(
    settings: Settings, store: Store, *, update: bool, background: bool = False
) -> PreparedLists:
    """Update the lists (when ``update``) and build the index of the active versions into the
    on-disk cache, unless it is there already. ``background`` (a process beside the servers):
    build at low priority, serving requests comes first."""
    try:
        if background:
            # Parsing and indexing yield the CPU to the servers. The update holds the database's
            # write lock (which the servers' audit writers wait for) only in short transactions.
            with contextlib.suppress(OSError):
                os.nice(10)
        results: tuple[str, ...] = ()
        if update:
            with host_lock(settings.data_dir / "update.lock"):
                results = _summary(_run_update(store, settings))
        versions = [v for v in store.versions() if v.active]
        index_file = _ensure_index(settings, store, versions) if versions else None
        return PreparedLists(_version_key(versions), results, index_file=index_file)
    except SanctionwatchError as exc:
        return PreparedLists(error=exc.message)


def _child_main(settings: Settings, update: bool, sender: Connection) -> None:
    try:
        with Store.open(settings) as store:
            prepared = prepare_index(settings, store, update=update, background=True)
    except Exception as exc:  # reported to the parent, which keeps serving the current lists
        prepared = PreparedLists(error=f"{type(exc).__name__}: {exc}")
    with contextlib.suppress(OSError):
        sender.send(prepared)
    sender.close()


def _child_failure(child: SpawnProcess, stopping: bool) -> str:
    if stopping:
        return "the service is stopping"
    if child.is_alive():
        return f"the list process took longer than {CHILD_TIMEOUT_SECONDS:.0f}s"
    return f"the list process ended with exit code {child.exitcode}"


def _run_update(store: Store, settings: Settings) -> UpdateReport:
    if settings.update_from is not None:
        return update_from_directory(store, settings, settings.update_from)
    return update_download(store, settings)


def _summary(report: UpdateReport) -> tuple[str, ...]:
    lines = []
    for result in report.results:
        problems = f" ({len(result.problems)} problems)" if result.problems else ""
        level = "FAILED: " if result.outcome is Outcome.FAILED else ""
        lines.append(f"{result.source}: {level}{result.outcome.value}: {result.message}{problems}")
    return tuple(lines)


def _ensure_index(settings: Settings, store: Store, versions: Sequence[ListVersion]) -> str:
    """Build the index of ``versions`` into the cache unless it is there; its file name."""
    key = fingerprint(versions)
    path = _index_dir(settings) / f"{key}{INDEX_SUFFIX}"
    # One process builds; others wait for the lock and then find the file (without loading it).
    with host_lock(_index_dir(settings) / "build.lock"):
        if not path.exists():
            cached_index(_index_dir(settings), key, StoredEntities(store, versions))
    return str(path)


def _load_index(prepared: PreparedLists) -> NameIndex:
    """The cached index ``prepared`` names (loading only: building is the child's work)."""
    if prepared.index_file is None:
        raise FileNotFoundError("no index file")
    return NameIndex.load(Path(prepared.index_file))


def _version_key(versions: Iterator[ListVersion] | Sequence[ListVersion]) -> VersionKey:
    return tuple(sorted((v.source, v.number, v.content_hash) for v in versions))


def _index_dir(settings: Settings) -> Path:
    return settings.data_dir / "index"


def _cache_path(settings: Settings, versions: VersionKey) -> Path:
    return _index_dir(settings) / f"{fingerprint(_KeyedVersion(*v) for v in versions)}{INDEX_SUFFIX}"


@dataclass(slots=True, frozen=True)
class _KeyedVersion:
    source: str
    number: int
    content_hash: str


def _lists_lock(settings: Settings) -> Path:
    """Held by the server process whose list process runs (one at a time across them)."""
    return settings.data_dir / "lists.lock"


def _update_stamp(settings: Settings) -> Path:
    """Touched by a server process when its list process finished an update."""
    return settings.data_dir / "lists.updated"


def _updated_since(settings: Settings, moment: float) -> bool:
    try:
        return _update_stamp(settings).stat().st_mtime >= moment
    except FileNotFoundError:
        return False


def _update_running(settings: Settings) -> bool:
    """Whether another process is updating the lists now (its versions may be half recorded)."""
    return is_locked(settings.data_dir / "update.lock")
