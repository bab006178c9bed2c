"""GithubOidcProvider + CiRoles: trust scoped to one repository, read-only plan role."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import only, resources_of

SUB = "token.actions.githubusercontent.com:sub"


def _roles(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from cdktf_cdktf_provider_aws.iam_role import IamRole

    return resources_of(stack, IamRole.TF_RESOURCE_TYPE)


def test_one_github_oidc_provider_for_sts(ci_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.iam_openid_connect_provider import IamOpenidConnectProvider

    provider = only(ci_stack, IamOpenidConnectProvider.TF_RESOURCE_TYPE)
    assert provider["url"] == "https://token.actions.githubusercontent.com"
    assert provider["client_id_list"] == ["sts.amazonaws.com"]


def test_trust_pins_workflow_and_apply_pins_environment_and_branch(
        ci_stack: dict[str, Any]) -> None:
    roles = _roles(ci_stack)
    plan = json.loads(roles["ci_plan"]["assume_role_policy"])["Statement"][0]
    apply = json.loads(roles["ci_apply"]["assume_role_policy"])["Statement"][0]
    wf = "example-org/ha-platform/.github/workflows"
    # GitHub's sub under the template repo, context, job_workflow_ref (hand-written here)
    assert plan["Condition"]["StringLike"][SUB] == [
        f"repo:example-org/ha-platform:ref:refs/heads/main:job_workflow_ref:{wf}/"
        "pull-request.yml@refs/heads/main",
        f"repo:example-org/ha-platform:ref:refs/heads/main:job_workflow_ref:{wf}/"
        "drift.yml@refs/heads/main",
        f"repo:example-org/ha-platform:pull_request:job_workflow_ref:{wf}/"
        "pull-request.yml@refs/pull/*/merge"]
    assert apply["Condition"]["StringLike"][SUB] == \
        f"repo:example-org/ha-platform:environment:production:job_workflow_ref:{wf}/" \
        "apply.yml@refs/heads/main"
    for st in (plan, apply):
        assert st["Condition"]["StringEquals"]["token.actions.githubusercontent.com:aud"] == \
            "sts.amazonaws.com"
        assert st["Principal"] == {"Federated": "${aws_iam_openid_connect_provider."
                                                "github_oidc_provider.arn}"}


def test_apply_role_is_bounded_and_the_boundary_protects_itself(
        ci_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.iam_policy import IamPolicy

    roles = _roles(ci_stack)
    assert roles["ci_apply"]["permissions_boundary"] == "${aws_iam_policy.ci_apply_boundary.arn}"
    workload = "${aws_iam_policy.ci_workload_boundary_policy.arn}"
    assert roles["ci_plan"]["permissions_boundary"] == workload
    policies = resources_of(ci_stack, IamPolicy.TF_RESOURCE_TYPE)
    assert policies["ci_workload_boundary_policy"]["name"] == "webapp-prod-workload-boundary"
    boundary = policies["ci_apply_boundary"]
    assert boundary["name"] == "webapp-prod-ci-apply-boundary"
    by_sid = {s["Sid"]: s for s in json.loads(boundary["policy"])["Statement"]}
    own = by_sid["NeverChangeTheBoundaries"]
    assert own["Effect"] == "Deny" and "iam:CreatePolicyVersion" in own["Action"]
    assert own["Resource"][0].endswith(":policy/webapp-prod-ci-apply-boundary")
    assert own["Resource"][1] == workload
    assert by_sid["NeverDropABoundary"] == {
        "Sid": "NeverDropABoundary", "Effect": "Deny",
        "Action": "iam:DeleteRolePermissionsBoundary", "Resource": "*"}
    assert by_sid["OnlyRolesWithTheWorkloadBoundary"] == {
        "Sid": "OnlyRolesWithTheWorkloadBoundary", "Effect": "Deny",
        "Action": ["iam:CreateRole", "iam:PutRolePermissionsBoundary"], "Resource": "*",
        "Condition": {"StringNotEquals": {"iam:PermissionsBoundary": workload}}}
    ci = by_sid["NeverChangeTheCiRoles"]
    assert ci["Effect"] == "Deny" and ci["Resource"].endswith(":role/webapp-prod-ci-*")
    assert {"iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy",
            "iam:PutRolePermissionsBoundary",
            "iam:DeleteRolePermissionsBoundary"} <= set(ci["Action"])


def test_plan_role_is_read_only_and_cannot_read_data(ci_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
    from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment

    attachments = {a["policy_arn"] for a in resources_of(
        ci_stack, IamRolePolicyAttachment.TF_RESOURCE_TYPE).values()}
    assert attachments == {"arn:aws:iam::aws:policy/ReadOnlyAccess",
                           "arn:aws:iam::aws:policy/PowerUserAccess"}
    policies = resources_of(ci_stack, IamRolePolicy.TF_RESOURCE_TYPE)
    plan = {s["Sid"]: s for s in json.loads(policies["ci_plan_state"]["policy"])["Statement"]}
    assert plan["NoDataReads"]["Effect"] == "Deny"
    assert plan["NoDataReads"]["NotResource"] == ["arn:aws:s3:::state-us/*",
                                                  "arn:aws:s3:::state-eu/*"]
    assert plan["Lockfile"]["Resource"] == ["arn:aws:s3:::state-us/*.tflock",
                                            "arn:aws:s3:::state-eu/*.tflock"]
    for policy in policies.values():
        for st in json.loads(policy["policy"])["Statement"]:
            assert all("*" not in action for action in st["Action"]), st


@pytest.mark.parametrize(("overrides", "message"), [
    ({"repository": "example-org/*"}, "owner/name|wildcards"),
    ({"default_branch": "release/*"}, "wildcards"),
    ({"plan_workflows": ("*.yml",)}, "wildcards"),
    ({"apply_workflow": "../apply.sh"}, "must be a file name"),
    ({"plan_workflows": (), "pull_request_workflows": ()}, "at least one workflow"),
    ({"state_buckets": ()}, "state_buckets"),
])
def test_conflicting_ci_props_fail(overrides: dict[str, Any], message: str) -> None:
    from modules.ci.ci_roles import CiRolesProps

    base: dict[str, Any] = dict(name_prefix="p", oidc_provider_arn="a",
                                repository="o/r", state_buckets=(("b", "us-east-1"),))
    base.update(overrides)
    with pytest.raises(ValueError, match=message):
        CiRolesProps(**base)
