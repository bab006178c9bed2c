"""The ECS Fargate service: private subnets without public IPs, FARGATE + FARGATE_SPOT,
rolling deployments (100% / 200%) guarded by a circuit breaker that rolls back."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import TerraformResourceLifecycle
from cdktf_cdktf_provider_aws.ecs_service import (
    EcsService,
    EcsServiceCapacityProviderStrategy,
    EcsServiceDeploymentCircuitBreaker,
    EcsServiceDeploymentController,
    EcsServiceLoadBalancer,
    EcsServiceNetworkConfiguration,
)
from constructs import Construct


@dataclass(frozen=True)
class FargateServiceProps:
    """Inputs of :class:`FargateService`."""

    name: str
    """Service name, unique in the cluster."""
    cluster_arn: str
    """Cluster the service runs in."""
    task_definition_arn: str
    """Task definition to run."""
    subnet_ids: tuple[str, ...]
    """Private-app subnets, one per AZ (at least 3)."""
    security_group_ids: tuple[str, ...]
    """The tasks security group (ingress only from the ALB)."""
    target_group_arn: str
    """ALB target group the app container registers with."""
    container_name: str
    """Container that receives ALB traffic."""
    container_port: int
    """Port of that container."""
    desired_count: int = 4
    """Initial task count (autoscaling owns it afterwards; seed minimum 4)."""
    fargate_base: int = 4
    """Tasks always on on-demand FARGATE."""
    spot_weight: int = 1
    """FARGATE_SPOT weight above the base (FARGATE weight is 1); 0 disables Spot."""
    min_healthy_percent: int = 100
    """Rolling deployment floor: never below the running count."""
    max_percent: int = 200
    """Rolling deployment ceiling."""
    health_check_grace_seconds: int = 60
    """Grace period before ALB health checks count against new tasks."""
    enable_execute_command: bool = True
    """ECS Exec: admins open a shell in a task through Session Manager (no open port);
    the task role then needs :class:`modules.compute.task_roles.TaskRoles`' exec grants."""

    def __post_init__(self) -> None:
        if len(self.subnet_ids) < 3:
            raise ValueError("the service needs at least 3 private subnets (3 AZs)")
        if not self.security_group_ids:
            raise ValueError("the service needs its security group")
        if self.min_healthy_percent < 100:
            raise ValueError("min_healthy_percent below 100 drops capacity during deploys")
        if self.max_percent <= self.min_healthy_percent:
            raise ValueError("max_percent must exceed min_healthy_percent to roll tasks")
        if self.fargate_base > self.desired_count:
            raise ValueError("fargate_base cannot exceed desired_count")
        if self.spot_weight < 0:
            raise ValueError("spot_weight must not be negative")


class FargateService(Construct):
    """An ECS service behind the ALB."""

    def __init__(self, scope: Construct, id: str, *, props: FargateServiceProps) -> None:
        super().__init__(scope, id)
        strategy = [EcsServiceCapacityProviderStrategy(
            capacity_provider="FARGATE", base=props.fargate_base, weight=1)]
        if props.spot_weight:
            strategy.append(EcsServiceCapacityProviderStrategy(
                capacity_provider="FARGATE_SPOT", base=0, weight=props.spot_weight))
        self.service = EcsService(
            self, "service", name=props.name, cluster=props.cluster_arn,
            task_definition=props.task_definition_arn, desired_count=props.desired_count,
            capacity_provider_strategy=strategy, platform_version="LATEST",
            deployment_controller=EcsServiceDeploymentController(type="ECS"),
            deployment_circuit_breaker=EcsServiceDeploymentCircuitBreaker(
                enable=True, rollback=True),
            deployment_minimum_healthy_percent=props.min_healthy_percent,
            deployment_maximum_percent=props.max_percent,
            network_configuration=EcsServiceNetworkConfiguration(
                subnets=list(props.subnet_ids), security_groups=list(props.security_group_ids),
                assign_public_ip=False),
            load_balancer=[EcsServiceLoadBalancer(
                target_group_arn=props.target_group_arn, container_name=props.container_name,
                container_port=props.container_port)],
            health_check_grace_period_seconds=props.health_check_grace_seconds,
            availability_zone_rebalancing="ENABLED",
            enable_ecs_managed_tags=True, propagate_tags="SERVICE",
            enable_execute_command=props.enable_execute_command,
            # Autoscaling owns the running count after the first apply.
            lifecycle=TerraformResourceLifecycle(ignore_changes=["desired_count"]),
        )

    @property
    def name(self) -> str:
        """The service name."""
        return self.service.name
