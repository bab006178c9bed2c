"""Benchmark scripts: each prints figures, asserts nothing (run them as programs)."""
