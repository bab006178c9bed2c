"""The second front path (``direct_fallback``), on the real synth.

CloudFront's SLA (99.9%) is below the 99.99% target and every request crosses it; the site
names therefore fail over from CloudFront to each jurisdiction's regions. What must hold:
the edge's records fail over on a health check of the distribution itself, and every ALB
the fallback can reach serves the site names, behind a regional WAF that inspects exactly
them, logging in its own region with credentials redacted. Expected values are written by
hand from regions/platform.toml.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

DOMAIN = "example-webapp.com"
SITE = (DOMAIN, f"www.{DOMAIN}")
SERVING = ("app-us-east-1", "app-eu-west-1", "standby-us-eu-west-1", "standby-eu-eu-central-1")


def _of(stack: dict[str, Any], tf_type: str) -> dict[str, Any]:
    found: dict[str, Any] = stack.get("resource", {}).get(tf_type, {})
    return found


def test_the_site_names_fail_over_from_cloudfront_to_the_regions(
        stacks: dict[str, dict[str, Any]]) -> None:
    edge = stacks["edge"]
    records = list(_of(edge, "aws_route53_record").values())
    (check,) = [c for c in _of(edge, "aws_route53_health_check").values()
                if "cloudfront" in c["fqdn"]]
    # GIVEN the health check of the distribution's own domain, over HTTPS with SNI
    assert check["fqdn"] == "${aws_cloudfront_distribution.cdn_distribution.domain_name}"
    assert (check["type"], check["port"], check["enable_sni"]) == ("HTTPS", 443, True)
    for name in SITE:
        a = {r["failover_routing_policy"]["type"]: r for r in records
             if r["name"] == name and r["type"] == "A"}
        # THEN CloudFront answers while healthy, and the geolocation-routed API name after
        assert a["PRIMARY"]["alias"]["name"] == check["fqdn"]
        assert a["PRIMARY"]["health_check_id"].startswith("${aws_route53_health_check.")
        assert a["SECONDARY"]["alias"]["name"] == f"api.{DOMAIN}"
        geo = [r for r in records if r["name"] == f"api.{DOMAIN}"]
        assert {json.dumps(r["geolocation_routing_policy"], sort_keys=True) for r in geo} == {
            '{"continent": "EU"}', '{"country": "*"}'}
        # AND IPv6 stays on CloudFront (the ALBs are IPv4 only)
        (aaaa,) = [r for r in records if r["name"] == name and r["type"] == "AAAA"]
        assert aaaa["alias"]["name"] == check["fqdn"] and "failover_routing_policy" not in aaaa


@pytest.mark.parametrize("name", SERVING)
def test_every_alb_serves_the_site_names_behind_a_regional_waf(
        stacks: dict[str, dict[str, Any]], name: str) -> None:
    stack = stacks[name]
    (alb_address,) = _of(stack, "aws_lb")
    rules = _of(stack, "aws_lb_listener_rule")
    (direct,) = [r for r in rules.values()
                 if any(c.get("host_header") for c in r["condition"])]
    assert direct["condition"] == [{"host_header": {"values": list(SITE)}}]
    assert direct["action"][0]["type"] == "forward"
    (cert,) = _of(stack, "aws_acm_certificate").values()
    assert set(SITE) <= set(cert["subject_alternative_names"])
    # the regional web ACL protects this ALB
    (acl_address, acl), = _of(stack, "aws_wafv2_web_acl").items()
    assert acl["scope"] == "REGIONAL"
    (assoc,) = _of(stack, "aws_wafv2_web_acl_association").values()
    assert assoc["resource_arn"] == f"${{aws_lb.{alb_address}.arn}}"
    assert assoc["web_acl_arn"] == f"${{aws_wafv2_web_acl.{acl_address}.arn}}"
    # every rule inspects requests for the site names only (the CloudFront path's Host is
    # an API name; its source is an edge location a per-IP limit must not count)
    for rule in acl["rule"]:
        inner = next(iter(rule["statement"].values()))
        hosts = inner["scope_down_statement"]["or_statement"]["statement"]
        assert [h["byte_match_statement"]["search_string"] for h in hosts] == list(SITE)
        assert all(h["byte_match_statement"]["field_to_match"] == {"single_header": {
            "name": "host"}} for h in hosts)
    # logs in the ALB's own region, KMS-encrypted, credentials redacted
    (logging,) = _of(stack, "aws_wafv2_web_acl_logging_configuration").values()
    (group_address, group), = [(k, g) for k, g in _of(stack, "aws_cloudwatch_log_group").items()
                               if g["name"].startswith("aws-waf-logs-")]
    assert logging["log_destination_configs"] == [
        f"${{aws_cloudwatch_log_group.{group_address}.arn}}"]
    assert group["kms_key_id"].startswith("${aws_kms_key.") and group["retention_in_days"] >= 365
    assert "provider" not in group and "provider" not in acl
    assert sorted(f["single_header"]["name"] for f in logging["redacted_fields"]) == [
        "authorization", "cookie"]


@pytest.mark.parametrize("name", SERVING)
def test_only_443_is_open_to_the_internet(stacks: dict[str, dict[str, Any]], name: str) -> None:
    rules = _of(stacks[name], "aws_vpc_security_group_ingress_rule").values()
    open_rules = [r for r in rules if r.get("cidr_ipv4") == "0.0.0.0/0"]
    assert [(r["from_port"], r["to_port"], r["ip_protocol"]) for r in open_rules] == [
        (443, 443, "tcp")]
    (key,) = [k for k, g in _of(stacks[name], "aws_security_group").items()
              if g["name"].endswith("-alb-direct")]
    # on the ALB's own group, which the ALB carries, and on no other
    assert open_rules[0]["security_group_id"] == f"${{aws_security_group.{key}.id}}"
    (alb,) = _of(stacks[name], "aws_lb").values()
    assert f"${{aws_security_group.{key}.id}}" in alb["security_groups"]
