"""Load benchmark of the screening API: single-name POST /v1/screen against all lists.

Usage: ``.venv/bin/python benchmarks/api_load.py [--duration 120] [--concurrency 16] [--workers 2]
[--lists DIR] [--update-duration 60] [--generator wrk|python] [--profile]`` (lists default:
SANCTIONWATCH_SHARED_LISTS, else ../shared/data/lists next to the repository). Needs ``wrk``
(``apt-get install -y wrk``) unless ``--generator python``; ``--update-duration 0`` skips phase 2.

It loads every list into a temporary SQLite store, holding back the newest publication of one list
(OFAC SDN if it has two), starts ``sanctionwatch serve`` on 127.0.0.1, and drives it from a load
generator in a separate process (wrk with benchmarks/api_load.lua, or asyncio over raw HTTP/1.1;
keep-alive connections, ``--concurrency`` requests in flight). The machine may be shared, so the
server's CPU time per request (user + system of all its processes) is reported next to the
wall-clock numbers. Names are sampled from the lists plus invented
clean names. Two phases:

1. steady: requests/s, latency p50/p95/p99, errors, server memory (RSS and PSS of all its processes,
   sampled every 5 s), and every acknowledged screening found in the audit table;
2. during a list update: the same while ``POST /v1/lists/update`` loads the held-back publication
   and the server switches to it.

Targets: >= 1,000 requests/s, p99 < 25 ms, zero errors, flat memory (< 1 GB), every request audited.
Load stays on 127.0.0.1; everything runs in a temporary directory that is removed afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx
import orjson
import sqlalchemy as sa
import uvloop

from sanctionwatch.audit.tables import screenings
from sanctionwatch.auth import keys
from sanctionwatch.settings import Settings
from sanctionwatch.sources.catalog import discover
from sanctionwatch.store import Store
from sanctionwatch.update import update_from_directory

REPO = Path(__file__).resolve().parent.parent
WRK_SCRIPT = Path(__file__).resolve().with_suffix(".lua")
RESULTS = Path(__file__).resolve().parent / "API_RESULTS.md"
RESULTS_OPEN_LOOP = Path(__file__).resolve().parent / "API_RESULTS_open_loop.md"
TARGET_RPS = 1000.0
TARGET_P99_MS = 25.0
TARGET_RSS_MB = 1024.0
RSS_EVERY_S = 5.0
NAMES_PER_KIND = 2000
#: Upper bound of requests per phase, whatever the duration (the load always stops by itself).
MAX_REQUESTS_PER_SECOND = 5000
FIRST_NAMES = ("Anna", "Bernd", "Chiara", "Dmitri", "Elif", "Farid", "Greta", "Hiroshi", "Ines", "Jonas")
SURNAMES = ("Quellbrook", "Varnhagen-Tiss", "Oxtoby", "Lindqvarn", "Pemberforth", "Ruskovane", "Tallowmere")
COMPANY_WORDS = ("Bluefen", "Harrowgate", "Orchidale", "Copperlynx", "Westmarrow", "Silvertarn")
COMPANY_FORMS = ("GmbH", "Ltd", "LLC", "S.A.", "Trading Co", "Holdings")
SYLLABLES = ("ka", "lo", "mir", "tes", "van", "dru", "sel", "gor", "pha", "nik", "tu", "bre", "os", "zan")


@dataclass(slots=True)
class PhaseResult:
    """What the load generator saw in one phase."""

    seconds: float = 0.0
    latencies_ms: dict[str, float] = field(default_factory=dict)  # "p50", "p95", "p99", "max"
    statuses: Counter[int] = field(default_factory=Counter)
    failures: int = 0  # connection errors and time-outs
    screening_ids: list[str] = field(default_factory=list)
    versions: Counter[str] = field(default_factory=Counter)  # list versions reported, as JSON
    #: Python generator: per second of the phase, (requests, slower than the p99 target, slowest ms).
    timeline: list[tuple[int, int, int, float]] = field(default_factory=list)
    #: Open loop: how late the generator itself sent requests (counted in their latency).
    generator_lag_ms: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True, frozen=True)
class Load:
    """How to drive the server: JSON bodies for POST /v1/screen, the key, requests in flight."""

    port: int
    bodies: list[bytes]
    key: str
    concurrency: int
    generator: str  # "wrk" (closed loop), "c" (open loop) or "python" (either)
    workdir: Path
    rate: float = 0.0  # requests/s offered on a fixed schedule (c or python generator); 0: closed loop


def run_load(load: Load, seconds: float) -> PhaseResult:
    """Drive the server for ``seconds`` from a separate process."""
    if load.generator == "wrk":
        return _run_wrk(load, seconds)
    return _run_c(load, seconds) if load.generator == "c" else _run_python(load, seconds)


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")

    return {
        "p50": at(0.50),
        "p95": at(0.95),
        "p99": at(0.99),
        "max": ordered[-1] if ordered else float("nan"),
    }


# -- wrk (C, event-driven: a small share of the CPU the server gets) -------------------------------


def _run_wrk(load: Load, seconds: float) -> PhaseResult:
    out = Path(tempfile.mkdtemp(prefix="wrk-", dir=load.workdir))
    bodies = out / "bodies.jsonl"
    bodies.write_bytes(b"\n".join(load.bodies) + b"\n")
    command = [
        "wrk", "-t", "1", "-c", str(load.concurrency), "-d", f"{seconds:.0f}s", "--timeout", "10s",
        "-s", str(WRK_SCRIPT), f"http://127.0.0.1:{load.port}", "--", str(bodies), load.key, str(out),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, check=True, text=True)
    line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith("{"))
    report = orjson.loads(line)
    result = PhaseResult(seconds=report["seconds"])
    result.latencies_ms = {k: report[f"{k}_ms"] for k in ("p50", "p95", "p99", "max")}
    for counts in report["statuses"]:
        result.statuses.update({int(k): v for k, v in counts.items()})
    result.failures = sum(report[k] for k in ("connect", "read", "write", "timeout"))
    for path in out.glob("ids-*.tsv"):
        for row in path.read_text().splitlines():
            screening_id, versions = row.split("\t")
            result.screening_ids.append(screening_id)
            result.versions[versions] += 1
    shutil.rmtree(out)
    return result


# -- the Python generator (asyncio, raw HTTP/1.1; needs a core of its own at full load) -----------


@dataclass(slots=True)
class _Tally:
    latencies_ms: list[float] = field(default_factory=list)
    due_s: list[float] = field(default_factory=list)  # when each request was due, from the start
    #: Open loop: how late the generator sent requests whose connection was free when they were due.
    lag_ms: list[float] = field(default_factory=list)
    connections: range = range(0)
    result: PhaseResult = field(default_factory=PhaseResult)


async def _connection(
    port: int,
    requests: list[bytes],
    deadline: float,
    budget: list[int],
    tally: _Tally,
    schedule: tuple[int, float],
) -> None:
    """One keep-alive connection. ``interval`` > 0: send on a fixed schedule (open loop), and
    time each request from when it was due, so a slow server cannot hide its backlog (no
    coordinated omission); 0: send the next request as soon as the answer is in."""
    result = tally.result
    number, interval = schedule
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    turn = random.Random(number * 7919 + port)  # each connection its own sequence of bodies
    # Connections evenly out of phase (as wrk2 does): the server sees a steady stream, not bursts.
    due = time.perf_counter() + interval * number / len(tally.connections)
    try:
        while time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            if interval > 0:
                wait = due - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
                    # The connection was free in time: any delay is the generator's own.
                    tally.lag_ms.append((time.perf_counter() - due) * 1000)
                started, due = due, due + interval
            else:
                started = time.perf_counter()
            writer.write(requests[turn.randrange(len(requests))])
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
            body = await reader.readexactly(length)
            tally.latencies_ms.append((time.perf_counter() - started) * 1000)
            tally.due_s.append(started)
            status = int(head[9:12])
            result.statuses[status] += 1
            if status == 200:
                answer = orjson.loads(body)
                result.screening_ids.append(answer["screening_id"])
                result.versions[orjson.dumps(answer["list_versions"]).decode()] += 1
    except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
        result.failures += 1
    finally:
        writer.close()


async def _drive(
    port: int, requests: list[bytes], seconds: float, concurrency: int, rate: float
) -> PhaseResult:
    tally = _Tally()
    budget = [int(seconds * MAX_REQUESTS_PER_SECOND)]
    started = time.monotonic()
    deadline = started + seconds
    interval = concurrency / rate if rate > 0 else 0.0
    tally.connections = range(concurrency)
    await asyncio.gather(
        *(_connection(port, requests, deadline, budget, tally, (n, interval)) for n in tally.connections)
    )
    tally.result.seconds = time.monotonic() - started
    tally.result.latencies_ms = _percentiles(tally.latencies_ms)
    tally.result.timeline = _timeline(tally)
    tally.result.generator_lag_ms = _percentiles(tally.lag_ms) if tally.lag_ms else {}
    return tally.result


def _timeline(tally: _Tally) -> list[tuple[int, int, int, float]]:
    """Per second of the phase: requests, those slower than the target p99, the slowest (ms)."""
    if not tally.due_s:
        return []
    first = min(tally.due_s)
    seconds: dict[int, list[float]] = {}
    for due, latency in zip(tally.due_s, tally.latencies_ms, strict=True):
        seconds.setdefault(int(due - first), []).append(latency)
    return [
        (second, len(values), sum(v > TARGET_P99_MS for v in values), max(values))
        for second, values in sorted(seconds.items())
    ]


def _generator_main(
    port: int, requests: list[bytes], seconds: float, concurrency: int, rate: float, out: Connection
) -> None:
    # uvloop: the generator shares the 2 cores with the server, so its own cost must stay small.
    out.send(uvloop.run(_drive(port, requests, seconds, concurrency, rate)))
    out.close()


def _http_requests(load: Load) -> list[bytes]:
    head = (
        f"POST /v1/screen HTTP/1.1\r\nHost: 127.0.0.1:{load.port}\r\nAuthorization: Bearer {load.key}\r\n"
        "Content-Type: application/json\r\nContent-Length: "
    ).encode()
    return [head + str(len(body)).encode() + b"\r\n\r\n" + body for body in load.bodies]


def _run_python(load: Load, seconds: float) -> PhaseResult:
    requests = _http_requests(load)
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_generator_main, args=(load.port, requests, seconds, load.concurrency, load.rate, sender)
    )
    process.start()
    sender.close()
    result: PhaseResult = receiver.recv()
    process.join()
    return result


# -- the C open-loop generator (benchmarks/open_loop.c: the schedule above, a few % of a core) ----

OPEN_LOOP_SOURCE = Path(__file__).resolve().with_name("open_loop.c")


def open_loop_binary(workdir: Path) -> Path:
    """benchmarks/open_loop.c compiled into ``workdir`` (again when the source is newer)."""
    binary = workdir / "open_loop"
    if not binary.exists() or binary.stat().st_mtime < OPEN_LOOP_SOURCE.stat().st_mtime:
        compiler = shutil.which("cc") or shutil.which("gcc")
        if compiler is None:
            raise SystemExit("no C compiler (cc) for the open-loop generator: use --generator python")
        workdir.mkdir(parents=True, exist_ok=True)
        subprocess.run([compiler, "-O2", "-o", str(binary), str(OPEN_LOOP_SOURCE)], check=True)
    return binary


def _run_c(load: Load, seconds: float) -> PhaseResult:
    out = Path(tempfile.mkdtemp(prefix="open-loop-", dir=load.workdir))
    requests = out / "requests.bin"
    with requests.open("wb") as handle:
        for request in _http_requests(load):
            handle.write(len(request).to_bytes(4, "little") + request)
    answers = out / "answers.tsv"
    command = [
        str(open_loop_binary(REPO / "benchmarks" / ".work")), str(load.port), f"{load.rate:g}",
        f"{seconds:g}", str(load.concurrency), str(requests), str(answers),
    ]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(f"  open-loop generator CPU {cpu:.1f} s ({cpu / seconds:.1%} of a core)")
    tally = _Tally()
    result = tally.result
    result.seconds = seconds
    for line in answers.read_text().splitlines():
        if line.startswith("failures "):
            result.failures = int(line.split()[1])
            continue
        due_us, latency_us, status, lag_us, screening_id, versions = line.split("\t")
        tally.due_s.append(int(due_us) / 1e6)
        tally.latencies_ms.append(int(latency_us) / 1000)
        if int(lag_us) >= 0:
            tally.lag_ms.append(int(lag_us) / 1000)
        result.statuses[int(status)] += 1
        if screening_id != "-":
            result.screening_ids.append(screening_id)
            result.versions[orjson.dumps(orjson.loads(versions)).decode()] += 1
    shutil.rmtree(out)
    result.latencies_ms = _percentiles(tally.latencies_ms)
    result.timeline = _timeline(tally)
    result.generator_lag_ms = _percentiles(tally.lag_ms) if tally.lag_ms else {}
    return result


# -- the server ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def pids(self) -> list[int]:
        """The server's processes: the one started and all its descendants."""
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry.name)] = int(fields[1])
        found = [self.process.pid]
        for pid in found:
            found.extend(child for child, parent in parents.items() if parent == pid)
        return found

    def cpu_seconds(self) -> dict[int, float]:
        """CPU time (user + system) used so far by each of the server's processes."""
        ticks = os.sysconf("SC_CLK_TCK")
        used = {}
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            used[pid] = (int(fields[11]) + int(fields[12])) / ticks
        return used

    def rss_mb(self) -> float:
        """Resident memory of all server processes, summed (shared pages counted once per process)."""
        return self._memory_mb("status", "VmRSS:")

    def pss_mb(self) -> float:
        """Proportional set size of all server processes: a page shared by n processes counts 1/n,
        so forked workers that share the parent's pages are not counted twice."""
        return self._memory_mb("smaps_rollup", "Pss:")

    def pss_by_process_mb(self) -> dict[int, float]:
        """PSS of each server process (supervisor, workers, a list process while one runs)."""
        return {pid: self._memory_mb("smaps_rollup", "Pss:", [pid]) for pid in self.pids()}

    def _memory_mb(self, proc_file: str, field: str, pids: list[int] | None = None) -> float:
        total = 0
        for pid in self.pids() if pids is None else pids:
            try:
                text = Path(f"/proc/{pid}/{proc_file}").read_text()
            except OSError:
                continue
            for line in text.splitlines():
                if line.startswith(field):
                    total += int(line.split()[1])
                    break
        return total / 1024


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(settings: Settings, update_from: Path, workers: int, log: Path) -> Server:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANCTIONWATCH_")}
    env |= {
        "SANCTIONWATCH_DATA_DIR": str(settings.data_dir),
        "SANCTIONWATCH_UPDATE_FROM": str(update_from),
        "SANCTIONWATCH_API_RATE_LIMIT": "1000000",  # one key drives all the load
        "SANCTIONWATCH_API_RATE_BURST": "1000000",
    }
    port = _free_port()
    command = [
        sys.executable, "-m", "sanctionwatch", "serve", "--port", str(port), "--workers", str(workers)
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(process, port, log)
    deadline = time.monotonic() + 900  # the first start builds the index of every list
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"sanctionwatch serve exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(f"{server.base_url}/readyz", timeout=5).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit("sanctionwatch serve did not become ready in 15 minutes")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait()


class RssSampler:
    """Samples the server's memory every few seconds in a thread, and its CPU time over the phase."""

    def __init__(self, server: Server) -> None:
        self.samples: list[float] = []  # RSS, MB
        self.pss_samples: list[float] = []
        self.pss_by_process: dict[int, list[float]] = {}  # per process, from its first sample
        self.cpu_seconds = 0.0  # used by the server processes alive at the end (not by ended children)
        self._cpu_before: dict[int, float] = {}
        self._server = server
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._cpu_before = self._server.cpu_seconds()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
        after = self._server.cpu_seconds()
        self.cpu_seconds = sum(used - self._cpu_before.get(pid, 0.0) for pid, used in after.items())

    def _sample(self) -> None:
        self.samples.append(self._server.rss_mb())
        by_process = self._server.pss_by_process_mb()
        self.pss_samples.append(sum(by_process.values()))
        for pid, mb in by_process.items():
            self.pss_by_process.setdefault(pid, []).append(mb)

    def _run(self) -> None:
        while True:
            self._sample()
            if self._stop.wait(RSS_EVERY_S):
                return


# -- set-up --------------------------------------------------------------------------------------


def _default_lists() -> Path:
    return Path(os.environ.get("SANCTIONWATCH_SHARED_LISTS", REPO.parent / "shared" / "data" / "lists"))


def held_back_mirror(lists: Path, mirror: Path) -> str | None:
    """Symlink every list file into ``mirror`` except the newest publication of one list with
    several (OFAC SDN preferred): that one is loaded during the update phase. Its list key."""
    filesets = discover(lists).filesets
    counts = Counter(f.source for f in filesets)
    several = sorted(source for source, count in counts.items() if count > 1)
    held = "ofac_sdn" if "ofac_sdn" in several else (several[0] if several else None)
    skip: set[Path] = set()
    if held:
        newest = [f for f in filesets if f.source == held][-1]  # discover() orders oldest first
        skip = set(newest.paths.values())
    for path in lists.rglob("*"):
        if path.is_file() and path not in skip:
            target = mirror / path.relative_to(lists)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path)
    return held


