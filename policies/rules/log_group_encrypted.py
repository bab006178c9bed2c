"""CloudWatch log groups use a KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import ENC, Rule, Verdict, require_set
from policies.rules._context import Context


class LogGroupEncrypted(Rule):
    """``kms_key_id`` is set on every ``aws_cloudwatch_log_group``."""

    id = "HAP_ENC_007"
    name = "Ensure CloudWatch log groups use a KMS key"
    severity = Severity.MEDIUM
    enforcement = Enforcement.HARD_MANDATORY
    category = ENC
    explanation = (
        "The seed requires data encrypted at rest (GDPR, PCI DSS). Application logs can hold "
        "personal data."
    )

    resource_types = ("aws_cloudwatch_log_group",)

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        yield require_set(r, r.values.get("kms_key_id"), "kms_key_id")
