"""FargateCluster: Container Insights, encrypted ECS Exec logs, FARGATE + FARGATE_SPOT."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import only


def test_cluster_has_container_insights_and_encrypted_exec_logs(
        compute_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
    from cdktf_cdktf_provider_aws.ecs_cluster import EcsCluster

    # GIVEN the compute stack WHEN synthesized THEN insights are on and exec logs use KMS
    cluster = only(compute_stack, EcsCluster.TF_RESOURCE_TYPE)
    assert {"name": "containerInsights", "value": "enabled"} in cluster["setting"]
    exec_cfg = cluster["configuration"]["execute_command_configuration"]
    assert exec_cfg["logging"] == "OVERRIDE"
    assert exec_cfg["log_configuration"]["cloud_watch_encryption_enabled"] is True
    groups = compute_stack["resource"][CloudwatchLogGroup.TF_RESOURCE_TYPE]
    exec_logs = groups["cluster_exec_logs"]
    assert exec_logs["kms_key_id"].startswith("arn:aws:kms:")
    assert exec_logs["retention_in_days"] == 365


def test_capacity_providers_mix_fargate_base_with_spot(compute_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.ecs_cluster_capacity_providers import (
        EcsClusterCapacityProviders,
    )

    cps = only(compute_stack, EcsClusterCapacityProviders.TF_RESOURCE_TYPE)
    assert cps["capacity_providers"] == ["FARGATE", "FARGATE_SPOT"]
    strategy = {s["capacity_provider"]: s for s in cps["default_capacity_provider_strategy"]}
    assert strategy["FARGATE"]["base"] == 4 and strategy["FARGATE"]["weight"] == 1
    assert strategy["FARGATE_SPOT"]["weight"] == 1


def test_spot_only_cluster_is_refused() -> None:
    from modules.compute.cluster import EcsClusterProps

    with pytest.raises(ValueError, match="Spot alone"):
        EcsClusterProps(name="x", kms_key_arn="k", fargate_base=0)
