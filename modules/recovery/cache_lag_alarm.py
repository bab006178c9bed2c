"""A replication-lag alarm on a Redis Global Datastore secondary.

The secondary is what a region loss recovers sessions from, so its lag behind the primary
is the cache's RPO on offer: ``GlobalDatastoreReplicationLag`` (seconds, published by the
secondary's nodes; for cluster mode the worst shard) pages when its worst node stays above
``max_lag_seconds`` for 3 of 5 minutes. A missing metric is breaching: a secondary that
stopped reporting is not one to fail over to.
"""

from __future__ import annotations

from dataclasses import dataclass

from constructs import Construct

from modules.monitoring.alarm_helpers import alarm, worst_node
from modules.recovery.replica_lag_alarm import RPO_SECONDS


@dataclass(frozen=True)
class CacheLagAlarmProps:
    """Inputs of :class:`CacheLagAlarm`."""

    name: str
    """Alarm name, e.g. ``webapp-prod-standby-us-cache-global-lag``."""
    node_ids: tuple[str, ...]
    """Cache cluster ids of the secondary's nodes (in this stack's region)."""
    topic_arn: str
    """Subscribed alerts topic of this region."""
    max_lag_seconds: int = 60
    """Lag that pages: the cache's stated RPO (estimate/facts.toml ``redis_global_rpo``)."""

    def __post_init__(self) -> None:
        if not 0 < self.max_lag_seconds < RPO_SECONDS:
            raise ValueError(f"max_lag_seconds must be 1..{RPO_SECONDS - 1} (below the RPO)")
        if not self.node_ids:
            raise ValueError("node_ids must not be empty")


class CacheLagAlarm(Construct):
    """One CloudWatch alarm on the worst node's ``GlobalDatastoreReplicationLag``."""

    def __init__(self, scope: Construct, id: str, *, props: CacheLagAlarmProps) -> None:
        super().__init__(scope, id)
        self.alarm = alarm(
            self, "alarm", name=props.name, topic_arn=props.topic_arn,
            description=(f"Redis Global Datastore secondary lag above "
                         f"{props.max_lag_seconds} s (RPO {RPO_SECONDS} s)"),
            comparison_operator="GreaterThanThreshold", threshold=props.max_lag_seconds,
            treat_missing_data="breaching",
            metric_query=worst_node("GlobalDatastoreReplicationLag", props.node_ids))
