"""Run our policies over a model: results for every subject, findings for the gate.

``evaluate`` gives every result (passed, failed, unknown); ``findings`` keeps the failed and
unknown ones (the gate fails closed on unknowns), enriched with the policy's severity and
enforcement, ``source="custom"``, in a deterministic order. A rule that raises yields one
unknown result naming the rule and the error: a broken policy fails closed, it never crashes
the gate nor passes silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from policies.catalog import POLICIES, Policy, get
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
        results += _run(policy, ctx)
    results.sort(key=_sort_key)
    return results


def _run(policy: Policy, ctx: Context) -> list[Result]:
    """One policy's results; an exception becomes one unknown result naming the rule."""
    try:
        return [Result(policy.id, v.address, v.stack, v.outcome, v.message, v.file, v.line)
                for v in policy().verdicts(ctx)]
    except Exception as exc:  # noqa: BLE001 - a broken rule must fail closed, not crash
        where = policy.__module__.rsplit(".", 1)[-1]
        return [Result(policy.id, f"<policy {policy.id}>", "*", Outcome.UNKNOWN,
                       f"rule {policy.__name__} ({where}.py) could not decide: "
                       f"{type(exc).__name__}: {exc}")]


def findings(model: Model, settings: Settings | None = None) -> list[Finding]:
    """Failed and unknown results as findings (``source="custom"``), sorted."""
    out: list[Finding] = []
    for r in evaluate(model, settings=settings):
        if r.outcome is Outcome.PASSED:
            continue
        policy = get(r.policy_id)
        out.append(Finding(
            policy_id=r.policy_id, source="custom", resource=r.resource, stack=r.stack,
            severity=policy.severity, enforcement=policy.enforcement, outcome=r.outcome,
            message=r.message, file=r.file, line=r.line,
        ))
    return out
