"""Customer-managed KMS keys rotate."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import ENC, Rule, Verdict, require_true
from policies.rules._context import Context


class KmsKeyRotation(Rule):
    """``enable_key_rotation`` is true on symmetric ``aws_kms_key`` resources."""

    id = "HAP_ENC_011"
    name = "Ensure customer-managed KMS keys rotate"
    severity = Severity.MEDIUM
    enforcement = Enforcement.SOFT_MANDATORY
    category = ENC
    explanation = (
        "Yearly rotation limits what one leaked key version exposes."
    )

    resource_types = ("aws_kms_key",)

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        spec = r.values.get("customer_master_key_spec", "SYMMETRIC_DEFAULT")
        if spec not in (None, "SYMMETRIC_DEFAULT"):
            return  # AWS rotates only symmetric keys
        yield require_true(r, r.values.get("enable_key_rotation"), "enable_key_rotation")
