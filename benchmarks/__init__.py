"""The performance suite: `make bench` or `python -m benchmarks`.

Its budgets are those of docs/design-rules.md, Performance budgets."""
