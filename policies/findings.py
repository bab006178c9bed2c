"""Findings: what a policy (ours or Checkov's) says about one resource."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    """How bad a violation is."""

    CRITICAL = "CRITICAL"
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"


class Enforcement(str, Enum):
    """What a violation does to the gate (Sentinel's levels)."""

    ADVISORY = "advisory"
    """Reported, never fails the gate."""
    SOFT_MANDATORY = "soft-mandatory"
    """Fails the gate unless waived."""
    HARD_MANDATORY = "hard-mandatory"
    """Fails the gate; cannot be waived."""


class Outcome(str, Enum):
    """Result of one policy on one resource."""

    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"
    """The value could not be resolved; treated as a failure by the gate (fails closed)."""


@dataclass(frozen=True)
class Finding:
    """One failed or unknown result, after enrichment with the policy's metadata."""

    policy_id: str
    source: str
    """``custom`` (ours) or ``checkov``."""
    resource: str
    """Terraform address."""
    stack: str
    severity: Severity
    enforcement: Enforcement
    outcome: Outcome
    message: str
    file: str | None = None
    line: int | None = None
    waived: bool = False
    waiver: str | None = None
    """Id of the waiver that waived it (``<policy_id>:<resource glob>``), if any."""

    @property
    def blocks(self) -> bool:
        """True when this finding fails the gate."""
        if self.enforcement is Enforcement.ADVISORY:
            return False
        if self.enforcement is Enforcement.HARD_MANDATORY:
            return True
        return not self.waived
