"""One synth per session of every edge construct on string inputs."""

from __future__ import annotations

import json
from typing import Any

import pytest


@pytest.fixture(scope="session")
def edge_stack() -> dict[str, Any]:
    """Zone, WAF, distribution, site records and latency records in one stack."""
    from cdktf import Testing

    from modules.edge.distribution import DistributionProps, EdgeDistribution
    from modules.edge.hosted_zone import HostedZone, HostedZoneProps
    from modules.edge.latency_records import (
        LatencyRecords,
        LatencyRecordsProps,
        RegionalEndpoint,
    )
    from modules.edge.site_records import SiteRecords, SiteRecordsProps
    from modules.edge.web_acl import EdgeWebAcl, WebAclProps
    from stacks.base import PlatformStack

    stack = PlatformStack(Testing.app(), "edge")
    stack.add_aws_provider("aws", region="us-east-1", tags={"Owner": "t"})
    zone = HostedZone(stack, "dns", props=HostedZoneProps(domain="example.com"))
    waf = EdgeWebAcl(stack, "waf", props=WebAclProps(name="webapp-prod-edge"))
    cdn = EdgeDistribution(stack, "cdn", props=DistributionProps(
        name_prefix="webapp-prod", aliases=("example.com", "www.example.com"),
        certificate_arn="arn:aws:acm:us-east-1:1:certificate/c", web_acl_arn=waf.arn,
        assets_bucket_domains=("assets-us.s3.us-east-1.amazonaws.com",
                               "assets-eu.s3.eu-west-1.amazonaws.com"),
        api_origin_domain="api.example.com",
        log_bucket_domain="logs-eu.s3.amazonaws.com", log_bucket_region="eu-west-1"))
    SiteRecords(stack, "site", props=SiteRecordsProps(
        zone_id=zone.zone_id, names=("example.com",), distribution_domain=cdn.domain_name,
        distribution_zone_id=cdn.hosted_zone_id))
    LatencyRecords(stack, "api", props=LatencyRecordsProps(
        zone_id=zone.zone_id, record_name="api.example.com", endpoints=(
            RegionalEndpoint(key="us", aws_region="us-east-1", alb_dns_name="alb-us.elb",
                             alb_zone_id="ZUS", health_check_path="/healthz"),
            RegionalEndpoint(key="eu", aws_region="eu-west-1", alb_dns_name="alb-eu.elb",
                             alb_zone_id="ZEU", health_check_path="/healthz"))))
    return json.loads(Testing.synth(stack))
