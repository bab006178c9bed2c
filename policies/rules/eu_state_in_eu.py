"""The Terraform state of EU stacks is kept in the EU."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Outcome, Severity
from policies.jurisdictions import is_eu
from policies.rules._base import RES, Rule, Verdict
from policies.rules._context import Context, stack_residency

ADDRESS = "terraform.backend"


class EuStateInEu(Rule):
    """An EU-resident stack with an S3 backend keeps its state in an EU region (plans carry no
    backend and local state stays with the operator, so neither is a subject)."""

    id = "HAP_RES_004"
    name = "Ensure the state of EU stacks is kept in the EU"
    severity = Severity.HIGH
    enforcement = Enforcement.HARD_MANDATORY
    category = RES
    explanation = (
        "Terraform state holds attribute values of EU data stores."
    )

    def verdicts(self, ctx: Context) -> Iterator[Verdict]:
        """Overridden, not check(): the subject is a stack's backend, not a resource."""
        for stack in ctx.model.stacks:
            s3 = (stack.backend or {}).get("s3")
            if stack_residency(ctx, stack) != "eu" or not isinstance(s3, dict):
                continue
            region = s3.get("region")
            if not isinstance(region, str) or "${" in region:
                yield Verdict(ADDRESS, stack.name, Outcome.UNKNOWN,
                              f"S3 backend region cannot be resolved: {region!r}", stack.file)
            elif is_eu(region):
                yield Verdict(ADDRESS, stack.name, Outcome.PASSED,
                              f"state kept in {region}", stack.file)
            else:
                yield Verdict(ADDRESS, stack.name, Outcome.FAILED,
                              f"EU stack keeps its state in {region}, outside the EU", stack.file)
