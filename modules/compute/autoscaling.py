"""Service autoscaling: 4..50 tasks on 70% average CPU (target tracking), or the
seed's step policies (add after CPU > 70% for 2 min, remove after CPU < 30% for 10 min)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cdktf_cdktf_provider_aws.appautoscaling_policy import (
    AppautoscalingPolicy,
    AppautoscalingPolicyStepScalingPolicyConfiguration,
    AppautoscalingPolicyStepScalingPolicyConfigurationStepAdjustment,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification,
)
from cdktf_cdktf_provider_aws.appautoscaling_target import AppautoscalingTarget
from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm
from constructs import Construct

ScalingMode = Literal["target-tracking", "step"]


@dataclass(frozen=True)
class ServiceAutoscalingProps:
    """Inputs of :class:`ServiceAutoscaling`."""

    cluster_name: str
    """Cluster of the service."""
    service_name: str
    """Service to scale."""
    min_tasks: int = 4
    """Floor (seed: 4 per region)."""
    max_tasks: int = 50
    """Ceiling (seed: 50 per region)."""
    cpu_target_percent: int = 70
    """Target average CPU (target tracking) and scale-out threshold (step)."""
    mode: ScalingMode = "target-tracking"
    """``target-tracking`` (default) or the seed's literal ``step`` policies."""
    scale_out_after_seconds: int = 120
    """Step mode: CPU above target this long adds capacity (seed: 2 min)."""
    scale_in_threshold_percent: int = 30
    """Step mode: CPU below this removes capacity (seed: 30%)."""
    scale_in_after_seconds: int = 600
    """Step mode: CPU below the scale-in threshold this long removes capacity (seed: 10 min)."""
    scale_out_step: int = 4
    """Step mode: tasks added per scale-out."""

    def __post_init__(self) -> None:
        if not 1 <= self.min_tasks <= self.max_tasks:
            raise ValueError(f"min_tasks ({self.min_tasks}) must be 1..max_tasks "
                             f"({self.max_tasks})")
        if not 10 <= self.cpu_target_percent <= 90:
            raise ValueError("cpu_target_percent must be 10..90")
        if self.mode not in ("target-tracking", "step"):
            raise ValueError(f"unknown scaling mode {self.mode!r}")
        if self.scale_in_threshold_percent >= self.cpu_target_percent:
            raise ValueError("scale_in_threshold_percent must be below cpu_target_percent")
        for label, secs in (("scale_out_after_seconds", self.scale_out_after_seconds),
                            ("scale_in_after_seconds", self.scale_in_after_seconds)):
            if secs < 60 or secs % 60:
                raise ValueError(f"{label} must be a positive multiple of 60")


class ServiceAutoscaling(Construct):
    """Application Auto Scaling target + policies for one ECS service."""

    def __init__(self, scope: Construct, id: str, *, props: ServiceAutoscalingProps) -> None:
        super().__init__(scope, id)
        self.target = AppautoscalingTarget(
            self, "target", service_namespace="ecs", scalable_dimension="ecs:service:DesiredCount",
            resource_id=f"service/{props.cluster_name}/{props.service_name}",
            min_capacity=props.min_tasks, max_capacity=props.max_tasks,
        )
        if props.mode == "target-tracking":
            self._target_tracking(props)
        else:
            self._step(props)

    def _target_tracking(self, props: ServiceAutoscalingProps) -> None:
        metric = AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification(  # noqa: E501
            predefined_metric_type="ECSServiceAverageCPUUtilization")
        AppautoscalingPolicy(
            self, "cpu_target", name=f"{props.service_name}-cpu-{props.cpu_target_percent}",
            policy_type="TargetTrackingScaling", service_namespace=self.target.service_namespace,
            resource_id=self.target.resource_id, scalable_dimension=self.target.scalable_dimension,
            target_tracking_scaling_policy_configuration=(
                AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration(
                    target_value=props.cpu_target_percent,
                    predefined_metric_specification=metric,
                    scale_out_cooldown=props.scale_out_after_seconds,
                    scale_in_cooldown=props.scale_in_after_seconds)),
        )

    def _step_policy(self, id: str, props: ServiceAutoscalingProps, change: int,
                     upper: bool, cooldown: int) -> AppautoscalingPolicy:
        adjustment = AppautoscalingPolicyStepScalingPolicyConfigurationStepAdjustment(
            scaling_adjustment=change,
            **({"metric_interval_lower_bound": "0"} if upper
               else {"metric_interval_upper_bound": "0"}))
        return AppautoscalingPolicy(
            self, id, name=f"{props.service_name}-{id}", policy_type="StepScaling",
            service_namespace=self.target.service_namespace, resource_id=self.target.resource_id,
            scalable_dimension=self.target.scalable_dimension,
            step_scaling_policy_configuration=AppautoscalingPolicyStepScalingPolicyConfiguration(
                adjustment_type="ChangeInCapacity", cooldown=cooldown,
                metric_aggregation_type="Average", step_adjustment=[adjustment]),
        )

    def _step(self, props: ServiceAutoscalingProps) -> None:
        out = self._step_policy("scale_out", props, props.scale_out_step, True,
                                props.scale_out_after_seconds)
        inn = self._step_policy("scale_in", props, -1, False, props.scale_in_after_seconds)
        dims = {"ClusterName": props.cluster_name, "ServiceName": props.service_name}
        for id, policy, op, threshold, secs in (
            ("cpu_high", out, "GreaterThanThreshold", props.cpu_target_percent,
             props.scale_out_after_seconds),
            ("cpu_low", inn, "LessThanThreshold", props.scale_in_threshold_percent,
             props.scale_in_after_seconds),
        ):
            CloudwatchMetricAlarm(
                self, id, alarm_name=f"{props.service_name}-scaling-{id}",
                namespace="AWS/ECS", metric_name="CPUUtilization", dimensions=dims,
                statistic="Average", period=60, evaluation_periods=secs // 60,
                datapoints_to_alarm=secs // 60, threshold=threshold, comparison_operator=op,
                alarm_actions=[policy.arn], actions_enabled=True,
            )
