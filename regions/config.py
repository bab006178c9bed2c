"""Frozen, validated configuration types.

Every invariant the generator relies on is checked in ``__post_init__`` so that an
invalid configuration fails before any synth work, with one line naming the problem.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from typing import Literal

from regions.aws_regions import ELB_LOG_ACCOUNTS, is_eu, is_known
from regions.demand import DemandModel
from regions.operations import OperationsConfig

Residency = Literal["us", "eu"]
_NAME = re.compile(r"^[a-z][a-z0-9-]{1,40}$")
_TEAM = re.compile(r"^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


class ConfigError(ValueError):
    """An invalid platform configuration (reported as one line, exit code 2)."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ConfigError(message)


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
        _require(7 <= self.backup_retention_days <= 35,
                 f"database backup_retention_days must be 7..35, got {self.backup_retention_days}")
        _require(self.max_allocated_storage_gb >= 1000,
                 "database max_allocated_storage_gb must be at least 1000 (1 TB)")
        _require(self.max_allocated_storage_gb > self.allocated_storage_gb,
                 "database max_allocated_storage_gb must exceed allocated_storage_gb")
        _require(self.max_connections > 0, "database max_connections must be positive")
        _require(20 <= self.allocated_storage_gb <= 65536,
                 f"database allocated_storage_gb must be 20..65536 (gp3), "
                 f"got {self.allocated_storage_gb}")
        _require(self.max_allocated_storage_gb <= 65536,
                 f"database max_allocated_storage_gb must be at most 65536 (gp3), "
                 f"got {self.max_allocated_storage_gb}")
        _require(re.fullmatch(r"1[3-9](\.\d+)?", self.engine_version) is not None,
                 f"database engine_version must be a PostgreSQL major (13..19), optionally "
                 f"with a minor, e.g. 16 or 16.9; got {self.engine_version!r}")


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
        _require(self.shards >= 1, "redis shards must be at least 1")
        _require(self.replicas_per_shard >= 1,
                 "redis replicas_per_shard must be at least 1 for automatic failover")
        _require(self.snapshot_retention_days >= 1,
                 "redis snapshot_retention_days must be at least 1")


def _range(low: int, high: int, step: int) -> tuple[int, ...]:
    return tuple(range(low, high + 1, step))