def request_bodies(settings: Settings, invented: int = NAMES_PER_KIND) -> list[bytes]:
    """JSON bodies of POST /v1/screen: listed names (sampled) and ``invented`` clean names. Past
    the default count, each extra invented name carries a surname made of random syllables, so
    the server keeps meeting tokens it has not seen (as in production: its caches keep filling)."""
    rng = random.Random(20240523)
    with Store.open(settings) as store:
        listed = [e.names[0].full for e in store.active_entities() if e.names]
    names = rng.sample(listed, min(NAMES_PER_KIND, len(listed)))
    for number in range(invented):
        if number >= NAMES_PER_KIND:
            surname = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
            names.append(f"{rng.choice(FIRST_NAMES)} {surname}")
        elif rng.random() < 0.5:
            names.append(f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}")
        else:
            names.append(
                f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_FORMS)}"
            )
    return [orjson.dumps({"query": {"schema": "Thing", "properties": {"name": [name]}}}) for name in names]


def audited(settings: Settings, ids: list[str]) -> tuple[int, int]:
    """(acknowledged screenings found in the audit table, rows in the table)."""
    with Store.open(settings) as store, store.engine.connect() as conn:
        recorded = set(conn.execute(sa.select(screenings.c.id)).scalars())
    return sum(1 for i in ids if i in recorded), len(recorded)


