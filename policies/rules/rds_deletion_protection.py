"""RDS databases are protected from deletion."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import BAK, Rule, Verdict, require_true
from policies.rules._context import Context


class RdsDeletionProtection(Rule):
    """``deletion_protection`` is true on RDS instances and clusters."""

    id = "HAP_BAK_002"
    name = "Ensure RDS deletion protection is on"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = BAK
    explanation = (
        "Zero data loss: a database must not be deleted by one apply."
    )

    resource_types = ("aws_db_instance", "aws_rds_cluster")

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        yield require_true(r, r.values.get("deletion_protection"), "deletion_protection")
