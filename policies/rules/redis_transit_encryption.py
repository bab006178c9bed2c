"""Redis encrypts traffic in transit."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import TLS, Rule, Verdict, require_true
from policies.rules._context import Context
from policies.rules._global_datastore import setting


class RedisTransitEncryption(Rule):
    """``transit_encryption_enabled`` is true on ElastiCache replication groups; a Global
    Datastore secondary, which cannot set it, is judged on its primary's (unknown when the
    chain to it cannot be followed). Checkov's CKV_AWS_30, which cannot see the inherited
    value, is then advisory on that secondary (``policies/checkov/inherited.py``): this policy
    decides."""

    id = "HAP_TLS_003"
    name = "Ensure Redis encrypts traffic in transit"
    severity = Severity.HIGH
    enforcement = Enforcement.HARD_MANDATORY
    category = TLS
    explanation = (
        "Session data crosses the VPC between tasks and the cache."
    )

    resource_types = ("aws_elasticache_replication_group",)

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        value = setting(ctx, r, "transit_encryption_enabled")
        yield require_true(r, value.value, value.label("transit_encryption_enabled"))
