"""Shared alarm wiring: every alarm notifies the alerts topic on ALARM and OK."""

from __future__ import annotations

from typing import Any

from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import (
    CloudwatchMetricAlarm,
    CloudwatchMetricAlarmMetricQuery,
    CloudwatchMetricAlarmMetricQueryMetric,
)
from constructs import Construct


def alarm(scope: Construct, id: str, *, name: str, topic_arn: str, description: str,
          **settings: Any) -> CloudwatchMetricAlarm:
    """A CloudWatch alarm named ``name`` that pages through ``topic_arn``."""
    settings.setdefault("evaluation_periods", 5)
    settings.setdefault("datapoints_to_alarm", 3)
    settings.setdefault("treat_missing_data", "missing")
    return CloudwatchMetricAlarm(
        scope, id, alarm_name=name, alarm_description=description, actions_enabled=True,
        alarm_actions=[topic_arn], ok_actions=[topic_arn], **settings,
    )


def health_check_alarm(scope: Construct, id: str, *, name: str, topic_arn: str,
                       description: str, health_check_id: str) -> CloudwatchMetricAlarm:
    """An alarm on a Route 53 health check (its metrics exist in us-east-1 only): unhealthy
    for 2 of 3 minutes, missing data counted as unhealthy."""
    return alarm(scope, id, name=name, topic_arn=topic_arn, description=description,
                 namespace="AWS/Route53", metric_name="HealthCheckStatus",
                 statistic="Minimum", dimensions={"HealthCheckId": health_check_id},
                 period=60, evaluation_periods=3, datapoints_to_alarm=2,
                 comparison_operator="LessThanThreshold", threshold=1,
                 treat_missing_data="breaching")


def worst_node(metric: str, nodes: tuple[str, ...]) -> list[CloudwatchMetricAlarmMetricQuery]:
    """Metric-math queries for the worst (maximum) ``AWS/ElastiCache`` ``metric`` over
    ``nodes`` (cache cluster ids); the last query is the one the alarm judges."""
    queries = [CloudwatchMetricAlarmMetricQuery(
        id=f"n{i}", return_data=False, metric=CloudwatchMetricAlarmMetricQueryMetric(
            namespace="AWS/ElastiCache", metric_name=metric, stat="Maximum", period=60,
            dimensions={"CacheClusterId": node})) for i, node in enumerate(nodes)]
    ids = ", ".join(q.id for q in queries)
    queries.append(CloudwatchMetricAlarmMetricQuery(
        id="worst", expression=f"MAX([{ids}])", label=f"max {metric}", return_data=True))
    return queries
