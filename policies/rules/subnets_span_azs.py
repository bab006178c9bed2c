"""Each subnet tier of a VPC spans at least three availability zones."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import HA, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context

_SUFFIX = re.compile(r"[_\-](\d+|[a-f]|az\d+|[a-z]{2}[_\-][a-z]+[_\-]\d[a-z])$")


def tier_of(subnet: Resource) -> str:
    """The subnet's tier: its ``Tier`` tag, else its name without an index/AZ suffix."""
    tag = subnet.tags.get("Tier")
    return tag if isinstance(tag, str) and tag else _SUFFIX.sub("", subnet.name)


class SubnetsSpanAzs(Rule):
    """Subnets of one tier in one VPC cover ``Settings.min_availability_zones`` distinct AZs."""

    id = "HAP_HA_001"
    name = "Ensure each subnet tier spans at least three availability zones"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = HA
    explanation = (
        "The seed deploys across 3+ AZs for 99.99% availability."
    )

    def verdicts(self, ctx: Context) -> Iterator[Verdict]:
        """Overridden, not check(): a subnet's verdict depends on the other subnets of its tier and
        VPC."""
        groups: dict[tuple[str, str, str], list[Resource]] = defaultdict(list)
        for subnet in ctx.of_type("aws_subnet"):
            vpc = ctx.resolve(subnet, subnet.values.get("vpc_id"), "aws_vpc")
            vpc_key = vpc.resource.address if vpc.resource else str(subnet.values.get("vpc_id"))
            groups[(subnet.stack, vpc_key, tier_of(subnet))].append(subnet)
        need = ctx.settings.min_availability_zones
        for (_, vpc_key, tier), subnets in groups.items():
            zones: set[str] = set()
            unsure: Unknown | None = None
            for s in subnets:
                zone = s.values.get("availability_zone") or s.values.get("availability_zone_id")
                if isinstance(zone, str):
                    zones.add(zone)
                else:
                    unsure = zone if isinstance(zone, Unknown) else Unknown("no availability_zone")
            for s in subnets:
                if len(zones) >= need:
                    yield passed(s, f"tier {tier} of {vpc_key} spans {len(zones)} AZs")
                elif unsure is not None:
                    yield unknown(s, f"AZs of tier {tier} cannot be resolved", unsure)
                else:
                    yield failed(s, f"tier {tier} of {vpc_key} spans {len(zones)} AZ(s), "
                                    f"need {need}")
