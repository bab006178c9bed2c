"""The region's CloudWatch dashboard: traffic, errors, latency, service, database, Redis."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cdktf_cdktf_provider_aws.cloudwatch_dashboard import CloudwatchDashboard
from constructs import Construct


@dataclass(frozen=True)
class DashboardProps:
    """Inputs of :class:`RegionDashboard`."""

    name: str
    """Dashboard name, unique per region."""
    aws_region: str
    """Region the widgets read."""
    alb_arn_suffix: str
    """ALB ``LoadBalancer`` dimension."""
    cluster_name: str
    """ECS cluster."""
    service_name: str
    """ECS service."""
    db_instance_id: str
    """PostgreSQL primary identifier."""
    redis_replication_group_id: str
    """Redis replication group (nodes found with SEARCH)."""

    def __post_init__(self) -> None:
        if not self.name or len(self.name) > 255:
            raise ValueError("dashboard name must be 1..255 characters")


def _widget(title: str, metrics: list[list[Any]], x: int, y: int, stat: str,
            region: str) -> dict[str, Any]:
    return {"type": "metric", "x": x, "y": y, "width": 12, "height": 6,
            "properties": {"title": title, "region": region, "stat": stat, "period": 60,
                           "view": "timeSeries", "metrics": metrics}}


class RegionDashboard(Construct):
    """One dashboard per serving region."""

    def __init__(self, scope: Construct, id: str, *, props: DashboardProps) -> None:
        super().__init__(scope, id)
        r, lb = props.aws_region, props.alb_arn_suffix
        svc = ["ClusterName", props.cluster_name, "ServiceName", props.service_name]
        db = ["DBInstanceIdentifier", props.db_instance_id]
        redis_search = ("SEARCH('{AWS/ElastiCache,CacheClusterId} MetricName=\"%s\" "
                        + props.redis_replication_group_id + "', 'Maximum', 60)")
        widgets = [
            _widget("Requests and 5xx", [
                ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", lb],
                [".", "HTTPCode_Target_5XX_Count", ".", "."],
                [".", "HTTPCode_ELB_5XX_Count", ".", "."]], 0, 0, "Sum", r),
            _widget("Target response time p95", [
                ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", lb,
                 {"stat": "p95"}]], 12, 0, "p95", r),
            _widget("Service CPU / memory", [
                ["AWS/ECS", "CPUUtilization", *svc], [".", "MemoryUtilization", *svc]],
                0, 6, "Average", r),
            _widget("Running tasks", [
                ["ECS/ContainerInsights", "RunningTaskCount", *svc]], 12, 6, "Average", r),
            _widget("Database", [
                ["AWS/RDS", "CPUUtilization", *db], [".", "DatabaseConnections", *db],
                [".", "FreeStorageSpace", *db, {"yAxis": "right"}]], 0, 12, "Maximum", r),
            _widget("Redis (worst node)", [
                [{"expression": redis_search % "EngineCPUUtilization", "id": "cpu"}],
                [{"expression": redis_search % "DatabaseMemoryUsagePercentage",
                  "id": "mem"}]], 12, 12, "Maximum", r),
        ]
        self.dashboard = CloudwatchDashboard(
            self, "dashboard", dashboard_name=props.name,
            dashboard_body=json.dumps({"widgets": widgets}))
