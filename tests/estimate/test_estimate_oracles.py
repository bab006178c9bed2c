"""Cost, capacity and availability of small fixtures against figures computed by hand here.

The unit prices and SLAs below are typed from the AWS pages (the same source as the data
files), not read from the code under test: a wrong data file or a wrong formula fails.
"""

from __future__ import annotations

import dataclasses

import pytest

from estimate.availability import availability
from estimate.cost import cost_lines
from estimate.report import estimate
from policies.model import Stack, Unknown
from regions.demand import DemandModel
from tests.estimate._models import latency_record, model, region_stack, res


def test_cost_of_a_small_fixture_matches_hand_arithmetic() -> None:
    # GIVEN one us-east-1 stack: ALB, NAT gateway, Multi-AZ db.r5.2xlarge with 100 GB gp3
    # and backups, Redis 1 shard x (1 primary + 1 replica) cache.r6g.xlarge, a KMS key, and
    # a type we have no price for.
    s = "s"
    rs = (
        res(s, "us-east-1", "aws_lb.alb", {}),
        res(s, "us-east-1", "aws_nat_gateway.nat", {}),
        res(s, "us-east-1", "aws_db_instance.db", {"multi_az": True, "instance_class":
            "db.r5.2xlarge", "allocated_storage": 100, "backup_retention_period": 7}),
        res(s, "us-east-1", "aws_elasticache_replication_group.r", {
            "node_type": "cache.r6g.xlarge", "num_node_groups": 1, "replicas_per_node_group": 1}),
        res(s, "us-east-1", "aws_kms_key.k", {}),
        res(s, "us-east-1", "aws_mystery_widget.w", {}),
    )
    m = model(Stack(s, "us-east-1", "us", None, rs))
    lines = cost_lines(m, DemandModel(), {})
    # THEN, by hand (730 h/month):
    alb = 730 * 0.0225                 # 16.425
    nat = 730 * 0.045 + 100 * 0.045    # 32.85 + 4.5 (100 GB NAT processing, 1 gateway)
    db = 2 * 730 * 1.00 + 2 * 100 * 0.115 + 500 * 0.095  # 1460 + 23 + 47.5
    redis = 2 * 730 * 0.411            # 600.06
    kms = 1.0
    total = alb + nat + db + redis + kms
    assert total == pytest.approx(2185.335)
    assert sum(x.monthly for x in lines) == pytest.approx(total)
    unpriced = [x for x in lines if x.unit_price is None]
    assert [x.resource for x in unpriced] == ["aws_mystery_widget.w"]  # listed, not zero


def test_count_multiplies_and_an_unknown_for_each_is_unpriced() -> None:
    from policies.model import Unknown

    # GIVEN three KMS keys by a literal count, two by a literal for_each, and one whose
    # for_each is known only at apply.
    s = "s"
    rs = (
        res(s, "us-east-1", "aws_kms_key.three", {"count": 3}),
        res(s, "us-east-1", "aws_kms_key.two", {"for_each": {"a": 1, "b": 2}}),
        res(s, "us-east-1", "aws_kms_key.later", {"for_each": Unknown("apply", "${var.k}")}),
        res(s, "us-east-1", "aws_kms_key.none", {"count": 0}),
    )
    lines = cost_lines(model(Stack(s, "us-east-1", "us", None, rs)), DemandModel(), {})
    # THEN $1 per key-month: 3 + 2 + 0, and the unknown one is listed, never counted as zero.
    assert sum(x.monthly for x in lines) == pytest.approx(5.0)
    assert [x.resource for x in lines if x.unit_price is None] == ["aws_kms_key.later"]


def test_capacity_of_a_small_fixture_matches_hand_arithmetic() -> None:
    # GIVEN 864,000 users all in the US, 100 requests/day each, 80% CDN hits:
    # 864000*100/86400 = 1000 rps, 200 at the origin; spike x10 = 2000 rps -> 20 tasks of
    # 100 rps, but max is 10. Sessions at peak: 864000*30/1440*3 = 54,000 x 10 KB x 2 = 1.08 GB.
    d = dataclasses.replace(DemandModel(), daily_active_users=864_000, us_share=1.0)
    e = estimate(model(region_stack("app", "us-east-1", azs=3, multi_az=True)), d)
    (cap,) = e.capacity
    assert cap.load.average_rps == pytest.approx(200)
    assert cap.tasks == (2, 6, 20)
    checks = {c.limit.split(" (")[0]: c for c in cap.checks}
    assert checks["max tasks"].ok is False and checks["max tasks"].fix == "max_tasks >= 20"
    assert checks["redis memory GB"].need == pytest.approx(1.08)
    assert checks["redis memory GB"].have == pytest.approx(26.32 * 1024**3 / 1e9)
    # connections: the spike's 20 tasks (above max 10: what the fix would run) x pool 20
    assert checks["db connections"].need == 20 * 20
    assert e.targets()["capacity"] is False


SINGLE = 0.9999 * 0.995 * 0.995 * 0.999   # ALB x ECS one AZ x RDS single-AZ x Redis single-AZ
MULTI = 0.9999 * 0.9999 * 0.9995 * 0.9999  # ALB x ECS 3 AZ x RDS Multi-AZ x Redis Multi-AZ
TWO = 1 - (1 - MULTI) ** 2                 # two regions behind health-checked records


