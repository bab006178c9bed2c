"""Bootstrap stack copying one region's state bucket into another region's state bucket.

Applied once with local state, after every ``state-*`` stack (``stacks.names``): both
buckets then exist and are versioned, so the replication rule can be created, and the mutual
EU pair (eu-west-1 <-> eu-central-1) needs no cycle. The destination is named, never
referenced across stacks: its bucket by its configured name, its key by reading its alias
(``alias/<bucket>``, created by the destination's state stack) through a provider of the
destination region; the key ARN (which AWS recommends over an alias ARN for
``ReplicaKmsKeyID``) then scopes the role's ``kms:Encrypt`` too. The destination key's
policy delegates to IAM (account root), so the role's own policy is what allows it.

Replication Time Control (15-minute bound) and its metrics are on; delete markers are not
replicated, so a state deleted in the source stays current in the replica. Replicas keep
their keys: state keys are ``<stack>/terraform.tfstate`` and stack names are unique, so a
replica never overwrites the destination region's own state. Alarms page a topic of this
stack (state stacks have no alerts topic), subscribed to ``alert_emails``.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.data_aws_kms_alias import DataAwsKmsAlias
from constructs import Construct

from modules.monitoring.alerts_topic import AlertsTopic, AlertsTopicProps
from modules.security.kms_key import KmsKey, KmsKeyProps
from modules.storage.bucket_replication import BucketReplication, BucketReplicationProps
from modules.storage.replication_alarms import ReplicationAlarms, ReplicationAlarmsProps
from regions import PlatformConfig
from stacks.base import PlatformStack, standard_tags
from stacks.names import state_key_alias


@dataclass(frozen=True)
class StateReplicationStackProps:
    """Props of :class:`StateReplicationStack`."""

    platform: PlatformConfig
    """Naming, ownership and the on-call addresses."""
    region: str
    """Region of the source state bucket (this stack's default provider)."""
    residency: str
    """Residency of the source region's state (``us``/``eu``)."""
    source_bucket: str
    """State bucket of ``region``."""
    destination_region: str
    """Region of the state bucket receiving the copy."""
    destination_bucket: str
    """State bucket of ``destination_region``."""

    def __post_init__(self) -> None:
        if self.region == self.destination_region:
            raise ValueError("state must be copied to another region")
        if len(self.role_name) > 64:
            raise ValueError(f"replication role name {self.role_name!r} exceeds 64 characters")

    @property
    def prefix(self) -> str:
        """``<project>-<environment>``."""
        return f"{self.platform.project}-{self.platform.environment}"

    @property
    def role_name(self) -> str:
        """IAM role of the replication (IAM is global: one per source region)."""
        return f"{self.prefix}-tfstate-replication-{self.region}"


class StateReplicationStack(PlatformStack):
    """Replication of one state bucket (RTC, KMS replicas), its role, alarms and topic."""

    def __init__(self, scope: Construct, id: str, *, props: StateReplicationStackProps) -> None:
        super().__init__(scope, id)
        p = props.platform
        tags = standard_tags(owner=p.owner, environment=p.environment, residency=props.residency)
        self.add_aws_provider("aws", region=props.region, tags=tags)
        destination = self.add_aws_provider("destination", region=props.destination_region,
                                            tags=tags, alias="destination")
        self.use_local_state(f"terraform.{id}.tfstate")
        source_key = DataAwsKmsAlias(self, "source_key",
                                     name=f"alias/{state_key_alias(props.source_bucket)}")
        replica_key = DataAwsKmsAlias(self, "replica_key", provider=destination,
                                      name=f"alias/{state_key_alias(props.destination_bucket)}")
        replication = BucketReplicationProps(
            role_name=props.role_name, source_bucket_name=props.source_bucket,
            source_bucket_arn=f"arn:aws:s3:::{props.source_bucket}",
            source_kms_key_arn=source_key.target_key_arn,
            destination_bucket_arn=f"arn:aws:s3:::{props.destination_bucket}",
            destination_kms_key_arn=replica_key.target_key_arn,
            replicate_delete_markers=False)
        self.replication = BucketReplication(self, "state_replication", props=replication)
        name = f"{props.prefix}-tfstate-{props.region}"
        key = KmsKey(self, "alerts_key", props=KmsKeyProps(
            alias=f"{name}-alerts",
            description=f"Alerts on the state replication of {props.region}",
            region=props.region, allow_services=("cloudwatch.amazonaws.com",)))
        topic = AlertsTopic(self, "alerts", props=AlertsTopicProps(
            name=f"{name}-alerts", kms_key_arn=key.arn, email_endpoints=p.alert_emails))
        ReplicationAlarms(self, "state_replication_alarms", props=ReplicationAlarmsProps(
            name=name, source_bucket=props.source_bucket,
            destination_bucket=props.destination_bucket, topic_arn=topic.arn))
