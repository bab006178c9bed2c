"""Automated-backup replication of an RDS instance into a DR region.

Snapshots and transaction logs are copied continuously, so point-in-time restore in the
DR region meets RPO < 15 minutes. The resource is created in the destination region
(pass that region's provider), encrypted with a key of that region.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import TerraformProvider
from cdktf_cdktf_provider_aws.db_instance_automated_backups_replication import (
    DbInstanceAutomatedBackupsReplication,
)
from constructs import Construct


@dataclass(frozen=True)
class BackupReplicationProps:
    """Props of :class:`BackupReplication`."""

    source_db_arn: str
    """ARN of the instance whose backups are copied."""
    kms_key_arn: str
    """Key in the destination region."""
    destination_provider: TerraformProvider
    """Provider of the DR region (the copies are created there)."""
    retention_days: int = 35
    """How long the replicated backups are kept (7..35)."""

    def __post_init__(self) -> None:
        if not 7 <= self.retention_days <= 35:
            raise ValueError("replicated backup retention must be 7..35 days")


class BackupReplication(Construct):
    """One ``aws_db_instance_automated_backups_replication`` in the DR region."""

    def __init__(self, scope: Construct, id: str, *, props: BackupReplicationProps) -> None:
        super().__init__(scope, id)
        DbInstanceAutomatedBackupsReplication(
            self, "replication", source_db_instance_arn=props.source_db_arn,
            kms_key_id=props.kms_key_arn, retention_period=props.retention_days,
            provider=props.destination_provider)