def test_availability_single_az_multi_az_two_regions() -> None:
    single = availability(model(region_stack("a", "us-east-1", azs=1, multi_az=False)))
    multi = availability(model(region_stack("a", "us-east-1", azs=3, multi_az=True)))
    edge = Stack("edge", "us-east-1", None, None, (
        res("edge", "us-east-1", "aws_route53_zone.z", {}),
        latency_record("edge", "app-us-east-1"), latency_record("edge", "app-us-west-2")))
    two = availability(model(
        region_stack("app-us-east-1", "us-east-1", azs=3, multi_az=True),
        region_stack("app-us-west-2", "us-west-2", azs=3, multi_az=True), edge))
    assert single[0].availability == pytest.approx(SINGLE, abs=1e-12)
    assert multi[0].availability == pytest.approx(MULTI, abs=1e-12)
    assert two[0].availability == pytest.approx(TWO, abs=1e-12)  # Route 53 SLA is 100%
    # direction and size: single-AZ 0.98894 (0.995^2 x 0.999 x 0.9999), Multi-AZ 0.99920
    # (0.9999^3 x 0.9995): +1.026 points; a second region leaves (1-0.99920)^2 = 6.4e-7
    # unavailable: +0.0799 points more
    assert MULTI - SINGLE == pytest.approx(0.010264, abs=1e-6)
    assert TWO - MULTI == pytest.approx(0.000799, abs=1e-6)
    assert single[0].weakest.startswith("ECS us-east-1 (1 AZ)")


def test_eu_users_do_not_count_a_us_region_as_failover() -> None:
    edge = Stack("edge", "us-east-1", None, None, (
        latency_record("edge", "app-us"), latency_record("edge", "app-eu")))
    result = {a.residency: a for a in availability(model(
        region_stack("app-us", "us-east-1", azs=3, multi_az=True),
        region_stack("app-eu", "eu-west-1", azs=3, multi_az=True, residency="eu"), edge))}
    assert result["us"].availability == pytest.approx(TWO, abs=1e-12)
    assert result["eu"].availability == pytest.approx(MULTI, abs=1e-12)


def _cdn_edge(direct: bool) -> Stack:
    """An edge with CloudFront (two S3 origins in a group) in front of two latency-routed
    regions; with ``direct``, the site name fails over from CloudFront to the API name."""
    cdn = res("edge", "us-east-1", "aws_cloudfront_distribution.cdn", {
        "origin_group": {"member": [{"origin_id": "a"}, {"origin_id": "b"}]}})
    records = [latency_record("edge", "app-us-east-1"), latency_record("edge", "app-us-west-2")]
    to_cdn = {"name": Unknown("x", "${aws_cloudfront_distribution.cdn.domain_name}"),
              "zone_id": "Z2FDTNDATAQYW2", "evaluate_target_health": False}
    if direct:
        records += [
            res("edge", "us-east-1", "aws_route53_record.site_cdn", {
                "name": "example.com", "type": "A", "set_identifier": "cloudfront",
                "health_check_id": Unknown("ref", "${aws_route53_health_check.cdn.id}"),
                "failover_routing_policy": {"type": "PRIMARY"}, "alias": to_cdn}),
            res("edge", "us-east-1", "aws_route53_record.site_direct", {
                "name": "example.com", "type": "A", "set_identifier": "direct",
                "failover_routing_policy": {"type": "SECONDARY"},
                "alias": {"name": "api.example.com", "evaluate_target_health": False}}),
            res("edge", "us-east-1", "aws_route53_record.api", {
                "name": "api.example.com", "type": "A"})]
    else:
        records.append(res("edge", "us-east-1", "aws_route53_record.site",
                           {"name": "example.com", "type": "A", "alias": to_cdn}))
    return Stack("edge", "us-east-1", None, None, (cdn, *records))


def test_a_direct_front_path_takes_cloudfront_out_of_the_series() -> None:
    regions = (region_stack("app-us-east-1", "us-east-1", azs=3, multi_az=True),
               region_stack("app-us-west-2", "us-west-2", azs=3, multi_az=True))
    cdn_only = availability(model(*regions, _cdn_edge(direct=False)))[0]
    both = availability(model(*regions, _cdn_edge(direct=True)))[0]
    # By hand: CloudFront 99.9% x (1 - 0.001^2) for the origin group, in series with the
    # two regions: 0.999 x 0.999999 x TWO = 0.99899836...; with the direct path in parallel
    # (no component of its own: 1 - (1 - 0.998999) x 0 = 1) only the regions remain.
    assert cdn_only.availability == pytest.approx(0.999 * 0.999999 * TWO, abs=1e-12)
    assert cdn_only.availability < 0.9999 <= both.availability
    assert both.availability == pytest.approx(TWO, abs=1e-12)
    assert cdn_only.weakest.startswith("CloudFront (99.9000%)")


def test_a_regional_waf_is_in_each_regions_series() -> None:
    waf = lambda s, r: (res(s, r, "aws_wafv2_web_acl_association.a", {}),)  # noqa: E731
    one = availability(model(region_stack("a", "us-east-1", azs=3, multi_az=True,
                                          extra=waf("a", "us-east-1"))))[0]
    # AWS WAF SLA 99.95% per region (aws.amazon.com/waf/sla), times the Multi-AZ chain
    assert one.availability == pytest.approx(MULTI * 0.9995, abs=1e-12)
