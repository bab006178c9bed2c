"""ServiceAlarms: 5xx rate > 1% (metric math), p95 > 0.5 s, service CPU > 80%."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import resources_of

TOPIC = "${aws_sns_topic.alerts_topic.arn}"


def _alarms(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm

    return resources_of(stack, CloudwatchMetricAlarm.TF_RESOURCE_TYPE)


def test_error_rate_alarm_is_5xx_over_request_count_above_1_percent(
        monitoring_stack: dict[str, Any]) -> None:
    alarm = _alarms(monitoring_stack)["service_alarms_error_rate"]
    assert alarm["threshold"] == 1
    assert alarm["comparison_operator"] == "GreaterThanThreshold"
    queries = {q["id"]: q for q in alarm["metric_query"]}
    assert queries["requests"]["metric"]["metric_name"] == "RequestCount"
    assert queries["target5xx"]["metric"]["metric_name"] == "HTTPCode_Target_5XX_Count"
    assert queries["elb5xx"]["metric"]["metric_name"] == "HTTPCode_ELB_5XX_Count"
    assert queries["error_rate"]["expression"] == \
        "IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)"
    assert queries["error_rate"]["return_data"] is True
    assert alarm["alarm_actions"] == [TOPIC] and alarm["actions_enabled"] is True


def test_p95_latency_alarm_at_half_a_second(monitoring_stack: dict[str, Any]) -> None:
    alarm = _alarms(monitoring_stack)["service_alarms_p95_latency"]
    assert alarm["extended_statistic"] == "p95"
    assert alarm["metric_name"] == "TargetResponseTime"
    assert alarm["threshold"] == 0.5
    assert alarm["dimensions"] == {"LoadBalancer": "app/alb/123"}


def test_service_cpu_alarm_at_80_percent(monitoring_stack: dict[str, Any]) -> None:
    alarm = _alarms(monitoring_stack)["service_alarms_service_cpu"]
    assert (alarm["namespace"], alarm["metric_name"]) == ("AWS/ECS", "CPUUtilization")
    assert alarm["threshold"] == 80


@pytest.mark.parametrize(("overrides", "message"), [
    ({"error_rate_percent": 0}, "error_rate_percent"),
    ({"p95_latency_seconds": -1}, "p95_latency_seconds"),
    ({"period_seconds": 45}, "period_seconds"),
])
def test_conflicting_service_alarm_props_fail(overrides: dict[str, Any], message: str) -> None:
    from modules.monitoring.service_alarms import ServiceAlarmsProps

    with pytest.raises(ValueError, match=message):
        ServiceAlarmsProps(name_prefix="p", topic_arn="t", alb_arn_suffix="a",
                           cluster_name="c", service_name="s", **overrides)
