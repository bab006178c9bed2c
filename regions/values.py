"""The configuration's error type and its two small helpers: a check that raises it, and
the one coercion of TOML numbers (shared by the loader and the dataclass invariants)."""

from __future__ import annotations


class ConfigError(ValueError):
    """An invalid platform configuration (reported as one line, exit code 2)."""


def require(condition: bool, message: str) -> None:
    """ConfigError(``message``) unless ``condition`` holds."""
    if not condition:
        raise ConfigError(message)


def number(value: object, *, integer: bool) -> int | float | None:
    """``value`` as a config number: an int (TOML ``true`` is not one), or for a float
    field any int or float, returned as a float; None when it is not such a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if integer:
        return value if isinstance(value, int) else None
    return float(value)
