"""Shared alarm wiring: every alarm notifies the alerts topic on ALARM and OK."""

from __future__ import annotations

from typing import Any

from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm
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