#: Fargate task sizes: CPU units -> the memory sizes (MiB) AWS accepts with it.
FARGATE_MEMORY: dict[int, tuple[int, ...]] = {
    256: (512, 1024, 2048),
    512: _range(1024, 4096, 1024),
    1024: _range(2048, 8192, 1024),
    2048: _range(4096, 16384, 1024),
    4096: _range(8192, 30720, 1024),
    8192: _range(16384, 61440, 4096),
    16384: _range(32768, 122880, 8192),
}
#: S3 bucket naming rules (S3 User Guide): 3-63 characters, lowercase letters, digits,
#: dots and hyphens, starting and ending with a letter or digit.
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_REPOSITORY = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9_.-]{1,100}$")


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
    container_image: str = "public.ecr.aws/nginx/nginx:stable"
    """Application image; pin a digest in production."""
    container_port: int = 8080
    """Port the application listens on."""
    health_check_path: str = "/healthz"
    """Path the ALB target group and Route 53 health checks probe."""
    spot_weight: int = 1
    """FARGATE_SPOT weight in the capacity provider strategy (FARGATE has base=min_tasks)."""

    def __post_init__(self) -> None:
        _require(1 <= self.min_tasks <= self.max_tasks,
                 f"service min_tasks ({self.min_tasks}) must be 1..max_tasks ({self.max_tasks})")
        _require(10 <= self.cpu_target_percent <= 90, "service cpu_target_percent must be 10..90")
        _require(self.health_check_path.startswith("/"),
                 "service health_check_path must start with /")
        _require(1024 <= self.container_port <= 65535
                 and self.container_port not in (5432, 6379),
                 f"service container_port must be 1024..65535 (the image runs as non-root) "
                 f"and not 5432/6379, got {self.container_port}")
        allowed = FARGATE_MEMORY.get(self.task_cpu)
        _require(allowed is not None,
                 f"service task_cpu must be a Fargate size {sorted(FARGATE_MEMORY)}, "
                 f"got {self.task_cpu}")
        assert allowed is not None
        _require(self.task_memory_mb in allowed,
                 f"service task_memory_mb {self.task_memory_mb} is not valid with task_cpu "
                 f"{self.task_cpu} (Fargate allows {allowed[0]}..{allowed[-1]} MiB)")


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
        _require(self.zone_id == "" or re.fullmatch(r"Z[A-Z0-9]{4,32}", self.zone_id) is not None,
                 f"dns.zone_id must be a Route 53 zone id like Z0123456789ABC, "
                 f"got {self.zone_id!r}")
        _require(isinstance(self.delegated, bool), "dns.delegated must be true or false")


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

    def __post_init__(self) -> None:
        _require(bool(_NAME.match(self.key)), f"region key {self.key!r} must match {_NAME.pattern}")
        _require(is_known(self.region), f"unknown AWS region {self.region!r} (region {self.key})")
        _require(is_known(self.dr_region),
                 f"unknown AWS dr_region {self.dr_region!r} (region {self.key})")
        _require(self.residency in ("us", "eu"),
                 f"region {self.key}: residency must be 'us' or 'eu', got {self.residency!r}")
        _require(self.dr_region != self.region,
                 f"region {self.key}: dr_region must differ from region {self.region}")
        if self.residency == "eu":
            _require(is_eu(self.region),
                     f"region {self.key}: EU-resident data cannot be served from {self.region}")
            _require(is_eu(self.dr_region),
                     f"region {self.key}: EU-resident data needs an EU dr_region, "
                     f"got {self.dr_region}")
        _require(len(self.availability_zones) >= 3,
                 f"region {self.key}: needs at least 3 availability zones, "
                 f"got {len(self.availability_zones)}")
        _require(len(set(self.availability_zones)) == len(self.availability_zones),
                 f"region {self.key}: availability zones repeat")
        for az in self.availability_zones:
            _require(az.startswith(self.region) and len(az) == len(self.region) + 1,
                     f"region {self.key}: availability zone {az!r} is not in {self.region}")
        try:
            net = ipaddress.ip_network(self.vpc_cidr)
        except ValueError as exc:
            raise ConfigError(f"region {self.key}: invalid vpc_cidr {self.vpc_cidr!r}") from exc
        _require(net.version == 4 and 16 <= net.prefixlen <= 20,
                 f"region {self.key}: vpc_cidr must be an IPv4 /16../20, got {self.vpc_cidr}")
        _require(bool(_BUCKET.match(self.state_bucket)) and ".." not in self.state_bucket
                 and not self.state_bucket.startswith("xn--"),
                 f"region {self.key}: state_bucket {self.state_bucket!r} breaks the S3 bucket "
                 "naming rules (3-63 lowercase letters, digits, dots, hyphens)")
        _require(self.region in ELB_LOG_ACCOUNTS,
                 f"region {self.key}: no Elastic Load Balancing log-delivery account known for "
                 f"{self.region} (add it to regions/aws_regions.py)")

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
    dns: DnsConfig = field(default_factory=DnsConfig)
    """The public hosted zone (created, or an existing zone id)."""
    platform_team: str = ""
    """GitHub team whose review CODEOWNERS requires (``@org/team``); empty means
    ``@<github_repository owner>/<owner>``."""
    demand: DemandModel = field(default_factory=DemandModel)
    """Traffic, data and targets (``[demand]``) that ``estimate`` sizes and costs against."""
    operations: OperationsConfig = field(default_factory=OperationsConfig)
    """Audit trail, admin access, backups and DR drills of every region (``[operations]``)."""

    def __post_init__(self) -> None:
        _require(not self.platform_team or bool(_TEAM.match(self.platform_team)),
                 f"platform_team {self.platform_team!r} must be a GitHub team like @org/team")
        _require(bool(_NAME.match(self.project)),
                 f"project {self.project!r} must match {_NAME.pattern}")
        _require(bool(_NAME.match(self.environment)),
                 f"environment {self.environment!r} must match {_NAME.pattern}")
        _require(bool(self.owner.strip()), "owner must not be empty")
        _require("." in self.domain, f"domain {self.domain!r} is not a DNS name")
        _require(self.edge_region == "us-east-1",
                 "edge_region must be us-east-1 (CloudFront certificates and WAF live there)")
        _require(len(self.regions) >= 2, "at least two serving regions are required (99.99%)")
        _require(any(r.region == self.edge_region for r in self.regions),
                 f"edge_region {self.edge_region} must be a serving region "
                 "(its state bucket holds the global and edge state)")
        keys = [r.key for r in self.regions]
        _require(len(set(keys)) == len(keys), f"region keys repeat: {keys}")
        names = [r.region for r in self.regions]
        _require(len(set(names)) == len(names), f"serving regions repeat: {names}")
        for i, a in enumerate(self.regions):
            for b in self.regions[i + 1:]:
                _require(not a.network.overlaps(b.network),
                         f"vpc_cidr of {a.key} ({a.vpc_cidr}) overlaps {b.key} ({b.vpc_cidr})")
        buckets = [r.state_bucket for r in self.regions]
        _require(len(set(buckets)) == len(buckets), "state buckets repeat")
        _require(bool(_REPOSITORY.match(self.github_repository)),
                 f"github_repository must be owner/name, got {self.github_repository!r}")
        _require(any(r.residency == "eu" for r in self.regions),
                 "at least one serving region must hold EU-resident data (EU users, GDPR)")
        by_region = {r.region: r for r in self.regions}
        for r in self.regions:
            other = by_region.get(r.dr_region)
            _require(other is None or other.dr_region != r.region,
                     f"regions {r.key} and {other.key if other else ''} are each other's "
                     "dr_region: a region loss would take out both copies' failover target")

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
