"""add_serving_tier: the regional constructs wired together from config + foundation values."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import only, resources_of
from tests.stacks.serving_inputs import serving_props


@pytest.fixture(scope="session")
def serving() -> tuple[dict[str, Any], Any]:
    """The EU serving tier in a bare stack (synthesized once) and its outputs."""
    from cdktf import Testing

    from regions import load_config
    from stacks.base import PlatformStack
    from stacks.serving import add_serving_tier

    region = load_config().region("eu")
    stack = PlatformStack(Testing.app(), "serving")
    stack.add_aws_provider("aws", region=region.region, tags={"Owner": "t"})
    outputs = add_serving_tier(stack, serving_props(region))
    return json.loads(Testing.synth(stack)), outputs


def test_seed_sizes_come_from_the_region_config(serving: tuple[dict[str, Any], Any]) -> None:
    from cdktf_cdktf_provider_aws.appautoscaling_policy import AppautoscalingPolicy
    from cdktf_cdktf_provider_aws.appautoscaling_target import AppautoscalingTarget
    from cdktf_cdktf_provider_aws.ecs_service import EcsService

    stack, _ = serving
    target = only(stack, AppautoscalingTarget.TF_RESOURCE_TYPE)
    assert (target["min_capacity"], target["max_capacity"]) == (4, 50)
    policy = only(stack, AppautoscalingPolicy.TF_RESOURCE_TYPE)
    assert policy["target_tracking_scaling_policy_configuration"]["target_value"] == 70
    svc = only(stack, EcsService.TF_RESOURCE_TYPE)
    assert svc["desired_count"] == 4
    assert svc["network_configuration"]["subnets"] == ["subnet-a1", "subnet-a2", "subnet-a3"]


def test_service_is_wired_to_alb_task_and_cluster(serving: tuple[dict[str, Any], Any]) -> None:
    from cdktf_cdktf_provider_aws.ecs_service import EcsService
    from cdktf_cdktf_provider_aws.lb_listener import LbListener

    stack, _ = serving
    svc = only(stack, EcsService.TF_RESOURCE_TYPE)
    assert svc["load_balancer"][0]["target_group_arn"] == \
        "${aws_lb_target_group.serving_alb_api.arn}"
    assert svc["task_definition"] == "${aws_ecs_task_definition.serving_task_task.arn}"
    assert svc["cluster"] == "${aws_ecs_cluster.serving_cluster_cluster.arn}"
    # Bare addresses: Terraform rejects "${...}" templates in depends_on.
    assert svc["depends_on"] == ["aws_lb_listener_rule.serving_alb_api_rule",
                                 "aws_ecs_cluster_capacity_providers.serving_cluster_capacity_providers"]
    https = resources_of(stack, LbListener.TF_RESOURCE_TYPE)["serving_alb_https"]
    assert https["certificate_arn"] == \
        "${aws_acm_certificate_validation.serving_certificate_validated.certificate_arn}"


def test_roles_and_alarms_are_region_specific(serving: tuple[dict[str, Any], Any]) -> None:
    from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm
    from cdktf_cdktf_provider_aws.iam_role import IamRole

    stack, _ = serving
    roles = {r["name"] for r in resources_of(stack, IamRole.TF_RESOURCE_TYPE).values()}
    assert roles == {"webapp-prod-eu-west-1-ecs-exec", "webapp-prod-eu-west-1-ecs-task"}
    alarms = resources_of(stack, CloudwatchMetricAlarm.TF_RESOURCE_TYPE)
    assert alarms["serving_data_alarms_db_connections"]["threshold"] == 1600
    assert all(a["alarm_name"].startswith("webapp-prod-eu-") for a in alarms.values())


def test_secrets_are_references_to_the_rds_managed_secret(
        serving: tuple[dict[str, Any], Any]) -> None:
    from cdktf_cdktf_provider_aws.ecs_task_definition import EcsTaskDefinition

    stack, _ = serving
    app = json.loads(only(stack, EcsTaskDefinition.TF_RESOURCE_TYPE)["container_definitions"])[0]
    secret = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds"
    assert app["secrets"] == [{"name": "DB_PASSWORD", "valueFrom": f"{secret}:password::"},
                              {"name": "DB_USERNAME", "valueFrom": f"{secret}:username::"}]


def test_outputs_expose_what_the_edge_needs(serving: tuple[dict[str, Any], Any]) -> None:
    _, out = serving
    assert (out.key, out.aws_region, out.health_check_path) == ("eu", "eu-west-1", "/healthz")
    assert out.alb_dns_name.startswith("${TfToken[")


def test_conflicting_serving_props_fail() -> None:
    from regions import load_config

    region = load_config().region("us")
    with pytest.raises(ValueError, match="separate security groups"):
        serving_props(region, tasks_security_group_id="sg-alb")
    with pytest.raises(ValueError, match="different buckets"):
        serving_props(region, uploads_bucket_arn="arn:aws:s3:::webapp-prod-us-assets")
