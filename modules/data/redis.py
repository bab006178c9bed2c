"""ElastiCache Redis in cluster mode for sessions, hot data and rate limiting.

Seed: 3 shards x 2 replicas, Multi-AZ, automatic failover. Encrypted at rest (KMS) and in
transit (TLS required). Clients authenticate with IAM through an RBAC user group: no auth
token or password exists anywhere, so none can leak into Terraform JSON or state.

With ``global_datastore_id`` the cluster is the secondary of a Global Datastore
(:mod:`modules.data.redis_global_datastore`): engine, version, node type, shard count and
encryption are the global group's and may not be set (the provider rejects them); its own
replicas, KMS key of its region, RBAC user group, subnets, snapshots and logs are set here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.elasticache_replication_group import (
    ElasticacheReplicationGroup,
    ElasticacheReplicationGroupLogDeliveryConfiguration,
)
from cdktf_cdktf_provider_aws.elasticache_subnet_group import ElasticacheSubnetGroup
from cdktf_cdktf_provider_aws.elasticache_user import (
    ElasticacheUser,
    ElasticacheUserAuthenticationMode,
)
from cdktf_cdktf_provider_aws.elasticache_user_group import ElasticacheUserGroup
from constructs import Construct

from regions import RedisSizing


@dataclass(frozen=True)
class RedisOutputs:
    """What the serving tier takes from :class:`RedisCluster` (tokens at synth)."""

    endpoint: str
    """Configuration endpoint address."""
    replication_group_id: str
    """Replication group id (node alarms, dashboard)."""
    connect_arns: tuple[str, ...]
    """Replication group and IAM-auth user ARNs the tasks may ``elasticache:Connect`` to."""
    user_name: str
    """IAM-auth user name (the application's ``REDIS_USER``)."""


@dataclass(frozen=True)
class RedisClusterProps:
    """Props of :class:`RedisCluster`."""

    name: str
    """Replication group id prefix, unique per region (<= 32 characters)."""
    subnet_ids: tuple[str, ...]
    """Private-data subnets, one per AZ."""
    security_group_id: str
    """Group admitting 6379 from the application tasks only."""
    kms_key_arn: str
    """Key for data at rest."""
    logs_kms_key_arn: str
    """Key for the slow-log log group."""
    sizing: RedisSizing = RedisSizing()
    """Shards, replicas, node type, snapshot retention."""
    log_retention_days: int = 30
    """Slow-log retention (short: operational telemetry only, GDPR data minimisation)."""
    global_datastore_id: str | None = None
    """Join this Global Datastore as its secondary (read-only until promoted); None: a
    primary, configured from ``sizing``."""

    def __post_init__(self) -> None:
        if len(self.name) > 32:
            raise ValueError(f"redis name {self.name!r} is longer than 32 characters")
        if len(self.subnet_ids) < 2:
            raise ValueError("Multi-AZ Redis needs subnets in at least 2 AZs")


class RedisCluster(Construct):
    """Subnet group, IAM-authenticated users, slow log and the replication group."""

    def __init__(self, scope: Construct, id: str, *, props: RedisClusterProps) -> None:
        super().__init__(scope, id)
        s = props.sizing
        subnet_group = ElasticacheSubnetGroup(self, "subnet_group", name=f"{props.name}-data",
                                              subnet_ids=list(props.subnet_ids),
                                              description="Private data subnets")
        # Every user group must hold a user named "default": ours is switched off.
        default_user = ElasticacheUser(
            self, "default_user", user_id=f"{props.name}-default", user_name="default",
            engine="redis", access_string="off -@all",
            authentication_mode=ElasticacheUserAuthenticationMode(type="no-password-required"))
        app_user = ElasticacheUser(
            self, "app_user", user_id=f"{props.name}-app", user_name=f"{props.name}-app",
            engine="redis", access_string="on ~* +@all -@dangerous",
            authentication_mode=ElasticacheUserAuthenticationMode(type="iam"))
        users = ElasticacheUserGroup(self, "user_group", user_group_id=f"{props.name}-users",
                                     engine="redis", user_ids=[default_user.user_id,
                                                               app_user.user_id])
        slow_log = CloudwatchLogGroup(self, "slow_log", name=f"/elasticache/{props.name}/slow-log",
                                      retention_in_days=props.log_retention_days,
                                      kms_key_id=props.logs_kms_key_arn)
        self.app_user = app_user
        # A secondary takes these from its Global Datastore (the provider's ConflictsWith).
        own: dict[str, Any] = {} if props.global_datastore_id else dict(
            engine="redis", engine_version=s.engine_version, node_type=s.node_type,
            parameter_group_name="default.redis7.cluster.on", cluster_mode="enabled",
            num_node_groups=s.shards, at_rest_encryption_enabled="true",
            transit_encryption_enabled=True, transit_encryption_mode="required")
        self.replication_group = ElasticacheReplicationGroup(
            self, "replication_group",
            replication_group_id=props.name, description="Sessions, hot data, rate limits",
            global_replication_group_id=props.global_datastore_id,
            port=6379, replicas_per_node_group=s.replicas_per_shard,
            automatic_failover_enabled=True, multi_az_enabled=True,
            kms_key_id=props.kms_key_arn, user_group_ids=[users.user_group_id],
            subnet_group_name=subnet_group.name, security_group_ids=[props.security_group_id],
            snapshot_retention_limit=s.snapshot_retention_days, snapshot_window="03:00-04:00",
            maintenance_window="sun:05:00-sun:06:00", auto_minor_version_upgrade="true",
            log_delivery_configuration=[ElasticacheReplicationGroupLogDeliveryConfiguration(
                destination=slow_log.name, destination_type="cloudwatch-logs",
                log_format="json", log_type="slow-log")],
            **own,
        )

    @property
    def outputs(self) -> RedisOutputs:
        """Endpoint, ids and the IAM-auth user."""
        group = self.replication_group
        return RedisOutputs(
            endpoint=group.configuration_endpoint_address,
            replication_group_id=group.replication_group_id,
            connect_arns=(group.arn, self.app_user.arn), user_name=self.app_user.user_name)
