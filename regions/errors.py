"""The one error type of the configuration (reported as one line, exit code 2)."""

from __future__ import annotations


class ConfigError(ValueError):
    """An invalid platform configuration (reported as one line, exit code 2)."""
