"""Capacity: each serving region's max tasks cover the seed's 10x spike."""

from __future__ import annotations

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import HA, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context


class CapacityCoversSpike(Rule):
    """From the demand model (seed defaults): the origin requests per second of the region's
    users in a 10x spike, divided by what one task serves, against the service's autoscaling
    ``max_capacity``. Unknown when the maximum cannot be read."""

    id = "HAP_CAP_001"
    name = "Ensure max tasks cover the 10x traffic spike"
    severity = Severity.MEDIUM
    enforcement = Enforcement.SOFT_MANDATORY
    category = HA
    explanation = ("Seed: spikes reach 10x normal traffic; a service capped below the tasks "
                   "the spike needs drops requests exactly when it matters.")

    resource_types = ("aws_ecs_service",)

    def check(self, r: Resource, ctx: Context) -> Verdict:
        from estimate.report import estimate
        from regions.demand import DemandModel

        by_region = ctx.once(estimate, lambda: {
            c.region: c for c in estimate(ctx.model, DemandModel()).capacity})
        cap = by_region.get(str(r.region))
        check = next((k for k in cap.checks if k.limit.startswith("max tasks")), None) \
            if cap else None
        if check is None or check.have is None:
            return unknown(r, "max tasks cannot be read", "no autoscaling target found")
        if check.ok:
            return passed(r, f"max tasks {check.have:g} cover the spike's {check.need:g}")
        return failed(r, f"the 10x spike needs {check.need:g} tasks, max is "
                         f"{check.have:g}: set {check.fix}")
