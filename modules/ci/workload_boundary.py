"""The permissions boundary of every workload role (issue 8.6: no escalation through CreateRole).

The CI apply role may create and change ``<prefix>-*`` roles, but only with this boundary
attached (``iam:PermissionsBoundary`` condition, enforced again by its own boundary). So a
role it creates, passes to a service or assumes can never do more than this ceiling: no IAM
writes (no new roles, policies, users or keys, no boundary changes), no Organizations or
account settings, and never assuming the CI roles. :mod:`stacks.boundary` attaches it to
every role the stacks create that has no boundary of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.iam_policy import IamPolicy
from constructs import Construct

from modules.policy_documents import document

#: IAM actions that write anything (roles, policies, users, keys, boundaries, providers).
IAM_WRITES = ["iam:Add*", "iam:Attach*", "iam:Change*", "iam:Create*", "iam:Deactivate*",
              "iam:Delete*", "iam:Detach*", "iam:Enable*", "iam:Put*", "iam:Remove*",
              "iam:Reset*", "iam:Resync*", "iam:Set*", "iam:Tag*", "iam:Untag*",
              "iam:Update*", "iam:Upload*"]
#: Boundary changes on roles and users.
BOUNDARY_CHANGES = ["iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary",
                    "iam:PutUserPermissionsBoundary", "iam:DeleteUserPermissionsBoundary"]


def workload_boundary_name(name_prefix: str) -> str:
    """Name of the workload boundary policy of ``name_prefix`` (``webapp-prod``)."""
    return f"{name_prefix}-workload-boundary"


@dataclass(frozen=True)
class WorkloadBoundaryProps:
    """Inputs of :class:`WorkloadBoundary`."""

    name_prefix: str
    """Project-environment prefix (``webapp-prod``); workload roles share it."""
    account_id: str
    """The account id (a token of ``data.aws_caller_identity``)."""
    ci_roles: str
    """ARN pattern of the CI roles, which no workload role may assume."""


class WorkloadBoundary(Construct):
    """The managed policy ``<prefix>-workload-boundary``."""

    def __init__(self, scope: Construct, id: str, *, props: WorkloadBoundaryProps) -> None:
        super().__init__(scope, id)
        name = workload_boundary_name(props.name_prefix)
        account = props.account_id
        self.policy = IamPolicy(self, "policy", name=name,
                                description="Ceiling of every workload role: no IAM writes",
                                policy=document(
            {"Sid": "Ceiling", "Effect": "Allow",
             "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"},
            {"Sid": "IamReads", "Effect": "Allow", "Action": ["iam:Get*", "iam:List*"],
             "Resource": "*"},
            {"Sid": "PassProjectRoles", "Effect": "Allow", "Action": "iam:PassRole",
             "Resource": f"arn:aws:iam::{account}:role/{props.name_prefix}-*"},
            {"Sid": "NoIamWrites", "Effect": "Deny", "Action": IAM_WRITES, "Resource": "*"},
            {"Sid": "NeverChangeBoundaries", "Effect": "Deny", "Action": BOUNDARY_CHANGES,
             "Resource": "*"},
            {"Sid": "NeverAssumeTheCiRoles", "Effect": "Deny",
             "Action": ["sts:AssumeRole", "sts:TagSession"], "Resource": props.ci_roles},
        ))

    @property
    def arn(self) -> str:
        """ARN of the boundary policy."""
        return self.policy.arn
