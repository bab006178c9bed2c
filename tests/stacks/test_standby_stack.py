"""Warm standbys and their routing, asserted on the real synth output (issue 11.1, 11.2).

GIVEN the default config (EU standby in eu-central-1, US standby in eu-west-1) WHEN the whole
app is synthesized once THEN each standby holds its own network, keys, a promotable Multi-AZ
replica of its primary with a lag alarm, a secret, a cache and a minimal serving tier, and
the edge routes each jurisdiction's users only to its own failover pair.
"""

from __future__ import annotations

from typing import Any

import pytest
from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm
from cdktf_cdktf_provider_aws.db_instance import DbInstance
from cdktf_cdktf_provider_aws.ecs_service import EcsService
from cdktf_cdktf_provider_aws.kms_key import KmsKey
from cdktf_cdktf_provider_aws.route53_health_check import Route53HealthCheck
from cdktf_cdktf_provider_aws.route53_record import Route53Record
from cdktf_cdktf_provider_aws.secretsmanager_secret import SecretsmanagerSecret
from cdktf_cdktf_provider_aws.subnet import Subnet
from cdktf_cdktf_provider_aws.vpc import Vpc

from tests.conftest import only, resources_of

#: standby stack -> (its region, residency, the primary's app stack, its VPC CIDR)
STANDBYS = {
    "standby-eu-eu-central-1": ("eu-central-1", "eu", "app-eu-west-1", "10.30.0.0/16"),
    "standby-us-eu-west-1": ("eu-west-1", "us", "app-us-east-1", "10.21.0.0/16"),
}


@pytest.mark.parametrize("name", sorted(STANDBYS))
def test_standby_has_its_own_network_keys_and_state_in_its_region(
        stacks: dict[str, dict[str, Any]], name: str) -> None:
    region, residency, _, cidr = STANDBYS[name]
    st = stacks[name]
    [provider] = st["provider"]["aws"]
    assert provider["region"] == region
    assert provider["default_tags"][0]["tags"]["DataResidency"] == residency
    assert st["terraform"]["backend"]["s3"]["region"] == region
    assert only(st, Vpc.TF_RESOURCE_TYPE)["cidr_block"] == cidr
    azs = {s["availability_zone"] for s in resources_of(st, Subnet.TF_RESOURCE_TYPE).values()}
    assert len(azs) == 3 and all(az.startswith(region) for az in azs)
    keys = resources_of(st, KmsKey.TF_RESOURCE_TYPE)
    # Data and logs keys of the region, and the standby's CloudTrail key.
    assert sorted(keys) == ["data_key_key", "logs_key_key", "operations_trail_key"]
    assert all(k["enable_key_rotation"] is True for k in keys.values())


@pytest.mark.parametrize("name", sorted(STANDBYS))
def test_standby_replica_is_promotable_multi_az_and_watched(
        stacks: dict[str, dict[str, Any]], name: str) -> None:
    _, residency, primary, _ = STANDBYS[name]
    st = stacks[name]
    replica = only(st, DbInstance.TF_RESOURCE_TYPE)
    flat = primary.replace("-", "_")
    assert replica["replicate_source_db"].startswith(
        f"${{data.terraform_remote_state.cross_stack_reference_input_{flat}.outputs.")
    assert replica["multi_az"] is True and replica["storage_encrypted"] is True
    assert replica["kms_key_id"].startswith("${aws_kms_key.data_key")  # a key of this region
    assert replica["tags"]["DataResidency"] == residency
    alarms = resources_of(st, CloudwatchMetricAlarm.TF_RESOURCE_TYPE)
    lag = alarms["replica_lag_alarm"]
    assert lag["metric_name"] == "ReplicaLag" and lag["threshold"] == 300
    assert lag["treat_missing_data"] == "breaching"
    assert lag["alarm_actions"] == ["${aws_sns_topic.serving_alerts_topic.arn}"]
    secret = resources_of(st, SecretsmanagerSecret.TF_RESOURCE_TYPE)["db_credentials"]
    assert secret["kms_key_id"] == "${aws_kms_key.data_key_key.arn}"


@pytest.mark.parametrize("name", sorted(STANDBYS))
def test_standby_serves_at_its_warm_minimum(stacks: dict[str, dict[str, Any]],
                                            name: str) -> None:
    st = stacks[name]
    service = only(st, EcsService.TF_RESOURCE_TYPE)
    assert service["desired_count"] == 2
    target = only(st, "aws_appautoscaling_target")
    assert (target["min_capacity"], target["max_capacity"]) == (2, 50)


