"""CKV_HAP_1: RDS keeps automated backups for at least 7 days.

Checkov's CKV_AWS_133 passes any retention from 1 to 35 days (1 is the AWS default);
our RPO and recovery story needs a week. Read replicas (``replicate_source_db`` set)
are exempt: their source's backups cover the data and same-region replicas cannot hold
automated backups on every engine version.
"""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from hap_values import as_int, first

MINIMUM_DAYS = 7


class RDSBackupRetentionSevenDays(BaseResourceCheck):
    """Fails when ``backup_retention_period`` is absent (AWS default 1), below 7 or unreadable."""

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure RDS automated backups are kept for at least {MINIMUM_DAYS} days",
            id="CKV_HAP_1",
            categories=(CheckCategories.BACKUP_AND_RECOVERY,),
            supported_resources=("aws_db_instance", "aws_rds_cluster"),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        if first(conf, "replicate_source_db"):
            return CheckResult.PASSED
        days = as_int(first(conf, "backup_retention_period"))
        return CheckResult.PASSED if days is not None and days >= MINIMUM_DAYS else (
            CheckResult.FAILED
        )

    def get_evaluated_keys(self) -> list[str]:
        return ["backup_retention_period", "replicate_source_db"]


check = RDSBackupRetentionSevenDays()
