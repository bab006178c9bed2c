"""Severity and enforcement of Checkov check ids, from ``policies/checkov_levels.toml``.

Unlisted ids get :data:`DEFAULT_LEVEL`: MEDIUM, soft-mandatory (blocks unless waived).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from policies.findings import Enforcement, Severity

LEVELS_FILE = Path(__file__).resolve().parent.parent / "checkov_levels.toml"
Level = tuple[Severity, Enforcement]
DEFAULT_LEVEL: Level = (Severity.MEDIUM, Enforcement.SOFT_MANDATORY)


class LevelsError(Exception):
    """The levels file is unreadable or names an unknown severity/enforcement."""


@cache
def load_levels(path: Path = LEVELS_FILE) -> dict[str, Level]:
    """Check id -> (severity, enforcement)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LevelsError(f"cannot read Checkov levels {path}: {exc}") from None
    levels: dict[str, Level] = {}
    for check_id, entry in raw.items():
        try:
            levels[check_id] = (Severity(entry["severity"]), Enforcement(entry["enforcement"]))
        except (TypeError, KeyError, ValueError):
            raise LevelsError(
                f"{path}: [{check_id}] needs a valid severity and enforcement"
            ) from None
    return levels


def level_of(check_id: str) -> Level:
    """Severity and enforcement of ``check_id`` (the default when unlisted)."""
    return load_levels().get(check_id, DEFAULT_LEVEL)
