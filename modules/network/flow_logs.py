"""VPC flow logs (all traffic) into a KMS-encrypted CloudWatch log group."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.flow_log import FlowLog
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from constructs import Construct

from modules.policy_documents import assume_role, document


@dataclass(frozen=True)
class FlowLogsProps:
    """Props of :class:`FlowLogs`."""

    name: str
    """Name prefix; the IAM role is ``<name>-flow-logs`` (unique per region)."""
    vpc_id: str
    """VPC to log."""
    kms_key_arn: str
    """Key encrypting the log group (must allow the CloudWatch Logs service)."""
    retention_days: int = 365
    """How long flow logs are kept (they hold IP addresses: personal data under GDPR)."""

    def __post_init__(self) -> None:
        if self.retention_days < 90:
            raise ValueError("flow log retention must be at least 90 days")


class FlowLogs(Construct):
    """Flow log of ALL traffic, with a role that may write only to its log group."""

    def __init__(self, scope: Construct, id: str, *, props: FlowLogsProps) -> None:
        super().__init__(scope, id)
        group = CloudwatchLogGroup(self, "log_group", name=f"/vpc/{props.name}/flow-logs",
                                   retention_in_days=props.retention_days,
                                   kms_key_id=props.kms_key_arn)
        role = IamRole(self, "role", name=f"{props.name}-flow-logs",
                       assume_role_policy=assume_role("vpc-flow-logs.amazonaws.com"))
        IamRolePolicy(self, "role_policy", role=role.id, policy=document({
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            "Resource": [group.arn, f"{group.arn}:*"],
        }))
        FlowLog(self, "flow_log", vpc_id=props.vpc_id, traffic_type="ALL",
                log_destination_type="cloud-watch-logs", log_destination=group.arn,
                iam_role_arn=role.arn, max_aggregation_interval=60)
