"""CI roles assumed by GitHub Actions through OIDC, scoped to one repository.

Trust: each token's ``sub`` (template :data:`~modules.ci.subjects.SUB_CLAIM_KEYS`) names
the repository, the context and the workflow file with the ref it ran from. ``plan`` trusts
only the plan workflows (``job_workflow_ref``) on pull requests and the default branch;
``apply`` trusts only the apply workflow, in the protected GitHub environment, run from the
default branch.

``plan``: read-only (AWS ReadOnlyAccess) plus state read, lockfile write and decryption
through S3 only; object reads outside the state buckets and secret values are denied.
``apply``: PowerUserAccess (no IAM) plus IAM writes limited to this project's role/policy
names, never to the CI roles themselves (an explicit Deny), and iam:PassRole only to the
services our stacks hand roles to (``iam:PassedToService``); a permissions boundary caps it
and forbids changing the CI roles, the boundaries, and creating users or access keys. It
creates a role (or sets a role's boundary) only with the workload boundary
(:mod:`modules.ci.workload_boundary`) attached, and can remove no boundary: a role it
creates, passes or assumes cannot escape that ceiling. The plan role has the workload
boundary too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.iam_policy import IamPolicy
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from modules.ci.github_oidc import GITHUB_ISSUER
from modules.ci.subjects import (
    APPLY_WORKFLOW,
    PLAN_WORKFLOWS,
    PULL_REQUEST_WORKFLOWS,
    subject,
)
from modules.ci.workload_boundary import WorkloadBoundary, WorkloadBoundaryProps
from modules.policy_documents import document

_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_WORKFLOW = re.compile(r"^[A-Za-z0-9_.-]+\.ya?ml$")
_BRANCH = re.compile(r"^[A-Za-z0-9_./-]+$")
#: Changes to the permissions boundary of a role.
_BOUNDARY_CHANGES = ["iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary"]
#: Changes to a managed policy (the boundary's own document).
_POLICY_CHANGES = ["iam:CreatePolicyVersion", "iam:DeletePolicyVersion",
                   "iam:SetDefaultPolicyVersion", "iam:DeletePolicy", "iam:TagPolicy",
                   "iam:UntagPolicy"]
#: Long-lived credentials the apply role never creates.
_LONG_LIVED = ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile",
               "iam:UpdateLoginProfile"]
#: Creating a role or setting its boundary: allowed only with the workload boundary.
_ROLE_CREATE = ["iam:CreateRole", "iam:PutRolePermissionsBoundary"]
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
    default_branch: str = "main"
    """The only branch whose runs may apply or plan outside a pull request."""
    apply_workflow: str = APPLY_WORKFLOW
    """Workflow file (in ``.github/workflows``) whose jobs may apply."""
    plan_workflows: tuple[str, ...] = PLAN_WORKFLOWS
    """Workflow files whose jobs may plan from the default branch."""
    pull_request_workflows: tuple[str, ...] = PULL_REQUEST_WORKFLOWS
    """Workflow files whose pull-request jobs may plan (any pull request's merge ref)."""

    def __post_init__(self) -> None:
        if not _REPO.match(self.repository):
            raise ValueError(f"repository must be owner/name, got {self.repository!r}")
        workflows = (self.apply_workflow, *self.plan_workflows, *self.pull_request_workflows)
        if "*" in self.repository or any("*" in w for w in workflows) \
                or "*" in self.default_branch:
            raise ValueError("wildcards in trusted subjects are not allowed")
        bad = [w for w in workflows if not _WORKFLOW.match(w)]
        if bad:
            raise ValueError(f"workflow {bad[0]!r} must be a file name ending in .yml/.yaml")
        if not _BRANCH.match(self.default_branch):
            raise ValueError(f"default_branch {self.default_branch!r} is not a branch name")
        if not self.plan_workflows and not self.pull_request_workflows:
            raise ValueError("at least one workflow must be allowed to plan")
        if not self.state_buckets:
            raise ValueError("state_buckets must not be empty")
        if not self.apply_environment or "*" in self.apply_environment:
            raise ValueError("apply_environment must name one GitHub environment")


class CiRoles(Construct):
    """The read-only plan role and the apply role."""

    def __init__(self, scope: Construct, id: str, *, props: CiRolesProps) -> None:
        super().__init__(scope, id)
        account = DataAwsCallerIdentity(self, "account").account_id
        repo, branch = props.repository, f"refs/heads/{props.default_branch}"
        ci_roles = f"arn:aws:iam::{account}:role/{props.name_prefix}-ci-*"
        self.workload_boundary = WorkloadBoundary(self, "workload_boundary",
                                                  props=WorkloadBoundaryProps(
            name_prefix=props.name_prefix, account_id=account, ci_roles=ci_roles))
        self.boundary = self._boundary(props, account, ci_roles, self.workload_boundary.arn)
        self.plan_role = IamRole(
            self, "plan", name=f"{props.name_prefix}-ci-plan", max_session_duration=3600,
            permissions_boundary=self.workload_boundary.arn,
            assume_role_policy=self._trust(props, [
                *(subject(repo, f"ref:{branch}", w, branch) for w in props.plan_workflows),
                *(subject(repo, "pull_request", w, "refs/pull/*/merge")
                  for w in props.pull_request_workflows)]))
        self.apply_role = IamRole(
            self, "apply", name=f"{props.name_prefix}-ci-apply", max_session_duration=3600,
            permissions_boundary=self.boundary.arn,
            assume_role_policy=self._trust(props, [subject(
                repo, f"environment:{props.apply_environment}", props.apply_workflow, branch)]))
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
                          {"Sid": "ProjectRoles", "Effect": "Allow",
                           "Action": [a for a in _IAM_WRITE if a not in _ROLE_CREATE],
                           "Resource": owned},
                          {"Sid": "CreateProjectRolesBounded", "Effect": "Allow",
                           "Action": _ROLE_CREATE, "Resource": owned_roles,
                           "Condition": {"StringEquals": {
                               "iam:PermissionsBoundary": self.workload_boundary.arn}}},
                          {"Sid": "PassProjectRolesToOurServices", "Effect": "Allow",
                           "Action": "iam:PassRole", "Resource": owned_roles,
                           "Condition": {"StringEquals": {"iam:PassedToService": _PASSED_TO}}},
                          {"Sid": "NeverChangeTheCiRoles", "Effect": "Deny",
                           "Action": [*_IAM_WRITE, *_BOUNDARY_CHANGES],
                           "Resource": ci_roles},
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

    def _boundary(self, props: CiRolesProps, account: str, ci_roles: str,
                  workload_boundary: str) -> IamPolicy:
        """The apply role's permissions boundary: a ceiling (no Organizations or account
        settings) that denies changing the CI roles, the two boundaries, and long-lived users
        or keys, and creating a role (or setting a boundary) other than the workload
        boundary, whatever the role's own policies say."""
        name = f"{props.name_prefix}-ci-apply-boundary"
        return IamPolicy(self, "apply_boundary", name=name,
                         description="Ceiling of the CI apply role (it cannot change it)",
                         policy=document(
                             {"Sid": "Ceiling", "Effect": "Allow",
                              "NotAction": ["organizations:*", "account:*"], "Resource": "*"},
                             {"Sid": "NeverChangeTheCiRoles", "Effect": "Deny",
                              "Action": [*_IAM_WRITE, *_BOUNDARY_CHANGES],
                              "Resource": ci_roles},
                             {"Sid": "NeverChangeTheBoundaries", "Effect": "Deny",
                              "Action": _POLICY_CHANGES,
                              "Resource": [f"arn:aws:iam::{account}:policy/{name}",
                                           workload_boundary]},
                             {"Sid": "NeverDropABoundary", "Effect": "Deny",
                              "Action": "iam:DeleteRolePermissionsBoundary", "Resource": "*"},
                             {"Sid": "OnlyRolesWithTheWorkloadBoundary", "Effect": "Deny",
                              "Action": _ROLE_CREATE, "Resource": "*",
                              "Condition": {"StringNotEquals": {
                                  "iam:PermissionsBoundary": workload_boundary}}},
                             {"Sid": "NoLongLivedCredentials", "Effect": "Deny",
                              "Action": _LONG_LIVED, "Resource": "*"},
                         ))

    @staticmethod
    def _trust(props: CiRolesProps, subjects: list[str]) -> str:
        """Trust in the account's GitHub OIDC provider for exactly ``subjects`` (StringLike:
        a pull request's merge ref is the only wildcard, see :class:`CiRolesProps`)."""
        return document({
            "Effect": "Allow", "Principal": {"Federated": props.oidc_provider_arn},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {
                "StringEquals": {f"{GITHUB_ISSUER}:aud": "sts.amazonaws.com"},
                "StringLike": {
                    f"{GITHUB_ISSUER}:sub": subjects if len(subjects) > 1 else subjects[0]},
            },
        })
