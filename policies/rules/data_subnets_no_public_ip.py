"""Subnets of the data tier do not give out public IPs."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Unknown
from policies.rules._base import NET, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._network import subnet_refs, tier_subnets
from policies.rules._support import is_true


class DataSubnetsNoPublicIp(Rule):
    """``map_public_ip_on_launch`` is not true on subnets used by the data tier."""

    id = "HAP_NET_002"
    name = "Ensure data-tier subnets do not map public IPs"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = NET
    explanation = (
        "map_public_ip_on_launch gives everything launched there an internet address."
    )

    def verdicts(self, ctx: Context) -> Iterator[Verdict]:
        """Overridden, not check(): the subjects are the subnets the data tier uses (each once),
        found through the tier's resources."""
        seen: set[tuple[str, str]] = set()
        for subject, values in tier_subnets(ctx):
            for ref in subnet_refs(ctx, subject, values):
                subnet = ref.resource
                if subnet is None or (subnet.stack, subnet.address) in seen:
                    continue
                seen.add((subnet.stack, subnet.address))
                value = subnet.values.get("map_public_ip_on_launch")
                if isinstance(value, Unknown):
                    yield unknown(subnet, "map_public_ip_on_launch cannot be resolved", value)
                elif is_true(value):
                    yield failed(subnet, f"used by {subject.address}, maps public IPs on launch")
                else:
                    yield passed(subnet, "no public IPs on launch")
