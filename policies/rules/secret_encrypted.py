"""Secrets Manager secrets use a customer-managed KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import ENC, Rule, Verdict, require_set
from policies.rules._context import Context


class SecretEncrypted(Rule):
    """``kms_key_id`` is set on every ``aws_secretsmanager_secret``."""

    id = "HAP_ENC_008"
    name = "Ensure Secrets Manager secrets use a customer-managed KMS key"
    severity = Severity.HIGH
    enforcement = Enforcement.HARD_MANDATORY
    category = ENC
    explanation = (
        "The seed requires data encrypted at rest (GDPR, PCI DSS). A customer-managed key "
        "keeps access auditable and revocable."
    )

    resource_types = ("aws_secretsmanager_secret",)

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        yield require_set(r, r.values.get("kms_key_id"), "kms_key_id")
