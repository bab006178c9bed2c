"""DataAlarms: DB connections > 80% of max (1600), CPU/disk > 80%, replica lag, Redis."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import resources_of


def _alarms(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm

    return resources_of(stack, CloudwatchMetricAlarm.TF_RESOURCE_TYPE)


def test_db_connections_alarm_at_80_percent_of_2000(monitoring_stack: dict[str, Any]) -> None:
    alarm = _alarms(monitoring_stack)["data_alarms_db_connections"]
    assert alarm["metric_name"] == "DatabaseConnections"
    assert alarm["threshold"] == 1600
    assert alarm["dimensions"] == {"DBInstanceIdentifier": "db-primary"}


def test_db_cpu_and_disk_alarm_at_80_percent(monitoring_stack: dict[str, Any]) -> None:
    alarms = _alarms(monitoring_stack)
    assert alarms["data_alarms_db_cpu"]["threshold"] == 80
    disk = alarms["data_alarms_db_disk"]
    assert disk["metric_name"] == "FreeStorageSpace"
    assert disk["comparison_operator"] == "LessThanThreshold"
    assert disk["threshold"] == 200 * 1024**3  # 20% of 1000 GiB free = 80% used


def test_replica_lag_alarm_per_replica(monitoring_stack: dict[str, Any]) -> None:
    lag = _alarms(monitoring_stack)["data_alarms_replica_lag_0"]
    assert lag["metric_name"] == "ReplicaLag"
    assert lag["dimensions"] == {"DBInstanceIdentifier": "db-reporting"}
    assert lag["threshold"] == 300


def test_redis_alarms_watch_the_worst_of_all_nine_nodes(monitoring_stack: dict[str, Any]) -> None:
    alarms = _alarms(monitoring_stack)
    for key, metric in (("data_alarms_redis_memory", "DatabaseMemoryUsagePercentage"),
                        ("data_alarms_redis_cpu", "EngineCPUUtilization")):
        alarm = alarms[key]
        assert alarm["threshold"] == 80
        nodes = [q["metric"]["dimensions"]["CacheClusterId"]
                 for q in alarm["metric_query"] if "metric" in q]
        assert nodes == [f"cache-000{s}-00{n}" for s in (1, 2, 3) for n in (1, 2, 3)]
        assert {q["metric"]["metric_name"] for q in alarm["metric_query"] if "metric" in q} \
            == {metric}
        assert alarm["metric_query"][-1]["expression"].startswith("MAX([n0, n1")


def test_redis_node_ids_follow_elasticache_naming() -> None:
    from modules.monitoring.data_alarms import redis_node_ids

    assert redis_node_ids("rg", 2, 1) == ("rg-0001-001", "rg-0001-002",
                                          "rg-0002-001", "rg-0002-002")


@pytest.mark.parametrize(("overrides", "message"), [
    ({"redis_node_ids": ()}, "redis_node_ids"),
    ({"connections_percent": 120}, "connections_percent"),
    ({"db_max_connections": 0}, "positive"),
])
def test_conflicting_data_alarm_props_fail(overrides: dict[str, Any], message: str) -> None:
    from modules.monitoring.data_alarms import DataAlarmsProps

    base: dict[str, Any] = dict(name_prefix="p", topic_arn="t", db_instance_id="d",
                                db_max_connections=100, db_allocated_storage_gb=10,
                                redis_node_ids=("n",))
    base.update(overrides)
    with pytest.raises(ValueError, match=message):
        DataAlarmsProps(**base)
