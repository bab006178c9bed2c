"""Bootstrap stack of one region: the bucket (and key) that hold every other stack's state.

Applied once with local state. The bucket is versioned, SSE-KMS with a rotating key,
public access blocked, TLS-only, access-logged, and its current objects never expire.
"""

from __future__ import annotations

from dataclasses import dataclass

from constructs import Construct

from modules.security.kms_key import KmsKey, KmsKeyProps
from modules.storage.secure_bucket import SecureBucket, SecureBucketProps
from regions import PlatformConfig, RegionConfig
from stacks.base import PlatformStack, standard_tags
from stacks.names import state_key_alias


@dataclass(frozen=True)
class StateStackProps:
    """Props of :class:`StateStack`."""

    platform: PlatformConfig
    """Naming and ownership."""
    region: RegionConfig
    """Region whose state bucket this stack creates."""


class StateStack(PlatformStack):
    """State bucket, its access-log bucket and its KMS key; local state."""

    def __init__(self, scope: Construct, id: str, *, props: StateStackProps) -> None:
        super().__init__(scope, id)
        r, p = props.region, props.platform
        self.add_aws_provider("aws", region=r.region, tags=standard_tags(
            owner=p.owner, environment=p.environment, residency=r.residency))
        self.use_local_state(f"terraform.{id}.tfstate")
        self.bucket_name = r.state_bucket
        key = KmsKey(self, "state_key", props=KmsKeyProps(
            alias=state_key_alias(r.state_bucket), description=f"Terraform state in {r.region}",
            region=r.region))
        logs = SecureBucket(self, "state_logs", props=SecureBucketProps(
            bucket_name=f"{r.state_bucket}-logs", kms_key_arn=None, lifecycle="logs",
            log_retention_days=365, access_log_sources=(f"arn:aws:s3:::{r.state_bucket}",)))
        self.bucket = SecureBucket(self, "state", props=SecureBucketProps(
            bucket_name=r.state_bucket, kms_key_arn=key.arn, access_log_bucket=logs,
            lifecycle="state"))
