"""Batch runs over a file of queries: chunked, on all cores, interruptible and resumable.

The parent process reads the input into chunks of raw records; worker processes (forked, so the
loaded index is shared copy-on-write and never pickled) parse and process each chunk and send back
ready-encoded JSON lines. The parent writes results strictly in chunk order to a spool next to
the output and checkpoints after every chunk. Ctrl-C or SIGTERM stops the run cleanly after the
chunk in hand; ``resume`` continues from the checkpoint, so the final output holds every row
exactly once. Bad records become per-line problems in the errors file; the rest is processed.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import multiprocessing
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType, TracebackType

import orjson

from sanctionwatch.errors import InputError, Problem
from sanctionwatch.names.transliterate import warm_up
from sanctionwatch.screen.alert_file import AlertFormat, finish_spool
from sanctionwatch.screen.checkpoint import Checkpoint
from sanctionwatch.screen.query_file import QueryFile, RawQuery


@dataclass(slots=True, frozen=True)
class Chunk:
    index: int
    records: tuple[RawQuery, ...]


@dataclass(slots=True, frozen=True)
class ChunkResult:
    """What one chunk produced: output rows as JSON lines, and the records that failed."""

    index: int
    rows: bytes
    row_count: int
    problems: tuple[Problem, ...]
    records: int


#: Processes one chunk of one file; runs in a worker process.
ChunkWork = Callable[[QueryFile, Chunk], ChunkResult]


@dataclass(slots=True, frozen=True)
class BatchPaths:
    """The output and the files a run keeps next to it while it is under way."""

    output: Path
    errors: Path
    spool: Path
    checkpoint: Path

    @classmethod
    def for_output(cls, output: Path, errors: Path | None = None) -> BatchPaths:
        return cls(
            output=output,
            errors=errors or output.with_name(output.name + ".errors.jsonl"),
            spool=output.with_name(output.name + ".part"),
            checkpoint=output.with_name(output.name + ".checkpoint.json"),
        )


@dataclass(slots=True, frozen=True)
class BatchOptions:
    chunk_size: int = 500
    workers: int = 2
    resume: bool = False
    key: str = ""  # digest of every setting that changes the output (a resume must use the same)


@dataclass(slots=True, frozen=True)
class BatchSummary:
    records: int
    rows: int
    problems: int
    interrupted: bool
    resumed_chunks: int  # chunks taken over from an earlier, interrupted run


def run_batch(
    source: QueryFile,
    paths: BatchPaths,
    fmt: AlertFormat,
    work: ChunkWork,
    options: BatchOptions,
    on_progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Process every record of ``source`` with ``work`` and write the rows to ``paths.output``."""
    state = _start(source, paths, options)
    resumed = state.chunks
    if on_progress is not None and state.queries:
        on_progress(state.queries)
    with _StopRequest() as stop, paths.spool.open("ab") as out, paths.errors.open("ab") as err:
        for result in _results(source, work, options, state.chunks, stop):
            out.write(result.rows)
            err.write(b"".join(orjson.dumps(p.to_dict()) + b"\n" for p in result.problems))
            out.flush()
            err.flush()
            state = replace(
                state,
                chunks=result.index + 1,
                spool_bytes=out.tell(),
                errors_bytes=err.tell(),
                queries=state.queries + result.records,
                alerts=state.alerts + result.row_count,
                problems=state.problems + len(result.problems),
            )
            state.save(paths.checkpoint)
            if on_progress is not None:
                on_progress(result.records)
            if stop.requested:
                break
        interrupted = stop.requested
    if not interrupted:
        finish_spool(paths.spool, paths.output, fmt)
        paths.checkpoint.unlink()
        if state.problems == 0:
            paths.errors.unlink()
    return BatchSummary(state.queries, state.alerts, state.problems, interrupted, resumed)


