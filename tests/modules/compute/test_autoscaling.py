"""ServiceAutoscaling: 4..50 tasks; 70% CPU target tracking or the seed's step policies."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import resources_of


def test_target_tracking_keeps_4_to_50_tasks_at_70_percent_cpu(
        compute_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.appautoscaling_policy import AppautoscalingPolicy
    from cdktf_cdktf_provider_aws.appautoscaling_target import AppautoscalingTarget

    target = resources_of(compute_stack, AppautoscalingTarget.TF_RESOURCE_TYPE)["scaling_target"]
    assert (target["min_capacity"], target["max_capacity"]) == (4, 50)
    assert target["scalable_dimension"] == "ecs:service:DesiredCount"
    assert target["resource_id"] == "service/webapp-prod-us/webapp-prod-us-app"
    policy = resources_of(compute_stack, AppautoscalingPolicy.TF_RESOURCE_TYPE)[
        "scaling_cpu_target"]
    cfg = policy["target_tracking_scaling_policy_configuration"]
    assert cfg["target_value"] == 70
    assert cfg["predefined_metric_specification"]["predefined_metric_type"] == \
        "ECSServiceAverageCPUUtilization"
    assert (cfg["scale_out_cooldown"], cfg["scale_in_cooldown"]) == (120, 600)


def test_step_mode_adds_after_2_min_above_70_and_removes_after_10_min_below_30(
        compute_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm

    alarms = resources_of(compute_stack, CloudwatchMetricAlarm.TF_RESOURCE_TYPE)
    high, low = alarms["step_scaling_cpu_high"], alarms["step_scaling_cpu_low"]
    assert (high["threshold"], high["period"] * high["evaluation_periods"]) == (70, 120)
    assert high["comparison_operator"] == "GreaterThanThreshold"
    assert (low["threshold"], low["period"] * low["evaluation_periods"]) == (30, 600)
    assert low["comparison_operator"] == "LessThanThreshold"
    assert high["alarm_actions"] == ["${aws_appautoscaling_policy.step_scaling_scale_out.arn}"]
    assert low["alarm_actions"] == ["${aws_appautoscaling_policy.step_scaling_scale_in.arn}"]


@pytest.mark.parametrize(("overrides", "message"), [
    ({"min_tasks": 60}, "min_tasks"),
    ({"scale_in_threshold_percent": 80}, "below cpu_target_percent"),
    ({"mode": "magic"}, "unknown scaling mode"),
    ({"scale_out_after_seconds": 90}, "multiple of 60"),
])
def test_conflicting_scaling_props_fail(overrides: dict[str, Any], message: str) -> None:
    from modules.compute.autoscaling import ServiceAutoscalingProps

    with pytest.raises(ValueError, match=message):
        ServiceAutoscalingProps(cluster_name="c", service_name="s", **overrides)
