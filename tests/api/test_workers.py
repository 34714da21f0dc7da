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
import pytest

from sanctionwatch.api.workers import Supervisor
from sanctionwatch.auth import keys
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.update import update_from_directory

EXAMPLE_LISTS = Path(__file__).resolve().parents[2] / "src" / "sanctionwatch" / "examples" / "lists"
Serving = Callable[..., AbstractContextManager[tuple[str, subprocess.Popen[bytes]]]]


def _workers(parent: int) -> set[int]:
    """The supervisor's spawned worker processes (not multiprocessing's resource tracker)."""
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(parent)], capture_output=True, text=True)
    return {int(pid) for pid in found.stdout.split() if _spawned(int(pid))}


def _spawned(pid: int) -> bool:
    try:
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False  # gone meanwhile


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
    options = {"log_level": "critical", "timeout_graceful_shutdown": 1}
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    supervisor = Supervisor("sanctionwatch.no_such_module:app", "127.0.0.1", port, options)
    started = time.monotonic()
    with pytest.raises(SystemExit) as exited:
        supervisor.run(2)
    assert exited.value.code == 1
    assert time.monotonic() - started < 120


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
