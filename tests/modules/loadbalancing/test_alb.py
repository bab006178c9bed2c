"""ApplicationLoadBalancer: hardened HTTPS front door with path routing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import only, resources_of


def test_alb_is_public_hardened_and_logged(lb_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.lb import Lb

    alb = only(lb_stack, Lb.TF_RESOURCE_TYPE)
    assert alb["internal"] is False and alb["load_balancer_type"] == "application"
    assert alb["subnets"] == ["subnet-p1", "subnet-p2", "subnet-p3"]
    assert alb["security_groups"] == ["sg-alb"]
    assert alb["drop_invalid_header_fields"] is True
    assert alb["enable_deletion_protection"] is True
    assert alb["enable_cross_zone_load_balancing"] is True
    assert alb["access_logs"] == {"bucket": "logs-eu", "enabled": True, "prefix": "alb"}


def test_https_listener_uses_tls13_policy_and_validated_cert(lb_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.lb_listener import LbListener

    listeners = resources_of(lb_stack, LbListener.TF_RESOURCE_TYPE)
    https = listeners["alb_https"]
    assert (https["port"], https["protocol"]) == (443, "HTTPS")
    assert https["ssl_policy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    assert https["certificate_arn"] == \
        "${aws_acm_certificate_validation.certificate_validated.certificate_arn}"


def test_http_listener_only_redirects(lb_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.lb_listener import LbListener

    http = resources_of(lb_stack, LbListener.TF_RESOURCE_TYPE)["alb_http"]
    assert http["default_action"] == [{"type": "redirect", "redirect": {
        "port": "443", "protocol": "HTTPS", "status_code": "HTTP_301"}}]


def test_api_paths_reach_the_target_group_checked_every_30s(lb_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.lb_listener_rule import LbListenerRule
    from cdktf_cdktf_provider_aws.lb_target_group import LbTargetGroup

    tg = only(lb_stack, LbTargetGroup.TF_RESOURCE_TYPE)
    assert tg["target_type"] == "ip" and tg["port"] == 8080
    assert tg["health_check"]["path"] == "/healthz"
    assert tg["health_check"]["interval"] == 30
    rules = resources_of(lb_stack, LbListenerRule.TF_RESOURCE_TYPE)
    forward = [{"type": "forward", "target_group_arn": "${aws_lb_target_group.alb_api.arn}"}]
    # The API only with our distribution's header; the health path (Route 53 health
    # checkers send no headers) alone without it; anything else meets the 404 default.
    assert rules["alb_api_rule"]["condition"] == [
        {"path_pattern": {"values": ["/api/*"]}},
        {"http_header": {"http_header_name": "x-origin-verify-eu",
                         "values": ["${aws_secretsmanager_secret_version.origin_version"
                                    ".secret_string}"]}}]
    assert rules["alb_health_rule"]["condition"] == [{"path_pattern": {"values": ["/healthz"]}}]
    assert rules["alb_health_rule"]["priority"] < rules["alb_api_rule"]["priority"]
    assert rules["alb_api_rule"]["action"] == rules["alb_health_rule"]["action"] == forward


@pytest.mark.parametrize(("overrides", "message"), [
    ({"name": "x" * 29}, "1..28 characters"),
    ({"public_subnet_ids": ("a", "b")}, "3 public subnets"),
    ({"health_check_path": "healthz"}, "start with /"),
    ({"api_path_patterns": ()}, "must not be empty"),
    ({"origin_header_name": "Authorization"}, "custom x- header"),
    ({"fenced_path_patterns": ("/api/*",)}, "both forwarded and fenced"),
    ({"fenced_path_patterns": tuple(f"/api/{i}/*" for i in range(6))}, "at most 5"),
])
def test_conflicting_alb_props_fail(overrides: dict[str, Any], message: str) -> None:
    from modules.loadbalancing.alb import AlbProps

    base: dict[str, Any] = dict(name="n", vpc_id="v", public_subnet_ids=("a", "b", "c"),
                                security_group_ids=("s",), certificate_arn="c",
                                access_log_bucket="l", target_port=80,
                                origin_header_name="x-origin-verify-us",
                                origin_header_value="v")
    base.update(overrides)
    with pytest.raises(ValueError, match=message):
        AlbProps(**base)
