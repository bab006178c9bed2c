"""ElastiCache replication groups encrypt data at rest."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import ENC, Rule, Verdict, require_true
from policies.rules._context import Context
from policies.rules._global_datastore import setting


class ElasticacheEncryptedAtRest(Rule):
    """``at_rest_encryption_enabled`` is true; a Global Datastore secondary, which cannot set
    it, is judged on its primary's (unknown when the chain to it cannot be followed). Checkov's
    CKV_AWS_29, which cannot see the inherited value, is then advisory on that secondary
    (``policies/checkov/inherited.py``): this policy decides."""

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
        value = setting(ctx, r, "at_rest_encryption_enabled")
        yield require_true(r, value.value, value.label("at_rest_encryption_enabled"))
