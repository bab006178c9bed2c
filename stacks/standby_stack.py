"""Warm standby of one jurisdiction in its ``dr_region`` (docs/recovery.md).

Built from the same code as the region it stands in for (:func:`stacks.foundation.
add_foundation`, :func:`stacks.serving.add_serving_tier`): its own VPC, KMS keys of the
standby region, a promotable Multi-AZ cross-region replica of the primary with a lag
alarm, a database-credentials secret of the standby region, the session cache (the
primary's Redis Global Datastore secondary), and the serving tier at
``standby.min_tasks``. Its state lives in a bucket of the standby region,
so it survives the loss of the primary region.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from cdktf import Token
from cdktf_cdktf_provider_aws.secretsmanager_secret import SecretsmanagerSecret
from constructs import Construct

from modules.data.cross_region_replica import CrossRegionReplica, CrossRegionReplicaProps
from modules.data.postgres import DatabaseOutputs, monitoring_role, tls_parameter_group
from modules.data.redis import RedisCluster, RedisClusterProps
from modules.monitoring.data_alarms import redis_node_ids
from modules.operations.region_operations import (
    RegionOperations,
    RegionOperationsProps,
    ServingTarget,
)
from modules.recovery.cache_lag_alarm import CacheLagAlarm, CacheLagAlarmProps
from modules.recovery.replica_lag_alarm import ReplicaLagAlarm, ReplicaLagAlarmProps
from modules.storage.regional_storage import StorageOutputs
from modules.storage.secure_bucket import SecureBucket, SecureBucketProps
from regions import PlatformConfig, RegionConfig
from regions.aws_regions import ELB_LOG_ACCOUNTS
from regions.serving_settings import global_name
from stacks.base import PlatformStack, standard_tags
from stacks.foundation import add_foundation
from stacks.serving import ServingTier, ServingTierOutputs, ServingTierProps


def standby_region(platform: PlatformConfig, primary: RegionConfig) -> RegionConfig:
    """``primary``'s standby as a region config: the DR region, the standby's AZs, CIDR and
    state bucket, the service at its warm minimum and the session cache as the primary's
    Global Datastore secondary (same node type and shards, its own replica count)."""
    sb = primary.standby
    if sb is None:
        raise ValueError(f"region {primary.key} has no [regions.standby]")
    serving = platform.serving_region_named(primary.dr_region)
    return dataclasses.replace(
        primary, region=primary.dr_region, availability_zones=sb.availability_zones,
        vpc_cidr=sb.vpc_cidr, dr_region=primary.region,
        state_bucket=serving.state_bucket if serving else sb.state_bucket,
        service=dataclasses.replace(primary.service, min_tasks=sb.min_tasks),
        redis=dataclasses.replace(primary.redis, replicas_per_shard=sb.redis_replicas_per_shard),
        standby=None)


@dataclass(frozen=True)
class StandbyStackProps:
    """Props of :class:`StandbyStack`."""

    platform: PlatformConfig
    """Naming, ownership, domain."""
    primary: RegionConfig
    """The serving region this standby takes over from (its ``standby`` table set)."""
    state_key: str
    """Object key of this stack's state in the standby region's bucket."""
    zone_id: str
    """Hosted zone (global stack) the ALB certificate is validated in."""
    source_db_arn: str
    """ARN of the primary's database (a cross-stack reference to its app stack)."""
    replica_key_arn: str
    """ARN of the primary's DR key in this region (a cross-stack reference to its app stack):
    it encrypts the replica buckets the standby's tasks read and write."""
    redis_global_id: str
    """Id of the primary's Redis Global Datastore (a cross-stack reference to its app
    stack): the standby's cache joins it as the secondary."""
    owns_threat_detection: bool = True
    """Create the region's GuardDuty detector (False when a serving stack there has it)."""
    owns_admin_access: bool = True
    """Create the region's Session Manager preferences document and admin role (False when
    a serving stack there has them: the document is one per account and region)."""

    def __post_init__(self) -> None:
        if self.primary.standby is None:
            raise ValueError(f"region {self.primary.key} has no standby configured")


