"""Benchmarks (``make bench``): engine latency by knowledge-base size, start-up and memory, end-to-end throughput."""
