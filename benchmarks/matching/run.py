"""Matching benchmark: accuracy and speed on the real lists, against nomenklatura's matchers.

    .venv/bin/python benchmarks/matching/run.py [--quick] [--no-peers] [--positives N] [--negatives N]

See benchmarks/README.md. Not part of the test run.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

if __name__ == "__main__":
    # Run as a script: make the repository importable so the package's relative imports work.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    runner = importlib.import_module("benchmarks.matching.runner")
    sys.exit(runner.main(sys.argv[1:]))
