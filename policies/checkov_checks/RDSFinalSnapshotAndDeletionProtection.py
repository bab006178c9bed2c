"""CKV_HAP_2: an RDS database cannot be deleted by accident and leaves a final snapshot.

Checkov checks ``deletion_protection`` (CKV_AWS_293) but nothing stops
``skip_final_snapshot = true``, which turns a mistaken destroy into data loss. A primary
needs deletion protection, ``skip_final_snapshot`` not true and a
``final_snapshot_identifier``; a read replica (``replicate_source_db`` set) cannot take a
final snapshot in RDS, so it needs deletion protection only.
"""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from hap_values import first, is_true


class RDSFinalSnapshotAndDeletionProtection(BaseResourceCheck):
    """Fails without deletion protection, or (primaries) without a kept final snapshot."""

    def __init__(self) -> None:
        super().__init__(
            name="Ensure RDS databases are deletion-protected and keep a final snapshot",
            id="CKV_HAP_2",
            categories=(CheckCategories.BACKUP_AND_RECOVERY,),
            supported_resources=("aws_db_instance", "aws_rds_cluster"),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        if not is_true(first(conf, "deletion_protection")):
            return CheckResult.FAILED
        if first(conf, "replicate_source_db"):
            return CheckResult.PASSED
        if is_true(first(conf, "skip_final_snapshot")):
            return CheckResult.FAILED
        snapshot_id = first(conf, "final_snapshot_identifier")
        return CheckResult.PASSED if isinstance(snapshot_id, str) and snapshot_id else (
            CheckResult.FAILED
        )

    def get_evaluated_keys(self) -> list[str]:
        return ["deletion_protection", "skip_final_snapshot", "final_snapshot_identifier"]


check = RDSFinalSnapshotAndDeletionProtection()
