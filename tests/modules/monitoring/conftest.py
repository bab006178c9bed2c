"""One synth per session of every monitoring construct on string inputs."""

from __future__ import annotations

import json
from typing import Any

import pytest


@pytest.fixture(scope="session")
def monitoring_stack() -> dict[str, Any]:
    """Topic, service and data alarms (default DatabaseSizing), dashboard, tracing."""
    from cdktf import Testing

    from modules.monitoring.alerts_topic import AlertsTopic, AlertsTopicProps
    from modules.monitoring.dashboard import DashboardProps, RegionDashboard
    from modules.monitoring.data_alarms import DataAlarms, DataAlarmsProps, redis_node_ids
    from modules.monitoring.service_alarms import ServiceAlarms, ServiceAlarmsProps
    from modules.monitoring.tracing import Tracing, TracingProps
    from regions import DatabaseSizing, RedisSizing
    from stacks.base import PlatformStack

    db, redis = DatabaseSizing(), RedisSizing()
    stack = PlatformStack(Testing.app(), "monitoring")
    stack.add_aws_provider("aws", region="us-east-1", tags={"Owner": "t"})
    topic = AlertsTopic(stack, "alerts", props=AlertsTopicProps(
        name="webapp-prod-us-alerts", kms_key_arn="arn:aws:kms:us-east-1:1:key/data",
        email_endpoints=("oncall@example.com",)))
    ServiceAlarms(stack, "service_alarms", props=ServiceAlarmsProps(
        name_prefix="webapp-prod-us", topic_arn=topic.arn, alb_arn_suffix="app/alb/123",
        cluster_name="cluster", service_name="service"))
    DataAlarms(stack, "data_alarms", props=DataAlarmsProps(
        name_prefix="webapp-prod-us", topic_arn=topic.arn, db_instance_id="db-primary",
        db_max_connections=db.max_connections, db_allocated_storage_gb=db.allocated_storage_gb,
        db_replica_ids=("db-reporting",),
        redis_node_ids=redis_node_ids("cache", redis.shards, redis.replicas_per_shard)))
    RegionDashboard(stack, "dashboard", props=DashboardProps(
        name="webapp-prod-us", aws_region="us-east-1", alb_arn_suffix="app/alb/123",
        cluster_name="cluster", service_name="service", db_instance_id="db-primary",
        redis_replication_group_id="cache"))
    Tracing(stack, "tracing", props=TracingProps(
        service_name="webapp-prod-us", kms_key_arn="arn:aws:kms:us-east-1:1:key/data"))
    return json.loads(Testing.synth(stack))