# -- reporting -----------------------------------------------------------------------------------


def summary(name: str, result: PhaseResult, sampler: RssSampler, audit: tuple[int, int]) -> dict[str, Any]:
    ok = result.statuses.get(200, 0)
    requests = sum(result.statuses.values())
    errors = sum(n for status, n in result.statuses.items() if status != 200) + result.failures
    return {
        "phase": name,
        "requests": requests,
        "seconds": round(result.seconds, 1),
        "requests_per_s": round(ok / result.seconds, 1) if result.seconds else 0.0,
        "p50_ms": round(result.latencies_ms["p50"], 2),
        "p95_ms": round(result.latencies_ms["p95"], 2),
        "p99_ms": round(result.latencies_ms["p99"], 2),
        "max_ms": round(result.latencies_ms["max"], 2),
        "errors": errors,
        "statuses": {str(status): n for status, n in sorted(result.statuses.items())},
        "rss_mb": [round(x) for x in sampler.samples],
        "pss_mb": [round(x) for x in sampler.pss_samples],
        "pss_mb_by_process": {str(pid): [round(x) for x in v] for pid, v in sampler.pss_by_process.items()},
        "server_cpu_s": round(sampler.cpu_seconds, 1),
        "server_cpu_ms_per_request": round(1000 * sampler.cpu_seconds / requests, 3) if requests else 0.0,
        "acknowledged": ok,
        "audited": audit[0],
        "list_versions_seen": len(result.versions),
    }


