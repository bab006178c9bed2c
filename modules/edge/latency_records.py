"""Latency-based API records with health checks: one HTTPS health check per region
(every 30 s, on the region's health path), one latency alias record per region that
carries it, so Route 53 answers with the nearest *healthy* region and fails over to
the other when one is unhealthy."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.route53_health_check import Route53HealthCheck
from cdktf_cdktf_provider_aws.route53_record import (
    Route53Record,
    Route53RecordAlias,
    Route53RecordLatencyRoutingPolicy,
)
from constructs import Construct

#: Route 53 health checker regions used (at least 3); the ALB security groups must
#: admit these regions' ``route53-healthchecks`` prefix lists on 443.
CHECKER_REGIONS = ("us-east-1", "us-west-2", "eu-west-1")


@dataclass(frozen=True)
class RegionalEndpoint:
    """One serving region's load balancer."""

    key: str
    """Region key (``us``/``eu``): set identifier and health check name."""
    aws_region: str
    """AWS region of the ALB (latency routing region)."""
    alb_dns_name: str
    """ALB DNS name (alias target and health check host)."""
    alb_zone_id: str
    """ALB canonical hosted zone id."""
    health_check_path: str
    """Path the health check requests (``ServiceSizing.health_check_path``)."""


def check_health_settings(interval_seconds: int, failure_threshold: int,
                          checker_regions: tuple[str, ...],
                          endpoints: tuple[RegionalEndpoint, ...]) -> None:
    """Raise ValueError unless Route 53 accepts these health-check settings."""
    if interval_seconds not in (10, 30):
        raise ValueError("interval_seconds must be 10 or 30")
    if not 1 <= failure_threshold <= 10:
        raise ValueError("failure_threshold must be 1..10")
    if len(set(checker_regions)) < 3:
        raise ValueError("Route 53 needs at least 3 health checker regions")
    for e in endpoints:
        if not e.health_check_path.startswith("/"):
            raise ValueError(f"health path of {e.key} must start with /")


@dataclass(frozen=True)
class LatencyRecordsProps:
    """Inputs of :class:`LatencyRecords`."""

    zone_id: str
    """Hosted zone of the record."""
    record_name: str
    """Latency-routed name, e.g. ``api.example-webapp.com``."""
    endpoints: tuple[RegionalEndpoint, ...]
    """Every serving region (at least two for failover)."""
    interval_seconds: int = 30
    """Health check request interval (seed: 30 s; Route 53 allows 10 or 30)."""
    failure_threshold: int = 3
    """Consecutive failures before a region is unhealthy."""
    checker_regions: tuple[str, ...] = CHECKER_REGIONS
    """Route 53 health checker regions (at least 3)."""

    def __post_init__(self) -> None:
        if len(self.endpoints) < 2:
            raise ValueError("failover needs at least two regional endpoints")
        keys = [e.key for e in self.endpoints]
        if len(set(keys)) != len(keys):
            raise ValueError(f"endpoint keys repeat: {keys}")
        check_health_settings(self.interval_seconds, self.failure_threshold,
                              self.checker_regions, self.endpoints)


class LatencyRecords(Construct):
    """Health checks + latency alias records for one name."""

    def __init__(self, scope: Construct, id: str, *, props: LatencyRecordsProps) -> None:
        super().__init__(scope, id)
        self.health_checks: dict[str, Route53HealthCheck] = {}
        for e in props.endpoints:
            check = Route53HealthCheck(
                self, f"health_{e.key}", type="HTTPS", fqdn=e.alb_dns_name, port=443,
                resource_path=e.health_check_path, enable_sni=True,
                request_interval=props.interval_seconds,
                failure_threshold=props.failure_threshold, measure_latency=True,
                regions=list(props.checker_regions),
                tags={"Name": f"{props.record_name}-{e.key}"})
            self.health_checks[e.key] = check
            Route53Record(
                self, f"latency_{e.key}", zone_id=props.zone_id, name=props.record_name,
                type="A", set_identifier=e.key, health_check_id=check.id,
                latency_routing_policy=Route53RecordLatencyRoutingPolicy(region=e.aws_region),
                alias=Route53RecordAlias(name=e.alb_dns_name, zone_id=e.alb_zone_id,
                                         evaluate_target_health=True))
