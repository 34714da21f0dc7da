"""sanctionwatch: sanctions screening with official lists, a versioned store and explainable matching."""

__version__ = "0.1.0"
