"""Benchmarks: search latency and memory at 100 000 rows, against fzf --filter."""
