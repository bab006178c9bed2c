"""Frozen, validated configuration types.

Every invariant the generator relies on is checked in ``__post_init__`` (the functions of
:mod:`regions.validate`) so that an invalid configuration fails before any synth work, with
one line naming the problem.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Literal

from regions.demand import DemandModel
from regions.gate_settings import GateSettings
from regions.operations import OperationsConfig
from regions.serving_settings import SettingsError, check_serving_settings
from regions.standby import StandbyConfig
from regions.validate import (
    check_database,
    check_dns,
    check_platform,
    check_redis,
    check_region,
    check_service,
)
from regions.values import ConfigError

__all__ = ["ConfigError", "DatabaseSizing", "DnsConfig", "PlatformConfig", "RedisSizing",
           "RegionConfig", "Residency", "ServiceSizing"]

Residency = Literal["us", "eu"]


@dataclass(frozen=True)
class DatabaseSizing:
    """PostgreSQL sizing and protection (seed: db.r5.2xlarge, 1 TB gp3, PITR 35 days)."""

    instance_class: str = "db.r5.2xlarge"
    """RDS instance class of the primary and its replicas."""
    engine_version: str = "16"
    """PostgreSQL major version (``16``): RDS picks the current minor and minor upgrades stay
    on, so an apply never asks for a retired minor. A ``major.minor`` pin is accepted but the
    gate (HAP_APV_002) checks it against the dated list of offered versions."""
    allocated_storage_gb: int = 1000
    """Initial gp3 storage in GB (seed: 1 TB)."""
    max_allocated_storage_gb: int = 2000
    """Storage autoscaling ceiling in GB; must be at least 1 TB and above the initial size."""
    backup_retention_days: int = 35
    """Automated backup retention (PITR window), 7..35 days."""
    max_connections: int = 2000
    """max_connections set in the parameter group; the 80% alarm is computed from it."""

    def __post_init__(self) -> None:
        check_database(self)


@dataclass(frozen=True)
class RedisSizing:
    """ElastiCache Redis sizing (seed: cluster mode, 3 shards x 2 replicas, 32 GB nodes)."""

    node_type: str = "cache.r6g.xlarge"
    """Node type; cache.r6g.xlarge has 26 GiB usable of 32 GiB."""
    shards: int = 3
    """Number of node groups (shards)."""
    replicas_per_shard: int = 2
    """Replicas in each shard; at least 1 for automatic failover."""
    snapshot_retention_days: int = 7
    """Daily snapshots kept, at least 1."""
    engine_version: str = "7.1"
    """Redis engine version (7.x for IAM authentication)."""

    def __post_init__(self) -> None:
        check_redis(self)


@dataclass(frozen=True)
class ServiceSizing:
    """ECS Fargate service sizing (seed: 4..50 tasks, 70% CPU target)."""

    min_tasks: int = 4
    """Minimum running tasks per region."""
    max_tasks: int = 50
    """Maximum running tasks per region."""
    cpu_target_percent: int = 70
    """Target average CPU utilisation for scaling."""
    task_cpu: int = 1024
    """Fargate task CPU units."""
    task_memory_mb: int = 2048
    """Fargate task memory (MiB)."""
    container_port: int = 8080
    """Port the application listens on."""
    health_check_path: str = "/healthz"
    """Path the ALB target group and Route 53 health checks probe."""
    spot_weight: int = 1
    """FARGATE_SPOT weight in the capacity provider strategy (FARGATE has base=min_tasks)."""
    scaling_mode: Literal["target-tracking", "step"] = "target-tracking"
    """``target-tracking`` (``cpu_target_percent``) or the seed's ``step`` policies."""

    def __post_init__(self) -> None:
        check_service(self)


@dataclass(frozen=True)
class DnsConfig:
    """The public hosted zone: created here, or an existing one used as is.

    ACM validates certificates through records in this zone, which only works once the
    parent domain delegates to it. A created zone therefore goes through an explicit step:
    apply ``global``, publish its ``name_servers`` output at the registrar (or the parent
    zone), then set ``delegated = true``; until then the gate (HAP_APV_006) blocks the stacks
    whose certificate validation would wait forever.
    """

    zone_id: str = ""
    """Existing hosted zone id (``Z...``) to use; empty to create the zone in ``global``."""
    delegated: bool = False
    """For a created zone: the parent domain's NS records point at it (tags it
    ``Delegated=true``). Ignored for an existing zone."""

    def __post_init__(self) -> None:
        check_dns(self)


