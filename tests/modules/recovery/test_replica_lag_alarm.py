"""ReplicaLagAlarm on the real synth: each DR replica (in its standby stack) pages on lag."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import resources_of


@pytest.mark.parametrize(("stack", "alarm_name"), [
    ("standby-us-eu-west-1", "webapp-prod-us-dr-replica-lag"),
    ("standby-eu-eu-central-1", "webapp-prod-eu-dr-replica-lag"),
])
def test_dr_replica_lag_alarm_pages_through_the_region_topic(
        stacks: dict[str, dict[str, Any]], stack: str, alarm_name: str) -> None:
    eu = stacks[stack]
    alarms = [a for a in resources_of(eu, "aws_cloudwatch_metric_alarm").values()
              if a["alarm_name"] == alarm_name]
    assert len(alarms) == 1
    alarm = alarms[0]
    # 300 s: a third of the 15-minute RPO (hand-chosen oracle, not read from the code).
    assert alarm["threshold"] == 300
    assert alarm["metric_name"] == "ReplicaLag"
    assert alarm["namespace"] == "AWS/RDS"
    assert alarm["dimensions"] == {
        "DBInstanceIdentifier": "${aws_db_instance.replica_replica.identifier}"}
    assert alarm["treat_missing_data"] == "breaching"
    topics = resources_of(eu, "aws_sns_topic")
    assert len(topics) == 1
    topic_ref = "${aws_sns_topic." + next(iter(topics)) + ".arn}"
    assert alarm["alarm_actions"] == [topic_ref]
    assert alarm["ok_actions"] == [topic_ref]


@pytest.mark.parametrize("stack", ["app-us-east-1", "app-eu-west-1"])
def test_app_stacks_host_no_dr_replica_alarm(stacks: dict[str, dict[str, Any]],
                                             stack: str) -> None:
    names = [a["alarm_name"] for a in
             resources_of(stacks[stack], "aws_cloudwatch_metric_alarm").values()]
    assert not [n for n in names if n.endswith("-dr-replica-lag")]


def test_lag_threshold_must_stay_below_the_rpo() -> None:
    from modules.recovery.replica_lag_alarm import ReplicaLagAlarmProps

    with pytest.raises(ValueError, match="below the RPO"):
        ReplicaLagAlarmProps(name="a", replica_identifier="r", topic_arn="t",
                             max_lag_seconds=900)
