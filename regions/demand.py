"""The demand model: the seed's traffic and data assumptions as named, validated values.

Read from the ``[demand]`` table of ``regions/platform.toml`` (every key optional; the
defaults are the seed's own numbers, ``seed/architecture-exercise.txt``). Where the seed
leaves a number open (requests per user per day, the US/EU split, what one task serves...),
the value here is our stated assumption, documented per field, never a literal in code.
``python main.py estimate`` turns it into capacity, cost, availability and recovery figures.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from regions.values import number, require


@dataclass(frozen=True)
class DemandModel:
    """Traffic, data and targets the platform is sized and costed against."""

    daily_active_users: int = 1_000_000
    """Seed: 1 million daily active users."""
    requests_per_user_per_day: float = 100.0
    """Assumption (seed leaves it open): page views + API calls per user per day."""
    peak_factor: float = 3.0
    """Seed: peak traffic is 3x average (evening hours)."""
    spike_factor: float = 10.0
    """Seed: spikes reach 10x normal (average) traffic."""
    request_kb: float = 10.0
    """Seed: average request (response) size, KB (1 KB = 1000 bytes)."""
    read_write_ratio: float = 10.0
    """Seed: reads per write (10:1)."""
    session_minutes: float = 30.0
    """Seed: average session length, minutes (the Redis session TTL)."""
    sessions_per_user_per_day: float = 1.0
    """Assumption: sessions each daily user opens per day."""
    session_kb: float = 10.0
    """Assumption (seed leaves it open): bytes a session holds in Redis, KB."""
    cache_overhead_factor: float = 2.0
    """Assumption: Redis memory per stored byte (keys, encoding, fragmentation)."""
    us_share: float = 0.5
    """Assumption (seed: 'primary users in US and EU'): share of users served by US regions;
    the rest are served by EU regions."""
    cdn_hit_ratio: float = 0.8
    """Seed: 80% of requests are answered by CloudFront, 20% reach the load balancers."""
    rps_per_task: float = 100.0
    """Assumption: requests per second one task (1 vCPU) serves at the 70% CPU target."""
    db_connections_per_task: int = 20
    """Assumption: connection pool size of one task against the database."""
    database_gb: float = 500.0
    """Seed: database size today, GB."""
    database_growth_gb_per_month: float = 10.0
    """Seed: database growth, GB per month."""
    static_assets_gb: float = 100.0
    """Seed: static assets in S3, CDN cached, GB."""
    uploads_gb: float = 500.0
    """Assumption: user uploads (images, documents) stored in S3, GB."""
    log_gb_per_million_requests: float = 1.0
    """Assumption: access/application logs ingested per million origin requests, GB."""
    nat_gb_per_region_month: float = 100.0
    """Assumption: traffic leaving the private subnets through NAT per region, GB/month
    (third-party APIs; AWS services go through VPC endpoints)."""
    s3_new_gb_per_month: float = 50.0
    """Assumption: new upload/asset data written per region per month (replicated), GB."""
    backup_gb_factor: float = 1.0
    """Assumption: backup storage billed beyond the free allowance, in database sizes."""
    availability_target: float = 0.9999
    """Seed: 99.99% uptime."""
    rpo_minutes: float = 15.0
    """Seed: recovery point objective, minutes (strictly less than)."""
    rto_minutes: float = 60.0
    """Seed: recovery time objective, minutes (strictly less than)."""
    budget_usd_per_month: float = 50_000.0
    """Seed: infrastructure budget, USD per month."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            integer = f.type in ("int", int)
            converted = number(value, integer=integer)
            require(converted is not None or number(value, integer=False) is not None,
                     f"demand.{f.name}: expected a number, got {value!r}")
            require(converted is not None,
                     f"demand.{f.name}: expected an integer, got {value!r}")
            require(value >= 0, f"demand.{f.name} must not be negative, got {value!r}")
            object.__setattr__(self, f.name, converted)
        for name in ("daily_active_users", "requests_per_user_per_day", "request_kb",
                     "session_minutes", "rps_per_task", "rpo_minutes", "rto_minutes",
                     "budget_usd_per_month", "sessions_per_user_per_day"):
            require(getattr(self, name) > 0, f"demand.{name} must be positive")
        require(self.peak_factor >= 1, "demand.peak_factor must be at least 1")
        require(self.spike_factor >= self.peak_factor,
                 "demand.spike_factor must be at least peak_factor")
        require(self.cache_overhead_factor >= 1, "demand.cache_overhead_factor must be >= 1")
        for name in ("us_share", "cdn_hit_ratio"):
            require(0 <= getattr(self, name) <= 1, f"demand.{name} must be 0..1")
        require(0 < self.cdn_hit_ratio < 1 or self.cdn_hit_ratio == 0,
                 "demand.cdn_hit_ratio must be below 1 (some requests reach the origin)")
        require(0.9 <= self.availability_target < 1,
                 "demand.availability_target must be 0.9..1 (e.g. 0.9999)")

    def share(self, residency: str) -> float:
        """Share of users whose home jurisdiction is ``residency`` (``us`` or ``eu``)."""
        return self.us_share if residency == "us" else 1.0 - self.us_share

    @property
    def average_rps(self) -> float:
        """All requests per second, average over the day (before the CDN)."""
        return self.daily_active_users * self.requests_per_user_per_day / 86_400
