"""The ECS cluster: Container Insights, KMS-encrypted ECS Exec logging, and a
FARGATE + FARGATE_SPOT default capacity provider strategy."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.ecs_cluster import (
    EcsCluster,
    EcsClusterConfiguration,
    EcsClusterConfigurationExecuteCommandConfiguration,
    EcsClusterConfigurationExecuteCommandConfigurationLogConfiguration,
    EcsClusterSetting,
)
from cdktf_cdktf_provider_aws.ecs_cluster_capacity_providers import (
    EcsClusterCapacityProviders,
    EcsClusterCapacityProvidersDefaultCapacityProviderStrategy,
)
from constructs import Construct


@dataclass(frozen=True)
class EcsClusterProps:
    """Inputs of :class:`FargateCluster`."""

    name: str
    """Cluster name, unique in the region (e.g. ``webapp-prod-us``)."""
    kms_key_arn: str
    """Region KMS key encrypting ECS Exec sessions and their log group."""
    fargate_base: int = 4
    """Tasks always placed on on-demand FARGATE (seed minimum: 4)."""
    spot_weight: int = 1
    """Relative FARGATE_SPOT weight above the base (FARGATE weight is 1)."""
    log_retention_days: int = 365
    """Retention of the ECS Exec audit log group."""

    def __post_init__(self) -> None:
        if not self.name or len(self.name) > 255:
            raise ValueError("cluster name must be 1..255 characters")
        if self.fargate_base < 1:
            raise ValueError("fargate_base must be at least 1: Spot alone is not HA")
        if self.spot_weight < 0:
            raise ValueError("spot_weight must not be negative")
        if self.log_retention_days < 1:
            raise ValueError("log_retention_days must be positive")


class FargateCluster(Construct):
    """An ECS cluster for Fargate services."""

    def __init__(self, scope: Construct, id: str, *, props: EcsClusterProps) -> None:
        super().__init__(scope, id)
        self.exec_log_group = CloudwatchLogGroup(
            self, "exec_logs", name=f"/ecs/{props.name}/exec",
            retention_in_days=props.log_retention_days, kms_key_id=props.kms_key_arn,
        )
        self.cluster = EcsCluster(
            self, "cluster", name=props.name,
            setting=[EcsClusterSetting(name="containerInsights", value="enabled")],
            configuration=EcsClusterConfiguration(
                execute_command_configuration=EcsClusterConfigurationExecuteCommandConfiguration(
                    kms_key_id=props.kms_key_arn,
                    logging="OVERRIDE",
                    log_configuration=(
                        EcsClusterConfigurationExecuteCommandConfigurationLogConfiguration(
                            cloud_watch_encryption_enabled=True,
                            cloud_watch_log_group_name=self.exec_log_group.name,
                        )
                    ),
                ),
            ),
        )
        strategy = [
            EcsClusterCapacityProvidersDefaultCapacityProviderStrategy(
                capacity_provider="FARGATE", base=props.fargate_base, weight=1),
        ]
        if props.spot_weight:
            strategy.append(EcsClusterCapacityProvidersDefaultCapacityProviderStrategy(
                capacity_provider="FARGATE_SPOT", base=0, weight=props.spot_weight))
        self.capacity_providers = EcsClusterCapacityProviders(
            self, "capacity_providers", cluster_name=self.cluster.name,
            capacity_providers=["FARGATE", "FARGATE_SPOT"],
            default_capacity_provider_strategy=strategy,
        )

    @property
    def name(self) -> str:
        """The cluster name (a token at synth time)."""
        return self.cluster.name

    @property
    def arn(self) -> str:
        """The cluster ARN."""
        return self.cluster.arn
