"""Alarms on one bucket's cross-region replication (S3 Replication Time Control metrics).

RTC publishes ``ReplicationLatency`` and ``OperationsFailedReplication`` per rule in the
source bucket's region. The latency alarm pages when the slowest object stays above the
15-minute RTC bound (the RPO) for 3 of 5 minutes; a failed replication pages at once. A
missing latency metric is breaching: replication that stopped reporting gives no RPO.
"""

from __future__ import annotations

from dataclasses import dataclass

from constructs import Construct

from modules.monitoring.alarm_helpers import alarm

#: The replication rule id of :class:`modules.storage.bucket_replication.BucketReplication`.
RULE_ID = "dr-copy"


@dataclass(frozen=True)
class ReplicationAlarmsProps:
    """Inputs of :class:`ReplicationAlarms`."""

    name: str
    """Alarm name prefix, e.g. ``webapp-prod-eu-assets``."""
    source_bucket: str
    """Source bucket name (metric dimension ``SourceBucket``)."""
    destination_bucket: str
    """Destination bucket name (metric dimension ``DestinationBucket``)."""
    topic_arn: str
    """Subscribed alerts topic of the source region."""
    max_latency_seconds: int = 900
    """Latency that pages: RTC's 15-minute bound."""

    def __post_init__(self) -> None:
        if not 60 <= self.max_latency_seconds <= 900:
            raise ValueError("max_latency_seconds must be 60..900 (RTC bound: 15 minutes)")


class ReplicationAlarms(Construct):
    """Latency and failed-operations alarms of one replication rule."""

    def __init__(self, scope: Construct, id: str, *, props: ReplicationAlarmsProps) -> None:
        super().__init__(scope, id)
        dims = {"SourceBucket": props.source_bucket,
                "DestinationBucket": props.destination_bucket, "RuleId": RULE_ID}
        self.latency = alarm(
            self, "latency", name=f"{props.name}-replication-latency",
            topic_arn=props.topic_arn,
            description=(f"Replication of {props.source_bucket} slower than "
                         f"{props.max_latency_seconds} s (RPO)"),
            namespace="AWS/S3", metric_name="ReplicationLatency", statistic="Maximum",
            dimensions=dims, period=60, comparison_operator="GreaterThanThreshold",
            threshold=props.max_latency_seconds, treat_missing_data="breaching")
        self.failed = alarm(
            self, "failed", name=f"{props.name}-replication-failed", topic_arn=props.topic_arn,
            description=f"Objects of {props.source_bucket} failed to replicate",
            namespace="AWS/S3", metric_name="OperationsFailedReplication", statistic="Sum",
            dimensions=dims, period=300, evaluation_periods=1, datapoints_to_alarm=1,
            comparison_operator="GreaterThanThreshold", threshold=0,
            treat_missing_data="notBreaching")