@dataclass(frozen=True)
class RegionConfig:
    """One serving region: where its users' data lives and where its DR copies go."""

    key: str
    """Short id used in stack names and resource names, e.g. ``us`` or ``eu``."""
    region: str
    """AWS region the stack's default provider targets."""
    residency: Residency
    """Home jurisdiction of the data this region's users create (``us`` or ``eu``)."""
    availability_zones: tuple[str, ...]
    """At least three AZs of ``region``."""
    vpc_cidr: str
    """VPC CIDR; must not overlap any other region's."""
    dr_region: str
    """Region receiving this region's disaster-recovery copies (EU data: an EU region)."""
    state_bucket: str
    """S3 bucket holding the Terraform state of every stack in this region."""
    database: DatabaseSizing = field(default_factory=DatabaseSizing)
    """PostgreSQL sizing."""
    redis: RedisSizing = field(default_factory=RedisSizing)
    """Redis sizing."""
    service: ServiceSizing = field(default_factory=ServiceSizing)
    """ECS service sizing."""
    standby: StandbyConfig | None = None
    """Warm standby in ``dr_region`` (``[regions.standby]``); None: no standby."""

    def __post_init__(self) -> None:
        check_region(self)

    @property
    def network(self) -> ipaddress.IPv4Network:
        """The VPC CIDR as a network object."""
        net = ipaddress.ip_network(self.vpc_cidr)
        assert isinstance(net, ipaddress.IPv4Network)
        return net


@dataclass(frozen=True)
class PlatformConfig:
    """The whole platform: naming, ownership, the edge and the serving regions."""

    project: str
    """Name prefix for every resource (lowercase, hyphens)."""
    environment: str
    """Environment name, e.g. ``prod``; part of names and the Environment tag."""
    owner: str
    """Owner tag on every resource (a team, not a person)."""
    domain: str
    """Public DNS zone served by Route 53 and CloudFront."""
    github_repository: str
    """``owner/name`` allowed to assume the CI roles through GitHub OIDC."""
    edge_region: str
    """Region of the global edge stack (CloudFront, WAF, Route 53): us-east-1."""
    regions: tuple[RegionConfig, ...]
    """Serving regions, one app stack each."""
    container_image: str
    """Application image, required (no default image runs under our hardening): it must run
    as a non-root user with a read-only root filesystem (only ``/tmp`` is writable), listen
    on ``service.container_port`` and answer ``service.health_check_path`` with 200. A tag
    other than ``latest`` or a ``@sha256:`` digest is required."""
    name_suffix: str
    """Makes globally unique names ours (S3 buckets, Cognito domains): the AWS account id
    or a short random string, 3..12 lowercase letters and digits."""
    alert_emails: tuple[str, ...]
    """On-call addresses subscribed to every region's alerts topic (at least one)."""
    dns: DnsConfig = field(default_factory=DnsConfig)
    """The public hosted zone (created, or an existing zone id)."""
    direct_fallback: bool = True
    """A second front path around CloudFront (whose SLA is 99.9%): the site names fail over
    (Route 53, health-checked) from CloudFront straight to the regions' ALBs, which then
    accept HTTPS from the internet for the site names behind a regional WAF. The application
    image must then serve the site's pages and static build itself. ``false`` keeps the
    ALBs CloudFront-only and caps availability at CloudFront's SLA."""
    platform_team: str = ""
    """GitHub team whose review CODEOWNERS requires (``@org/team``); empty means
    ``@<github_repository owner>/<owner>``."""
    demand: DemandModel = field(default_factory=DemandModel)
    """Traffic, data and targets (``[demand]``) that ``estimate`` sizes and costs against."""
    operations: OperationsConfig = field(default_factory=OperationsConfig)
    """Audit trail, admin access, backups and DR drills of every region (``[operations]``)."""
    gate: GateSettings = field(default_factory=GateSettings)
    """What the policy gate reads as configuration (``[gate]``, e.g. the residency tags)."""

    def __post_init__(self) -> None:
        check_platform(self)
        try:
            check_serving_settings(self)
        except SettingsError as exc:
            raise ConfigError(str(exc)) from exc

    @property
    def platform_team_handle(self) -> str:
        """The CODEOWNERS handle of the platform team."""
        org = self.github_repository.split("/", 1)[0]
        return self.platform_team or f"@{org}/{self.owner}"

    def region(self, key: str) -> RegionConfig:
        """The serving region with ``key``."""
        for r in self.regions:
            if r.key == key:
                return r
        raise ConfigError(f"no serving region {key!r}")

    def serving_region_named(self, aws_region: str) -> RegionConfig | None:
        """The serving region whose AWS region is ``aws_region``, if any."""
        return next((r for r in self.regions if r.region == aws_region), None)
