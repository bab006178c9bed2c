"""CI roles assumed by GitHub Actions through OIDC, scoped to one repository.

``plan``: read-only (AWS ReadOnlyAccess) for pull requests and main, plus state read,
lockfile write and decryption through S3 only; object reads outside the state buckets
and secret values are denied. ``apply``: only from the protected GitHub environment,
PowerUserAccess (no IAM) plus IAM writes limited to this project's role/policy names, never
to the CI roles themselves (an explicit Deny), and iam:PassRole only to the services our
stacks hand roles to (``iam:PassedToService``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from modules.ci.github_oidc import GITHUB_ISSUER
from modules.policy_documents import document

_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_IAM_WRITE = ["iam:CreateRole", "iam:DeleteRole", "iam:UpdateRole", "iam:TagRole",
              "iam:UntagRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy",
              "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:UpdateAssumeRolePolicy"]
#: Services our stacks hand a role to (iam:PassRole is allowed only towards them).
_PASSED_TO = ["ecs-tasks.amazonaws.com", "monitoring.rds.amazonaws.com", "s3.amazonaws.com",
              "vpc-flow-logs.amazonaws.com", "application-autoscaling.amazonaws.com",
              "backup.amazonaws.com", "fis.amazonaws.com"]
#: What Terraform's AWS provider reads back after writing roles and policies (refresh and
#: delete): without them the apply role creates a role, then fails reading it.
_IAM_READ_ROLES = ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies",
                   "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole"]
_IAM_READ_POLICIES = ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions"]


@dataclass(frozen=True)
class CiRolesProps:
    """Inputs of :class:`CiRoles`."""

    name_prefix: str
    """Project-environment prefix (``webapp-prod``); roles it may manage share it."""
    oidc_provider_arn: str
    """ARN of the account's GitHub OIDC provider."""
    repository: str
    """``owner/name`` of the only repository trusted."""
    state_buckets: tuple[tuple[str, str], ...]
    """(bucket, region) of every Terraform state bucket."""
    apply_environment: str = "production"
    """GitHub environment (with required reviewers) whose jobs may apply."""
    plan_refs: tuple[str, ...] = ("pull_request", "ref:refs/heads/main")
    """``sub`` claim suffixes allowed to plan."""

    def __post_init__(self) -> None:
        if not _REPO.match(self.repository):
            raise ValueError(f"repository must be owner/name, got {self.repository!r}")
        if "*" in self.repository or any("*" in r for r in self.plan_refs):
            raise ValueError("wildcards in trusted subjects are not allowed")
        if not self.state_buckets:
            raise ValueError("state_buckets must not be empty")
        if not self.apply_environment or "*" in self.apply_environment:
            raise ValueError("apply_environment must name one GitHub environment")


class CiRoles(Construct):
    """The read-only plan role and the apply role."""

    def __init__(self, scope: Construct, id: str, *, props: CiRolesProps) -> None:
        super().__init__(scope, id)
        account = DataAwsCallerIdentity(self, "account").account_id
        repo = props.repository
        self.plan_role = IamRole(
            self, "plan", name=f"{props.name_prefix}-ci-plan", max_session_duration=3600,
            assume_role_policy=self._trust(props, [f"repo:{repo}:{r}" for r in props.plan_refs]))
        self.apply_role = IamRole(
            self, "apply", name=f"{props.name_prefix}-ci-apply", max_session_duration=3600,
            assume_role_policy=self._trust(
                props, [f"repo:{repo}:environment:{props.apply_environment}"]))
        IamRolePolicyAttachment(self, "plan_read_only", role=self.plan_role.name,
                                policy_arn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        IamRolePolicyAttachment(self, "apply_power_user", role=self.apply_role.name,
                                policy_arn="arn:aws:iam::aws:policy/PowerUserAccess")
        state_objects = [f"arn:aws:s3:::{b}/*" for b, _ in props.state_buckets]
        state_keys = [f"arn:aws:kms:{r}:{account}:key/*" for _, r in props.state_buckets]
        via_s3 = {"StringEquals": {"kms:ViaService": [
            f"s3.{r}.amazonaws.com" for _, r in props.state_buckets]}}
        IamRolePolicy(self, "plan_state", name="terraform-state", role=self.plan_role.id,
                      policy=document(
                          {"Sid": "Lockfile", "Effect": "Allow",
                           "Action": ["s3:PutObject", "s3:DeleteObject"],
                           "Resource": [f"arn:aws:s3:::{b}/*.tflock"
                                        for b, _ in props.state_buckets]},
                          {"Sid": "DecryptState", "Effect": "Allow",
                           "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                           "Resource": state_keys, "Condition": via_s3},
                          {"Sid": "NoDataReads", "Effect": "Deny",
                           "Action": ["s3:GetObject", "s3:GetObjectVersion"],
                           "NotResource": state_objects},
                          {"Sid": "NoSecretValues", "Effect": "Deny",
                           "Action": ["secretsmanager:GetSecretValue"],
                           "Resource": f"arn:aws:secretsmanager:*:{account}:secret:*"},
                      ))
        owned_roles = f"arn:aws:iam::{account}:role/{props.name_prefix}-*"
        owned = [owned_roles, f"arn:aws:iam::{account}:policy/{props.name_prefix}-*"]
        IamRolePolicy(self, "apply_iam", name="project-iam", role=self.apply_role.id,
                      policy=document(
                          {"Sid": "ProjectRoles", "Effect": "Allow", "Action": _IAM_WRITE,
                           "Resource": owned},
                          {"Sid": "PassProjectRolesToOurServices", "Effect": "Allow",
                           "Action": "iam:PassRole", "Resource": owned_roles,
                           "Condition": {"StringEquals": {"iam:PassedToService": _PASSED_TO}}},
                          {"Sid": "NeverChangeTheCiRoles", "Effect": "Deny",
                           "Action": [*_IAM_WRITE, "iam:DeleteRolePermissionsBoundary",
                                      "iam:PutRolePermissionsBoundary"],
                           "Resource": f"arn:aws:iam::{account}:role/{props.name_prefix}-ci-*"},
                          {"Sid": "ProjectRolesReadBack", "Effect": "Allow",
                           "Action": _IAM_READ_ROLES, "Resource": owned_roles},
                          {"Sid": "ProjectPoliciesReadBack", "Effect": "Allow",
                           "Action": _IAM_READ_POLICIES, "Resource": owned[1]},
                          {"Sid": "GithubProviderReadBack", "Effect": "Allow",
                           "Action": ["iam:GetOpenIDConnectProvider"],
                           "Resource": props.oidc_provider_arn},
                          {"Sid": "ServiceLinkedRoles", "Effect": "Allow",
                           "Action": ["iam:CreateServiceLinkedRole"],
                           "Resource": f"arn:aws:iam::{account}:role/aws-service-role/*"},
                          {"Sid": "GithubProvider", "Effect": "Allow",
                           "Action": ["iam:CreateOpenIDConnectProvider",
                                      "iam:UpdateOpenIDConnectProviderThumbprint",
                                      "iam:TagOpenIDConnectProvider",
                                      "iam:AddClientIDToOpenIDConnectProvider"],
                           "Resource": props.oidc_provider_arn},
                      ))

    @staticmethod
    def _trust(props: CiRolesProps, subjects: list[str]) -> str:
        return document({
            "Effect": "Allow", "Principal": {"Federated": props.oidc_provider_arn},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {
                f"{GITHUB_ISSUER}:aud": "sts.amazonaws.com",
                f"{GITHUB_ISSUER}:sub": subjects if len(subjects) > 1 else subjects[0],
            }},
        })
