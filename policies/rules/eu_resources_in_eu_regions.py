"""EU-resident resources land in EU regions."""

from __future__ import annotations

from collections.abc import Iterator

from policies.jurisdictions import is_eu
from policies.model import Unknown
from policies.rules._base import Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context


class EuResourcesInEuRegions(Rule):
    """Every AWS resource whose residency (``DataResidency`` tag, else its stack's) is ``eu``
    is created in an EU region."""

    def rule(self, ctx: Context) -> Iterator[Verdict]:
        for stack in ctx.model.stacks:
            for r in stack.resources:
                if not r.type.startswith("aws_") or not ctx.is_eu_data(r):
                    continue
                if isinstance(r.region, Unknown):
                    yield unknown(r, "EU-resident, region cannot be resolved", r.region)
                elif is_eu(r.region):
                    yield passed(r, f"EU-resident in {r.region}")
                else:
                    yield failed(r, f"EU-resident data in {r.region}, outside the EU")
