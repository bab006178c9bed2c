"""The seed's data-tier alarms: database connections > 80% of max_connections, database
CPU > 80%, database disk > 80% used, replica lag, Redis memory and CPU (worst node)."""

from __future__ import annotations

from dataclasses import dataclass

from constructs import Construct

from modules.monitoring.alarm_helpers import alarm, worst_node

GIB = 1024**3
#: A metric-math alarm takes at most 10 queries: 9 node metrics + the MAX expression.
_NODES_PER_ALARM = 9


def redis_node_ids(replication_group_id: str, shards: int,
                   replicas_per_shard: int) -> tuple[str, ...]:
    """Cache cluster ids ElastiCache gives the nodes of a cluster-mode replication group."""
    return tuple(f"{replication_group_id}-{s:04d}-{n:03d}"
                 for s in range(1, shards + 1) for n in range(1, replicas_per_shard + 2))


@dataclass(frozen=True)
class DataAlarmsProps:
    """Inputs of :class:`DataAlarms`."""

    name_prefix: str
    """Alarm name prefix, unique per region."""
    topic_arn: str
    """Alerts topic."""
    db_instance_id: str
    """Identifier of the PostgreSQL primary."""
    db_max_connections: int
    """``max_connections`` of the parameter group (``DatabaseSizing.max_connections``)."""
    db_allocated_storage_gb: int
    """Allocated storage in GiB (``DatabaseSizing.allocated_storage_gb``)."""
    redis_node_ids: tuple[str, ...]
    """Cache cluster ids of every Redis node (see :func:`redis_node_ids`)."""
    db_replica_ids: tuple[str, ...] = ()
    """Read replicas whose ReplicaLag is watched."""
    connections_percent: float = 80.0
    """Share of max_connections that alarms (seed: 80%)."""
    cpu_percent: float = 80.0
    """Database and Redis engine CPU that alarms (seed: 80%)."""
    disk_used_percent: float = 80.0
    """Used share of allocated storage that alarms (seed: 80%)."""
    redis_memory_percent: float = 80.0
    """Redis DatabaseMemoryUsagePercentage that alarms."""
    replica_lag_seconds: int = 300
    """Replica lag that alarms (well inside the seed's 15 min RPO)."""

    def __post_init__(self) -> None:
        if self.db_max_connections <= 0 or self.db_allocated_storage_gb <= 0:
            raise ValueError("db_max_connections and db_allocated_storage_gb must be positive")
        for label, pct in (("connections_percent", self.connections_percent),
                           ("cpu_percent", self.cpu_percent),
                           ("disk_used_percent", self.disk_used_percent),
                           ("redis_memory_percent", self.redis_memory_percent)):
            if not 0 < pct < 100:
                raise ValueError(f"{label} must be within (0, 100)")
        if not self.redis_node_ids:
            raise ValueError("redis_node_ids must not be empty")
        if self.replica_lag_seconds <= 0:
            raise ValueError("replica_lag_seconds must be positive")

    @property
    def connections_threshold(self) -> int:
        """Connections that alarm (2000 * 80% = 1600 by default)."""
        return int(self.db_max_connections * self.connections_percent / 100)

    @property
    def free_storage_threshold_bytes(self) -> int:
        """FreeStorageSpace below which more than ``disk_used_percent`` is used."""
        return int(self.db_allocated_storage_gb * GIB * (100 - self.disk_used_percent) / 100)


class DataAlarms(Construct):
    """RDS and ElastiCache alarms of one region."""

    def __init__(self, scope: Construct, id: str, *, props: DataAlarmsProps) -> None:
        super().__init__(scope, id)
        p, topic = props.name_prefix, props.topic_arn
        db = {"DBInstanceIdentifier": props.db_instance_id}
        rds = {"namespace": "AWS/RDS", "dimensions": db, "period": 60}
        self.db_connections = alarm(
            self, "db_connections", name=f"{p}-db-connections", topic_arn=topic,
            description=f"database connections above {props.connections_percent}% of "
                        f"max_connections ({props.db_max_connections})",
            metric_name="DatabaseConnections", statistic="Maximum", **rds,
            comparison_operator="GreaterThanThreshold", threshold=props.connections_threshold)
        self.db_cpu = alarm(
            self, "db_cpu", name=f"{p}-db-cpu", topic_arn=topic,
            description=f"database CPU above {props.cpu_percent}%",
            metric_name="CPUUtilization", statistic="Average", **rds,
            comparison_operator="GreaterThanThreshold", threshold=props.cpu_percent)
        self.db_disk = alarm(
            self, "db_disk", name=f"{p}-db-disk", topic_arn=topic,
            description=f"database storage more than {props.disk_used_percent}% used",
            metric_name="FreeStorageSpace", statistic="Minimum", **rds,
            comparison_operator="LessThanThreshold",
            threshold=props.free_storage_threshold_bytes)
        for i, replica in enumerate(props.db_replica_ids):
            alarm(self, f"replica_lag_{i}", name=f"{p}-db-replica-lag-{i}", topic_arn=topic,
                  description=f"read replica lag above {props.replica_lag_seconds} s",
                  namespace="AWS/RDS", metric_name="ReplicaLag", statistic="Maximum",
                  dimensions={"DBInstanceIdentifier": replica}, period=60,
                  comparison_operator="GreaterThanThreshold",
                  threshold=props.replica_lag_seconds)
        nodes = props.redis_node_ids
        for g, start in enumerate(range(0, len(nodes), _NODES_PER_ALARM)):
            chunk = nodes[start:start + _NODES_PER_ALARM]
            suffix = "" if len(nodes) <= _NODES_PER_ALARM else f"-{g}"
            for key, metric, threshold in (
                ("redis_memory", "DatabaseMemoryUsagePercentage", props.redis_memory_percent),
                ("redis_cpu", "EngineCPUUtilization", props.cpu_percent),
            ):
                alarm(self, f"{key}{suffix.replace('-', '_')}",
                      name=f"{p}-{key.replace('_', '-')}{suffix}", topic_arn=topic,
                      description=f"worst Redis node {metric} above {threshold}%",
                      comparison_operator="GreaterThanThreshold", threshold=threshold,
                      metric_query=worst_node(metric, chunk))
