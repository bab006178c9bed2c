"""FargateService: private subnets, no public IP, rolling deploys with circuit breaker."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import only


def test_service_runs_privately_with_rolling_deploys(compute_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.ecs_service import EcsService

    # GIVEN the service WHEN synthesized THEN the seed's HA settings hold
    svc = only(compute_stack, EcsService.TF_RESOURCE_TYPE)
    assert svc["desired_count"] == 4
    assert svc["network_configuration"] == {
        "assign_public_ip": False, "security_groups": ["sg-tasks"],
        "subnets": ["subnet-a", "subnet-b", "subnet-c"]}
    assert svc["deployment_circuit_breaker"] == {"enable": True, "rollback": True}
    assert svc["deployment_controller"] == {"type": "ECS"}
    assert svc["deployment_minimum_healthy_percent"] == 100
    assert svc["deployment_maximum_percent"] == 200
    assert svc["load_balancer"] == [{"container_name": "app", "container_port": 8080,
                                     "target_group_arn": "arn:tg"}]
    providers = [s["capacity_provider"] for s in svc["capacity_provider_strategy"]]
    assert providers == ["FARGATE", "FARGATE_SPOT"]
    assert svc["lifecycle"]["ignore_changes"] == ["desired_count"]


def _props(**overrides: Any) -> Any:
    from modules.compute.service import FargateServiceProps

    base: dict[str, Any] = dict(
        name="s", cluster_arn="c", task_definition_arn="t", subnet_ids=("a", "b", "c"),
        security_group_ids=("sg",), target_group_arn="tg", container_name="app",
        container_port=80)
    base.update(overrides)
    return FargateServiceProps(**base)


@pytest.mark.parametrize(("overrides", "message"), [
    ({"subnet_ids": ("a", "b")}, "3 private subnets"),
    ({"min_healthy_percent": 50}, "drops capacity"),
    ({"max_percent": 100}, "must exceed"),
    ({"fargate_base": 5}, "cannot exceed desired_count"),
])
def test_conflicting_service_props_fail(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _props(**overrides)
