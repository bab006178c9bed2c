"""App stack of one serving region: network, keys, buckets, the data tier and the
serving tier (ALB, ECS, Cognito, monitoring: :mod:`stacks.serving`).

Its state lives in the region's own state bucket. DR copies of this region's data go to
``dr_region`` through an aliased provider, except the database copy when the DR region is
itself a serving region: that replica is managed from that region's stack (its state
survives the loss of this region) and is passed in here as a :class:`ReplicaSource`.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import Token
from constructs import Construct

from modules.data.backup_replication import BackupReplication, BackupReplicationProps
from modules.data.cross_region_replica import CrossRegionReplica, CrossRegionReplicaProps
from modules.data.postgres import PostgresDatabase, PostgresDatabaseProps
from modules.data.redis import RedisCluster, RedisClusterProps
from modules.network.endpoints import VpcEndpoints, VpcEndpointsProps
from modules.network.flow_logs import FlowLogs, FlowLogsProps
from modules.network.security_groups import SecurityGroups, SecurityGroupsProps
from modules.network.vpc import VpcNetwork, VpcNetworkProps
from modules.operations.region_operations import (
    RegionOperations,
    RegionOperationsProps,
    ServingTarget,
)
from modules.recovery.replica_lag_alarm import ReplicaLagAlarm, ReplicaLagAlarmProps
from modules.security.kms_key import KmsKey, KmsKeyProps
from modules.storage.regional_storage import RegionalStorage, RegionalStorageProps
from regions import PlatformConfig, RegionConfig
from stacks.base import PlatformStack, standard_tags
from stacks.serving import ServingTierProps, add_serving_tier


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

        self.data_key = KmsKey(self, "data_key", props=KmsKeyProps(
            alias=f"{name}-data", description=f"{name} data at rest", region=r.region,
            # Alarms publish to the encrypted SNS topic; CloudFront reads encrypted assets
            # and delivers its standard logs into an SSE-KMS bucket.
            allow_services=("cloudwatch.amazonaws.com", "cloudfront.amazonaws.com",
                            "delivery.logs.amazonaws.com")))
        self.logs_key = KmsKey(self, "logs_key", props=KmsKeyProps(
            alias=f"{name}-logs", description=f"{name} CloudWatch logs", region=r.region,
            allow_cloudwatch_logs=True))
        self.dr_key = KmsKey(self, "dr_key", props=KmsKeyProps(
            alias=f"{name}-dr", description=f"{name} DR copies in {r.dr_region}",
            region=r.dr_region, provider=dr))

        self.network = VpcNetwork(self, "network", props=VpcNetworkProps(
            name=name, cidr=r.vpc_cidr, availability_zones=r.availability_zones))
        vpc_id = self.network.vpc.id
        self.security_groups = SecurityGroups(self, "sg", props=SecurityGroupsProps(
            name=name, vpc_id=vpc_id, vpc_cidr=r.vpc_cidr, region=r.region,
            container_port=r.service.container_port))
        FlowLogs(self, "flow_logs", props=FlowLogsProps(
            name=name, vpc_id=vpc_id, kms_key_arn=self.logs_key.arn))
        VpcEndpoints(self, "endpoints", props=VpcEndpointsProps(
            region=r.region, vpc_id=vpc_id,
            route_table_ids=tuple(self.network.route_table_ids("app", "data")),
            subnet_ids=tuple(self.network.subnet_ids("app")),
            security_group_id=self.security_groups.endpoints.id))

        self.storage = RegionalStorage(self, "storage", props=RegionalStorageProps(
            name=name, region=r.region, dr_region=r.dr_region, kms_key_arn=self.data_key.arn,
            dr_kms_key_arn=self.dr_key.arn, dr_provider=dr, cdn_logs=props.cdn_logs))

        data_subnets = tuple(self.network.subnet_ids("data"))
        self.database = PostgresDatabase(self, "database", props=PostgresDatabaseProps(
            name=name, subnet_ids=data_subnets,
            security_group_id=self.security_groups.database.id,
            kms_key_arn=self.data_key.arn, sizing=r.database))
        if not props.dr_is_serving_region:
            BackupReplication(self, "database_dr", props=BackupReplicationProps(
                source_db_arn=self.database.primary.arn, kms_key_arn=self.dr_key.arn,
                destination_provider=dr, retention_days=r.database.backup_retention_days))
        dr_replicas: dict[str, CrossRegionReplica] = {}
        for source in props.replica_sources:
            dr_name = f"{p.project}-{p.environment}-{source.key}-dr"
            dr_replicas[dr_name] = CrossRegionReplica(
                self, f"replica_of_{source.key}", props=CrossRegionReplicaProps(
                name=dr_name, source_db_arn=source.db_arn,
                source_residency=source.residency, instance_class=source.instance_class,
                subnet_ids=data_subnets, security_group_id=self.security_groups.database.id,
                kms_key_arn=self.data_key.arn,
                parameter_group_name=self.database.parameter_group.name,
                monitoring_role_arn=self.database.monitoring_role.arn))

        self.redis = RedisCluster(self, "redis", props=RedisClusterProps(
            name=f"{name}-cache", subnet_ids=data_subnets,
            security_group_id=self.security_groups.redis.id, kms_key_arn=self.data_key.arn,
            logs_kms_key_arn=self.logs_key.arn, sizing=r.redis))

        primary = self.database.primary
        self.serving = add_serving_tier(self, ServingTierProps(
            project=p.project, environment=p.environment, domain=p.domain, region=r,
            zone_id=props.zone_id, vpc_id=vpc_id,
            public_subnet_ids=tuple(self.network.subnet_ids("public")),
            private_app_subnet_ids=tuple(self.network.subnet_ids("app")),
            alb_security_group_ids=(self.security_groups.alb.id,
                                    self.security_groups.alb_healthchecks.id),
            tasks_security_group_id=self.security_groups.tasks.id,
            kms_key_arn=self.data_key.arn, logs_kms_key_arn=self.logs_key.arn,
            db_address=primary.address, db_port=Token.as_string(primary.port),
            db_instance_id=primary.identifier,
            db_master_secret_arn=primary.master_user_secret.get(0).secret_arn,
            redis_endpoint=self.redis.replication_group.configuration_endpoint_address,
            redis_replication_group_id=self.redis.replication_group.replication_group_id,
            redis_connect_arns=(self.redis.replication_group.arn, self.redis.app_user.arn),
            redis_user_name=self.redis.app_user.user_name,
            assets_bucket_arn=self.storage.buckets["assets"].arn,
            uploads_bucket_arn=self.storage.buckets["uploads"].arn,
            access_log_bucket=self.storage.logs.name,
            access_log_grant=self.storage.logs.policy,
            db_replica_ids=(self.database.replica.identifier,) if self.database.replica else (),
        ))
        # RPO watch on the DR replicas hosted here, paging through this region's topic.
        for dr_name, replica in dr_replicas.items():
            ReplicaLagAlarm(self, f"{dr_name}-lag", props=ReplicaLagAlarmProps(
                name=f"{dr_name}-replica-lag",
                replica_identifier=replica.replica.identifier,
                topic_arn=self.serving.alerts_topic_arn))
        # Operations (issue 11.4/11.5): GuardDuty, CloudTrail, admin access, locked backups
        # copied within the jurisdiction, FIS drills; every alarm pages this region's topic.
        self.operations = RegionOperations(self, "operations", props=RegionOperationsProps(
            name=name, region=r.region, residency=r.residency, dr_region=r.dr_region,
            dr_provider=dr, settings=p.operations, kms_key_arn=self.data_key.arn,
            dr_kms_key_arn=self.dr_key.arn, logs_kms_key_arn=self.logs_key.arn,
            access_log_bucket=self.storage.logs, topic_arn=self.serving.alerts_topic_arn,
            serving=ServingTarget(
                cluster_name=self.serving.cluster_name, service_name=self.serving.service_name,
                alb_dns_name=self.serving.alb_dns_name, db_arn=primary.arn,
                stop_alarm_names=(f"{name}-5xx-error-rate", f"{name}-p95-response-time")),
            backup_bucket_arns=(self.storage.buckets["uploads"].arn,),
            availability_zone=r.availability_zones[0],
            az_subnet_ids=(self.network.subnet_ids("app")[0],
                           self.network.subnet_ids("data")[0]),
            vpc_id=vpc_id, vpc_cidr=r.vpc_cidr,
            app_subnet_ids=tuple(self.network.subnet_ids("app")),
            reachable_groups=((self.security_groups.database.id, 5432),
                              (self.security_groups.redis.id, 6379)),
            record_global_events=r.region == p.edge_region))
