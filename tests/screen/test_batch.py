"""Screening and batch runs: alerts, output formats, per-line errors, resume."""

from __future__ import annotations

import gc
import os
import signal
import weakref
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest

from sanctionwatch.errors import InputError, Location
from sanctionwatch.model import Entity
from sanctionwatch.screen import Screener
from sanctionwatch.screen.alert import ALERT_FIELDS
from sanctionwatch.screen.alert_file import AlertFormat, read_alerts
from sanctionwatch.screen.batch import (
    BatchOptions,
    BatchPaths,
    BatchSummary,
    Chunk,
    ChunkResult,
    paced_collection,
    run_batch,
)
from sanctionwatch.screen.checkpoint import Checkpoint
from sanctionwatch.screen.query import entity_from_properties, parse_schema
from sanctionwatch.screen.query_file import QueryFile
from sanctionwatch.screen.screener import ScreenTask


@pytest.fixture(scope="module")
def screener(listed: list[Entity]) -> Screener:
    return Screener.from_entities(listed)


def _query(name: str, schema: str = "Person", **props: list[str]) -> Entity:
    loc = Location("test")
    return entity_from_properties("q1", parse_schema(schema, loc), {"name": [name], **props}, loc)


def _line(qid: str, name: str, schema: str = "LegalEntity") -> bytes:
    return orjson.dumps({"id": qid, "schema": schema, "properties": {"name": [name]}})


QUERY_LINES = [
    _line("q-petrov", "Petrov-Fictive Ivan", "Person"),
    _line("q-zark", "Zarkovia Trading"),
    b"{not json",
    _line("q-none", "Xyloquent Hamperdash"),
    _line("q-olga", "Olga Kuznetsova-Testova", "Person"),
    orjson.dumps({"id": "q-big", "properties": {"name": ["B" * 100_000]}}),
    _line("q-borg", "Borgovian Institute for Applied Cryptology", "Organization"),
]


def test_screen_finds_the_listed_entity_and_explains(screener: Screener) -> None:
    alerts = screener.screen(_query("Iwan Petrow-Fiktiv"))
    assert alerts and alerts[0].entity_id == "fict_a-1"
    top = alerts[0]
    assert top.query_id == "q1" and top.source == "fict_a" and top.source_id == "1" and top.schema == "Person"
    assert top.score >= screener.threshold
    assert top.explanation["matched_name"] == top.matched_name
    assert orjson.loads(orjson.dumps(top.to_dict()))["entity_id"] == "fict_a-1"


def test_threshold_limit_and_lists_are_honoured(screener: Screener) -> None:
    query = _query("Zarkovia Trading", "Company")
    everything = screener.screen(query, threshold=0.0, limit=10)
    assert [a.score for a in everything] == sorted((a.score for a in everything), reverse=True)
    assert len(screener.screen(query, threshold=0.0, limit=1)) == 1
    assert all(a.score >= 0.99 for a in screener.screen(query, threshold=0.99))
    assert all(a.source == "fict_b" for a in screener.screen(query, threshold=0.0, lists=["fict_b"]))
    assert screener.screen(_query("Xyloquent Hamperdash")) == []


