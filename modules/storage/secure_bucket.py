"""An S3 bucket with every protection on: versioning, SSE-KMS, public access blocked,
TLS-only policy, owner-enforced object ownership, access logs and lifecycle rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cdktf import TerraformProvider
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (
    S3BucketLifecycleConfiguration,
    S3BucketLifecycleConfigurationRule,
    S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload,
    S3BucketLifecycleConfigurationRuleExpiration,
    S3BucketLifecycleConfigurationRuleFilter,
    S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration,
    S3BucketLifecycleConfigurationRuleNoncurrentVersionTransition,
    S3BucketLifecycleConfigurationRuleTransition,
)
from cdktf_cdktf_provider_aws.s3_bucket_logging import S3BucketLoggingA
from cdktf_cdktf_provider_aws.s3_bucket_ownership_controls import (
    S3BucketOwnershipControls,
    S3BucketOwnershipControlsRule,
)
from cdktf_cdktf_provider_aws.s3_bucket_policy import S3BucketPolicy
from cdktf_cdktf_provider_aws.s3_bucket_public_access_block import S3BucketPublicAccessBlock
from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (
    S3BucketServerSideEncryptionConfigurationA,
    S3BucketServerSideEncryptionConfigurationRuleA,
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA,
)
from cdktf_cdktf_provider_aws.s3_bucket_versioning import (
    S3BucketVersioningA,
    S3BucketVersioningVersioningConfiguration,
)
from constructs import Construct

from modules.policy_documents import (
    allow_elb_access_logs,
    allow_s3_access_logs,
    deny_insecure_transport,
    document,
)

LIFECYCLES = ("tiering", "logs", "state")


@dataclass(frozen=True)
class SecureBucketProps:
    """Props of :class:`SecureBucket`."""

    bucket_name: str
    """Globally unique bucket name."""
    kms_key_arn: str | None
    """Customer-managed key for SSE-KMS. None only for log-delivery targets (S3 server
    access logs and ALB logs support SSE-S3 only); that choice must be explicit."""
    access_log_bucket: SecureBucket | None = None
    """Bucket receiving this bucket's server access logs; None only for a log bucket."""
    lifecycle: str = "tiering"
    """``tiering``: Standard-IA after 30 days, Glacier after 90, old versions expire (seed);
    ``logs``: objects expire after ``log_retention_days``; ``state``: current objects are
    never moved or expired (Terraform state must stay instantly readable), old versions
    expire."""
    noncurrent_expiry_days: int = 365
    """Days after which noncurrent versions are deleted."""
    log_retention_days: int | None = None
    """For log buckets: expire current objects after this many days."""
    object_ownership: str = "BucketOwnerEnforced"
    """ACLs off (``BucketOwnerEnforced``); ``BucketOwnerPreferred`` only for CloudFront
    standard-log targets, which are written through ACLs."""
    extra_policy_statements: tuple[dict[str, Any], ...] = ()
    """Statements added to the bucket policy next to the TLS-only deny."""
    access_log_sources: tuple[str, ...] = ()
    """For log buckets: ARNs (patterns allowed) of the buckets whose S3 server access logs
    land here; the policy grants ``logging.s3.amazonaws.com`` for them (without it no log
    would ever arrive)."""
    elb_log_account: str | None = None
    """For log buckets: the region's Elastic Load Balancing log-delivery account, granted
    writes under ``elb_log_prefix/`` (without it creating the ALB fails: Access Denied)."""
    elb_log_prefix: str = "alb"
    """Key prefix the load balancers write their access logs under."""
    provider: TerraformProvider | None = None
    """Provider (region) to create the bucket with; the stack default when None."""

    def __post_init__(self) -> None:
        if self.kms_key_arn is None and self.lifecycle != "logs":
            raise ValueError(f"bucket {self.bucket_name}: only log buckets may use SSE-S3")
        if self.lifecycle not in LIFECYCLES:
            raise ValueError(f"bucket {self.bucket_name}: lifecycle must be one of {LIFECYCLES}")
        if (self.lifecycle == "logs") != (self.log_retention_days is not None):
            raise ValueError(f"bucket {self.bucket_name}: log_retention_days goes with "
                             "lifecycle='logs' only")
        if self.object_ownership not in ("BucketOwnerEnforced", "BucketOwnerPreferred"):
            raise ValueError(f"bucket {self.bucket_name}: object_ownership must be "
                             "BucketOwnerEnforced or BucketOwnerPreferred")
        if self.object_ownership != "BucketOwnerEnforced" and self.lifecycle != "logs":
            raise ValueError(f"bucket {self.bucket_name}: ACLs are for log targets only")
        if self.noncurrent_expiry_days < 30:
            raise ValueError("noncurrent_expiry_days must be at least 30")
        if (self.access_log_sources or self.elb_log_account) and self.lifecycle != "logs":
            raise ValueError(f"bucket {self.bucket_name}: only log buckets receive log delivery")


