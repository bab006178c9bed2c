"""The serving tier of one region, added to the lead's app stack with one call.

:func:`add_serving_tier` composes the regional constructs (ALB + certificate, ECS
cluster/roles/task/service/autoscaling, Cognito, alerts topic, alarms, dashboard,
X-Ray) from plain values the foundation provides (ids, ARNs, names; tokens at synth).
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import ITerraformDependable
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
from modules.compute.task_roles import TaskRoles, TaskRolesProps
from modules.identity.user_pool import UserPool, UserPoolProps
from modules.loadbalancing.alb import AlbProps, ApplicationLoadBalancer
from modules.loadbalancing.certificate import CertificateProps, DnsValidatedCertificate
from modules.monitoring.alerts_topic import AlertsTopic, AlertsTopicProps
from modules.monitoring.dashboard import DashboardProps, RegionDashboard
from modules.monitoring.data_alarms import DataAlarms, DataAlarmsProps, redis_node_ids
from modules.monitoring.service_alarms import ServiceAlarms, ServiceAlarmsProps
from modules.monitoring.tracing import Tracing, TracingProps
from regions import RegionConfig


def api_host(domain: str) -> str:
    """The latency-routed API name CloudFront uses as origin (ALB certificates cover it)."""
    return f"api.{domain}"


@dataclass(frozen=True)
class ServingTierProps:
    """Everything the serving tier needs from the config and the foundation."""

    project: str
    """Project name (``PlatformConfig.project``)."""
    environment: str
    """Environment name (``PlatformConfig.environment``)."""
    domain: str
    """Public domain (``PlatformConfig.domain``)."""
    region: RegionConfig
    """The serving region (sizes: ``region.service``, ``region.database``, ``region.redis``)."""
    zone_id: str
    """Hosted zone id (``global`` stack) where the ALB certificate is validated."""
    vpc_id: str
    """VPC id."""
    public_subnet_ids: tuple[str, ...]
    """Public subnets (ALB), one per AZ."""
    private_app_subnet_ids: tuple[str, ...]
    """Private-app subnets (tasks), one per AZ."""
    alb_security_group_ids: tuple[str, ...]
    """ALB security group (443 from CloudFront's origin-facing prefix list)."""
    tasks_security_group_id: str
    """Tasks security group (container port from the ALB group only)."""
    kms_key_arn: str
    """This region's data KMS key (secrets, SNS, X-Ray, bucket objects)."""
    logs_kms_key_arn: str
    """This region's CloudWatch Logs KMS key (its policy admits logs.<region>)."""
    db_address: str
    """PostgreSQL primary endpoint address (host)."""
    db_port: str
    """PostgreSQL port."""
    db_instance_id: str
    """PostgreSQL primary identifier (alarms, dashboard)."""
    db_master_secret_arn: str
    """RDS-managed master user secret (``master_user_secret[0].secret_arn``)."""
    redis_endpoint: str
    """Redis configuration endpoint address."""
    redis_replication_group_id: str
    """Redis replication group id (node alarms)."""
    assets_bucket_arn: str
    """Assets bucket (read)."""
    uploads_bucket_arn: str
    """Uploads bucket (read/write)."""
    access_log_bucket: str
    """Bucket name for ALB access logs (SSE-S3, ELB delivery allowed)."""
    access_log_grant: ITerraformDependable | None = None
    """The log bucket's policy resource (the ALB is created after its ELB grant)."""
    redis_connect_arns: tuple[str, ...] = ()
    """Replication group and IAM-auth user ARNs the tasks may ``elasticache:Connect`` to."""
    redis_user_name: str = ""
    """Redis IAM-auth user name (passed to the app as ``REDIS_USER``)."""
    db_replica_ids: tuple[str, ...] = ()
    """Read replicas in this region (replica-lag alarms)."""
    alert_emails: tuple[str, ...] = ()
    """On-call e-mail subscriptions of the alerts topic."""
    scaling_mode: str = "target-tracking"
    """``target-tracking`` (70% CPU) or the seed's ``step`` policies."""

    def __post_init__(self) -> None:
        if self.assets_bucket_arn == self.uploads_bucket_arn:
            raise ValueError("assets and uploads must be different buckets")
        if self.tasks_security_group_id in self.alb_security_group_ids:
            raise ValueError("the ALB and the tasks need separate security groups")

    @property
    def name(self) -> str:
        """Regional name prefix, e.g. ``webapp-prod-us``."""
        return f"{self.project}-{self.environment}-{self.region.key}"


@dataclass(frozen=True)
class ServingTierOutputs:
    """What the composition passes on (to the edge stack, to outputs)."""

    key: str
    """Region key."""
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


def add_serving_tier(stack: Construct, props: ServingTierProps) -> ServingTierOutputs:
    """Add the region's serving tier to ``stack`` (an app stack) and return its outputs."""
    r, svc, name = props.region, props.region.service, props.name
    scope = Construct(stack, "serving")
    cert = DnsValidatedCertificate(scope, "certificate", props=CertificateProps(
        domain_name=api_host(props.domain), zone_id=props.zone_id))
    alb = ApplicationLoadBalancer(scope, "alb", props=AlbProps(
        name=name, vpc_id=props.vpc_id, public_subnet_ids=props.public_subnet_ids,
        security_group_ids=props.alb_security_group_ids, certificate_arn=cert.arn,
        access_log_bucket=props.access_log_bucket, access_log_grant=props.access_log_grant,
        target_port=svc.container_port,
        health_check_path=svc.health_check_path, access_log_prefix=f"alb/{r.key}"))
    cluster = FargateCluster(scope, "cluster", props=EcsClusterProps(
        name=name, kms_key_arn=props.logs_kms_key_arn, fargate_base=svc.min_tasks,
        spot_weight=svc.spot_weight))
    roles = TaskRoles(scope, "roles", props=TaskRolesProps(
        name_prefix=f"{props.project}-{props.environment}", aws_region=r.region,
        log_group_name=log_group_name(name), kms_key_arn=props.kms_key_arn,
        secret_arns=(props.db_master_secret_arn,), read_bucket_arns=(props.assets_bucket_arn,),
        write_bucket_arns=(props.uploads_bucket_arn,),
        elasticache_arns=props.redis_connect_arns))
    task = AppTaskDefinition(scope, "task", props=TaskDefinitionProps(
        family=name, aws_region=r.region, image=svc.container_image,
        container_port=svc.container_port, execution_role_arn=roles.execution_role.arn,
        task_role_arn=roles.task_role.arn, kms_key_arn=props.logs_kms_key_arn, cpu=svc.task_cpu,
        memory_mb=svc.task_memory_mb,
        secrets=(("DB_USERNAME", f"{props.db_master_secret_arn}:username::"),
                 ("DB_PASSWORD", f"{props.db_master_secret_arn}:password::")),
        environment=(("DB_HOST", props.db_address), ("DB_PORT", props.db_port),
                     ("REDIS_HOST", props.redis_endpoint),
                     *((("REDIS_USER", props.redis_user_name),) if props.redis_user_name else ()),
                     ("ASSETS_BUCKET_ARN", props.assets_bucket_arn),
                     ("UPLOADS_BUCKET_ARN", props.uploads_bucket_arn))))
    service = FargateService(scope, "service", props=FargateServiceProps(
        name=f"{name}-app", cluster_arn=cluster.arn, task_definition_arn=task.arn,
        subnet_ids=props.private_app_subnet_ids,
        security_group_ids=(props.tasks_security_group_id,),
        target_group_arn=alb.target_group.arn, container_name=APP_CONTAINER,
        container_port=svc.container_port, desired_count=svc.min_tasks,
        fargate_base=svc.min_tasks, spot_weight=svc.spot_weight))
    # Terraform wants bare addresses in depends_on (``.fqn`` would render "${...}").
    service.service.depends_on = [
        f"{r.terraform_resource_type}.{r.friendly_unique_id}"
        for r in (alb.api_rule, cluster.capacity_providers)]
    ServiceAutoscaling(scope, "autoscaling", props=ServiceAutoscalingProps(
        cluster_name=cluster.name, service_name=service.name, min_tasks=svc.min_tasks,
        max_tasks=svc.max_tasks, cpu_target_percent=svc.cpu_target_percent,
        mode="step" if props.scaling_mode == "step" else "target-tracking"))
    pool = UserPool(scope, "identity", props=UserPoolProps(
        name=f"{name}-users", domain_prefix=f"{name}-auth",
        callback_urls=(f"https://{props.domain}/auth/callback",),
        logout_urls=(f"https://{props.domain}/",)))
    topic = AlertsTopic(scope, "alerts", props=AlertsTopicProps(
        name=f"{name}-alerts", kms_key_arn=props.kms_key_arn,
        email_endpoints=props.alert_emails))
    ServiceAlarms(scope, "service_alarms", props=ServiceAlarmsProps(
        name_prefix=name, topic_arn=topic.arn, alb_arn_suffix=alb.alb.arn_suffix,
        cluster_name=cluster.name, service_name=service.name))
    DataAlarms(scope, "data_alarms", props=DataAlarmsProps(
        name_prefix=name, topic_arn=topic.arn, db_instance_id=props.db_instance_id,
        db_max_connections=r.database.max_connections,
        db_allocated_storage_gb=r.database.allocated_storage_gb,
        db_replica_ids=props.db_replica_ids,
        redis_node_ids=redis_node_ids(props.redis_replication_group_id, r.redis.shards,
                                      r.redis.replicas_per_shard)))
    RegionDashboard(scope, "dashboard", props=DashboardProps(
        name=name, aws_region=r.region, alb_arn_suffix=alb.alb.arn_suffix,
        cluster_name=cluster.name, service_name=service.name,
        db_instance_id=props.db_instance_id,
        redis_replication_group_id=props.redis_replication_group_id))
    Tracing(scope, "tracing", props=TracingProps(service_name=name,
                                                 kms_key_arn=props.kms_key_arn))
    return ServingTierOutputs(
        key=r.key, aws_region=r.region, alb_dns_name=alb.dns_name, alb_zone_id=alb.zone_id,
        health_check_path=svc.health_check_path, cluster_name=cluster.name,
        service_name=service.name, user_pool_id=pool.pool_id,
        user_pool_client_id=pool.client_id, alerts_topic_arn=topic.arn)
