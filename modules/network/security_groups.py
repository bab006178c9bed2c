"""The security-group chain of a serving region: CloudFront -> ALB -> tasks -> data.

* alb: 443 from CloudFront's origin-facing prefix list (CloudFront talks HTTPS only to
  its origins, so port 80 stays closed) and from the Route 53 health checkers (the
  latency records follow their verdict).
* alb-direct (only with ``direct_https``): 443 from anywhere, the second front path when
  CloudFront fails (the ALB forwards it only for the site names, behind a regional WAF).
* tasks: the container port from the ALB only.
* database: 5432 from the tasks only; redis: 6379 from the tasks only.
* endpoints: 443 from inside the VPC (interface endpoints).
Every rule is its own resource with a description; nothing else is open to 0.0.0.0/0 inbound.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.data_aws_ec2_managed_prefix_list import (
    DataAwsEc2ManagedPrefixList,
)
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.vpc_security_group_egress_rule import VpcSecurityGroupEgressRule
from cdktf_cdktf_provider_aws.vpc_security_group_ingress_rule import (
    VpcSecurityGroupIngressRule,
)
from constructs import Construct

CLOUDFRONT_ORIGIN_FACING = "com.amazonaws.global.cloudfront.origin-facing"


@dataclass(frozen=True)
class SecurityGroupOutputs:
    """The group ids other constructs attach (tokens at synth)."""

    alb_ids: tuple[str, ...]
    """The ALB's groups (CloudFront prefix list; Route 53 health checkers)."""
    tasks_id: str
    """ECS tasks."""
    database_id: str
    """PostgreSQL."""
    redis_id: str
    """Redis."""
    endpoints_id: str
    """Interface endpoints."""


def route53_healthchecks(region: str) -> str:
    """AWS-managed prefix list of the Route 53 health checkers, as named in ``region``."""
    return f"com.amazonaws.{region}.route53-healthchecks"

POSTGRES_PORT = 5432
REDIS_PORT = 6379


@dataclass(frozen=True)
class SecurityGroupsProps:
    """Props of :class:`SecurityGroups`."""

    name: str
    """Name prefix of the groups."""
    vpc_id: str
    """VPC the groups belong to."""
    vpc_cidr: str
    """VPC CIDR (interface endpoints accept 443 from it)."""
    region: str
    """Region of the VPC (names the Route 53 health-checker prefix list)."""
    container_port: int = 8080
    """Port the application containers listen on."""
    direct_https: bool = False
    """Open the ALB's 443 to the internet (the direct front path, ``direct_fallback``)."""

    def __post_init__(self) -> None:
        port = self.container_port
        if port in (POSTGRES_PORT, REDIS_PORT) or not 1 <= port < 65536:
            raise ValueError(f"container_port {self.container_port} is not usable")


class SecurityGroups(Construct):
    """Creates the six groups and the least-privilege rules between them."""

    def __init__(self, scope: Construct, id: str, *, props: SecurityGroupsProps) -> None:
        super().__init__(scope, id)
        cloudfront = DataAwsEc2ManagedPrefixList(self, "cloudfront", name=CLOUDFRONT_ORIGIN_FACING)
        checkers = DataAwsEc2ManagedPrefixList(self, "route53_healthchecks",
                                               name=route53_healthchecks(props.region))

        def group(key: str, purpose: str) -> SecurityGroup:
            return SecurityGroup(self, key, name=f"{props.name}-{key}", vpc_id=props.vpc_id,
                                 description=purpose, tags={"Name": f"{props.name}-{key}"})

        # Two groups on the ALB: a prefix-list reference counts its max entries against the
        # 60-rules-per-group quota (CloudFront's origin-facing list 55, Route 53's 25), so the
        # two lists together (80) cannot share one group.
        self.alb = group("alb", "Public ALB: HTTPS from CloudFront")
        self.alb_healthchecks = group("alb-healthchecks",
                                      "Public ALB: HTTPS from Route 53 health checkers")
        self.alb_direct = group("alb-direct", "Public ALB: HTTPS from the internet (direct "
                                "path when CloudFront fails)") if props.direct_https else None
        self.tasks = group("tasks", "ECS tasks: application port from the ALB only")
        self.database = group("database", "PostgreSQL: 5432 from ECS tasks only")
        self.redis = group("redis", "Redis: 6379 from ECS tasks only")
        self.endpoints = group("endpoints", "Interface endpoints: HTTPS from inside the VPC")

        def ingress(key: str, sg: SecurityGroup, port: int, description: str, *,
                    source: SecurityGroup | None = None, prefix_list: str | None = None,
                    cidr: str | None = None) -> None:
            VpcSecurityGroupIngressRule(
                self, key, security_group_id=sg.id, ip_protocol="tcp", from_port=port,
                to_port=port, description=description,
                referenced_security_group_id=source.id if source else None,
                prefix_list_id=prefix_list, cidr_ipv4=cidr)

        def egress(key: str, sg: SecurityGroup, port: int, description: str, *,
                   target: SecurityGroup | None = None, cidr: str | None = None) -> None:
            VpcSecurityGroupEgressRule(
                self, key, security_group_id=sg.id, ip_protocol="tcp", from_port=port,
                to_port=port, description=description,
                referenced_security_group_id=target.id if target else None, cidr_ipv4=cidr)

        ingress("alb_https_in", self.alb, 443, "HTTPS from CloudFront",
                prefix_list=cloudfront.id)
        ingress("alb_healthchecks_in", self.alb_healthchecks, 443,
                "HTTPS from Route 53 health checkers", prefix_list=checkers.id)
        if self.alb_direct is not None:
            ingress("alb_direct_in", self.alb_direct, 443,
                    "HTTPS from the internet: the site names when CloudFront fails",
                    cidr="0.0.0.0/0")
        egress("alb_to_tasks", self.alb, props.container_port, "ALB to ECS tasks",
               target=self.tasks)
        ingress("tasks_from_alb", self.tasks, props.container_port, "From the ALB",
                source=self.alb)
        egress("tasks_to_database", self.tasks, POSTGRES_PORT, "Tasks to PostgreSQL",
               target=self.database)
        egress("tasks_to_redis", self.tasks, REDIS_PORT, "Tasks to Redis", target=self.redis)
        egress("tasks_to_https", self.tasks, 443,
               "Tasks to AWS APIs and endpoints over HTTPS (via endpoints or NAT)",
               cidr="0.0.0.0/0")
        ingress("database_from_tasks", self.database, POSTGRES_PORT, "From ECS tasks",
                source=self.tasks)
        ingress("redis_from_tasks", self.redis, REDIS_PORT, "From ECS tasks", source=self.tasks)
        ingress("endpoints_from_vpc", self.endpoints, 443, "HTTPS from inside the VPC",
                cidr=props.vpc_cidr)

    @property
    def outputs(self) -> SecurityGroupOutputs:
        """Group ids by purpose."""
        return SecurityGroupOutputs(
            alb_ids=(self.alb.id, self.alb_healthchecks.id,
                     *((self.alb_direct.id,) if self.alb_direct is not None else ())),
            tasks_id=self.tasks.id,
            database_id=self.database.id, redis_id=self.redis.id,
            endpoints_id=self.endpoints.id)