def _run(screener: Screener, tmp_path: Path, output: Path, **options: Any) -> BatchSummary:
    source_path = tmp_path / "queries.jsonl"
    if not source_path.exists():
        source_path.write_bytes(b"\n".join(QUERY_LINES) + b"\n")
    task = ScreenTask(screener)
    opts = BatchOptions(key=task.key(), **options)
    return run_batch(
        QueryFile.open(source_path),
        BatchPaths.for_output(output),
        AlertFormat.resolve(output, None),
        task,
        opts,
    )


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_writes_alerts_and_reports_bad_lines(screener: Screener, tmp_path: Path, workers: int) -> None:
    output = tmp_path / "alerts.jsonl"
    summary = _run(screener, tmp_path, output, workers=workers, chunk_size=2)
    rows = read_alerts(output)
    assert {r["query_id"] for r in rows} == {"q-petrov", "q-zark", "q-olga", "q-borg"}
    assert all(list(r) == list(ALERT_FIELDS) for r in rows)
    assert (summary.records, summary.problems, summary.rows) == (7, 2, len(rows))
    errors = [
        orjson.loads(line) for line in (tmp_path / "alerts.jsonl.errors.jsonl").read_bytes().splitlines()
    ]
    assert [(e["line"], e["record"]) for e in errors] == [(3, None), (6, "q-big")]
    assert "malformed JSON" in errors[0]["message"] and "100000 characters" in errors[1]["message"]
    # Nothing of the run is left behind but the output and the errors.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "alerts.jsonl",
        "alerts.jsonl.errors.jsonl",
        "queries.jsonl",
    ]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_csv_and_parquet_hold_the_same_alerts_as_jsonl(
    screener: Screener, tmp_path: Path, suffix: str
) -> None:
    _run(screener, tmp_path, tmp_path / "alerts.jsonl", workers=1)
    _run(screener, tmp_path, tmp_path / f"alerts{suffix}", workers=1)
    expected = read_alerts(tmp_path / "alerts.jsonl")
    assert expected
    assert read_alerts(tmp_path / f"alerts{suffix}") == expected


def test_interrupted_run_resumes_without_losing_or_repeating(screener: Screener, tmp_path: Path) -> None:
    full = tmp_path / "full.jsonl"
    _run(screener, tmp_path, full, workers=1, chunk_size=2)
    source = QueryFile.open(tmp_path / "queries.jsonl")
    output = tmp_path / "out.jsonl"
    paths = BatchPaths.for_output(output)
    task = ScreenTask(screener)
    options = BatchOptions(key=task.key(), workers=1, chunk_size=2)

    def interrupted_after_second_chunk(qf: QueryFile, chunk: Chunk) -> ChunkResult:
        result = task(qf, chunk)
        if chunk.index == 1:
            os.kill(os.getpid(), signal.SIGINT)  # as Ctrl-C would: the run stops after this chunk
        return result

    first = run_batch(source, paths, AlertFormat.JSONL, interrupted_after_second_chunk, options)
    assert first.interrupted and first.records == 4
    assert not output.exists() and Checkpoint.load(paths.checkpoint) is not None
    # A run killed while writing leaves bytes after the checkpoint: resume must drop them.
    with paths.spool.open("ab") as spool, paths.errors.open("ab") as errors:
        spool.write(b'{"query_id": "half-writ')
        errors.write(b'{"line": 99')
    second = run_batch(source, paths, AlertFormat.JSONL, task, replace(options, resume=True))
    assert not second.interrupted and second.resumed_chunks == 2
    assert (second.records, second.problems) == (7, 2)
    assert read_alerts(output) == read_alerts(full)
    assert paths.errors.read_bytes() == (tmp_path / "full.jsonl.errors.jsonl").read_bytes()
    assert not paths.checkpoint.exists() and not paths.spool.exists()


def test_resume_refuses_a_checkpoint_of_other_options(screener: Screener, tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    paths = BatchPaths.for_output(output)
    Checkpoint(key="something else", chunks=1).save(paths.checkpoint)
    paths.spool.touch()
    paths.errors.touch()
    with pytest.raises(InputError, match="rerun without --resume"):
        _run(screener, tmp_path, output, workers=1, resume=True)


class _Cycle:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_paced_collection_freezes_the_index_and_collects_young_cycles_between_chunks() -> None:
    assert gc.isenabled()
    before = gc.get_freeze_count()
    with paced_collection() as between_chunks:
        assert not gc.isenabled()  # no automatic passes over the growing caches
        assert gc.get_freeze_count() > before  # what existed (the index) is never rescanned
        garbage = weakref.ref(_Cycle())
        assert garbage() is not None  # a cycle survives until the collector runs...
        between_chunks()
        assert garbage() is None  # ...which it does between chunks
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
