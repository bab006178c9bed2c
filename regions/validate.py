"""The invariants of the configuration types, one function per type.

Each frozen dataclass of :mod:`regions.config` calls its function from ``__post_init__``, so an
invalid configuration fails before any synth work, with one line naming the problem.
"""

from __future__ import annotations

import ipaddress
import re
from typing import TYPE_CHECKING

from regions.aws_regions import ELB_LOG_ACCOUNTS, is_eu, is_known
from regions.values import ConfigError, require

if TYPE_CHECKING:
    from regions.config import (
        DatabaseSizing,
        DnsConfig,
        PlatformConfig,
        RedisSizing,
        RegionConfig,
        ServiceSizing,
    )

NAME = re.compile(r"^[a-z][a-z0-9-]{1,40}$")
"""Project, environment and region keys."""
_TEAM = re.compile(r"^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


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


def check_database(c: DatabaseSizing) -> None:
    """The invariants of one ``DatabaseSizing``."""
    require(7 <= c.backup_retention_days <= 35,
            f"database backup_retention_days must be 7..35, got {c.backup_retention_days}")
    require(c.max_allocated_storage_gb >= 1000,
            "database max_allocated_storage_gb must be at least 1000 (1 TB)")
    require(c.max_allocated_storage_gb > c.allocated_storage_gb,
            "database max_allocated_storage_gb must exceed allocated_storage_gb")
    require(c.max_connections > 0, "database max_connections must be positive")
    require(20 <= c.allocated_storage_gb <= 65536,
            f"database allocated_storage_gb must be 20..65536 (gp3), "
            f"got {c.allocated_storage_gb}")
    require(c.max_allocated_storage_gb <= 65536,
            f"database max_allocated_storage_gb must be at most 65536 (gp3), "
            f"got {c.max_allocated_storage_gb}")
    require(re.fullmatch(r"1[3-9](\.\d+)?", c.engine_version) is not None,
            f"database engine_version must be a PostgreSQL major (13..19), optionally "
            f"with a minor, e.g. 16 or 16.9; got {c.engine_version!r}")


def check_redis(c: RedisSizing) -> None:
    """The invariants of one ``RedisSizing``."""
    require(c.shards >= 1, "redis shards must be at least 1")
    require(c.replicas_per_shard >= 1,
            "redis replicas_per_shard must be at least 1 for automatic failover")
    require(c.snapshot_retention_days >= 1,
            "redis snapshot_retention_days must be at least 1")


def check_service(c: ServiceSizing) -> None:
    """The invariants of one ``ServiceSizing``."""
    require(1 <= c.min_tasks <= c.max_tasks,
            f"service min_tasks ({c.min_tasks}) must be 1..max_tasks ({c.max_tasks})")
    require(10 <= c.cpu_target_percent <= 90, "service cpu_target_percent must be 10..90")
    require(c.health_check_path.startswith("/"),
            "service health_check_path must start with /")
    require(1024 <= c.container_port <= 65535
            and c.container_port not in (5432, 6379),
            f"service container_port must be 1024..65535 (the image runs as non-root) "
            f"and not 5432/6379, got {c.container_port}")
    allowed = FARGATE_MEMORY.get(c.task_cpu)
    require(allowed is not None,
            f"service task_cpu must be a Fargate size {sorted(FARGATE_MEMORY)}, "
            f"got {c.task_cpu}")
    assert allowed is not None
    require(c.task_memory_mb in allowed,
            f"service task_memory_mb {c.task_memory_mb} is not valid with task_cpu "
            f"{c.task_cpu} (Fargate allows {allowed[0]}..{allowed[-1]} MiB)")


def check_dns(c: DnsConfig) -> None:
    """The invariants of one ``DnsConfig``."""
    require(c.zone_id == "" or re.fullmatch(r"Z[A-Z0-9]{4,32}", c.zone_id) is not None,
            f"dns.zone_id must be a Route 53 zone id like Z0123456789ABC, "
            f"got {c.zone_id!r}")
    require(isinstance(c.delegated, bool), "dns.delegated must be true or false")


def check_region(c: RegionConfig) -> None:
    """The invariants of one ``RegionConfig``."""
    require(bool(NAME.match(c.key)), f"region key {c.key!r} must match {NAME.pattern}")
    require(is_known(c.region), f"unknown AWS region {c.region!r} (region {c.key})")
    require(is_known(c.dr_region),
            f"unknown AWS dr_region {c.dr_region!r} (region {c.key})")
    require(c.residency in ("us", "eu"),
            f"region {c.key}: residency must be 'us' or 'eu', got {c.residency!r}")
    require(c.dr_region != c.region,
            f"region {c.key}: dr_region must differ from region {c.region}")
    if c.residency == "eu":
        require(is_eu(c.region),
                f"region {c.key}: EU-resident data cannot be served from {c.region}")
        require(is_eu(c.dr_region),
                f"region {c.key}: EU-resident data needs an EU dr_region, "
                f"got {c.dr_region}")
    require(len(c.availability_zones) >= 3,
            f"region {c.key}: needs at least 3 availability zones, "
            f"got {len(c.availability_zones)}")
    require(len(set(c.availability_zones)) == len(c.availability_zones),
            f"region {c.key}: availability zones repeat")
    for az in c.availability_zones:
        require(az.startswith(c.region) and len(az) == len(c.region) + 1,
                f"region {c.key}: availability zone {az!r} is not in {c.region}")
    try:
        net = ipaddress.ip_network(c.vpc_cidr)
    except ValueError as exc:
        raise ConfigError(f"region {c.key}: invalid vpc_cidr {c.vpc_cidr!r}") from exc
    require(net.version == 4 and 16 <= net.prefixlen <= 20,
            f"region {c.key}: vpc_cidr must be an IPv4 /16../20, got {c.vpc_cidr}")
    require(bool(_BUCKET.match(c.state_bucket)) and ".." not in c.state_bucket
            and not c.state_bucket.startswith("xn--"),
            f"region {c.key}: state_bucket {c.state_bucket!r} breaks the S3 bucket "
            "naming rules (3-63 lowercase letters, digits, dots, hyphens)")
    require(c.region in ELB_LOG_ACCOUNTS,
            f"region {c.key}: no Elastic Load Balancing log-delivery account known for "
            f"{c.region} (add it to regions/aws_regions.py)")
    if c.standby is not None:
        for az in c.standby.availability_zones:
            require(az.startswith(c.dr_region) and len(az) == len(c.dr_region) + 1,
                    f"region {c.key}: standby availability zone {az!r} is not in "
                    f"{c.dr_region}")


def check_platform(c: PlatformConfig) -> None:
    """The invariants of one ``PlatformConfig``."""
    require(not c.platform_team or bool(_TEAM.match(c.platform_team)),
            f"platform_team {c.platform_team!r} must be a GitHub team like @org/team")
    require(bool(NAME.match(c.project)),
            f"project {c.project!r} must match {NAME.pattern}")
    require(bool(NAME.match(c.environment)),
            f"environment {c.environment!r} must match {NAME.pattern}")
    require(bool(c.owner.strip()), "owner must not be empty")
    require("." in c.domain, f"domain {c.domain!r} is not a DNS name")
    require(c.edge_region == "us-east-1",
            "edge_region must be us-east-1 (CloudFront certificates and WAF live there)")
    require(len(c.regions) >= 2, "at least two serving regions are required (99.99%)")
    require(any(r.region == c.edge_region for r in c.regions),
            f"edge_region {c.edge_region} must be a serving region "
            "(its state bucket holds the global and edge state)")
    keys = [r.key for r in c.regions]
    require(len(set(keys)) == len(keys), f"region keys repeat: {keys}")
    names = [r.region for r in c.regions]
    require(len(set(names)) == len(names), f"serving regions repeat: {names}")
    nets = [(r.key, r.network) for r in c.regions] + [
        (f"{r.key} standby", r.standby.network) for r in c.regions if r.standby]
    for i, (a, an) in enumerate(nets):
        for b, bn in nets[i + 1:]:
            require(not an.overlaps(bn), f"vpc_cidr of {a} ({an}) overlaps {b} ({bn})")
    serving_regions = {r.region for r in c.regions}
    for r in c.regions:
        if r.standby is not None:
            require(bool(r.standby.state_bucket) != (r.dr_region in serving_regions),
                    f"region {r.key}: standby.state_bucket must be set exactly when its "
                    f"dr_region {r.dr_region} serves no users (its own state bucket)")
    buckets = [r.state_bucket for r in c.regions] + [
        r.standby.state_bucket for r in c.regions if r.standby and r.standby.state_bucket]
    require(len(set(buckets)) == len(buckets), "state buckets repeat")
    require(bool(_REPOSITORY.match(c.github_repository)),
            f"github_repository must be owner/name, got {c.github_repository!r}")
    require(any(r.residency == "eu" for r in c.regions),
            "at least one serving region must hold EU-resident data (EU users, GDPR)")
    by_region = {r.region: r for r in c.regions}
    for r in c.regions:
        other = by_region.get(r.dr_region)
        require(other is None or other.dr_region != r.region,
                f"regions {r.key} and {other.key if other else ''} are each other's "
                "dr_region: a region loss would take out both copies' failover target")
