"""Availability: the composite of published SLAs, as wired, meets 99.99% per jurisdiction."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.rules._base import HA, Rule, Verdict, failed, passed
from policies.rules._context import Context


class AvailabilityMeetsTarget(Rule):
    """Per serving region (subject: its ECS service), the composite availability of its
    users' jurisdiction: its components in series, the regions health-checked Route 53
    records can send those users to in parallel (EU users: EU regions only), Route 53 and
    CloudFront in series (``estimate/availability.py``; SLAs in ``estimate/facts.toml``)."""

    id = "HAP_AVL_001"
    name = "Ensure the estimated availability meets 99.99%"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = HA
    explanation = "Seed: 99.99% uptime for US and EU users."

    def verdicts(self, ctx: Context) -> Iterator[Verdict]:
        """Overridden, not check(): one figure per serving region (all its stores in series),
        reported on that region's services."""
        from estimate.availability import availability
        from estimate.topology import serving_regions
        from regions.demand import DemandModel

        target = DemandModel().availability_target
        per = {a.residency: a for a in availability(ctx.model)}
        for sr in serving_regions(ctx.model):
            a = per[sr.residency]
            for svc in sr.of_type("aws_ecs_service"):
                text = (f"{sr.residency} users: {a.availability:.5%} against {target:.2%}; "
                        f"weakest link {a.weakest}")
                yield passed(svc, text) if a.availability >= target else failed(svc, text)
