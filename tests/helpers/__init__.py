"""One place for what many tests share: where the repository, the case fixtures and the small
reference sources are (so a test file can move with the package it mirrors)."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures"
SOURCE_FIXTURES = REPO_ROOT / "tests" / "unit" / "db" / "fixtures" / "sources"
