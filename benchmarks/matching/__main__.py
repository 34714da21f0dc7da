"""``python -m benchmarks.matching``: the same as benchmarks/matching/run.py."""

import sys

from .runner import main

sys.exit(main(sys.argv[1:]))
