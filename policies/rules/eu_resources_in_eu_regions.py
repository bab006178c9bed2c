"""EU-resident resources land in EU regions."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.jurisdictions import is_eu
from policies.model import Unknown
from policies.rules._base import RES, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context


class EuResourcesInEuRegions(Rule):
    """Every AWS resource holding EU data (in an EU-residency stack, or tagged EU under any
    configured residency key and value, any case) is created in an EU region."""

    id = "HAP_RES_001"
    name = "Ensure EU-resident resources are in EU regions"
    severity = Severity.CRITICAL
    enforcement = Enforcement.HARD_MANDATORY
    category = RES
    explanation = (
        "GDPR residency: EU-home data (by stack residency or a residency tag) stays in the "
        "EU. Flags the seed's EU data in a US primary."
    )

    def verdicts(self, ctx: Context) -> Iterator[Verdict]:
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
