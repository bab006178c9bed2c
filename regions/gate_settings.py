"""The ``[gate]`` table: what the policy gate reads as configuration rather than constants.

``[gate.residency]`` names the tag keys and the values that mean "EU data" (issue 8.4: the
residency marker is configuration). The defaults accept the common spellings; keys are
compared case-insensitively with ``-`` and ``_`` ignored, values case-insensitively.
``python main.py check`` reads this table from ``--config`` (default
``regions/platform.toml``) and its ``--residency-tag-key`` / ``--residency-eu-value`` flags
override it. ``[gate] allowed_accounts`` is the allow-list of HAP_RES_007 (data grants to
other accounts), overridden by ``--allowed-account``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from regions.values import ConfigError

#: A tag key or value as AWS accepts it (1..128 characters of letters, digits, spaces and
#: ``_ . : / = + - @``).
_TAG = re.compile(r"^[\w .:/=+\-@]{1,128}$")


def _strings(where: str, values: tuple[str, ...]) -> None:
    if not isinstance(values, tuple) or not values:
        raise ConfigError(f"{where} must be a non-empty list of strings")
    for v in values:
        if not isinstance(v, str) or not v.strip():
            raise ConfigError(f"{where} must hold non-empty strings, got {v!r}")
        if not _TAG.match(v):
            raise ConfigError(f"{where}: {v!r} is not a valid AWS tag key or value")


@dataclass(frozen=True)
class ResidencySettings:
    """``[gate.residency]``: how the gate recognises EU data by its tags."""

    tag_keys: tuple[str, ...] = ("DataResidency", "data-residency", "data_residency")
    """Tag keys that mark a resource's data residency (any case; ``-``/``_`` ignored)."""
    eu_values: tuple[str, ...] = ("eu",)
    """Values of those tags that mean "EU data" (any case)."""

    def __post_init__(self) -> None:
        _strings("gate.residency.tag_keys", self.tag_keys)
        _strings("gate.residency.eu_values", self.eu_values)


#: An AWS account id.
_ACCOUNT = re.compile(r"^[0-9]{12}$")


def check_accounts(where: str, accounts: tuple[str, ...]) -> None:
    """ConfigError unless ``accounts`` is a list of 12-digit AWS account ids."""
    if not isinstance(accounts, tuple):
        raise ConfigError(f"{where} must be a list of AWS account ids")
    for a in accounts:
        if not isinstance(a, str) or not _ACCOUNT.match(a):
            raise ConfigError(f"{where}: {a!r} is not a 12-digit AWS account id")


@dataclass(frozen=True)
class GateSettings:
    """``[gate]``: configuration of the policy gate."""

    residency: ResidencySettings = field(default_factory=ResidencySettings)
    """The residency marker (``[gate.residency]``)."""
    allowed_accounts: tuple[str, ...] = ()
    """AWS accounts besides the owning one that bucket and key policies may grant data actions
    (``s3:*``, ``kms:Decrypt``, ...) to; HAP_RES_007 fails a grant to any other (default:
    none)."""

    def __post_init__(self) -> None:
        check_accounts("gate.allowed_accounts", self.allowed_accounts)
