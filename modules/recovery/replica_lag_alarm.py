"""A replica-lag alarm on a cross-region (DR) database replica.

The replica is what a region loss is recovered from, so its lag is the RPO actually on
offer: the alarm pages when the lag stays above ``max_lag_seconds`` (default 300 s, a third
of the 15-minute RPO, leaving time to act) for 3 of 5 minutes. A missing metric is
breaching: a replica that stopped reporting is not a replica to fail over to.
"""

from __future__ import annotations

from dataclasses import dataclass

from constructs import Construct

from modules.monitoring.alarm_helpers import alarm

#: The seed's recovery point objective, in seconds.
RPO_SECONDS = 15 * 60


@dataclass(frozen=True)
class ReplicaLagAlarmProps:
    """Inputs of :class:`ReplicaLagAlarm`."""

    name: str
    """Alarm name, e.g. ``webapp-prod-us-dr-replica-lag``."""
    replica_identifier: str
    """``DBInstanceIdentifier`` of the cross-region replica (in this stack's region)."""
    topic_arn: str
    """Subscribed alerts topic of this region that pages on alarm and recovery."""
    max_lag_seconds: int = 300
    """Lag that pages; must stay below the RPO."""

    def __post_init__(self) -> None:
        if not 0 < self.max_lag_seconds < RPO_SECONDS:
            raise ValueError(f"max_lag_seconds must be 1..{RPO_SECONDS - 1} (below the RPO)")


class ReplicaLagAlarm(Construct):
    """One CloudWatch alarm on ``AWS/RDS ReplicaLag`` of the DR replica."""

    def __init__(self, scope: Construct, id: str, *, props: ReplicaLagAlarmProps) -> None:
        super().__init__(scope, id)
        self.alarm = alarm(
            self, "alarm", name=props.name, topic_arn=props.topic_arn,
            description=(f"DR replica {props.replica_identifier} lag above "
                         f"{props.max_lag_seconds} s (RPO {RPO_SECONDS} s)"),
            namespace="AWS/RDS", metric_name="ReplicaLag", statistic="Maximum",
            dimensions={"DBInstanceIdentifier": props.replica_identifier}, period=60,
            comparison_operator="GreaterThanThreshold", threshold=props.max_lag_seconds,
            treat_missing_data="breaching")
