"""The buckets of one serving region and their disaster-recovery copies.

* ``logs``: access-log target (SSE-S3: S3 server access logs and ALB logs cannot use
  SSE-KMS), expiring after a year.
* ``assets`` (static assets, CDN origin) and ``uploads`` (user files): SSE-KMS, tiered
  lifecycle, access-logged, replicated with a 15-minute SLA to the DR region.
* the DR region gets its own log bucket and the two replica buckets, encrypted with a key
  of that region. EU data therefore only ever lands in EU regions when dr_region is EU.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import TerraformProvider
from constructs import Construct

from modules.storage.bucket_replication import BucketReplication, BucketReplicationProps
from modules.storage.secure_bucket import SecureBucket, SecureBucketProps

DATA_BUCKETS = ("assets", "uploads")


@dataclass(frozen=True)
class RegionalStorageProps:
    """Props of :class:`RegionalStorage`."""

    name: str
    """Bucket name prefix (``<project>-<env>-<region key>``)."""
    region: str
    """The serving region."""
    dr_region: str
    """Where replicas go."""
    kms_key_arn: str
    """Key of the serving region for data buckets."""
    dr_kms_key_arn: str
    """Key of the DR region for replica buckets."""
    dr_provider: TerraformProvider
    """Provider of the DR region."""
    log_retention_days: int = 365
    """How long access logs are kept."""

    def __post_init__(self) -> None:
        if self.region == self.dr_region:
            raise ValueError("dr_region must differ from region")


class RegionalStorage(Construct):
    """Log, assets and uploads buckets, their DR replicas and the replication rules."""

    def __init__(self, scope: Construct, id: str, *, props: RegionalStorageProps) -> None:
        super().__init__(scope, id)
        self.logs = SecureBucket(self, "logs", props=SecureBucketProps(
            bucket_name=f"{props.name}-logs", kms_key_arn=None, lifecycle="logs",
            log_retention_days=props.log_retention_days))
        dr_logs = SecureBucket(self, "dr_logs", props=SecureBucketProps(
            bucket_name=f"{props.name}-logs-{props.dr_region}", kms_key_arn=None,
            lifecycle="logs", log_retention_days=props.log_retention_days,
            provider=props.dr_provider))
        self.buckets: dict[str, SecureBucket] = {}
        for kind in DATA_BUCKETS:
            bucket = SecureBucket(self, kind, props=SecureBucketProps(
                bucket_name=f"{props.name}-{kind}", kms_key_arn=props.kms_key_arn,
                access_log_bucket=self.logs.name))
            replica = SecureBucket(self, f"{kind}_dr", props=SecureBucketProps(
                bucket_name=f"{props.name}-{kind}-{props.dr_region}",
                kms_key_arn=props.dr_kms_key_arn, access_log_bucket=dr_logs.name,
                provider=props.dr_provider))
            BucketReplication(self, f"{kind}_replication", props=BucketReplicationProps(
                role_name=f"{props.name}-{kind}-replication", source_bucket_name=bucket.name,
                source_bucket_arn=bucket.arn, source_kms_key_arn=props.kms_key_arn,
                destination_bucket_arn=replica.arn,
                destination_kms_key_arn=props.dr_kms_key_arn))
            self.buckets[kind] = bucket
