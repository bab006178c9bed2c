"""The IAM role the FIS drills run as: exactly the four drills' actions, nothing more.

Scoped to the region's own resources: the network ACL swap of the AZ-loss drill (only ACLs
FIS creates and tags ``managedByFIS``), reboot-with-failover of the one primary, stopping
tasks of the one cluster, and starting/stopping the one evacuation Automation document
(passing it its own role). Describe/List calls that support no resource scoping are the
only ``*`` resources.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from constructs import Construct

from modules.policy_documents import assume_role, document


@dataclass(frozen=True)
class DrillRoleProps:
    """Inputs of :class:`DrillRole`."""

    name: str
    """Regional name prefix, e.g. ``webapp-prod-eu``."""
    region: str
    """AWS region of the drills."""
    db_arn: str
    """ARN of the database primary (reboot with failover)."""
    cluster_name: str
    """ECS cluster whose tasks the task-termination drill stops."""
    document_name: str
    """Name of the evacuation Automation document."""
    automation_role_arn: str
    """Role the Automation document runs as (passed by FIS)."""


class DrillRole(Construct):
    """``<name>-<region>-fis``, trusted by FIS of this account only."""

    def __init__(self, scope: Construct, id: str, *, props: DrillRoleProps) -> None:
        super().__init__(scope, id)
        region = props.region
        account = DataAwsCallerIdentity(self, "account").account_id
        ec2 = f"arn:aws:ec2:{region}:{account}"
        fis_tag = {"StringEquals": {"ec2:ResourceTag/managedByFIS": "true"}}
        cluster = f"arn:aws:ecs:{region}:{account}:cluster/{props.cluster_name}"
        self.role = IamRole(self, "role", name=f"{props.name}-{region}-fis",
                            assume_role_policy=assume_role(
                                "fis.amazonaws.com",
                                StringEquals={"aws:SourceAccount": account}))
        IamRolePolicy(self, "policy", role=self.role.id, name="dr-drills", policy=document(
            {"Sid": "AzLossCreateAcl", "Effect": "Allow", "Action": "ec2:CreateNetworkAcl",
             "Resource": f"{ec2}:network-acl/*",
             "Condition": {"StringEquals": {"aws:RequestTag/managedByFIS": "true"}}},
            {"Sid": "AzLossTagAcl", "Effect": "Allow", "Action": "ec2:CreateTags",
             "Resource": f"{ec2}:network-acl/*",
             "Condition": {"StringEquals": {"ec2:CreateAction": "CreateNetworkAcl"}}},
            {"Sid": "AzLossEditOwnAcl", "Effect": "Allow",
             "Action": ["ec2:CreateNetworkAclEntry", "ec2:DeleteNetworkAcl"],
             "Resource": f"{ec2}:network-acl/*", "Condition": fis_tag},
            {"Sid": "AzLossSwapAcl", "Effect": "Allow",
             "Action": "ec2:ReplaceNetworkAclAssociation",
             "Resource": [f"{ec2}:subnet/*", f"{ec2}:network-acl/*"]},
            {"Sid": "AzLossDescribe", "Effect": "Allow",
             "Action": ["ec2:DescribeNetworkAcls", "ec2:DescribeSubnets", "ec2:DescribeVpcs",
                        "ec2:DescribeManagedPrefixLists", "ec2:GetManagedPrefixListEntries"],
             "Resource": "*"},
            {"Sid": "DatabaseFailover", "Effect": "Allow", "Action": "rds:RebootDBInstance",
             "Resource": props.db_arn},
            {"Sid": "DatabaseDescribe", "Effect": "Allow", "Action": "rds:DescribeDBInstances",
             "Resource": "*"},
            {"Sid": "StopTasks", "Effect": "Allow",
             "Action": ["ecs:StopTask", "ecs:DescribeTasks"],
             "Resource": f"arn:aws:ecs:{region}:{account}:task/{props.cluster_name}/*"},
            {"Sid": "ListTasks", "Effect": "Allow", "Action": "ecs:ListTasks", "Resource": "*",
             "Condition": {"ArnEquals": {"ecs:cluster": cluster}}},
            {"Sid": "StartEvacuation", "Effect": "Allow", "Action": "ssm:StartAutomationExecution",
             "Resource": f"arn:aws:ssm:{region}:{account}:automation-definition/"
                         f"{props.document_name}:*"},
            {"Sid": "WatchEvacuation", "Effect": "Allow",
             "Action": ["ssm:GetAutomationExecution", "ssm:StopAutomationExecution"],
             "Resource": f"arn:aws:ssm:{region}:{account}:automation-execution/*"},
            {"Sid": "PassEvacuationRole", "Effect": "Allow", "Action": "iam:PassRole",
             "Resource": props.automation_role_arn,
             "Condition": {"StringEquals": {"iam:PassedToService": "ssm.amazonaws.com"}}}))
