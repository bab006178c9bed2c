"""RDS keeps automated backups long enough."""

from __future__ import annotations

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import BAK, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._support import as_int, is_replica


class RdsBackupRetention(Rule):
    """``backup_retention_period`` >= ``Settings.min_backup_retention_days`` on primaries."""

    id = "HAP_BAK_001"
    name = "Ensure RDS keeps automated backups long enough"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = BAK
    explanation = (
        "Point-in-time recovery needs retained backups (default at least 7 days, "
        "configurable)."
    )

    resource_types = ("aws_db_instance", "aws_rds_cluster")

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        if r.type == "aws_db_instance" and is_replica(r):
            return None
        minimum = ctx.settings.min_backup_retention_days
        value = r.values.get("backup_retention_period")
        days = as_int(value)
        if isinstance(value, Unknown):
            return unknown(r, "backup_retention_period cannot be resolved", value)
        if days is None:
            return failed(r, f"backup_retention_period not set (need >= {minimum} days)")
        if days < minimum:
            return failed(r, f"backups kept {days} days, need >= {minimum}")
        return passed(r, f"backups kept {days} days")
