"""The policy step of ``plan``: one call to the gate on one plan JSON file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policies.findings import Finding
from tfrunner.errors import TerraformError


@dataclass(frozen=True)
class GateOutcome:
    """What the gate said about a plan."""

    findings: tuple[Finding, ...]
    """Every finding (waived and advisory included)."""
    exit_code: int
    """0 clean, 1 blocking findings, 2 the gate could not run."""
    errors: tuple[str, ...] = ()
    """Why the gate could not decide (exit 2), one line each."""
    checkov_ran: bool = False
    """False when Checkov was turned off or did not run: the gate was partial."""


def gate_plan(plan_json: Path, *, waivers: Path | None = None, checkov: bool = True,
              extra: Sequence[Path] = ()) -> GateOutcome:
    """Run the gate (Checkov's terraform_plan framework + our policies) on ``plan_json``."""
    try:
        from policies.gate import run_gate
    except ImportError as exc:
        raise TerraformError(f"the policy gate is not available ({exc}); refusing to pass "
                             "an unchecked plan") from None
    result = run_gate([plan_json, *extra], waivers=waivers, checkov=checkov)
    return GateOutcome(tuple(result.findings), int(result.exit_code), tuple(result.errors),
                       bool(result.checkov_ran))
