"""Cross-region replication of one bucket into another, with S3 Replication Time Control
(15-minute SLA: the seed's RPO), KMS re-encryption and delete-marker replication (optional:
off, a deleted object stays current in the replica, as Terraform state needs)."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import ITerraformDependable, TerraformProvider
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.s3_bucket_replication_configuration import (
    S3BucketReplicationConfigurationA,
    S3BucketReplicationConfigurationRule,
    S3BucketReplicationConfigurationRuleDeleteMarkerReplication,
    S3BucketReplicationConfigurationRuleDestination,
    S3BucketReplicationConfigurationRuleDestinationEncryptionConfiguration,
    S3BucketReplicationConfigurationRuleDestinationMetrics,
    S3BucketReplicationConfigurationRuleDestinationMetricsEventThreshold,
    S3BucketReplicationConfigurationRuleDestinationReplicationTime,
    S3BucketReplicationConfigurationRuleDestinationReplicationTimeTime,
    S3BucketReplicationConfigurationRuleFilter,
    S3BucketReplicationConfigurationRuleSourceSelectionCriteria,
    S3BucketReplicationConfigurationRuleSourceSelectionCriteriaSseKmsEncryptedObjects,
)
from constructs import Construct

from modules.policy_documents import assume_role, document


@dataclass(frozen=True)
class BucketReplicationProps:
    """Props of :class:`BucketReplication`."""

    role_name: str
    """IAM role name (IAM is global: make it unique per region)."""
    source_bucket_name: str
    """Bucket whose objects are replicated (versioning must be on)."""
    source_bucket_arn: str
    """ARN of the source bucket."""
    source_kms_key_arn: str
    """Key encrypting the source objects (replication decrypts with it)."""
    destination_bucket_arn: str
    """ARN of the destination bucket in the DR region."""
    destination_kms_key_arn: str
    """Key in the DR region that replicas are encrypted with."""
    replication_minutes: int = 15
    """Replication Time Control threshold; S3 RTC supports 15 minutes."""
    provider: TerraformProvider | None = None
    """Provider of the source bucket's region."""
    replicate_delete_markers: bool = True
    """Replicate delete markers (and grant ``s3:ReplicateDelete``). False: a delete in the
    source leaves the replica's current version readable (Terraform state)."""
    versioning: tuple[ITerraformDependable, ...] = ()
    """Versioning resources of the source and destination buckets: S3 refuses a
    replication configuration until both buckets are versioned, so it waits for them."""

    def __post_init__(self) -> None:
        if self.replication_minutes != 15:
            raise ValueError("S3 Replication Time Control supports only 15 minutes")


class BucketReplication(Construct):
    """Replicates every object version (and, unless turned off, delete markers) to the DR
    bucket."""

    def __init__(self, scope: Construct, id: str, *, props: BucketReplicationProps) -> None:
        super().__init__(scope, id)
        p = props.provider
        role = IamRole(self, "role", name=props.role_name, provider=p,
                       assume_role_policy=assume_role("s3.amazonaws.com"))
        IamRolePolicy(self, "role_policy", role=role.id, provider=p, policy=document(
            {"Effect": "Allow", "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
             "Resource": [props.source_bucket_arn]},
            {"Effect": "Allow",
             "Action": ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl",
                        "s3:GetObjectVersionTagging"],
             "Resource": [f"{props.source_bucket_arn}/*"]},
            {"Effect": "Allow",
             "Action": [a for a in ("s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags")
                        if props.replicate_delete_markers or a != "s3:ReplicateDelete"],
             "Resource": [f"{props.destination_bucket_arn}/*"]},
            {"Effect": "Allow", "Action": ["kms:Decrypt"],
             "Resource": [props.source_kms_key_arn]},
            {"Effect": "Allow", "Action": ["kms:Encrypt", "kms:GenerateDataKey"],
             "Resource": [props.destination_kms_key_arn]},
        ))
        minutes = S3BucketReplicationConfigurationRuleDestinationReplicationTimeTime(
            minutes=props.replication_minutes)
        self.configuration = S3BucketReplicationConfigurationA(
            self, "configuration", bucket=props.source_bucket_name, role=role.arn, provider=p,
            depends_on=list(props.versioning),
            rule=[S3BucketReplicationConfigurationRule(
                id="dr-copy",
                status="Enabled",
                priority=1,
                filter=S3BucketReplicationConfigurationRuleFilter(prefix=""),
                delete_marker_replication=(
                    S3BucketReplicationConfigurationRuleDeleteMarkerReplication(
                        status="Enabled" if props.replicate_delete_markers else "Disabled")),
                source_selection_criteria=S3BucketReplicationConfigurationRuleSourceSelectionCriteria(
                    sse_kms_encrypted_objects=(
                        S3BucketReplicationConfigurationRuleSourceSelectionCriteriaSseKmsEncryptedObjects(
                            status="Enabled"))),
                destination=S3BucketReplicationConfigurationRuleDestination(
                    bucket=props.destination_bucket_arn,
                    storage_class="STANDARD",
                    encryption_configuration=(
                        S3BucketReplicationConfigurationRuleDestinationEncryptionConfiguration(
                            replica_kms_key_id=props.destination_kms_key_arn)),
                    replication_time=S3BucketReplicationConfigurationRuleDestinationReplicationTime(
                        status="Enabled", time=minutes),
                    metrics=S3BucketReplicationConfigurationRuleDestinationMetrics(
                        status="Enabled",
                        event_threshold=(
                            S3BucketReplicationConfigurationRuleDestinationMetricsEventThreshold(
                                minutes=props.replication_minutes))),
                ),
            )],
        )