class StandbyStack(PlatformStack):
    """Network, keys, replica, secret, cache and a minimal serving tier in the DR region."""

    def __init__(self, scope: Construct, id: str, *, props: StandbyStackProps) -> None:
        super().__init__(scope, id)
        p, src = props.platform, props.primary
        r = self.config = standby_region(p, src)
        # Role names are "<project>-<environment>-<region>-...": a standby sharing its region
        # with a serving stack gets its own environment segment so nothing collides.
        env = f"{p.environment}-standby"
        self.name_prefix = name = f"{p.project}-{env}-{src.key}"
        self.add_aws_provider("aws", region=r.region, tags=standard_tags(
            owner=p.owner, environment=p.environment, residency=src.residency,
            Role="standby"))
        self.use_remote_state(bucket=r.state_bucket, region=r.region, key=props.state_key)

        base = add_foundation(self, name=name, region=r,
                              threat_detection=props.owns_threat_detection,
                              direct_https=p.direct_fallback)
        net, sg, data_key = base.network.outputs, base.security_groups.outputs, base.data_key

        logs = SecureBucket(self, "alb_logs", props=SecureBucketProps(
            bucket_name=global_name(name, "logs", p.name_suffix), kms_key_arn=None,
            lifecycle="logs", log_retention_days=365,
            access_log_sources=(f"arn:aws:s3:::{name}-*",),
            elb_log_account=ELB_LOG_ACCOUNTS[r.region], elb_log_prefix="alb"))

        database = Construct(self, "database")
        parameters = tls_parameter_group(database, name, src.database)
        monitoring = monitoring_role(database, name)
        self.replica = CrossRegionReplica(self, "replica", props=CrossRegionReplicaProps(
            name=f"{p.project}-{p.environment}-{src.key}-dr", source_db_arn=props.source_db_arn,
            source_residency=src.residency, instance_class=src.database.instance_class,
            subnet_ids=net.data_subnet_ids, security_group_id=sg.database_id,
            kms_key_arn=data_key.arn, parameter_group_name=parameters.name,
            monitoring_role_arn=monitoring.arn,
            backup_retention_days=src.database.backup_retention_days))
        # The app's credentials in this region: the runbook copies the primary's
        # RDS-managed secret into it (and again after each rotation), so the standby
        # authenticates after promotion without reaching the lost region.
        self.db_secret = SecretsmanagerSecret(
            self, "db_credentials", name=f"{name}/db-credentials", kms_key_id=data_key.arn,
            description=f"Credentials of {src.key}'s database, for its standby in {r.region}",
            recovery_window_in_days=30)
        redis = RedisCluster(self, "redis", props=RedisClusterProps(
            name=f"{name}-cache", subnet_ids=net.data_subnet_ids, security_group_id=sg.redis_id,
            kms_key_arn=data_key.arn, logs_kms_key_arn=base.logs_key.arn, sizing=r.redis,
            global_datastore_id=props.redis_global_id))

        replica = self.replica.replica
        # The primary's buckets replicate here (RegionalStorage in its app stack).
        source = f"{p.project}-{p.environment}-{src.key}"
        replicas = {k: global_name(source, f"{k}-{r.region}", p.name_suffix)
                    for k in ("assets", "uploads")}
        self.serving: ServingTierOutputs = ServingTier(self, "serving", props=ServingTierProps(
            platform=dataclasses.replace(p, environment=env), region=r, standby=True,
            zone_id=props.zone_id, network=net, security_groups=sg,
            data_key_arn=data_key.arn, logs_key_arn=base.logs_key.arn,
            object_key_arns=(props.replica_key_arn,),
            database=DatabaseOutputs(
                arn=replica.arn, address=replica.address, port=Token.as_string(replica.port),
                instance_id=replica.identifier, master_secret_arn=self.db_secret.arn,
                replica_ids=(), parameter_group_name=parameters.name,
                monitoring_role_arn=monitoring.arn),
            redis=redis.outputs,
            storage=StorageOutputs(
                assets_bucket_arn=f"arn:aws:s3:::{replicas['assets']}",
                uploads_bucket_arn=f"arn:aws:s3:::{replicas['uploads']}",
                access_log_bucket=logs.name, access_log_grant=logs.policy))).outputs
        # Operations (issue 11.4/11.5) as in an app stack: its own trail stored here (EU
        # trails stay in the EU), admin access where no serving stack has it, a locked
        # vault and the FIS drills on this standby's tasks and replica, stopping on its own
        # alarms. No GuardDuty (the foundation's), and no backup copy: the only other region
        # it could copy to in its jurisdiction is the one it replaces, and a provider there
        # would make this stack unplannable while that region is down (docs/recovery.md).
        self.operations = RegionOperations(self, "operations", props=RegionOperationsProps(
            name=name, region=r.region, residency=src.residency, dr_region=None,
            dr_provider=None, settings=p.operations, kms_key_arn=data_key.arn,
            dr_kms_key_arn=None, logs_kms_key_arn=base.logs_key.arn, access_log_bucket=logs,
            topic_arn=self.serving.alerts_topic_arn, name_suffix=p.name_suffix,
            serving=ServingTarget(
                cluster_name=self.serving.cluster_name, service_name=self.serving.service_name,
                alb_dns_name=self.serving.alb_dns_name, db_arn=replica.arn,
                stop_alarm_names=(f"{name}-5xx-error-rate", f"{name}-p95-response-time")),
            backup_bucket_arns=(), availability_zone=r.availability_zones[0],
            az_subnet_ids=(net.app_subnet_ids[0], net.data_subnet_ids[0]),
            vpc_id=net.vpc_id, vpc_cidr=r.vpc_cidr, app_subnet_ids=net.app_subnet_ids,
            reachable_groups=((sg.database_id, 5432), (sg.redis_id, 6379)),
            threat_detection=False, admin_access=props.owns_admin_access))
        # RPO watch: the replica's and the cache secondary's lag page through this
        # standby's own topic.
        ReplicaLagAlarm(self, "replica_lag", props=ReplicaLagAlarmProps(
            name=f"{p.project}-{p.environment}-{src.key}-dr-replica-lag",
            replica_identifier=replica.identifier, topic_arn=self.serving.alerts_topic_arn))
        CacheLagAlarm(self, "cache_lag", props=CacheLagAlarmProps(
            name=f"{name}-cache-global-lag", topic_arn=self.serving.alerts_topic_arn,
            node_ids=redis_node_ids(redis.outputs.replication_group_id, r.redis.shards,
                                    r.redis.replicas_per_shard)))