def _start(source: QueryFile, paths: BatchPaths, options: BatchOptions) -> Checkpoint:
    key = _run_key(source, options)
    previous = Checkpoint.load(paths.checkpoint) if options.resume else None
    if previous is not None and previous.key == key and paths.spool.exists() and paths.errors.exists():
        # Cut off whatever was written after the last checkpoint (a run killed mid-chunk).
        _truncate(paths.spool, previous.spool_bytes)
        _truncate(paths.errors, previous.errors_bytes)
        return previous
    if previous is not None and previous.key != key:
        raise InputError(
            f"{paths.checkpoint}: the interrupted run used another input, options or list versions; "
            "rerun without --resume to start over"
        )
    for path in (paths.spool, paths.errors, paths.checkpoint):
        path.unlink(missing_ok=True)
    paths.output.parent.mkdir(parents=True, exist_ok=True)
    paths.spool.touch()
    paths.errors.touch()
    fresh = Checkpoint(key=key)
    fresh.save(paths.checkpoint)
    return fresh


def _truncate(path: Path, size: int) -> None:
    with path.open("r+b") as handle:
        handle.truncate(size)


def _run_key(source: QueryFile, options: BatchOptions) -> str:
    digest = hashlib.sha256()
    with source.path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    digest.update(f"|{source.format}|{options.chunk_size}|{options.key}".encode())
    return digest.hexdigest()


def _chunks(source: QueryFile, size: int, skip: int) -> Iterator[Chunk]:
    batch: list[RawQuery] = []
    index = 0
    for record in source.records():
        batch.append(record)
        if len(batch) == size:
            if index >= skip:
                yield Chunk(index, tuple(batch))
            batch = []
            index += 1
    if batch and index >= skip:
        yield Chunk(index, tuple(batch))


# The work of the current run, inherited by forked workers (closures are never pickled).
_ACTIVE: list[tuple[QueryFile, ChunkWork]] = []


def _run_chunk(chunk: Chunk) -> ChunkResult:
    source, work = _ACTIVE[-1]
    result = work(source, chunk)
    if not gc.isenabled():
        # The chunk's cyclic garbage (if any) is young: collecting the young generations suffices,
        # and the survivors (cached list entities) never need scanning again.
        gc.collect(1)
    return result


@contextlib.contextmanager
def paced_collection() -> Iterator[Callable[[], None]]:
    """Screen in this process with the collector paced as in the workers (see :func:`_worker_init`):
    what exists now (the index) is frozen, automatic collections are off, and the function
    yielded collects the young generations; call it between chunks of work."""
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield _collect_young
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()


def _collect_young() -> None:
    gc.collect(1)


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: only the parent decides when to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # Screening unpacks list entities into a cache, hundreds of objects each: automatic
    # collections would rescan that growing cache again and again (a third of the CPU time).
    # Collect between chunks instead (see _run_chunk).
    gc.disable()


def _results(
    source: QueryFile, work: ChunkWork, options: BatchOptions, skip: int, stop: _StopRequest
) -> Iterator[ChunkResult]:
    chunks = _chunks(source, options.chunk_size, skip)
    warm_up()  # before forking: every worker inherits this thread's transliterators
    if options.workers <= 1:
        with paced_collection() as between_chunks:
            for chunk in chunks:
                yield work(source, chunk)
                between_chunks()
                if stop.requested:
                    return
        return
    _ACTIVE.append((source, work))
    gc.freeze()  # keep the index out of the collector's reach, so forked pages stay shared
    pool = multiprocessing.get_context("fork").Pool(options.workers, initializer=_worker_init)
    try:
        ordered = pool.imap(_run_chunk, chunks)
        while not stop.requested:
            try:
                yield ordered.next(timeout=0.25)
            except multiprocessing.TimeoutError:
                continue
            except StopIteration:
                break
    finally:
        pool.terminate()
        pool.join()
        _ACTIVE.pop()
        gc.unfreeze()


class _StopRequest:
    """SIGINT/SIGTERM set a flag instead of killing the run, so it stops between chunks."""

    def __init__(self) -> None:
        self.requested = False
        self._previous: list[tuple[int, object]] = []

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True

    def __enter__(self) -> _StopRequest:
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(ValueError):  # not the main thread: no handlers, no interruption
                self._previous.append((signum, signal.signal(signum, self._handle)))
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for signum, handler in self._previous:
            signal.signal(signum, handler)  # type: ignore[arg-type]
