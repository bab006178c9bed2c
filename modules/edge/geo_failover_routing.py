"""Geolocation to per-jurisdiction failover pairs: routing that cannot break residency.

``api.<domain>`` answers by the client's location: Europe -> ``api-eu.<domain>``, anywhere
else (the default location ``*``) -> ``api-us.<domain>``. Each of those is a failover pair:
PRIMARY the jurisdiction's serving region, SECONDARY its standby (EU: an EU region). Every
endpoint has an HTTPS health check and an alarm on it. The geolocation records do *not*
evaluate target health: when a whole pair were unhealthy Route 53 would otherwise answer
Europe with the default (US) record, a residency breach; a pair answers its own PRIMARY
when both are down, which is an outage, not a breach.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.route53_health_check import Route53HealthCheck
from cdktf_cdktf_provider_aws.route53_record import (
    Route53Record,
    Route53RecordAlias,
    Route53RecordFailoverRoutingPolicy,
    Route53RecordGeolocationRoutingPolicy,
)
from constructs import Construct

from modules.edge.latency_records import (
    CHECKER_REGIONS,
    RegionalEndpoint,
    check_health_settings,
)
from modules.monitoring.alarm_helpers import health_check_alarm

#: Route 53 geolocation continent code of Europe (EU users' home jurisdiction).
EUROPE = "EU"


@dataclass(frozen=True)
class FailoverPair:
    """One jurisdiction's endpoints: where its users are served and where they fail over."""

    key: str
    """Jurisdiction key (``us``/``eu``): the pair's name is ``api-<key>.<domain>``."""
    residency: str
    """``eu`` pairs answer Europe; the ``us`` pair is the default for everyone else."""
    primary: RegionalEndpoint
    """The serving region's ALB."""
    secondary: RegionalEndpoint
    """The standby's ALB (for ``eu``: an EU region)."""

    def __post_init__(self) -> None:
        if self.residency not in ("us", "eu"):
            raise ValueError(f"pair {self.key}: residency must be 'us' or 'eu'")
        if self.primary.aws_region == self.secondary.aws_region:
            raise ValueError(f"pair {self.key}: primary and secondary share a region")


@dataclass(frozen=True)
class GeoFailoverRoutingProps:
    """Inputs of :class:`GeoFailoverRouting`."""

    zone_id: str
    """Hosted zone of the records."""
    record_name: str
    """The geolocation-routed name, e.g. ``api.example-webapp.com``."""
    pairs: tuple[FailoverPair, ...]
    """One pair per jurisdiction: exactly one ``us`` (the default) and at least one ``eu``."""
    alarm_topic_arn: str
    """Subscribed alerts topic in us-east-1 (Route 53 health-check metrics live there)."""
    interval_seconds: int = 30
    """Health check request interval (10 or 30)."""
    failure_threshold: int = 3
    """Consecutive failures before an endpoint is unhealthy."""
    checker_regions: tuple[str, ...] = CHECKER_REGIONS
    """Route 53 health checker regions (at least 3)."""

    def __post_init__(self) -> None:
        residencies = [p.residency for p in self.pairs]
        if residencies.count("us") != 1 or "eu" not in residencies:
            raise ValueError("geolocation routing needs one 'us' pair (default) and an 'eu' pair")
        if residencies.count("eu") > 1:
            raise ValueError("one 'eu' pair only: Europe is one geolocation continent")
        check_health_settings(
            self.interval_seconds, self.failure_threshold, self.checker_regions,
            tuple(e for p in self.pairs for e in (p.primary, p.secondary)))

    def pair_name(self, pair: FailoverPair) -> str:
        """``api-<key>.<domain>`` for ``api.<domain>``."""
        first, _, rest = self.record_name.partition(".")
        return f"{first}-{pair.key}.{rest}"


class GeoFailoverRouting(Construct):
    """Health checks + alarms, a failover pair per jurisdiction, geolocation on top."""

    def __init__(self, scope: Construct, id: str, *, props: GeoFailoverRoutingProps) -> None:
        super().__init__(scope, id)
        self.health_checks: dict[str, Route53HealthCheck] = {}
        for pair in props.pairs:
            name = props.pair_name(pair)
            for role, e in (("PRIMARY", pair.primary), ("SECONDARY", pair.secondary)):
                check = self._check(props, e)
                Route53Record(
                    self, f"failover_{e.key}", zone_id=props.zone_id, name=name, type="A",
                    set_identifier=e.key, health_check_id=check.id,
                    failover_routing_policy=Route53RecordFailoverRoutingPolicy(type=role),
                    alias=Route53RecordAlias(name=e.alb_dns_name, zone_id=e.alb_zone_id,
                                             evaluate_target_health=True))
            location = Route53RecordGeolocationRoutingPolicy(
                continent=EUROPE) if pair.residency == "eu" \
                else Route53RecordGeolocationRoutingPolicy(country="*")
            Route53Record(
                self, f"geo_{pair.key}", zone_id=props.zone_id, name=props.record_name,
                type="A", set_identifier=f"geo-{pair.key}",
                geolocation_routing_policy=location,
                alias=Route53RecordAlias(name=name, zone_id=props.zone_id,
                                         evaluate_target_health=False))

    def _check(self, props: GeoFailoverRoutingProps, e: RegionalEndpoint) -> Route53HealthCheck:
        check = Route53HealthCheck(
            self, f"health_{e.key}", type="HTTPS", fqdn=e.alb_dns_name, port=443,
            resource_path=e.health_check_path, enable_sni=True,
            request_interval=props.interval_seconds, failure_threshold=props.failure_threshold,
            measure_latency=True, regions=list(props.checker_regions),
            tags={"Name": f"{props.record_name}-{e.key}"})
        self.health_checks[e.key] = check
        health_check_alarm(
            self, f"health_{e.key}_alarm", name=f"{props.record_name}-{e.key}-unhealthy",
            topic_arn=props.alarm_topic_arn, health_check_id=check.id,
            description=f"Route 53 health check of {e.key} ({e.aws_region}) failing")
        return check