def verdict(report: dict[str, Any]) -> list[str]:
    pss = report["pss_mb"]
    offered = report.get("offered_per_s", 0.0)
    # Open loop: the server must keep up with what is offered (the schedule's start-up is a few
    # requests short); closed loop: what it serves flat out.
    served = report["requests_per_s"] >= (0.98 * offered if offered else TARGET_RPS) and (
        not offered or offered >= TARGET_RPS
    )
    checks = [
        (
            served,
            f"throughput >= {TARGET_RPS:.0f}/s"
            + (f" (kept up with {offered:.0f}/s offered)" if offered else ""),
        ),
        (report["p99_ms"] < TARGET_P99_MS, f"p99 < {TARGET_P99_MS:.0f} ms"),
        (report["errors"] == 0, "zero errors"),
        (max(pss) < TARGET_RSS_MB, f"memory (PSS) < {TARGET_RSS_MB:.0f} MB"),
        (report["audited"] == report["acknowledged"], "every acknowledged request audited"),
    ]
    return [f"{'PASS' if ok else 'FAIL'}  {text}" for ok, text in checks]


def markdown(reports: list[dict[str, Any]], args: argparse.Namespace) -> str:
    """The reports as the Markdown of benchmarks/API_RESULTS.md."""
    load = (
        f"{args.rate:.0f} requests/s offered (open loop)"
        if args.rate
        else f"{args.concurrency} in flight (closed loop, wrk)"
    )
    lines = [
        "# HTTP API load benchmark results",
        "",
        f"- **date**: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- **machine**: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        f"- **command**: `benchmarks/api_load.py {' '.join(sys.argv[1:])}`",
        f"- **server**: `sanctionwatch serve --workers {args.workers}` on SQLite, "
        f"every list under {args.lists.name}/",
        f"- **load**: single-name POST /v1/screen, {load}",
        "",
        "| phase | ok req/s | p50 ms | p95 ms | p99 ms | max ms | errors | PSS MB (first, max, last) "
        "| server CPU ms/req | audited |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        pss = r["pss_mb"] or [0]
        lines.append(
            f"| {r['phase']} | {r['requests_per_s']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
            f"{r['max_ms']} | {r['errors']} | {pss[0]}, {max(pss)}, {pss[-1]} | "
            f"{r['server_cpu_ms_per_request']} | {r['audited']} of {r['acknowledged']} |"
        )
    lines += ["", "Checks:", ""]
    for r in reports:
        lines += [f"- {r['phase']}: " + "; ".join(" ".join(check.split()) for check in verdict(r))]
    return "\n".join(lines) + "\n"


def print_slow_seconds(result: PhaseResult) -> None:
    """The seconds of the phase in which over 1% of requests missed the p99 target (open loop)."""
    if result.generator_lag_ms:
        lag = result.generator_lag_ms
        print(f"  generator lateness (in the latencies): p50 {lag['p50']:.2f}, p99 {lag['p99']:.2f} ms")
    slow = [(s, n, late, worst) for s, n, late, worst in result.timeline if late > n / 100]
    if slow:
        print(f"  seconds with over 1% of requests above {TARGET_P99_MS:.0f} ms ({len(slow)}):")
        for second, count, late, worst in slow:
            print(f"    t={second:>4}s: {late} of {count} slow, slowest {worst:.0f} ms")


def print_report(report: dict[str, Any]) -> None:
    print(f"\n== {report['phase']} ==")
    print(
        f"  {report['requests']} requests in {report['seconds']} s: {report['requests_per_s']} ok/s; "
        f"latency p50 {report['p50_ms']} ms, p95 {report['p95_ms']} ms, p99 {report['p99_ms']} ms, "
        f"max {report['max_ms']} ms"
    )
    print(f"  statuses {report['statuses']}, errors {report['errors']}")
    print(f"  server RSS MB every {RSS_EVERY_S:.0f}s: {report['rss_mb']}")
    print(f"  server PSS MB every {RSS_EVERY_S:.0f}s: {report['pss_mb']}")
    for pid, samples in report["pss_mb_by_process"].items():
        print(f"    pid {pid}: {samples}")
    print(f"  server CPU {report['server_cpu_s']} s: {report['server_cpu_ms_per_request']} ms per request")
    print(f"  audited {report['audited']} of {report['acknowledged']} acknowledged screenings")
    if report["phase"].startswith("update"):
        print(f"  list-version sets seen in responses: {report['list_versions_seen']}")
    for line in verdict(report):
        print(f"  {line}")


# -- phases --------------------------------------------------------------------------------------


def profile(server: Server, seconds: float, out: Path) -> None:
    """py-spy samples of the first worker (if py-spy is installed), in the background."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    pids = server.pids()
    if not Path(spy).exists() or not pids:
        print("  (py-spy not found: no profile)")
        return
    target = pids[-1]
    command = [spy, "record", "-p", str(target), "-d", str(int(seconds)), "-r", "200", "--gil"]
    command += ["-f", "raw", "-o", str(out), "--nonblocking"]
    subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"  profiling pid {target} for {seconds:.0f}s into {out}")


def update_phase(server: Server, admin: str, load: Load, args: argparse.Namespace) -> PhaseResult:
    """Load while the server updates its lists; prints when the new versions took over."""
    switched: list[float] = []

    def trigger() -> None:
        headers = {"Authorization": f"Bearer {admin}"}
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as client:
            time.sleep(2)
            before = client.get("/readyz").json()["list_versions"]
            started = time.monotonic()
            print(f"  POST /v1/lists/update -> {client.post('/v1/lists/update').json()['status']}")
            while time.monotonic() - started < args.update_duration:
                if client.get("/readyz").json()["list_versions"] != before:
                    switched.append(time.monotonic() - started)
                    return
                time.sleep(0.5)

    thread = threading.Thread(target=trigger, daemon=True)
    thread.start()
    result = run_load(load, args.update_duration)
    thread.join()
    print(
        f"  new list versions served {switched[0]:.1f}s after the update request"
        if switched
        else "  lists did not switch"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of steady load")
    parser.add_argument(
        "--update-duration", type=float, default=60.0, help="seconds of load during the update"
    )
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds of unmeasured load first")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight")
    parser.add_argument(
        "--invented",
        type=int,
        default=NAMES_PER_KIND,
        help=f"invented names among the request bodies (default {NAMES_PER_KIND}); more are made of "
        "random syllables, so the server keeps meeting unseen tokens (e.g. 200000)",
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="server processes (serve --workers; one per core here)"
    )
    parser.add_argument("--lists", type=Path, default=_default_lists())
    parser.add_argument("--profile", action="store_true", help="py-spy the server during the steady phase")
    parser.add_argument("--json", type=Path, help="also write the reports here")
    parser.add_argument(
        "--results",
        type=Path,
        help="Markdown report written here ('-' for none; default benchmarks/API_RESULTS.md, "
        "with --rate benchmarks/API_RESULTS_open_loop.md)",
    )
    parser.add_argument(
        "--generator",
        choices=("wrk", "c", "python"),
        default="wrk",
        help="load generator: wrk (default, closed loop; apt-get install -y wrk), c (open loop, "
        "benchmarks/open_loop.c, compiled on first use; the default with --rate) or the slower "
        "built-in Python one (either loop)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=0.0,
        help="offer this many requests/s on a fixed schedule (open loop, c or python generator; "
        "latency counted from when each request was due); default: closed loop at full speed",
    )
    parser.add_argument(
        "--keep", type=Path, help="work in this directory and keep it (reused: no reload, no index build)"
    )
    args = parser.parse_args()
    if args.rate > 0 and args.generator == "wrk":
        args.generator = "c"  # wrk cannot keep a schedule
    if args.rate <= 0 and args.generator == "c":
        raise SystemExit("--generator c is an open-loop generator: give --rate")
    if args.generator == "wrk" and shutil.which("wrk") is None:
        raise SystemExit(
            "wrk not found: install it (Debian: apt-get install -y wrk) or use --generator python "
            "(which competes with the server for CPU)"
        )
    if not args.lists.is_dir():
        raise SystemExit(
            f"list snapshots not found at {args.lists} (use --lists or SANCTIONWATCH_SHARED_LISTS)"
        )

    if args.keep is not None:  # for repeated runs: the store and index are made once
        args.keep.mkdir(parents=True, exist_ok=True)
        run(args, args.keep)
        return
    tmp = Path(tempfile.mkdtemp(prefix="sw-api-load-"))
    try:
        run(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(args: argparse.Namespace, tmp: Path) -> None:
    settings = Settings(data_dir=tmp / "data")
    reused = (tmp / "initial").exists()
    held = None if reused else held_back_mirror(args.lists, tmp / "initial")
    started = time.monotonic()
    with Store.open(settings) as store:
        report = update_from_directory(store, settings, tmp / "initial")
        screen_key = keys.create_key(store, "screen", "api_load").key
        admin_key = keys.create_key(store, "admin", "api_load").key
    loaded = {r.source: r.version.entity_count for r in report.results if r.version is not None}
    print(
        f"loaded {sum(loaded.values())} entities of {len(loaded)} lists in {time.monotonic() - started:.0f}s"
    )
    print(f"held back for the update phase: the newest publication of {held}")

    started = time.monotonic()
    server = start_server(settings, args.lists, args.workers, tmp / "serve.log")
    print(
        f"server ready in {time.monotonic() - started:.0f}s ({args.workers} worker(s)), "
        f"RSS {server.rss_mb():.0f} MB"
    )
    reports = []
    try:
        load = Load(
            server.port,
            request_bodies(settings, args.invented),
            screen_key,
            args.concurrency,
            args.generator,
            tmp,
            args.rate,
        )
        if args.warmup > 0:
            warm = run_load(load, args.warmup)
            print(f"warm-up: {sum(warm.statuses.values())} requests, statuses {dict(warm.statuses)}")
        with RssSampler(server) as rss:
            if args.profile:
                profile(server, min(30.0, args.duration), tmp.parent / "api_load_profile.txt")
            steady = run_load(load, args.duration)
        reports.append(summary("steady", steady, rss, audited(settings, steady.screening_ids)))
        reports[-1]["offered_per_s"] = args.rate
        print_report(reports[-1])
        print_slow_seconds(steady)
        if args.update_duration > 0:
            with RssSampler(server) as rss:
                during = update_phase(server, admin_key, load, args)
            update = summary("update (list switch)", during, rss, audited(settings, during.screening_ids))
            update["offered_per_s"] = args.rate
            reports.append(update)
            print_report(update)
            print_slow_seconds(during)
    finally:
        stop_server(server)
    if args.json:
        args.json.write_bytes(orjson.dumps(reports, option=orjson.OPT_INDENT_2))
    results = args.results or (RESULTS_OPEN_LOOP if args.rate else RESULTS)
    if str(results) != "-":
        results.write_text(markdown(reports, args))
        print(f"\nreport written to {results}")


if __name__ == "__main__":
    main()
