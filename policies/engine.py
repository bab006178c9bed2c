"""Run our policies over a model: results for every subject, findings for the gate.

``evaluate`` gives every result (passed, failed, unknown); ``findings`` keeps the failed and
unknown ones (the gate fails closed on unknowns), enriched with the catalog's severity and
enforcement, ``source="custom"``, in a deterministic order.
"""

from __future__ import annotations

from dataclasses import dataclass

from policies.catalog import POLICIES, Policy
from policies.findings import Finding, Outcome
from policies.model import Model
from policies.rules._base import Settings
from policies.rules._context import Context

__all__ = ["Result", "Settings", "evaluate", "findings"]


@dataclass(frozen=True)
class Result:
    """One policy's outcome on one subject."""

    policy_id: str
    resource: str
    """Terraform address (``terraform.backend`` for a stack's state backend)."""
    stack: str
    outcome: Outcome
    message: str
    file: str | None = None
    line: int | None = None


def _sort_key(r: Result) -> tuple[str, str, str, str]:
    return (r.stack, r.resource, r.policy_id, r.message)


def evaluate(model: Model, *, settings: Settings | None = None,
             policies: tuple[Policy, ...] = POLICIES) -> list[Result]:
    """Every result of ``policies`` (all of ours by default) on ``model``, sorted."""
    ctx = Context(model, settings or Settings())
    results: list[Result] = []
    for policy in policies:
        for v in policy.rule().rule(ctx):
            results.append(Result(policy.id, v.address, v.stack, v.outcome, v.message,
                                  v.file, v.line))
    results.sort(key=_sort_key)
    return results


def findings(model: Model, settings: Settings | None = None) -> list[Finding]:
    """Failed and unknown results as findings (``source="custom"``), sorted."""
    by_id = {p.id: p for p in POLICIES}
    out: list[Finding] = []
    for r in evaluate(model, settings=settings):
        if r.outcome is Outcome.PASSED:
            continue
        policy = by_id[r.policy_id]
        out.append(Finding(
            policy_id=r.policy_id, source="custom", resource=r.resource, stack=r.stack,
            severity=policy.severity, enforcement=policy.enforcement, outcome=r.outcome,
            message=r.message, file=r.file, line=r.line,
        ))
    return out
