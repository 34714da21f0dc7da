"""The matching benchmark: accuracy and speed of screening on the real lists, against nomenklatura.

Run it with ``.venv/bin/python benchmarks/matching/run.py`` (see benchmarks/README.md).
"""
