"""EdgeDistribution: OAC + origin group, 24 h compressed /static/*, HTTPS TLS1.2_2021,
HTTP/2+3, WAF, EU logging."""

from __future__ import annotations

from typing import Any

import pytest

from modules.edge.distribution import JurisdictionOrigin
from tests.conftest import only


def _cdn(stack: dict[str, Any]) -> dict[str, Any]:
    from cdktf_cdktf_provider_aws.cloudfront_distribution import CloudfrontDistribution

    return only(stack, CloudfrontDistribution.TF_RESOURCE_TYPE)


def test_https_only_modern_tls_http2_and_3_with_waf(edge_stack: dict[str, Any]) -> None:
    cdn = _cdn(edge_stack)
    assert cdn["http_version"] == "http2and3"
    assert cdn["viewer_certificate"] == {
        "acm_certificate_arn": "arn:aws:acm:us-east-1:1:certificate/c",
        "minimum_protocol_version": "TLSv1.2_2021", "ssl_support_method": "sni-only"}
    assert cdn["web_acl_id"] == "${aws_wafv2_web_acl.waf_acl.arn}"
    assert cdn["aliases"] == ["example.com", "www.example.com"]
    behaviors = [cdn["default_cache_behavior"], *cdn["ordered_cache_behavior"]]
    assert {b["viewer_protocol_policy"] for b in behaviors} <= {"redirect-to-https",
                                                               "https-only"}


def test_static_assets_cached_24h_compressed(edge_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.cloudfront_cache_policy import CloudfrontCachePolicy

    policy = only(edge_stack, CloudfrontCachePolicy.TF_RESOURCE_TYPE)
    assert (policy["default_ttl"], policy["max_ttl"]) == (86400, 86400)
    params = policy["parameters_in_cache_key_and_forwarded_to_origin"]
    assert params["enable_accept_encoding_gzip"] is True
    assert params["enable_accept_encoding_brotli"] is True
    static = next(b for b in _cdn(edge_stack)["ordered_cache_behavior"]
                  if b["path_pattern"] == "/static/*")
    assert static["compress"] is True
    assert static["cache_policy_id"] == "${aws_cloudfront_cache_policy.cdn_policies_static.id}"
    assert static["target_origin_id"] == "assets"


def test_assets_through_oac_origin_group_and_api_over_https(edge_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.cloudfront_origin_access_control import (
        CloudfrontOriginAccessControl,
    )

    oac = only(edge_stack, CloudfrontOriginAccessControl.TF_RESOURCE_TYPE)
    assert (oac["signing_behavior"], oac["signing_protocol"]) == ("always", "sigv4")
    cdn = _cdn(edge_stack)
    origins = {o["origin_id"]: o for o in cdn["origin"]}
    assert origins["assets-0"]["origin_access_control_id"] == \
        "${aws_cloudfront_origin_access_control.cdn_oac.id}"
    assert origins["api"]["domain_name"] == "api.example.com"
    assert origins["api"]["custom_origin_config"]["origin_protocol_policy"] == "https-only"
    assert origins["api"]["custom_origin_config"]["origin_ssl_protocols"] == ["TLSv1.2"]
    group = cdn["origin_group"][0]
    assert [m["origin_id"] for m in group["member"]] == ["assets-0", "assets-1"]
    assert 503 in group["failover_criteria"]["status_codes"]
    api = next(b for b in cdn["ordered_cache_behavior"] if b["path_pattern"] == "/api/*")
    assert api["target_origin_id"] == "api" and "POST" in api["allowed_methods"]


def test_access_logs_go_to_the_eu_bucket(edge_stack: dict[str, Any]) -> None:
    assert _cdn(edge_stack)["logging_config"] == {
        "bucket": "logs-eu.s3.amazonaws.com", "include_cookies": False,
        "prefix": "cloudfront/"}


@pytest.mark.parametrize(("overrides", "message"), [
    ({"log_bucket_region": "us-east-1"}, "not in the EU"),
    ({"assets_bucket_domains": ()}, "one or two"),
    ({"aliases": ()}, "alias"),
    ({"api_path": "/static/*"}, "paths repeat"),
    ({"jurisdiction_origins": (JurisdictionOrigin(
        key="eu", domain="api-eu.e.com", path="/api/*", headers=()),)}, "paths repeat"),
])
def test_conflicting_distribution_props_fail(overrides: dict[str, Any], message: str) -> None:
    from modules.edge.distribution import DistributionProps

    base: dict[str, Any] = dict(name_prefix="p", aliases=("e.com",), certificate_arn="c",
                                web_acl_arn="w", assets_bucket_domains=("a",),
                                api_origin_domain="api.e.com", log_bucket_domain="l",
                                log_bucket_region="eu-west-1")
    base.update(overrides)
    with pytest.raises(ValueError, match=message):
        DistributionProps(**base)
