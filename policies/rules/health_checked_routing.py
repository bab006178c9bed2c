"""Two serving regions behind health-checked DNS routing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import HA, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._support import blocks, first, is_true

_POLICIES = ("latency_routing_policy", "failover_routing_policy", "weighted_routing_policy",
             "geolocation_routing_policy", "geoproximity_routing_policy")


class HealthCheckedRouting(Rule):
    """Route 53 records with a routing policy carry a ``health_check_id`` and, per name, reach
    at least two regions; without any record (no edge stack) public load balancers are
    reported unknown."""

    id = "HAP_HA_005"
    name = "Ensure two serving regions behind health-checked routing"
    severity = Severity.MEDIUM
    enforcement = Enforcement.ADVISORY
    category = HA
    explanation = (
        "Route 53 latency routing with health checks fails over between regions. Advisory "
        "until the edge stack is in the checked input."
    )

    def verdicts(self, ctx: Context) -> Iterator[Verdict]:
        """Overridden, not check(): a record passes only if other records of its name serve another
        region, and without any record the load balancers are the subjects."""
        records = ctx.of_type("aws_route53_record")
        if not records:
            for lb in ctx.of_type("aws_lb", "aws_alb"):
                if not is_true(lb.values.get("internal")):
                    yield unknown(lb, "health-checked routing cannot be checked",
                                  "no Route 53 records in the checked input (edge stack absent)")
            return
        routed = [r for r in records
                  if r.values.get("set_identifier") or any(blocks(r.values, p) for p in _POLICIES)]
        regions: dict[str, set[str]] = defaultdict(set)
        for r in routed:
            region = _region(ctx, r)
            if isinstance(region, str):
                regions[str(r.values.get("name"))].add(region)
        for r in routed:
            check = r.values.get("health_check_id")
            serving = regions[str(r.values.get("name"))]
            if check in (None, ""):
                yield failed(r, "routing record without health_check_id")
            elif len(serving) < 2:
                yield failed(r, f"{r.values.get('name')} is served from {len(serving)} region(s)")
            else:
                yield passed(r, f"health-checked, {len(serving)} serving regions")


def _region(ctx: Context, r: Resource) -> str | Unknown:
    latency = first(r.values, "latency_routing_policy", "region")
    if isinstance(latency, str):
        return latency
    name = first(r.values, "alias", "name")
    ref = ctx.resolve(r, name, "aws_lb", "aws_alb")
    return ref.resource.region if ref.resource else Unknown("alias target not resolved")
