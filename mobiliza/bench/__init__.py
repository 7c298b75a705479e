"""Benchmark tooling: a deterministic generator of large, realistic data sets."""
