"""The peers venv (nomenklatura, Faker) and running code in it.

nomenklatura pins its own dependency versions, which may conflict with ours, so it lives in a
separate virtualenv under benchmarks/.work/ (git-ignored), installed from the pins of the
``bench`` extra in pyproject.toml. Code runs there in a subprocess that only exchanges files.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

from .lists import REPO

WORK = REPO / "benchmarks" / ".work"
VENV = WORK / "peers-venv"
PYTHON = VENV / "bin" / "python"
HERE = Path(__file__).resolve().parent
ALGORITHMS = ("logic-v2", "logic-v1", "ofac")
#: nomenklatura's algorithms define no threshold; OpenSanctions' yente API matches at 0.7 by default.
PEER_THRESHOLD = 0.7


def bench_requirements() -> list[str]:
    """The pinned requirements of pyproject's ``bench`` extra."""
    with (REPO / "pyproject.toml").open("rb") as handle:
        data = tomllib.load(handle)
    requirements: list[str] = data["project"]["optional-dependencies"]["bench"]
    return requirements


def ensure_venv() -> Path:
    """Create the peers venv and install the bench pins, unless it already has them."""
    requirements = bench_requirements()
    stamp = VENV / "bench-requirements.txt"
    wanted = "\n".join(requirements) + "\n"
    if PYTHON.exists() and stamp.exists() and stamp.read_text() == wanted:
        return PYTHON
    print(f"setting up {VENV} ({', '.join(requirements)}) ...", file=sys.stderr, flush=True)
    WORK.mkdir(parents=True, exist_ok=True)
    if not PYTHON.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", *requirements], check=True)
    stamp.write_text(wanted)
    return PYTHON


def score_pairs(pairs: Path, out: Path, algorithms: tuple[str, ...] = ALGORITHMS) -> dict[str, Any]:
    """Run ``peer_worker.py`` on the pairs file; its JSON result (see that module)."""
    subprocess.run(
        [str(ensure_venv()), str(HERE / "peer_worker.py"), str(pairs), str(out), *algorithms], check=True
    )
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result
