"""RDS primaries keep a final snapshot when deleted."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import BAK, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._support import is_replica, is_true


class RdsFinalSnapshot(Rule):
    """``skip_final_snapshot`` is not true on primaries (replicas take no final snapshot)."""

    id = "HAP_BAK_003"
    name = "Ensure RDS keeps a final snapshot"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = BAK
    explanation = (
        "Zero data loss: deleting a primary keeps its last state."
    )

    resource_types = ("aws_db_instance", "aws_rds_cluster")

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        if r.type == "aws_db_instance" and is_replica(r):
            return
        value = r.values.get("skip_final_snapshot")
        if isinstance(value, Unknown):
            yield unknown(r, "skip_final_snapshot cannot be resolved", value)
        elif is_true(value):
            yield failed(r, "skip_final_snapshot is true")
        else:
            yield passed(r, "a final snapshot is kept")
