"""Warm-standby settings of one jurisdiction (``[regions.standby]``), validated.

The standby runs in the region's ``dr_region``: its own VPC, keys, a promotable Multi-AZ
replica of the region's primary and the serving tier at a minimum size, ready to take the
jurisdiction's users when Route 53 fails their primary over (docs/recovery.md).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from regions.values import ConfigError

#: S3 bucket naming rules: 3-63 lowercase letters, digits, dots, hyphens.
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


class StandbyError(ConfigError):
    """An invalid standby table (raised as a ConfigError by the region that holds it)."""


@dataclass(frozen=True)
class StandbyConfig:
    """The warm standby of one serving region, in that region's ``dr_region``."""

    availability_zones: tuple[str, ...]
    """At least three AZs of the DR region."""
    vpc_cidr: str
    """The standby VPC's CIDR; must overlap no other VPC of the platform."""
    state_bucket: str = ""
    """State bucket of the DR region when that region serves no users itself (its own
    bootstrap stack creates it); empty when the DR region is a serving region (its bucket
    is used)."""
    min_tasks: int = 2
    """Tasks kept running (warm): one per AZ in two AZs proves the standby serves."""
    redis_replicas_per_shard: int = 1
    """Replicas per shard of the standby's session cache, the primary's Global Datastore
    secondary: node type, engine and shard count are the primary's (AWS requires it), the
    replica count may differ. One keeps Multi-AZ failover; add more after a promotion."""

    def __post_init__(self) -> None:
        if len(self.availability_zones) < 3 or \
                len(set(self.availability_zones)) != len(self.availability_zones):
            raise StandbyError("standby needs at least 3 availability zones, all distinct")
        try:
            net = ipaddress.ip_network(self.vpc_cidr)
        except ValueError as exc:
            raise StandbyError(f"standby vpc_cidr {self.vpc_cidr!r} is invalid") from exc
        if net.version != 4 or not 16 <= net.prefixlen <= 20:
            raise StandbyError(f"standby vpc_cidr must be an IPv4 /16../20, got {self.vpc_cidr}")
        if self.state_bucket and not _BUCKET.match(self.state_bucket):
            raise StandbyError(f"standby state_bucket {self.state_bucket!r} breaks the S3 "
                               "bucket naming rules")
        if not 1 <= self.min_tasks <= 50:
            raise StandbyError(f"standby min_tasks must be 1..50, got {self.min_tasks}")
        if not 1 <= self.redis_replicas_per_shard <= 5:
            raise StandbyError("standby redis_replicas_per_shard must be 1..5 (Multi-AZ "
                               f"failover needs one), got {self.redis_replicas_per_shard}")

    @property
    def network(self) -> ipaddress.IPv4Network:
        """The standby VPC CIDR as a network object."""
        net = ipaddress.ip_network(self.vpc_cidr)
        assert isinstance(net, ipaddress.IPv4Network)
        return net
