"""ServingTier: the regional constructs wired together from the config and the foundation
constructs' typed outputs (stand-ins here; the real ones in tests/stacks/test_app_stack.py)."""

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
    from stacks.serving import ServingTier

    config = load_config()
    region = config.region("eu")
    stack = PlatformStack(Testing.app(), "serving")
    stack.add_aws_provider("aws", region=region.region, tags={"Owner": "t"})
    tier = ServingTier(stack, "serving", props=serving_props(config, region))
    return json.loads(Testing.synth(stack)), tier.outputs


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
                                 "aws_lb_listener_rule.serving_alb_health_rule",
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


def test_database_credentials_are_read_by_arn_at_runtime_not_copied_at_start(
        serving: tuple[dict[str, Any], Any]) -> None:
    """Issue 10.2: RDS rotates the master secret every 7 days; ECS resolves ``secrets`` once
    at task start, so an injected password goes stale in running tasks. The app gets the
    ARN and the task role may read it whenever it connects."""
    from cdktf_cdktf_provider_aws.ecs_task_definition import EcsTaskDefinition
    from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy

    stack, _ = serving
    secret = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds"
    app = json.loads(only(stack, EcsTaskDefinition.TF_RESOURCE_TYPE)["container_definitions"])[0]
    assert app["secrets"] == []
    env = {e["name"]: e["value"] for e in app["environment"]}
    assert env["DB_SECRET_ARN"] == secret
    assert not {"DB_PASSWORD", "DB_USERNAME"} & set(env)
    policies = {k: json.loads(v["policy"])
                for k, v in resources_of(stack, IamRolePolicy.TF_RESOURCE_TYPE).items()}
    task = {st["Sid"]: st for st in policies["serving_roles_task_policy"]["Statement"]}
    assert task["ReadRotatingSecrets"]["Resource"] == [secret]
    assert "secretsmanager:GetSecretValue" in task["ReadRotatingSecrets"]["Action"]


def test_the_configured_image_runs_with_ecr_pull_rights(
        serving: tuple[dict[str, Any], Any]) -> None:
    from cdktf_cdktf_provider_aws.ecs_task_definition import EcsTaskDefinition
    from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy

    stack, _ = serving
    app = json.loads(only(stack, EcsTaskDefinition.TF_RESOURCE_TYPE)["container_definitions"])[0]
    # regions/platform.toml's container_image, under our hardening.
    assert app["image"] == "123456789012.dkr.ecr.us-east-1.amazonaws.com/webapp:1.0.0"
    assert (app["user"], app["readonlyRootFilesystem"]) == ("1000:1000", True)
    assert app["portMappings"] == [{"containerPort": 8080, "protocol": "tcp"}]
    policy = json.loads(resources_of(stack, IamRolePolicy.TF_RESOURCE_TYPE)[
        "serving_roles_execution_policy"]["policy"])
    pull = next(st for st in policy["Statement"] if st["Sid"] == "EcrPull")
    assert pull["Resource"] == ["arn:aws:ecr:us-east-1:123456789012:repository/webapp"]


def test_alerts_reach_the_configured_on_call(serving: tuple[dict[str, Any], Any]) -> None:
    from cdktf_cdktf_provider_aws.sns_topic_subscription import SnsTopicSubscription

    stack, _ = serving
    subs = resources_of(stack, SnsTopicSubscription.TF_RESOURCE_TYPE)
    assert [(s["protocol"], s["endpoint"], s["topic_arn"]) for s in subs.values()] == [
        ("email", "oncall@example-webapp.com", "${aws_sns_topic.serving_alerts_topic.arn}")]


def test_the_cognito_domain_carries_the_name_suffix(serving: tuple[dict[str, Any], Any]) -> None:
    from cdktf_cdktf_provider_aws.cognito_user_pool_domain import CognitoUserPoolDomain

    stack, _ = serving
    assert only(stack, CognitoUserPoolDomain.TF_RESOURCE_TYPE)["domain"] == \
        "webapp-prod-eu-auth-123456789012"


def test_the_api_needs_the_origin_header_whose_value_is_never_in_the_json(
        serving: tuple[dict[str, Any], Any]) -> None:
    """Issue 10.2: only our distribution reaches the API. The value is generated by Secrets
    Manager at plan time and kept by the secret version; the JSON holds references only."""
    from cdktf_cdktf_provider_aws.lb_listener_rule import LbListenerRule
    from cdktf_cdktf_provider_aws.secretsmanager_secret_version import (
        SecretsmanagerSecretVersion,
    )

    stack, out = serving
    rules = resources_of(stack, LbListenerRule.TF_RESOURCE_TYPE)
    api = rules["serving_alb_api_rule"]["condition"]
    assert api[0] == {"path_pattern": {"values": ["/api/*"]}}
    assert api[1] == {"http_header": {
        "http_header_name": "x-origin-verify-eu",
        "values": ["${aws_secretsmanager_secret_version.serving_origin_secret_version"
                   ".secret_string}"]}}
    # Route 53 health checkers send no headers: only the health path goes without it.
    assert rules["serving_alb_health_rule"]["condition"] == [
        {"path_pattern": {"values": ["/healthz"]}}]
    version = only(stack, SecretsmanagerSecretVersion.TF_RESOURCE_TYPE)
    assert version["secret_string"] == (
        "${data.aws_secretsmanager_random_password.serving_origin_secret_generated"
        ".random_password}")
    assert version["lifecycle"] == {"ignore_changes": ["secret_string"]}
    assert out.origin_header_name == "x-origin-verify-eu"


def test_step_scaling_is_a_config_setting() -> None:
    import dataclasses

    from cdktf import Testing
    from cdktf_cdktf_provider_aws.appautoscaling_policy import AppautoscalingPolicy

    from regions import load_config
    from stacks.base import PlatformStack
    from stacks.serving import ServingTier

    config = load_config()
    region = config.region("us")
    region = dataclasses.replace(region, service=dataclasses.replace(
        region.service, scaling_mode="step"))
    stack = PlatformStack(Testing.app(), "step")
    stack.add_aws_provider("aws", region=region.region, tags={"Owner": "t"})
    ServingTier(stack, "serving", props=serving_props(config, region))
    policies = resources_of(json.loads(Testing.synth(stack)),
                            AppautoscalingPolicy.TF_RESOURCE_TYPE)
    assert {p["policy_type"] for p in policies.values()} == {"StepScaling"}


def test_outputs_expose_what_the_edge_needs(serving: tuple[dict[str, Any], Any]) -> None:
    _, out = serving
    assert (out.key, out.aws_region, out.health_check_path) == ("eu", "eu-west-1", "/healthz")
    assert out.alb_dns_name.startswith("${TfToken[")


def test_conflicting_serving_props_fail() -> None:
    from regions import load_config

    config = load_config()
    region = config.region("us")
    with pytest.raises(ValueError, match="separate security groups"):
        serving_props(config, region, tasks_id="sg-alb")
    with pytest.raises(ValueError, match="different buckets"):
        serving_props(config, region, uploads_bucket_arn="arn:aws:s3:::webapp-prod-us-assets")
