"""SNS topics use a KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import ENC, Rule, Verdict, require_set
from policies.rules._context import Context


class SnsTopicEncrypted(Rule):
    """``kms_master_key_id`` is set on every ``aws_sns_topic``."""

    id = "HAP_ENC_005"
    name = "Ensure SNS topics use a KMS key"
    severity = Severity.MEDIUM
    enforcement = Enforcement.HARD_MANDATORY
    category = ENC
    explanation = (
        "The seed requires data encrypted at rest (GDPR, PCI DSS). Notifications can carry "
        "personal data."
    )

    resource_types = ("aws_sns_topic",)

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        yield require_set(r, r.values.get("kms_master_key_id"), "kms_master_key_id")
