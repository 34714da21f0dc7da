"""``serve --workers 2``: each worker has its own socket on the port; connections reach both, a
worker that dies is replaced, and SIGTERM stops them all."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import httpx

from sanctionwatch.auth import keys
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.update import update_from_directory

EXAMPLE_LISTS = Path(__file__).resolve().parents[2] / "src" / "sanctionwatch" / "examples" / "lists"
Serving = Callable[..., AbstractContextManager[tuple[str, subprocess.Popen[bytes]]]]


def _workers(parent: int) -> set[int]:
    """The supervisor's spawned worker processes (not multiprocessing's resource tracker)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after "pid (name)": state, ppid, ...
            if int(fields[1]) == parent and b"spawn_main" in (stat.parent / "cmdline").read_bytes():
                found.add(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    return found


def _screen(base_url: str, key: str) -> int:
    body = {"query": {"schema": "Person", "properties": {"name": ["Ivan Sergeyevich PETROV"]}}}
    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {key}"}, timeout=30) as client:
        return client.post("/v1/screen", json=body).status_code


def test_a_killed_worker_is_replaced_and_sigterm_stops_all(tmp_path: Path, serve_command: Serving) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'store.db'}")
    with Store.open(settings) as store:
        assert not update_from_directory(store, settings, EXAMPLE_LISTS).failed
        key = keys.create_key(store, "screen").key
    with serve_command(settings, tmp_path / "serve.log", workers=2) as (base_url, process):
        first = _workers(process.pid)
        assert len(first) == 2
        # Many fresh connections: the kernel spreads them over both workers' sockets.
        assert {_screen(base_url, key) for _ in range(20)} == {200}

        os.kill(min(first), signal.SIGKILL)
        deadline = time.monotonic() + 60
        while len(_workers(process.pid) - {min(first)}) < 2:
            assert time.monotonic() < deadline, "no replacement worker"
            time.sleep(0.2)
        replaced = _workers(process.pid)
        assert min(first) not in replaced
        deadline = time.monotonic() + 60
        while True:  # until the new worker has loaded the lists too: every request answered
            statuses = {_screen(base_url, key) for _ in range(20)}
            if statuses == {200} or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert statuses == {200}

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
        assert not any(Path(f"/proc/{pid}").exists() for pid in replaced)  # stopped and reaped


def test_workers_failing_at_start_up_end_the_server_instead_of_restarting_forever() -> None:
    # Workers whose app cannot even be imported; in a process of its own, so that a supervisor
    # restarting them forever fails this test by its timeout instead of hanging the run.
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    script = (
        "from sanctionwatch.api.workers import Supervisor\n"
        "options = {'log_level': 'critical', 'timeout_graceful_shutdown': 1}\n"
        f"Supervisor('sanctionwatch.no_such_module:app', '127.0.0.1', {port}, options).run(2)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "workers keep failing at start-up" in done.stderr


def test_a_port_already_taken_is_a_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "sanctionwatch", "serve", "--port", str(port), "--workers", "2"],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode != 0
    assert "address already in use" in (done.stdout + done.stderr).lower()
