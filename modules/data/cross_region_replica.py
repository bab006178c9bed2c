"""A cross-region read replica of another region's primary, promotable in a disaster.

It lives in this region's private-data subnets, encrypted with a key of this region,
and is Multi-AZ so that after promotion it is as available as the primary was.
Its data keeps the residency of its source (tag ``DataResidency``).
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.db_instance import DbInstance
from cdktf_cdktf_provider_aws.db_subnet_group import DbSubnetGroup
from constructs import Construct

from modules.data.postgres import LOG_EXPORTS


@dataclass(frozen=True)
class CrossRegionReplicaProps:
    """Props of :class:`CrossRegionReplica`."""

    name: str
    """Identifier, unique in this region (e.g. ``webapp-prod-us-dr``)."""
    source_db_arn: str
    """ARN of the primary in the other region."""
    source_residency: str
    """Residency of the source's data; tagged on the replica."""
    instance_class: str
    """Same class as the primary, so promotion carries the full load."""
    subnet_ids: tuple[str, ...]
    """Private-data subnets of this region."""
    security_group_id: str
    """Group admitting 5432 from this region's tasks only."""
    kms_key_arn: str
    """Key of this region encrypting the replica."""
    parameter_group_name: str
    """TLS-forcing parameter group of the same family in this region."""
    monitoring_role_arn: str
    """Enhanced-monitoring role."""
    backup_retention_days: int = 35
    """Backups kept once promoted (and on the replica itself)."""

    def __post_init__(self) -> None:
        if self.source_residency not in ("us", "eu"):
            raise ValueError("source_residency must be 'us' or 'eu'")
        if len(self.subnet_ids) < 2:
            raise ValueError("a DB subnet group needs subnets in at least 2 AZs")


class CrossRegionReplica(Construct):
    """Subnet group and the Multi-AZ cross-region replica."""

    def __init__(self, scope: Construct, id: str, *, props: CrossRegionReplicaProps) -> None:
        super().__init__(scope, id)
        tags = {"DataResidency": props.source_residency, "Role": "dr-replica"}
        subnet_group = DbSubnetGroup(self, "subnet_group", name=f"{props.name}-data",
                                     subnet_ids=list(props.subnet_ids),
                                     description="Private data subnets (DR replica)", tags=tags)
        self.replica = DbInstance(
            self, "replica",
            identifier=props.name, replicate_source_db=props.source_db_arn,
            instance_class=props.instance_class, storage_type="gp3", storage_encrypted=True,
            kms_key_id=props.kms_key_arn, db_subnet_group_name=subnet_group.name,
            vpc_security_group_ids=[props.security_group_id],
            parameter_group_name=props.parameter_group_name, multi_az=True,
            publicly_accessible=False, backup_retention_period=props.backup_retention_days,
            deletion_protection=True, skip_final_snapshot=False,
            final_snapshot_identifier=f"{props.name}-final", copy_tags_to_snapshot=True,
            iam_database_authentication_enabled=True, performance_insights_enabled=True,
            performance_insights_kms_key_id=props.kms_key_arn,
            performance_insights_retention_period=7, monitoring_interval=60,
            monitoring_role_arn=props.monitoring_role_arn,
            enabled_cloudwatch_logs_exports=LOG_EXPORTS, auto_minor_version_upgrade=True,
            ca_cert_identifier="rds-ca-rsa2048-g1", tags=tags,
        )

    @property
    def identifier(self) -> str:
        """The replica's identifier (replica-lag alarm)."""
        return self.replica.identifier
