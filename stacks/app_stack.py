"""App stack of one serving region: network, keys, buckets, the data tier and the
serving tier (ALB, ECS, Cognito, monitoring: :mod:`stacks.serving`).

Its state lives in the region's own state bucket. DR copies of this region's data go to
``dr_region`` through an aliased provider, except the database copy when the DR region is
itself a serving region: that replica is managed from that region's stack (its state
survives the loss of this region) and is passed in here as a :class:`ReplicaSource`.
"""

from __future__ import annotations

from dataclasses import dataclass

from constructs import Construct

from modules.data.backup_replication import BackupReplication, BackupReplicationProps
from modules.data.cross_region_replica import CrossRegionReplica, CrossRegionReplicaProps
from modules.data.postgres import PostgresDatabase, PostgresDatabaseProps
from modules.data.redis import RedisCluster, RedisClusterProps
from modules.data.redis_global_datastore import RedisGlobalDatastore, RedisGlobalDatastoreProps
from modules.operations.region_operations import (
    RegionOperations,
    RegionOperationsProps,
    ServingTarget,
)
from modules.recovery.replica_lag_alarm import ReplicaLagAlarm, ReplicaLagAlarmProps
from modules.security.kms_key import KmsKey, KmsKeyProps
from modules.storage.regional_storage import DATA_BUCKETS, RegionalStorage, RegionalStorageProps
from modules.storage.replication_alarms import ReplicationAlarms, ReplicationAlarmsProps
from regions import PlatformConfig, RegionConfig
from regions.serving_settings import global_name
from stacks.base import PlatformStack, standard_tags
from stacks.foundation import add_foundation
from stacks.serving import ServingTier, ServingTierProps


@dataclass(frozen=True)
class ReplicaSource:
    """A primary in another region whose cross-region replica this stack hosts."""

    key: str
    """Region key of the source (``us``)."""
    residency: str
    """Residency of the source data."""
    db_arn: str
    """ARN of the source primary (a cross-stack reference)."""
    instance_class: str
    """Instance class of the source primary."""


@dataclass(frozen=True)
class AppStackProps:
    """Props of :class:`AppStack`."""

    platform: PlatformConfig
    """Naming, ownership, domain."""
    region: RegionConfig
    """The serving region."""
    state_key: str
    """Object key of this stack's state in the region's state bucket."""
    dr_is_serving_region: bool
    """True when ``region.dr_region`` hosts its own app stack (it then holds the DB replica)."""
    zone_id: str
    """Hosted zone (global stack) the ALB certificate is validated in."""
    replica_sources: tuple[ReplicaSource, ...] = ()
    """Other regions' primaries replicated into this region."""
    cdn_logs: bool = False
    """Host the CloudFront standard-log bucket (an EU serving region)."""


