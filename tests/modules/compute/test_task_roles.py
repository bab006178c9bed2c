"""TaskRoles: least privilege, no wildcard actions, region-unique names."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import resources_of


def _policies(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy

    return {name: json.loads(p["policy"])
            for name, p in resources_of(stack, IamRolePolicy.TF_RESOURCE_TYPE).items()}


def test_role_names_carry_the_region(compute_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.iam_role import IamRole

    names = {r["name"] for r in resources_of(compute_stack, IamRole.TF_RESOURCE_TYPE).values()}
    assert names == {"webapp-prod-us-east-1-ecs-exec", "webapp-prod-us-east-1-ecs-task"}


def test_no_statement_allows_a_wildcard_action(compute_stack: dict[str, Any]) -> None:
    for doc in _policies(compute_stack).values():
        for st in doc["Statement"]:
            actions = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
            assert all("*" not in a for a in actions), st


def test_resources_are_this_regions_buckets_keys_and_secrets(
        compute_stack: dict[str, Any]) -> None:
    policies = _policies(compute_stack)
    exec_sids = {s["Sid"]: s for s in policies["roles_execution_policy"]["Statement"]}
    assert exec_sids["ReadSecrets"]["Resource"] == [
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:rds-master"]
    assert exec_sids["WriteLogs"]["Resource"].startswith("arn:aws:logs:us-east-1:")
    task_sids = {s["Sid"]: s for s in policies["roles_task_policy"]["Statement"]}
    assert task_sids["ReadObjects"]["Resource"] == ["arn:aws:s3:::webapp-prod-us-assets/*"]
    assert task_sids["ReadWriteObjects"]["Resource"] == ["arn:aws:s3:::webapp-prod-us-uploads/*"]
    assert task_sids["UseRegionKey"]["Resource"] == "arn:aws:kms:us-east-1:111122223333:key/data"
    # A rotating secret is read by the application (task role), when it connects.
    assert task_sids["ReadRotatingSecrets"]["Resource"] == [
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:rds!db-0123"]
    assert "rds!db-0123" not in json.dumps(policies["roles_execution_policy"])
    assert exec_sids["EcrPull"]["Resource"] == [
        "arn:aws:ecr:us-east-1:111122223333:repository/webapp"]
    # Only X-Ray and the ECR token (no resource-level permissions) may use Resource "*".
    star = sorted(s["Sid"] for p in policies.values() for s in p["Statement"]
                  if s["Resource"] == "*")
    assert star == ["EcrToken", "Tracing"]


@pytest.mark.parametrize(("image", "arn"), [
    ("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/webapp:1.2.3",
     "arn:aws:ecr:eu-west-1:123456789012:repository/team/webapp"),
    ("123456789012.dkr.ecr.us-east-1.amazonaws.com/webapp@sha256:" + "a" * 64,
     "arn:aws:ecr:us-east-1:123456789012:repository/webapp"),
    ("public.ecr.aws/nginx/nginx:1.27", None),
    ("ghcr.io/example/app:1", None),
])
def test_private_ecr_images_name_their_repository(image: str, arn: str | None) -> None:
    from modules.compute.task_roles import ecr_repository_arn

    assert ecr_repository_arn(image) == arn


def test_trust_is_limited_to_ecs_tasks_of_this_account(compute_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.iam_role import IamRole

    for role in resources_of(compute_stack, IamRole.TF_RESOURCE_TYPE).values():
        st = json.loads(role["assume_role_policy"])["Statement"][0]
        assert st["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
        assert "aws:SourceAccount" in st["Condition"]["StringEquals"]


@pytest.mark.parametrize(("overrides", "message"), [
    ({"name_prefix": "x" * 60}, "exceeds 64"),
    ({"read_bucket_arns": ("b",), "write_bucket_arns": ("b",)}, "both read and write"),
])
def test_conflicting_role_props_fail(overrides: dict[str, Any], message: str) -> None:
    from modules.compute.task_roles import TaskRolesProps

    base: dict[str, Any] = dict(name_prefix="p", aws_region="us-east-1", log_group_name="/l",
                                kms_key_arn="k", secret_arns=("s",))
    base.update(overrides)
    with pytest.raises(ValueError, match=message):
        TaskRolesProps(**base)
