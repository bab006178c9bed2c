"""Databases, caches, tasks and interface endpoints sit only in private subnets."""

from __future__ import annotations

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import NET, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._network import TIER_TYPES, igw_route, subnet_refs, tier_subnet_values


class DataTierPrivateSubnets(Rule):
    """Every subnet of a DB/cache subnet group, ECS service or interface endpoint has no route
    to an internet gateway (subnet -> association -> route table -> route)."""

    id = "HAP_NET_001"
    name = "Ensure databases, caches, tasks and endpoints sit in private subnets"
    severity = Severity.CRITICAL
    enforcement = Enforcement.HARD_MANDATORY
    category = NET
    explanation = (
        "A subnet whose route table reaches an internet gateway is public; the data tier must "
        "not be reachable from it (subnet -> association -> route table -> route)."
    )

    resource_types = TIER_TYPES

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        values = tier_subnet_values(r)
        if values is None:
            return None
        if not values:
            return failed(r, "no subnets listed")
        public: list[str] = []
        unsure: list[str] = []
        for ref in subnet_refs(ctx, r, values):
            if ref.resource is None:
                unsure.append(ref.unknown.reason if ref.unknown
                              else f"subnet {ref.literal!r} is not in the checked input")
                continue
            routed, why = igw_route(ctx, ref.resource)
            if routed:
                public.append(f"{ref.resource.address} ({why})")
            elif routed is None:
                unsure.append(f"{ref.resource.address}: {why}")
        if public:
            return failed(r, "public subnet: " + "; ".join(public))
        if unsure:
            return unknown(r, "subnet routing cannot be resolved", unsure[0])
        return passed(r, "every subnet is private")
