"""Cognito's recovery path (docs/recovery.md, Cognito), on the real synth: every serving
tier's tasks know their own pool and may re-create users in it, and in no other pool."""

from __future__ import annotations

import json
from typing import Any

import pytest

SERVING = ("app-us-east-1", "app-eu-west-1", "standby-us-eu-west-1", "standby-eu-eu-central-1")


@pytest.mark.parametrize("name", SERVING)
def test_tasks_may_recreate_users_in_their_own_pool_only(
        stacks: dict[str, dict[str, Any]], name: str) -> None:
    res = stacks[name]["resource"]
    (pool,) = res["aws_cognito_user_pool"]
    (task_def,) = res["aws_ecs_task_definition"].values()
    env = {e["name"]: e["value"] for c in json.loads(task_def["container_definitions"])
           for e in c.get("environment", [])}
    assert env["COGNITO_USER_POOL_ID"] == f"${{aws_cognito_user_pool.{pool}.id}}"
    grants = [json.loads(p["policy"]) for p in res["aws_iam_role_policy"].values()
              if "cognito-idp" in p["policy"]]
    assert len(grants) == 1
    (statement,) = grants[0]["Statement"]
    assert statement["Effect"] == "Allow"
    assert sorted(statement["Action"]) == ["cognito-idp:AdminCreateUser",
                                           "cognito-idp:AdminGetUser"]
    assert statement["Resource"] == f"${{aws_cognito_user_pool.{pool}.arn}}"
    role = next(p for p in res["aws_iam_role_policy"].values() if "cognito-idp" in p["policy"])
    assert task_def["task_role_arn"] == role["role"].replace(".id}", ".arn}")
