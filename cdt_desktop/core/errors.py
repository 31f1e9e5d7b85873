"""Exceptions whose message is safe to show a user (and to log): no patient data inside."""

from __future__ import annotations


class UserFacingError(Exception):
    """An error with a clear, PHI-free message; the CLI prints it as ``error: <message>``."""


class InputError(UserFacingError, ValueError):
    """Bad input from the user or a file (unknown tooth, malformed JSON, bad option)."""
