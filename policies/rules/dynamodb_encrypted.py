"""DynamoDB tables use KMS server-side encryption."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import ENC, Rule, Verdict, require_true
from policies.rules._context import Context
from policies.rules._support import first


class DynamodbEncrypted(Rule):
    """``server_side_encryption.enabled`` is true."""

    id = "HAP_ENC_009"
    name = "Ensure DynamoDB tables use KMS server-side encryption"
    severity = Severity.MEDIUM
    enforcement = Enforcement.HARD_MANDATORY
    category = ENC
    explanation = (
        "The seed requires data encrypted at rest (GDPR, PCI DSS)."
    )

    resource_types = ("aws_dynamodb_table",)

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        yield require_true(r, first(r.values, "server_side_encryption", "enabled"),
                           "server_side_encryption.enabled")
