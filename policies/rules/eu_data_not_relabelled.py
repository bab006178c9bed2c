"""A resource in an EU-residency stack cannot be declared non-EU by a tag."""

from __future__ import annotations

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import ANY_TYPE, RES, Rule, Verdict, failed, passed
from policies.rules._context import Context, in_eu_stack, marked_residency, source_is_eu


class EuDataNotRelabelled(Rule):
    """Every resource of an EU-residency stack whose residency tags (any configured key, any
    case) say something other than EU, or contradict each other, is a finding: residency follows
    the stack, and a tag that says otherwise would exempt EU data from the residency policies."""

    id = "HAP_RES_006"
    name = "Ensure no resource in an EU-residency stack is tagged as non-EU data"
    severity = Severity.CRITICAL
    enforcement = Enforcement.HARD_MANDATORY
    category = RES
    explanation = (
        "A DataResidency tag is a label, not a location: EU data relabelled as US by a tag would "
        "slip past every residency policy (issue 8.4)."
    )

    resource_types = ANY_TYPE

    def check(self, r: Resource, ctx: Context) -> list[Verdict]:
        return _judge(ctx, r, {v.lower() for v in ctx.settings.eu_residency_values})


def _judge(ctx: Context, r: Resource, eu_values: set[str]) -> list[Verdict]:
    marks = marked_residency(ctx, r)
    eu_stack = in_eu_stack(ctx, r)
    if not marks:
        return []
    eu_marked = [m for m in marks if m in eu_values]
    other = sorted({m for m in marks if m not in eu_values})
    if other and (eu_stack or eu_marked):
        if not eu_marked and _copies_non_eu(ctx, r):
            return [passed(r, "holds a replica of non-EU data (or serves only such replicas)")]
        return [failed(r, f"EU data relabelled by a residency tag as {other[0]!r}")]
    if eu_marked:
        return [passed(r, "residency tags agree: EU data")]
    return []


def _replica_of_non_eu(ctx: Context, r: Resource) -> bool:
    source = r.values.get("replicate_source_db") if r.type == "aws_db_instance" else None
    return source not in (None, "") and source_is_eu(ctx, r, source, "aws_db_instance") is False


def _copies_non_eu(ctx: Context, r: Resource) -> bool:
    """True for a replica whose source is non-EU data (US data may be copied to the EU), or a
    resource that only such replicas use (their subnet group, say)."""
    if _replica_of_non_eu(ctx, r):
        return True
    users = ctx.referrers(r)
    return bool(users) and all(_replica_of_non_eu(ctx, u) for u in users)