class SecureBucket(Construct):
    """A private, versioned, encrypted bucket with a TLS-only policy."""

    def __init__(self, scope: Construct, id: str, *, props: SecureBucketProps) -> None:
        super().__init__(scope, id)
        p = props.provider
        # DataClass tells the policies what the bucket holds (data, logs or state).
        data_class = {"tiering": "data", "logs": "logs", "state": "state"}[props.lifecycle]
        self.bucket = S3Bucket(self, "bucket", bucket=props.bucket_name, provider=p,
                               tags={"DataClass": data_class})
        b = self.bucket.id
        S3BucketOwnershipControls(self, "ownership", bucket=b, provider=p,
                                  rule=S3BucketOwnershipControlsRule(
                                      object_ownership=props.object_ownership))
        S3BucketPublicAccessBlock(self, "public_access", bucket=b, block_public_acls=True,
                                  block_public_policy=True, ignore_public_acls=True,
                                  restrict_public_buckets=True, provider=p)
        self.versioning = S3BucketVersioningA(
            self, "versioning", bucket=b, provider=p,
            versioning_configuration=S3BucketVersioningVersioningConfiguration(status="Enabled"))
        by_default = (
            S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                sse_algorithm="aws:kms", kms_master_key_id=props.kms_key_arn)
            if props.kms_key_arn
            else S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                sse_algorithm="AES256"))
        S3BucketServerSideEncryptionConfigurationA(
            self, "encryption", bucket=b, provider=p,
            rule=[S3BucketServerSideEncryptionConfigurationRuleA(
                apply_server_side_encryption_by_default=by_default,
                bucket_key_enabled=props.kms_key_arn is not None)])
        delivery = []
        if props.access_log_sources:
            delivery.append(allow_s3_access_logs(self.bucket.arn, props.access_log_sources))
        if props.elb_log_account:
            delivery.append(allow_elb_access_logs(self.bucket.arn, props.elb_log_account,
                                                  props.elb_log_prefix))
        self.policy = S3BucketPolicy(self, "policy", bucket=b, provider=p, policy=document(
            deny_insecure_transport(self.bucket.arn), *delivery,
            *props.extra_policy_statements))
        if props.access_log_bucket:
            # After the target's policy: its grant to logging.s3.amazonaws.com must exist
            # before logging is switched on (S3 refuses it, or loses the first logs, if not).
            target = props.access_log_bucket
            S3BucketLoggingA(self, "logging", bucket=b, target_bucket=target.name,
                             depends_on=[target.policy],
                             target_prefix=f"s3/{props.bucket_name}/", provider=p)
        rules = _lifecycle_rules(props)
        S3BucketLifecycleConfiguration(self, "lifecycle", bucket=b, rule=rules, provider=p,
                                       depends_on=[self.versioning])

    @property
    def arn(self) -> str:
        """Bucket ARN."""
        return self.bucket.arn

    @property
    def name(self) -> str:
        """Bucket name."""
        return self.bucket.id


def _lifecycle_rules(props: SecureBucketProps) -> list[S3BucketLifecycleConfigurationRule]:
    abort = S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload(
        days_after_initiation=7)
    everything = [S3BucketLifecycleConfigurationRuleFilter(prefix="")]
    old_versions = [S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration(
        noncurrent_days=props.noncurrent_expiry_days)]
    if props.lifecycle == "tiering":
        return [S3BucketLifecycleConfigurationRule(
            id="tiering",
            status="Enabled",
            filter=everything,
            abort_incomplete_multipart_upload=[abort],
            transition=[
                S3BucketLifecycleConfigurationRuleTransition(days=30, storage_class="STANDARD_IA"),
                S3BucketLifecycleConfigurationRuleTransition(days=90, storage_class="GLACIER"),
            ],
            noncurrent_version_transition=[
                S3BucketLifecycleConfigurationRuleNoncurrentVersionTransition(
                    noncurrent_days=30, storage_class="STANDARD_IA")],
            noncurrent_version_expiration=old_versions,
        )]
    if props.lifecycle == "state":
        return [S3BucketLifecycleConfigurationRule(
            id="state-versions", status="Enabled", filter=everything,
            abort_incomplete_multipart_upload=[abort], noncurrent_version_expiration=old_versions)]
    return [S3BucketLifecycleConfigurationRule(
        id="log-retention",
        status="Enabled",
        filter=everything,
        abort_incomplete_multipart_upload=[abort],
        expiration=[S3BucketLifecycleConfigurationRuleExpiration(days=props.log_retention_days)],
        noncurrent_version_expiration=[
            S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration(noncurrent_days=30)],
    )]
