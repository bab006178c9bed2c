"""The seed's front-door alarms: 5xx error rate > 1% (metric math over RequestCount),
p95 response time > 500 ms, service CPU > 80%."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import (
    CloudwatchMetricAlarmMetricQuery,
    CloudwatchMetricAlarmMetricQueryMetric,
)
from constructs import Construct

from modules.monitoring.alarm_helpers import alarm

#: Error rate in percent; 0 when there was no traffic.
ERROR_RATE_EXPRESSION = (
    "IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)")


@dataclass(frozen=True)
class ServiceAlarmsProps:
    """Inputs of :class:`ServiceAlarms`."""

    name_prefix: str
    """Alarm name prefix, unique per region (e.g. ``webapp-prod-us``)."""
    topic_arn: str
    """Alerts topic."""
    alb_arn_suffix: str
    """``LoadBalancer`` dimension (the ALB's arn_suffix)."""
    cluster_name: str
    """ECS cluster of the service."""
    service_name: str
    """ECS service."""
    error_rate_percent: float = 1.0
    """5xx share of requests that alarms (seed: 1%)."""
    p95_latency_seconds: float = 0.5
    """p95 TargetResponseTime that alarms (seed: 500 ms)."""
    cpu_percent: float = 80.0
    """Service average CPU that alarms (seed: 80%)."""
    period_seconds: int = 60
    """Evaluation period."""

    def __post_init__(self) -> None:
        if not 0 < self.error_rate_percent < 100:
            raise ValueError("error_rate_percent must be within (0, 100)")
        if self.p95_latency_seconds <= 0:
            raise ValueError("p95_latency_seconds must be positive")
        if not 0 < self.cpu_percent <= 100:
            raise ValueError("cpu_percent must be within (0, 100]")
        if self.period_seconds not in (10, 30) and self.period_seconds % 60:
            raise ValueError("period_seconds must be 10, 30 or a multiple of 60")


class ServiceAlarms(Construct):
    """ALB and ECS alarms of one region."""

    def __init__(self, scope: Construct, id: str, *, props: ServiceAlarmsProps) -> None:
        super().__init__(scope, id)
        lb = {"LoadBalancer": props.alb_arn_suffix}

        def alb_sum(qid: str, metric: str) -> CloudwatchMetricAlarmMetricQuery:
            return CloudwatchMetricAlarmMetricQuery(
                id=qid, return_data=False, metric=CloudwatchMetricAlarmMetricQueryMetric(
                    namespace="AWS/ApplicationELB", metric_name=metric, dimensions=lb,
                    stat="Sum", period=props.period_seconds))

        p = props.name_prefix
        self.error_rate = alarm(
            self, "error_rate", name=f"{p}-5xx-error-rate", topic_arn=props.topic_arn,
            description=f"5xx responses above {props.error_rate_percent}% of requests",
            comparison_operator="GreaterThanThreshold", threshold=props.error_rate_percent,
            treat_missing_data="notBreaching",
            metric_query=[
                alb_sum("target5xx", "HTTPCode_Target_5XX_Count"),
                alb_sum("elb5xx", "HTTPCode_ELB_5XX_Count"),
                alb_sum("requests", "RequestCount"),
                CloudwatchMetricAlarmMetricQuery(
                    id="error_rate", expression=ERROR_RATE_EXPRESSION,
                    label="5xx error rate (%)", return_data=True),
            ],
        )
        self.p95_latency = alarm(
            self, "p95_latency", name=f"{p}-p95-response-time", topic_arn=props.topic_arn,
            description=f"p95 target response time above {props.p95_latency_seconds} s",
            namespace="AWS/ApplicationELB", metric_name="TargetResponseTime", dimensions=lb,
            extended_statistic="p95", period=props.period_seconds,
            comparison_operator="GreaterThanThreshold", threshold=props.p95_latency_seconds,
            treat_missing_data="notBreaching",
        )
        self.service_cpu = alarm(
            self, "service_cpu", name=f"{p}-service-cpu", topic_arn=props.topic_arn,
            description=f"ECS service CPU above {props.cpu_percent}%",
            namespace="AWS/ECS", metric_name="CPUUtilization", statistic="Average",
            dimensions={"ClusterName": props.cluster_name, "ServiceName": props.service_name},
            period=props.period_seconds, comparison_operator="GreaterThanThreshold",
            threshold=props.cpu_percent,
        )
