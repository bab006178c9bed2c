"""AppTaskDefinition: non-root read-only containers, secrets by reference, X-Ray sidecar."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import only, resources_of


def _containers(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from cdktf_cdktf_provider_aws.ecs_task_definition import EcsTaskDefinition

    task = only(stack, EcsTaskDefinition.TF_RESOURCE_TYPE)
    return {c["name"]: c for c in json.loads(task["container_definitions"])}


def test_task_is_fargate_awsvpc_with_sizes(compute_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.ecs_task_definition import EcsTaskDefinition

    task = only(compute_stack, EcsTaskDefinition.TF_RESOURCE_TYPE)
    assert task["requires_compatibilities"] == ["FARGATE"]
    assert task["network_mode"] == "awsvpc"
    assert (task["cpu"], task["memory"]) == ("1024", "2048")


def test_every_container_is_non_root_and_read_only(compute_stack: dict[str, Any]) -> None:
    containers = _containers(compute_stack)
    assert set(containers) == {"app", "xray-daemon"}
    for c in containers.values():
        assert c["readonlyRootFilesystem"] is True
        assert c["privileged"] is False
        assert c["user"].split(":")[0] not in ("0", "root")
        assert c["linuxParameters"]["capabilities"]["drop"] == ["ALL"]
        assert c["logConfiguration"]["logDriver"] == "awslogs"


def test_secrets_come_from_secrets_manager_by_reference(compute_stack: dict[str, Any]) -> None:
    app = _containers(compute_stack)["app"]
    assert app["secrets"] == [{
        "name": "DB_PASSWORD",
        "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:rds-master:password::"}]
    assert all("PASSWORD" not in e["name"] for e in app["environment"])


def test_xray_daemon_sidecar_listens_on_udp_2000(compute_stack: dict[str, Any]) -> None:
    containers = _containers(compute_stack)
    assert containers["xray-daemon"]["portMappings"] == [{"containerPort": 2000,
                                                         "protocol": "udp"}]
    env = {e["name"]: e["value"] for e in containers["app"]["environment"]}
    assert env["AWS_XRAY_DAEMON_ADDRESS"] == "127.0.0.1:2000"


def test_log_group_is_kms_encrypted_with_retention(compute_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup

    logs = resources_of(compute_stack, CloudwatchLogGroup.TF_RESOURCE_TYPE)["task_logs"]
    assert logs["name"] == "/ecs/webapp-prod-us"
    assert logs["kms_key_id"] == "arn:aws:kms:us-east-1:111122223333:key/logs"
    assert logs["retention_in_days"] == 365


@pytest.mark.parametrize(("overrides", "message"), [
    ({"secrets": (("DB_PASSWORD", "hunter2"),)}, "valueFrom"),
    ({"run_as_user": "0:0"}, "root"),
    ({"cpu": 1024, "memory_mb": 512}, "outside"),
    ({"environment": (("DB_PASSWORD", "x"),)}, "repeat"),
])
def test_conflicting_task_props_fail(overrides: dict[str, Any], message: str) -> None:
    from modules.compute.task_definition import TaskDefinitionProps

    base: dict[str, Any] = dict(
        family="f", aws_region="us-east-1", image="i", container_port=80,
        execution_role_arn="e", task_role_arn="t", kms_key_arn="k",
        secrets=(("DB_PASSWORD", "arn:aws:secretsmanager:r:1:secret:s"),))
    base.update(overrides)
    with pytest.raises(ValueError, match=message):
        TaskDefinitionProps(**base)
