"""ElastiCache keeps snapshots."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import BAK, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._support import as_int


class ElasticacheSnapshotRetention(Rule):
    """``snapshot_retention_limit`` >= 1 on replication groups."""

    id = "HAP_BAK_004"
    name = "Ensure ElastiCache keeps snapshots"
    severity = Severity.MEDIUM
    enforcement = Enforcement.SOFT_MANDATORY
    category = BAK
    explanation = (
        "Sessions survive the loss of a whole cache."
    )

    resource_types = ("aws_elasticache_replication_group",)

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        value = r.values.get("snapshot_retention_limit")
        days = as_int(value)
        if isinstance(value, Unknown):
            yield unknown(r, "snapshot_retention_limit cannot be resolved", value)
        elif days is None or days < 1:
            yield failed(r, f"snapshot_retention_limit is {value!r}, need >= 1")
        else:
            yield passed(r, f"snapshots kept {days} days")