def test_guardduty_once_per_region(stacks: dict[str, dict[str, Any]]) -> None:
    # eu-west-1's detector is the EU app stack's; Frankfurt's is the EU standby's.
    assert "aws_guardduty_detector" not in stacks["standby-us-eu-west-1"]["resource"]
    assert "aws_guardduty_detector" in stacks["standby-eu-eu-central-1"]["resource"]


def _alb_stack(record: dict[str, Any]) -> str:
    name = record["alias"]["name"]
    return name.split("cross_stack_reference_input_")[1].split(".")[0]


def test_edge_routes_each_jurisdiction_to_its_own_failover_pair(
        stacks: dict[str, dict[str, Any]]) -> None:
    records = resources_of(stacks["edge"], Route53Record.TF_RESOURCE_TYPE)
    geo = {n: r for n, r in records.items() if "geolocation_routing_policy" in r}
    assert {n: (r["geolocation_routing_policy"], r["alias"]["name"],
                r["alias"]["evaluate_target_health"]) for n, r in geo.items()} == {
        "api_geo_eu": ({"continent": "EU"}, "api-eu.example-webapp.com", False),
        "api_geo_us": ({"country": "*"}, "api-us.example-webapp.com", False),
    }
    pairs = {(r["name"], r["failover_routing_policy"]["type"]): _alb_stack(r)
             for r in records.values() if "failover_routing_policy" in r
             and r["name"].startswith("api-")}
    assert pairs == {
        ("api-eu.example-webapp.com", "PRIMARY"): "app_eu_west_1",
        ("api-eu.example-webapp.com", "SECONDARY"): "standby_eu_eu_central_1",
        ("api-us.example-webapp.com", "PRIMARY"): "app_us_east_1",
        ("api-us.example-webapp.com", "SECONDARY"): "standby_us_eu_west_1",
    }
    assert not any("latency_routing_policy" in r for r in records.values())


def test_every_endpoint_is_health_checked_and_alarmed(stacks: dict[str, dict[str, Any]]) -> None:
    edge = stacks["edge"]
    checks = resources_of(edge, Route53HealthCheck.TF_RESOURCE_TYPE)
    # the four ALBs, and CloudFront (the site names' PRIMARY, tests/stacks/test_direct_path.py)
    assert len(checks) == 5
    failover = [r for r in resources_of(edge, Route53Record.TF_RESOURCE_TYPE).values()
                if "failover_routing_policy" in r and r["name"].startswith("api-")]
    assert {r["health_check_id"] for r in failover} == {
        f"${{aws_route53_health_check.{n}.id}}" for n in checks if "cdn" not in n}
    alarms = resources_of(edge, CloudwatchMetricAlarm.TF_RESOURCE_TYPE)
    watched = {a["dimensions"]["HealthCheckId"] for a in alarms.values()
               if a["namespace"] == "AWS/Route53"}
    assert watched == {f"${{aws_route53_health_check.{n}.id}}" for n in checks}
    for a in alarms.values():
        assert a["alarm_actions"] and a["alarm_actions"] == a["ok_actions"]
        assert "cross_stack_reference_input_app_us_east_1" in a["alarm_actions"][0]


@pytest.mark.parametrize(("name", "dr_region"), [("app-us-east-1", "eu-west-1"),
                                                 ("app-eu-west-1", "eu-central-1")])
def test_bucket_replication_is_alarmed_against_the_rtc_bound(
        stacks: dict[str, dict[str, Any]], name: str, dr_region: str) -> None:
    alarms = resources_of(stacks[name], CloudwatchMetricAlarm.TF_RESOURCE_TYPE)
    key = "us" if name == "app-us-east-1" else "eu"
    for kind in ("assets", "uploads"):
        bucket = f"webapp-prod-{key}-{kind}"
        dims = {"SourceBucket": f"{bucket}-123456789012",  # name_suffix
                "DestinationBucket": f"{bucket}-{dr_region}-123456789012",
                "RuleId": "dr-copy"}
        latency = alarms[f"{kind}_replication_alarms_latency"]
        assert (latency["metric_name"], latency["threshold"], latency["dimensions"]) == (
            "ReplicationLatency", 900, dims)
        assert latency["treat_missing_data"] == "breaching"
        failed = alarms[f"{kind}_replication_alarms_failed"]
        assert (failed["metric_name"], failed["threshold"]) == ("OperationsFailedReplication", 0)
        for a in (latency, failed):
            assert a["alarm_actions"] == ["${aws_sns_topic.serving_alerts_topic.arn}"]