class AppStack(PlatformStack):
    """Everything one serving region needs, up to the data tier."""

    def __init__(self, scope: Construct, id: str, *, props: AppStackProps) -> None:
        super().__init__(scope, id)
        r, p = props.region, props.platform
        self.config = r
        self.name_prefix = name = f"{p.project}-{p.environment}-{r.key}"
        tags = standard_tags(owner=p.owner, environment=p.environment, residency=r.residency)
        self.add_aws_provider("aws", region=r.region, tags=tags)
        dr = self.add_aws_provider("dr", region=r.dr_region, alias="dr", tags=tags)
        self.use_remote_state(bucket=r.state_bucket, region=r.region, key=props.state_key)

        base = add_foundation(self, name=name, region=r, direct_https=p.direct_fallback)
        self.data_key, self.logs_key = base.data_key, base.logs_key
        self.network, self.security_groups = base.network, base.security_groups
        self.threat_detection = base.threat_detection
        net, sg = self.network.outputs, self.security_groups.outputs
        self.dr_key = KmsKey(self, "dr_key", props=KmsKeyProps(
            alias=f"{name}-dr", description=f"{name} DR copies in {r.dr_region}",
            region=r.dr_region, provider=dr,
            # CloudFront falls back to the assets replica, encrypted with this key.
            allow_services=("cloudfront.amazonaws.com",)))

        self.storage = RegionalStorage(self, "storage", props=RegionalStorageProps(
            name=name, region=r.region, dr_region=r.dr_region, kms_key_arn=self.data_key.arn,
            dr_kms_key_arn=self.dr_key.arn, dr_provider=dr, name_suffix=p.name_suffix,
            cdn_logs=props.cdn_logs))

        data_subnets = net.data_subnet_ids
        self.database = PostgresDatabase(self, "database", props=PostgresDatabaseProps(
            name=name, subnet_ids=data_subnets,
            security_group_id=sg.database_id,
            kms_key_arn=self.data_key.arn, sizing=r.database))
        if not props.dr_is_serving_region:
            BackupReplication(self, "database_dr", props=BackupReplicationProps(
                source_db_arn=self.database.outputs.arn, kms_key_arn=self.dr_key.arn,
                destination_provider=dr, retention_days=r.database.backup_retention_days))
        dr_replicas: dict[str, CrossRegionReplica] = {}
        for source in props.replica_sources:
            dr_name = f"{p.project}-{p.environment}-{source.key}-dr"
            dr_replicas[dr_name] = CrossRegionReplica(
                self, f"replica_of_{source.key}", props=CrossRegionReplicaProps(
                name=dr_name, source_db_arn=source.db_arn,
                source_residency=source.residency, instance_class=source.instance_class,
                subnet_ids=data_subnets, security_group_id=sg.database_id,
                kms_key_arn=self.data_key.arn,
                parameter_group_name=self.database.outputs.parameter_group_name,
                monitoring_role_arn=self.database.outputs.monitoring_role_arn))

        self.redis = RedisCluster(self, "redis", props=RedisClusterProps(
            name=f"{name}-cache", subnet_ids=data_subnets,
            security_group_id=sg.redis_id, kms_key_arn=self.data_key.arn,
            logs_kms_key_arn=self.logs_key.arn, sizing=r.redis))
        # Sessions survive a region loss (issue 12): the standby's cache is this one's
        # Global Datastore secondary, inside the jurisdiction.
        self.redis_global: RedisGlobalDatastore | None = None
        if r.standby is not None:
            self.redis_global = RedisGlobalDatastore(
                self, "redis_global", props=RedisGlobalDatastoreProps(
                    name=f"{name}-sessions",
                    primary_replication_group_id=self.redis.replication_group.id))

        self.serving = ServingTier(self, "serving", props=ServingTierProps(
            platform=p, region=r, zone_id=props.zone_id, network=net,
            security_groups=sg, data_key_arn=self.data_key.arn,
            logs_key_arn=self.logs_key.arn, database=self.database.outputs,
            redis=self.redis.outputs, storage=self.storage.outputs)).outputs
        # RPO watch on the bucket replication (RTC metrics) and on the DR replicas hosted
        # here, paging through this region's topic.
        for kind in DATA_BUCKETS:
            ReplicationAlarms(self, f"{kind}_replication_alarms", props=ReplicationAlarmsProps(
                name=f"{name}-{kind}", source_bucket=global_name(name, kind, p.name_suffix),
                destination_bucket=global_name(name, f"{kind}-{r.dr_region}", p.name_suffix),
                topic_arn=self.serving.alerts_topic_arn))
        for dr_name, replica in dr_replicas.items():
            ReplicaLagAlarm(self, f"{dr_name}-lag", props=ReplicaLagAlarmProps(
                name=f"{dr_name}-replica-lag",
                replica_identifier=replica.identifier,
                topic_arn=self.serving.alerts_topic_arn))
        # Operations (issue 11.4/11.5): CloudTrail, admin access, locked backups copied within
        # the jurisdiction, FIS drills; every alarm pages this region's topic. GuardDuty is the
        # foundation's (one detector per account and region, shared with the standbys' rule).
        self.operations = RegionOperations(self, "operations", props=RegionOperationsProps(
            name=name, region=r.region, residency=r.residency, dr_region=r.dr_region,
            dr_provider=dr, settings=p.operations, kms_key_arn=self.data_key.arn,
            dr_kms_key_arn=self.dr_key.arn, logs_kms_key_arn=self.logs_key.arn,
            access_log_bucket=self.storage.logs, topic_arn=self.serving.alerts_topic_arn,
            name_suffix=p.name_suffix, serving=ServingTarget(
                cluster_name=self.serving.cluster_name, service_name=self.serving.service_name,
                alb_dns_name=self.serving.alb_dns_name, db_arn=self.database.outputs.arn,
                stop_alarm_names=(f"{name}-5xx-error-rate", f"{name}-p95-response-time")),
            backup_bucket_arns=(self.storage.outputs.uploads_bucket_arn,),
            availability_zone=r.availability_zones[0],
            az_subnet_ids=(net.app_subnet_ids[0], net.data_subnet_ids[0]),
            vpc_id=net.vpc_id, vpc_cidr=r.vpc_cidr, app_subnet_ids=net.app_subnet_ids,
            reachable_groups=((sg.database_id, 5432), (sg.redis_id, 6379)),
            record_global_events=r.region == p.edge_region, threat_detection=False))

    @property
    def redis_global_id(self) -> str:
        """Id of the Redis Global Datastore its standby joins (regions with a standby)."""
        if self.redis_global is None:
            raise ValueError(f"region {self.config.key} has no standby, so no Global Datastore")
        return self.redis_global.global_id
