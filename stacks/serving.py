"""The serving tier of one region: the :class:`ServingTier` construct.

It composes the regional constructs (ALB + certificate + origin secret, ECS
cluster/roles/task/service/autoscaling, Cognito, alerts topic, alarms, dashboard, X-Ray)
from the config and the foundation constructs' typed outputs (``NetworkOutputs``,
``SecurityGroupOutputs``, ``DatabaseOutputs``, ``RedisOutputs``, ``StorageOutputs``), and
exposes :class:`ServingTierOutputs`.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from constructs import Construct

from modules.compute.autoscaling import ServiceAutoscaling, ServiceAutoscalingProps
from modules.compute.cluster import EcsClusterProps, FargateCluster
from modules.compute.service import FargateService, FargateServiceProps
from modules.compute.task_definition import (
    APP_CONTAINER,
    AppTaskDefinition,
    TaskDefinitionProps,
    log_group_name,
)
from modules.compute.task_roles import TaskRoles, TaskRolesProps, ecr_repository_arn
from modules.data.postgres import DatabaseOutputs
from modules.data.redis import RedisOutputs
from modules.identity.user_pool import UserPool, UserPoolProps
from modules.loadbalancing.alb import AlbProps, ApplicationLoadBalancer
from modules.loadbalancing.certificate import CertificateProps, DnsValidatedCertificate
from modules.loadbalancing.direct_access import DirectAccess, DirectAccessProps
from modules.loadbalancing.origin_secret import OriginSecret, OriginSecretProps
from modules.monitoring.alerts_topic import AlertsTopic, AlertsTopicProps
from modules.monitoring.dashboard import DashboardProps, RegionDashboard
from modules.monitoring.data_alarms import DataAlarms, DataAlarmsProps, redis_node_ids
from modules.monitoring.service_alarms import ServiceAlarms, ServiceAlarmsProps
from modules.monitoring.tracing import Tracing, TracingProps
from modules.network.security_groups import SecurityGroupOutputs
from modules.network.vpc import NetworkOutputs
from modules.policy_documents import document
from modules.storage.regional_storage import StorageOutputs
from regions import PlatformConfig, RegionConfig
from regions.serving_settings import global_name


def api_host(domain: str) -> str:
    """The geolocation-routed API name CloudFront uses as origin for ``/api/*`` (ALB
    certificates cover it)."""
    return f"api.{domain}"


def site_names(domain: str) -> tuple[str, ...]:
    """The names users browse to: CloudFront's aliases, and the direct path's hosts."""
    return (domain, f"www.{domain}")


def pair_host(domain: str, key: str) -> str:
    """A jurisdiction's failover-pair name (``api-<key>.<domain>``): CloudFront's origin for
    ``/api/<key>/*``, covered by the certificates of the pair's primary and standby ALBs."""
    return f"api-{key}.{domain}"


def jurisdiction_path(key: str) -> str:
    """The API path of one jurisdiction's accounts (``/api/<key>/*``): routed to its pair
    only, whatever the location of the viewer or of CloudFront's edge."""
    return f"/api/{key}/*"


@dataclass(frozen=True)
class ServingTierProps:
    """The config and the foundation's typed outputs the serving tier is built from."""

    platform: PlatformConfig
    """Naming, domain, ``container_image``, ``name_suffix``, ``alert_emails``."""
    region: RegionConfig
    """The serving region (sizes: ``region.service``, ``region.database``, ``region.redis``)."""
    zone_id: str
    """Hosted zone id (``global`` stack) where the ALB certificate is validated."""
    network: NetworkOutputs
    """VPC and subnets (:class:`modules.network.vpc.VpcNetwork`)."""
    security_groups: SecurityGroupOutputs
    """ALB and task groups (:class:`modules.network.security_groups.SecurityGroups`)."""
    data_key_arn: str
    """This region's data KMS key (secrets, SNS, X-Ray, bucket objects)."""
    logs_key_arn: str
    """This region's CloudWatch Logs KMS key (its policy admits logs.<region>)."""
    database: DatabaseOutputs
    """The region's PostgreSQL (:class:`modules.data.postgres.PostgresDatabase`)."""
    redis: RedisOutputs
    """The region's Redis (:class:`modules.data.redis.RedisCluster`)."""
    storage: StorageOutputs
    """The region's buckets (:class:`modules.storage.regional_storage.RegionalStorage`)."""
    object_key_arns: tuple[str, ...] = ()
    """Further keys of the objects in ``storage`` the tasks read and write (a standby: the
    primary stack's DR key, which encrypts the replica buckets)."""
    standby: bool = False
    """A jurisdiction's warm standby (:mod:`stacks.standby_stack`): its key, and with it its
    origin-verification header, get a ``-standby`` suffix so CloudFront can send both."""

    def __post_init__(self) -> None:
        if self.storage.assets_bucket_arn == self.storage.uploads_bucket_arn:
            raise ValueError("assets and uploads must be different buckets")
        if self.security_groups.tasks_id in self.security_groups.alb_ids:
            raise ValueError("the ALB and the tasks need separate security groups")

    @property
    def name(self) -> str:
        """Regional name prefix, e.g. ``webapp-prod-us``."""
        return f"{self.platform.project}-{self.platform.environment}-{self.region.key}"

    @property
    def key(self) -> str:
        """The tier's key: the region key, ``<key>-standby`` for a standby."""
        return f"{self.region.key}-standby" if self.standby else self.region.key


@dataclass(frozen=True)
class ServingTierOutputs:
    """What the composition passes on (to the edge stack, to outputs)."""

    key: str
    """Region key (``<key>-standby`` for a standby)."""
    residency: str
    """Residency of the data it serves (``us``/``eu``)."""
    aws_region: str
    """AWS region."""
    alb_dns_name: str
    """ALB DNS name."""
    alb_zone_id: str
    """ALB hosted zone id."""
    health_check_path: str
    """Health path (plain string)."""
    cluster_name: str
    """ECS cluster name."""
    service_name: str
    """ECS service name."""
    user_pool_id: str
    """Cognito user pool id."""
    user_pool_client_id: str
    """Cognito app client id."""
    alerts_topic_arn: str
    """Alerts SNS topic."""
    origin_header_name: str
    """Header CloudFront must send to this region's ALB."""
    origin_secret_arn: str
    """Secret holding that header's value (the edge stack reads it by ARN)."""


class ServingTier(Construct):
    """ALB + certificate, ECS cluster/roles/task/service/autoscaling, Cognito, alerts topic,
    alarms, dashboard and X-Ray of one region; :attr:`outputs` is what others read."""

    outputs: ServingTierOutputs
    """What the composition passes on (edge stack, replica-lag alarms)."""

    def __init__(self, scope: Construct, id: str, *, props: ServingTierProps) -> None:
        super().__init__(scope, id)
        p, r, name = props.platform, props.region, props.name
        svc, db, st = r.service, props.database, props.storage
        cert = DnsValidatedCertificate(self, "certificate", props=CertificateProps(
            domain_name=api_host(p.domain), zone_id=props.zone_id,
            subject_alternative_names=(
                pair_host(p.domain, r.key),
                *(site_names(p.domain) if p.direct_fallback else ()))))
        origin = OriginSecret(self, "origin_secret", props=OriginSecretProps(
            name=f"{name}-origin-verify", region_key=props.key, kms_key_arn=props.data_key_arn))
        alb = ApplicationLoadBalancer(self, "alb", props=AlbProps(
            name=name, vpc_id=props.network.vpc_id,
            public_subnet_ids=props.network.public_subnet_ids,
            security_group_ids=props.security_groups.alb_ids, certificate_arn=cert.arn,
            access_log_bucket=st.access_log_bucket, access_log_grant=st.access_log_grant,
            target_port=svc.container_port, origin_header_name=origin.header_name,
            origin_header_value=origin.value,
            health_check_path=svc.health_check_path, access_log_prefix=f"alb/{props.key}",
            fenced_path_patterns=tuple(jurisdiction_path(o.key) for o in p.regions
                                       if o.key != r.key),
            direct_hosts=site_names(p.domain) if p.direct_fallback else ()))
        if p.direct_fallback:
            DirectAccess(self, "direct", props=DirectAccessProps(
                name=name, alb_arn=alb.alb.arn, site_names=site_names(p.domain),
                logs_key_arn=props.logs_key_arn))
        cluster = FargateCluster(self, "cluster", props=EcsClusterProps(
            name=name, kms_key_arn=props.logs_key_arn, fargate_base=svc.min_tasks,
            spot_weight=svc.spot_weight))
        pool = UserPool(self, "identity", props=UserPoolProps(
            name=f"{name}-users", domain_prefix=global_name(name, "auth", p.name_suffix),
            callback_urls=(f"https://{p.domain}/auth/callback",),
            logout_urls=(f"https://{p.domain}/",)))
        ecr = ecr_repository_arn(p.container_image)
        roles = TaskRoles(self, "roles", props=TaskRolesProps(
            name_prefix=f"{p.project}-{p.environment}", aws_region=r.region,
            log_group_name=log_group_name(name), kms_key_arn=props.data_key_arn,
            runtime_secret_arns=(db.master_secret_arn,),
            read_bucket_arns=(st.assets_bucket_arn,), write_bucket_arns=(st.uploads_bucket_arn,),
            ecr_repository_arns=(ecr,) if ecr else (), elasticache_arns=props.redis.connect_arns,
            object_key_arns=props.object_key_arns,
            exec_log_group_name=cluster.exec_log_group.name, exec_kms_key_arn=props.logs_key_arn))
        task = AppTaskDefinition(self, "task", props=TaskDefinitionProps(
            family=name, aws_region=r.region, image=p.container_image,
            container_port=svc.container_port, execution_role_arn=roles.execution_role.arn,
            task_role_arn=roles.task_role.arn, kms_key_arn=props.logs_key_arn, cpu=svc.task_cpu,
            memory_mb=svc.task_memory_mb,
            # The master secret rotates every 7 days: the app reads it by ARN at connect time.
            environment=(("DB_HOST", db.address), ("DB_PORT", db.port),
                         ("DB_SECRET_ARN", db.master_secret_arn),
                         ("REDIS_HOST", props.redis.endpoint),
                         ("REDIS_USER", props.redis.user_name),
                         ("ASSETS_BUCKET_ARN", st.assets_bucket_arn),
                         ("UPLOADS_BUCKET_ARN", st.uploads_bucket_arn),
                         ("COGNITO_USER_POOL_ID", pool.pool_id))))
        # Account recovery after a region loss (docs/recovery.md, Cognito): a standby's tasks
        # re-create a signing-in user in their own pool from the replicated profile.
        IamRolePolicy(self, "account_recovery", name="account-recovery",
                      role=roles.task_role.id, policy=document({
                          "Sid": "RecreateUsersInOwnPool", "Effect": "Allow",
                          "Action": ["cognito-idp:AdminGetUser", "cognito-idp:AdminCreateUser"],
                          "Resource": pool.pool.arn}))
        service = FargateService(self, "service", props=FargateServiceProps(
            name=f"{name}-app", cluster_arn=cluster.arn, task_definition_arn=task.arn,
            subnet_ids=props.network.app_subnet_ids,
            security_group_ids=(props.security_groups.tasks_id,),
            target_group_arn=alb.target_group.arn, container_name=APP_CONTAINER,
            container_port=svc.container_port, desired_count=svc.min_tasks,
            fargate_base=svc.min_tasks, spot_weight=svc.spot_weight))
        # Terraform wants bare addresses in depends_on (``.fqn`` would render "${...}").
        service.service.depends_on = [
            f"{x.terraform_resource_type}.{x.friendly_unique_id}"
            for x in (alb.api_rule, alb.health_rule, cluster.capacity_providers)]
        ServiceAutoscaling(self, "autoscaling", props=ServiceAutoscalingProps(
            cluster_name=cluster.name, service_name=service.name, min_tasks=svc.min_tasks,
            max_tasks=svc.max_tasks, cpu_target_percent=svc.cpu_target_percent,
            mode=svc.scaling_mode))
        topic = AlertsTopic(self, "alerts", props=AlertsTopicProps(
            name=f"{name}-alerts", kms_key_arn=props.data_key_arn,
            email_endpoints=p.alert_emails))
        self._monitoring(props, topic.arn, alb, cluster.name, service.name)
        self.outputs = ServingTierOutputs(
            key=props.key, residency=r.residency, aws_region=r.region,
            alb_dns_name=alb.dns_name, alb_zone_id=alb.zone_id,
            health_check_path=svc.health_check_path, cluster_name=cluster.name,
            service_name=service.name, user_pool_id=pool.pool_id,
            user_pool_client_id=pool.client_id, alerts_topic_arn=topic.arn,
            origin_header_name=origin.header_name, origin_secret_arn=origin.arn)

    def _monitoring(self, props: ServingTierProps, topic_arn: str,
                    alb: ApplicationLoadBalancer, cluster_name: str, service_name: str) -> None:
        r, name, db = props.region, props.name, props.database
        redis_id = props.redis.replication_group_id
        ServiceAlarms(self, "service_alarms", props=ServiceAlarmsProps(
            name_prefix=name, topic_arn=topic_arn, alb_arn_suffix=alb.alb.arn_suffix,
            cluster_name=cluster_name, service_name=service_name))
        DataAlarms(self, "data_alarms", props=DataAlarmsProps(
            name_prefix=name, topic_arn=topic_arn, db_instance_id=db.instance_id,
            db_max_connections=r.database.max_connections,
            db_allocated_storage_gb=r.database.allocated_storage_gb,
            db_replica_ids=db.replica_ids,
            redis_node_ids=redis_node_ids(redis_id, r.redis.shards, r.redis.replicas_per_shard)))
        RegionDashboard(self, "dashboard", props=DashboardProps(
            name=name, aws_region=r.region, alb_arn_suffix=alb.alb.arn_suffix,
            cluster_name=cluster_name, service_name=service_name,
            db_instance_id=db.instance_id, redis_replication_group_id=redis_id))
        Tracing(self, "tracing", props=TracingProps(service_name=name,
                                                    kms_key_arn=props.data_key_arn))


def add_serving_tier(stack: Construct, props: ServingTierProps) -> ServingTierOutputs:
    """Add the region's serving tier to ``stack`` (construct id ``serving``: the addresses
    ``*_serving_*`` are stable) and return its outputs."""
    return ServingTier(stack, "serving", props=props).outputs
