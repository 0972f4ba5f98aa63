# Benchmarks: make bench
