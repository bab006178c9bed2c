"""ElastiCache replication groups encrypt data at rest."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import ENC, Rule, Verdict, require_true
from policies.rules._context import Context


class ElasticacheEncryptedAtRest(Rule):
    """``at_rest_encryption_enabled`` is true."""

    id = "HAP_ENC_002"
    name = "Ensure ElastiCache encrypts data at rest"
    severity = Severity.HIGH
    enforcement = Enforcement.HARD_MANDATORY
    category = ENC
    explanation = (
        "The seed requires data encrypted at rest (GDPR, PCI DSS). Sessions hold personal "
        "data."
    )

    resource_types = ("aws_elasticache_replication_group",)

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        yield require_true(r, r.values.get("at_rest_encryption_enabled"),
                           "at_rest_encryption_enabled")
