"""Helpers shared by our Checkov checks: read Checkov's list-wrapped attribute values.

Checkov hands a check each attribute wrapped in a one-element list (``{"multi_az": [True]}``)
for HCL, synthesized JSON and plans alike. Booleans may arrive as ``"true"`` strings.
"""

from __future__ import annotations

from typing import Any


def first(conf: dict[str, Any], key: str) -> Any:
    """The attribute's value, unwrapped from Checkov's list; None when absent."""
    value = conf.get(key)
    if isinstance(value, list):
        return value[0] if value else None
    return value


def is_true(value: Any) -> bool:
    """True only for a literal true (bool or the string ``"true"``)."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() == "true"


def as_int(value: Any) -> int | None:
    """An integer literal, or None for anything else (absent, interpolation, text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
