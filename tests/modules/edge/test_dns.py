"""HostedZone, SiteRecords and LatencyRecords: HTTPS health checks every 30 s that the
latency records carry, so an unhealthy region drops out."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import only, resources_of


def test_health_checks_probe_each_region_over_https_every_30s(
        edge_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.route53_health_check import Route53HealthCheck

    checks = resources_of(edge_stack, Route53HealthCheck.TF_RESOURCE_TYPE)
    assert set(checks) == {"api_health_us", "api_health_eu"}
    for key, check in checks.items():
        assert check["type"] == "HTTPS" and check["port"] == 443
        assert check["request_interval"] == 30
        assert check["resource_path"] == "/healthz"
        assert check["fqdn"] == f"alb-{key.rsplit('_', 1)[1]}.elb"


def test_latency_records_carry_their_health_check(edge_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.route53_record import Route53Record

    records = resources_of(edge_stack, Route53Record.TF_RESOURCE_TYPE)
    for key, region in (("us", "us-east-1"), ("eu", "eu-west-1")):
        rec = records[f"api_latency_{key}"]
        assert rec["name"] == "api.example.com" and rec["set_identifier"] == key
        assert rec["latency_routing_policy"] == {"region": region}
        assert rec["health_check_id"] == f"${{aws_route53_health_check.api_health_{key}.id}}"
        assert rec["alias"]["evaluate_target_health"] is True
        assert rec["zone_id"] == "${aws_route53_zone.dns_zone.zone_id}"
    assert {records["site_a_0"]["type"], records["site_aaaa_0"]["type"]} == {"A", "AAAA"}


def test_zone_is_public_and_kept_on_destroy(edge_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.route53_zone import Route53Zone

    zone = only(edge_stack, Route53Zone.TF_RESOURCE_TYPE)
    assert zone["name"] == "example.com" and zone["force_destroy"] is False


def test_conflicting_dns_props_fail() -> None:
    from modules.edge.hosted_zone import HostedZoneProps
    from modules.edge.latency_records import LatencyRecordsProps, RegionalEndpoint

    one = RegionalEndpoint(key="us", aws_region="us-east-1", alb_dns_name="a",
                           alb_zone_id="z", health_check_path="/h")
    with pytest.raises(ValueError, match="two regional endpoints"):
        LatencyRecordsProps(zone_id="z", record_name="api", endpoints=(one,))
    two = RegionalEndpoint(key="eu", aws_region="eu-west-1", alb_dns_name="b",
                           alb_zone_id="z", health_check_path="/h")
    with pytest.raises(ValueError, match="repeat"):
        LatencyRecordsProps(zone_id="z", record_name="api", endpoints=(one, one))
    with pytest.raises(ValueError, match="10 or 30"):
        LatencyRecordsProps(zone_id="z", record_name="api", endpoints=(one, two),
                            interval_seconds=60)
    with pytest.raises(ValueError, match="zone apex"):
        HostedZoneProps(domain="*.example.com")


def _zone_stack(props: Any) -> dict[str, Any]:
    import json

    from cdktf import Testing

    from modules.edge.hosted_zone import HostedZone
    from stacks.base import PlatformStack

    stack = PlatformStack(Testing.app(), "zone")
    stack.add_aws_provider("aws", region="us-east-1", tags={"Owner": "t"})
    HostedZone(stack, "dns", props=props)
    return dict(json.loads(Testing.synth(stack)))


def test_an_existing_zone_is_looked_up_not_created() -> None:
    from modules.edge.hosted_zone import HostedZoneProps

    out = _zone_stack(HostedZoneProps(domain="example.com", existing_zone_id="Z0123456789ABC"))
    assert "aws_route53_zone" not in out.get("resource", {})
    assert list(out["data"]["aws_route53_zone"].values())[0]["zone_id"] == "Z0123456789ABC"
    assert "output" not in out  # nothing to delegate


def test_a_created_zone_outputs_its_name_servers_and_is_untagged_until_delegated() -> None:
    from modules.edge.hosted_zone import HostedZoneProps

    out = _zone_stack(HostedZoneProps(domain="example.com"))
    (zone,) = out["resource"]["aws_route53_zone"].values()
    assert "tags" not in zone
    (ns,) = out["output"].values()
    assert ns["value"].endswith(".name_servers}")
    delegated = _zone_stack(HostedZoneProps(domain="example.com", delegated=True))
    (zone,) = delegated["resource"]["aws_route53_zone"].values()
    assert zone["tags"] == {"Delegated": "true"}
