"""EU-resident resources land in EU regions."""

from __future__ import annotations

from policies.findings import Enforcement, Severity
from policies.jurisdictions import is_eu
from policies.model import Resource, Unknown
from policies.rules._base import ANY_TYPE, RES, Rule, Verdict, failed, passed, unknown
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

    resource_types = ANY_TYPE

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        if not r.type.startswith("aws_") or not ctx.is_eu_data(r):
            return None
        if isinstance(r.region, Unknown):
            return unknown(r, "EU-resident, region cannot be resolved", r.region)
        if is_eu(r.region):
            return passed(r, f"EU-resident in {r.region}")
        return failed(r, f"EU-resident data in {r.region}, outside the EU")
