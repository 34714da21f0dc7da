"""End-to-end screening of the benchmark queries, in a fresh process (so memory is the screener's).

    .venv/bin/python -m benchmarks.matching.screening INDEX CASES.jsonl OUT.json [--throughput N]

Loads the saved index (timed), screens every query one at a time with the default threshold and
limit (latency per query), records the alerts, then screens the first N queries again as a batch
run with two workers, as ``sanctionwatch screen --input`` does (throughput). Peak RSS is this
process's, read before the workers start.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from sanctionwatch.errors import Location
from sanctionwatch.index import NameIndex
from sanctionwatch.model import Entity
from sanctionwatch.screen.alert_file import AlertFormat
from sanctionwatch.screen.batch import BatchOptions, BatchPaths, paced_collection, run_batch
from sanctionwatch.screen.query import entity_from_properties, parse_schema
from sanctionwatch.screen.query_file import QueryFile
from sanctionwatch.screen.screener import Screener, ScreenTask


def query_entity(case: dict[str, Any]) -> Entity:
    """A benchmark case as the query entity screening builds from a customer record."""
    location = Location("cases", None, case["id"])
    props: dict[str, list[str]] = {"name": [case["name"]]}
    if case.get("birth_date"):
        props["birthDate"] = [case["birth_date"]]
    if case.get("nationality"):
        props["nationality" if case["schema"] == "Person" else "country"] = [case["nationality"]]
    return entity_from_properties(case["id"], parse_schema(case["schema"], location), props, location)


def _screen_all(screener: Screener, queries: list[Entity]) -> tuple[list[dict[str, Any]], list[float]]:
    results: list[dict[str, Any]] = []
    latencies: list[float] = []
    # The collector paced as `sanctionwatch screen --input` paces it (young generations collected
    # between chunks of 100), not left to rescan the growing entity cache on its own.
    with paced_collection() as between_chunks:
        for number, query in enumerate(queries, 1):
            started = time.perf_counter()
            alerts = screener.screen(query)
            if number % 100 == 0:
                between_chunks()  # counted in this query's time, as a caller would wait for it
            latencies.append(time.perf_counter() - started)
            results.append(
                {
                    "id": query.id,
                    "alerts": [
                        {
                            "entity_id": a.entity_id,
                            "score": a.score,
                            "matched_name": a.matched_name,
                            "source": a.source,
                        }
                        for a in alerts
                    ],
                }
            )
    return results, latencies


def _throughput(cases: list[dict[str, Any]], screener: Screener, work: Path) -> float:
    """Queries/s of ``run_batch`` (the ``sanctionwatch screen --input`` path) with 2 workers."""
    queries = work / "throughput-queries.jsonl"
    with queries.open("w", encoding="utf-8") as handle:
        for case in cases:
            props = {"name": [case["name"]]}
            if case.get("birth_date"):
                props["birthDate"] = [case["birth_date"]]
            line = {"id": case["id"], "schema": case["schema"], "properties": props}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    output = work / "throughput-alerts.jsonl"
    output.unlink(missing_ok=True)
    options = BatchOptions(chunk_size=100, workers=2)
    started = time.perf_counter()
    run_batch(
        QueryFile.open(queries),
        BatchPaths.for_output(output),
        AlertFormat.JSONL,
        ScreenTask(screener),
        options,
    )
    return len(cases) / (time.perf_counter() - started)


def _peak_rss_mb() -> float:
    # ru_maxrss survives exec on Linux (it would report the parent's peak); VmHWM is this process's.
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("index", type=Path)
    parser.add_argument("cases", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--throughput", type=int, default=2000, help="queries for the 2-worker run")
    args = parser.parse_args(argv)
    with args.cases.open(encoding="utf-8") as handle:
        cases = [json.loads(line) for line in handle if line.strip()]
    queries = [query_entity(case) for case in cases]
    rss_before = _peak_rss_mb()
    started = time.perf_counter()
    index = NameIndex.load(args.index)
    load_seconds = time.perf_counter() - started
    screener = Screener(index)
    rss_loaded = _peak_rss_mb()
    results, latencies = _screen_all(screener, queries)
    rss_screened = _peak_rss_mb()
    qps = _throughput(cases[: args.throughput], screener, args.out.parent) if args.throughput else 0.0
    quantiles = statistics.quantiles(latencies, n=100)
    out = {
        "threshold": screener.threshold,
        "load_seconds": load_seconds,
        "rss_start_mb": rss_before,
        "rss_loaded_mb": rss_loaded,
        "rss_peak_mb": rss_screened,
        "latency_median_ms": statistics.median(latencies) * 1000,
        "latency_p95_ms": quantiles[94] * 1000,
        "latency_max_ms": max(latencies) * 1000,
        "single_qps": len(latencies) / sum(latencies),
        "throughput_queries": min(args.throughput, len(queries)),
        "throughput_qps_2_workers": qps,
        "results": results,
    }
    args.out.write_text(json.dumps(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
