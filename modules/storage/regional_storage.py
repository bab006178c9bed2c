"""The buckets of one serving region and their disaster-recovery copies.

* ``logs``: access-log target (SSE-S3: S3 server access logs and ALB logs cannot use
  SSE-KMS), expiring after a year.
* ``assets`` (static assets, CDN origin) and ``uploads`` (user files): SSE-KMS, tiered
  lifecycle, access-logged, replicated with a 15-minute SLA to the DR region.
* the DR region gets its own log bucket and the two replica buckets, encrypted with a key
  of that region. EU data therefore only ever lands in EU regions when dr_region is EU.
  CloudFront may read the assets replica too: it is the CDN's fallback origin.

Bucket names are global across AWS: each ends with the configured ``name_suffix``
(:func:`regions.serving_settings.global_name`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cdktf import ITerraformDependable, TerraformProvider
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from constructs import Construct

from modules.storage.bucket_replication import BucketReplication, BucketReplicationProps
from modules.storage.secure_bucket import SecureBucket, SecureBucketProps
from regions.aws_regions import ELB_LOG_ACCOUNTS
from regions.serving_settings import global_name

DATA_BUCKETS = ("assets", "uploads")


@dataclass(frozen=True)
class StorageOutputs:
    """What the serving tier and the edge take from :class:`RegionalStorage`."""

    assets_bucket_arn: str
    """Assets bucket (the tasks read it)."""
    uploads_bucket_arn: str
    """Uploads bucket (the tasks read and write it)."""
    access_log_bucket: str
    """Name of the log bucket (ALB access logs)."""
    assets_origin_domain: str | None = None
    """Regional domain name of the assets bucket (CloudFront origin); None for storage that
    is no origin (a standby reading the primary's replicas)."""
    assets_replica_origin_domain: str | None = None
    """Regional domain name of its replica in the DR region (CloudFront fallback origin)."""
    access_log_grant: ITerraformDependable | None = None
    """The log bucket's policy (ELB delivery grant): the ALB waits for it."""
    cdn_log_domain: str | None = None
    """``<bucket>.s3.amazonaws.com`` of the CloudFront log bucket, when hosted here."""


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
    name_suffix: str
    """Ends every bucket name (globally unique: ``PlatformConfig.name_suffix``)."""
    log_retention_days: int = 365
    """How long access logs are kept."""
    cdn_logs: bool = False
    """Also create the CloudFront standard-log bucket here (it must be in the EU: the
    logs hold EU users' IP addresses)."""

    def __post_init__(self) -> None:
        if self.region == self.dr_region:
            raise ValueError("dr_region must differ from region")
        if self.region not in ELB_LOG_ACCOUNTS:
            raise ValueError(f"no Elastic Load Balancing log-delivery account known for "
                             f"{self.region}: add it to regions/aws_regions.py")


class RegionalStorage(Construct):
    """Log, assets and uploads buckets, their DR replicas and the replication rules."""

    def __init__(self, scope: Construct, id: str, *, props: RegionalStorageProps) -> None:
        super().__init__(scope, id)
        # S3 server access logs of this region's buckets land in the log buckets, and the
        # ALB writes under alb/: both deliveries need a grant in the log bucket's policy.
        ours = (f"arn:aws:s3:::{props.name}-*",)
        self.logs = SecureBucket(self, "logs", props=SecureBucketProps(
            bucket_name=global_name(props.name, "logs", props.name_suffix), kms_key_arn=None,
            lifecycle="logs",
            log_retention_days=props.log_retention_days, access_log_sources=ours,
            elb_log_account=ELB_LOG_ACCOUNTS[props.region], elb_log_prefix="alb"))
        dr_logs = SecureBucket(self, "dr_logs", props=SecureBucketProps(
            bucket_name=global_name(props.name, f"logs-{props.dr_region}", props.name_suffix),
            kms_key_arn=None,
            lifecycle="logs", log_retention_days=props.log_retention_days,
            access_log_sources=ours, provider=props.dr_provider))
        self.cdn_logs: SecureBucket | None = None
        if props.cdn_logs:
            self.cdn_logs = SecureBucket(self, "cdn_logs", props=SecureBucketProps(
                # CloudFront log delivery can write SSE-KMS objects when the key allows
                # delivery.logs.amazonaws.com (the app stack's data key does).
                bucket_name=global_name(props.name, "cdn-logs", props.name_suffix),
                kms_key_arn=props.kms_key_arn,
                lifecycle="logs",
                log_retention_days=props.log_retention_days,
                access_log_bucket=self.logs, object_ownership="BucketOwnerPreferred"))
        account = DataAwsCallerIdentity(self, "account")
        # CloudFront (origin access control) may read assets for this account's
        # distributions; naming the distribution would make a cycle with the edge stack.
        cloudfront_read = {
            "Sid": "CloudFrontReadAssets",
            "Effect": "Allow",
            "Principal": {"Service": "cloudfront.amazonaws.com"},
            "Action": "s3:GetObject",
            "Condition": {"ArnLike": {
                "AWS:SourceArn": f"arn:aws:cloudfront::{account.account_id}:distribution/*"}},
        }
        self.buckets: dict[str, SecureBucket] = {}
        self.replicas: dict[str, SecureBucket] = {}
        for kind in DATA_BUCKETS:
            name = global_name(props.name, kind, props.name_suffix)
            dr_name = global_name(props.name, f"{kind}-{props.dr_region}", props.name_suffix)
            bucket = SecureBucket(self, kind, props=SecureBucketProps(
                bucket_name=name, kms_key_arn=props.kms_key_arn,
                access_log_bucket=self.logs, extra_policy_statements=(
                    (_for_bucket(cloudfront_read, name),) if kind == "assets" else ())))
            replica = SecureBucket(self, f"{kind}_dr", props=SecureBucketProps(
                bucket_name=dr_name, kms_key_arn=props.dr_kms_key_arn, access_log_bucket=dr_logs,
                provider=props.dr_provider, extra_policy_statements=(
                    (_for_bucket(cloudfront_read, dr_name),) if kind == "assets" else ())))
            self.replicas[kind] = replica
            BucketReplication(self, f"{kind}_replication", props=BucketReplicationProps(
                role_name=f"{props.name}-{kind}-replication", source_bucket_name=bucket.name,
                source_bucket_arn=bucket.arn, source_kms_key_arn=props.kms_key_arn,
                destination_bucket_arn=replica.arn,
                destination_kms_key_arn=props.dr_kms_key_arn,
                versioning=(bucket.versioning, replica.versioning)))
            self.buckets[kind] = bucket


    @property
    def outputs(self) -> StorageOutputs:
        """Bucket ARNs, CDN origins and the log targets."""
        assets, uploads = self.buckets["assets"], self.buckets["uploads"]
        return StorageOutputs(
            assets_bucket_arn=assets.arn, uploads_bucket_arn=uploads.arn,
            assets_origin_domain=assets.bucket.bucket_regional_domain_name,
            assets_replica_origin_domain=(
                self.replicas["assets"].bucket.bucket_regional_domain_name),
            access_log_bucket=self.logs.name, access_log_grant=self.logs.policy,
            cdn_log_domain=self.cdn_logs.bucket.bucket_domain_name if self.cdn_logs else None)


def _for_bucket(statement: dict[str, Any], bucket_name: str) -> dict[str, Any]:
    """``statement`` with its Resource pointing at the objects of ``bucket_name``."""
    return {**statement, "Resource": f"arn:aws:s3:::{bucket_name}/*"}
