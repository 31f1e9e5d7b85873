"""The performance suite (DESIGN.md section 7): `make bench` or `python -m benchmarks`."""
