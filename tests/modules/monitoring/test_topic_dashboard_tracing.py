"""AlertsTopic (KMS), RegionDashboard and Tracing (sampling rule, group, encryption)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import only


def test_alerts_topic_is_kms_encrypted(monitoring_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.sns_topic import SnsTopic
    from cdktf_cdktf_provider_aws.sns_topic_subscription import SnsTopicSubscription

    topic = only(monitoring_stack, SnsTopic.TF_RESOURCE_TYPE)
    assert topic["kms_master_key_id"] == "arn:aws:kms:us-east-1:1:key/data"
    sub = only(monitoring_stack, SnsTopicSubscription.TF_RESOURCE_TYPE)
    assert (sub["protocol"], sub["endpoint"]) == ("email", "oncall@example.com")


def test_dashboard_shows_front_door_service_and_data(monitoring_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.cloudwatch_dashboard import CloudwatchDashboard

    body = json.loads(only(monitoring_stack, CloudwatchDashboard.TF_RESOURCE_TYPE)
                      ["dashboard_body"])
    titles = [w["properties"]["title"] for w in body["widgets"]]
    assert titles == ["Requests and 5xx", "Target response time p95", "Service CPU / memory",
                      "Running tasks", "Database", "Redis (worst node)"]
    assert {w["properties"]["region"] for w in body["widgets"]} == {"us-east-1"}


def test_xray_sampling_rule_group_and_kms(monitoring_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.xray_encryption_config import XrayEncryptionConfig
    from cdktf_cdktf_provider_aws.xray_group import XrayGroup
    from cdktf_cdktf_provider_aws.xray_sampling_rule import XraySamplingRule

    rule = only(monitoring_stack, XraySamplingRule.TF_RESOURCE_TYPE)
    assert (rule["service_name"], rule["fixed_rate"], rule["reservoir_size"]) == \
        ("webapp-prod-us", 0.05, 5)
    group = only(monitoring_stack, XrayGroup.TF_RESOURCE_TYPE)
    assert group["filter_expression"] == 'service("webapp-prod-us")'
    assert group["insights_configuration"]["insights_enabled"] is True
    enc = only(monitoring_stack, XrayEncryptionConfig.TF_RESOURCE_TYPE)
    assert enc == {**enc, "type": "KMS", "key_id": "arn:aws:kms:us-east-1:1:key/data"}


def test_conflicting_monitoring_props_fail() -> None:
    from modules.monitoring.alerts_topic import AlertsTopicProps
    from modules.monitoring.tracing import TracingProps

    with pytest.raises(ValueError, match="e-mail"):
        AlertsTopicProps(name="t", kms_key_arn="k", email_endpoints=("nobody",))
    with pytest.raises(ValueError, match="32 characters"):
        TracingProps(service_name="x" * 33, kms_key_arn="k")
    with pytest.raises(ValueError, match="fixed_rate"):
        TracingProps(service_name="s", kms_key_arn="k", fixed_rate=2.0)
