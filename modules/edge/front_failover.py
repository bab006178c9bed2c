"""The site names, failing over from CloudFront to the regions: a second front path.

CloudFront's SLA is 99.9%, below the 99.99% target, and every request crosses it. With this
construct the site names' A records are a failover pair: PRIMARY the distribution, with an
HTTPS health check on the distribution's own domain (the site through CloudFront and its
origins); SECONDARY the geolocation-routed API name, so a CloudFront outage sends each user
population straight to its own jurisdiction's failover pair (Europe to EU regions only,
see :mod:`modules.edge.geo_failover_routing`). The ALBs accept the site names without the
origin header behind a regional WAF (:mod:`modules.loadbalancing.direct_access`). AAAA stays
a plain alias to CloudFront (the ALBs are IPv4): IPv6 clients fall back to IPv4 when it fails.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.route53_health_check import Route53HealthCheck
from cdktf_cdktf_provider_aws.route53_record import (
    Route53Record,
    Route53RecordAlias,
    Route53RecordFailoverRoutingPolicy,
)
from constructs import Construct

from modules.edge.latency_records import CHECKER_REGIONS, check_health_settings
from modules.monitoring.alarm_helpers import health_check_alarm


@dataclass(frozen=True)
class FrontFailoverProps:
    """Inputs of :class:`FrontFailover`."""

    zone_id: str
    """Hosted zone of the records."""
    names: tuple[str, ...]
    """The site names (CloudFront's aliases)."""
    distribution_domain: str
    """CloudFront's domain (PRIMARY alias target and health-check host)."""
    distribution_zone_id: str
    """CloudFront's alias hosted zone id."""
    fallback_name: str
    """The SECONDARY alias target in the same zone: the geolocation-routed API name."""
    alarm_topic_arn: str
    """Subscribed alerts topic in us-east-1 (Route 53 health-check metrics live there)."""
    health_check_path: str = "/"
    """Path checked through CloudFront (the site's root: origin group and edge)."""
    interval_seconds: int = 30
    """Health check request interval (10 or 30)."""
    failure_threshold: int = 3
    """Consecutive failures before CloudFront counts as down."""
    checker_regions: tuple[str, ...] = CHECKER_REGIONS
    """Route 53 health checker regions (at least 3)."""

    def __post_init__(self) -> None:
        if not self.names:
            raise ValueError("names must not be empty")
        if self.fallback_name in self.names:
            raise ValueError("the fallback must be another name than the site's")
        if not self.health_check_path.startswith("/"):
            raise ValueError("health_check_path must start with /")
        check_health_settings(self.interval_seconds, self.failure_threshold,
                              self.checker_regions, ())


class FrontFailover(Construct):
    """CloudFront health check + alarm; per site name an A failover pair and an AAAA alias."""

    def __init__(self, scope: Construct, id: str, *, props: FrontFailoverProps) -> None:
        super().__init__(scope, id)
        self.health_check = Route53HealthCheck(
            self, "cdn_health", type="HTTPS", fqdn=props.distribution_domain, port=443,
            resource_path=props.health_check_path, enable_sni=True,
            request_interval=props.interval_seconds, failure_threshold=props.failure_threshold,
            measure_latency=True, regions=list(props.checker_regions),
            tags={"Name": f"{props.names[0]}-cloudfront"})
        health_check_alarm(
            self, "cdn_health_alarm", name=f"{props.names[0]}-cloudfront-unhealthy",
            topic_arn=props.alarm_topic_arn, health_check_id=self.health_check.id,
            description="Route 53 health check of the CloudFront distribution failing: the "
                        "site names answer with the direct path")
        cloudfront = Route53RecordAlias(name=props.distribution_domain,
                                        zone_id=props.distribution_zone_id,
                                        evaluate_target_health=False)
        for i, name in enumerate(props.names):
            Route53Record(
                self, f"a_{i}_cloudfront", zone_id=props.zone_id, name=name, type="A",
                set_identifier="cloudfront", health_check_id=self.health_check.id,
                failover_routing_policy=Route53RecordFailoverRoutingPolicy(type="PRIMARY"),
                alias=cloudfront)
            Route53Record(
                self, f"a_{i}_direct", zone_id=props.zone_id, name=name, type="A",
                set_identifier="direct",
                failover_routing_policy=Route53RecordFailoverRoutingPolicy(type="SECONDARY"),
                alias=Route53RecordAlias(name=props.fallback_name, zone_id=props.zone_id,
                                         evaluate_target_health=False))
            Route53Record(self, f"aaaa_{i}", zone_id=props.zone_id, name=name, type="AAAA",
                          alias=cloudfront)
