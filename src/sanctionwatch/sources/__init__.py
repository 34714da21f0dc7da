"""Readers of the official list formats, one module per format."""
