"""Databases, caches, tasks and interface endpoints sit only in private subnets."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.rules._base import NET, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._network import igw_route, subnet_refs, tier_subnets


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

    def verdicts(self, ctx: Context) -> Iterator[Verdict]:
        for subject, values in tier_subnets(ctx):
            if not values:
                yield failed(subject, "no subnets listed")
                continue
            public: list[str] = []
            unsure: list[str] = []
            for ref in subnet_refs(ctx, subject, values):
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
                yield failed(subject, "public subnet: " + "; ".join(public))
            elif unsure:
                yield unknown(subject, "subnet routing cannot be resolved", unsure[0])
            else:
                yield passed(subject, "every subnet is private")
