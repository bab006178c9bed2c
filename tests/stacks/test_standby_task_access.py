"""The standby's tasks can use what they take over, and admins reach containers without an
open port (issue 11, remaining gaps 3 and 4), asserted on the real session synth.

GIVEN the default config WHEN the whole app is synthesized THEN each standby's task role may
decrypt (and encrypt) with the key that encrypts the primary's replica buckets in the standby
region, and with its own data key that encrypts the copied credentials; and every ECS service
runs with ECS Exec, its task role holding the Session Manager channels, the cluster's exec log
group and the exec session key, the cluster logging exec sessions to that KMS-encrypted group.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.conftest import only, resources_of

#: standby stack -> the app stack whose replica buckets it serves from
STANDBYS = {"standby-eu-eu-central-1": "app-eu-west-1", "standby-us-eu-west-1": "app-us-east-1"}
SERVING = ("app-eu-west-1", "app-us-east-1", *STANDBYS)


def _task_policy(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    policy = resources_of(stack, "aws_iam_role_policy")["serving_roles_task_policy"]
    assert policy["role"] == "${aws_iam_role.serving_roles_task.id}"
    return {s["Sid"]: s for s in json.loads(policy["policy"])["Statement"]}


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def _env(stack: dict[str, Any]) -> dict[str, str]:
    task = only(stack, "aws_ecs_task_definition")
    [app] = [c for c in json.loads(task["container_definitions"]) if c["name"] == "app"]
    return {e["name"]: e["value"] for e in app["environment"]}


@pytest.mark.parametrize("name", sorted(STANDBYS))
def test_standby_tasks_decrypt_with_the_replica_buckets_key(
        stacks: dict[str, dict[str, Any]], name: str) -> None:
    primary = STANDBYS[name]
    st, app = stacks[name], stacks[primary]
    # Which key encrypts the buckets the standby's tasks are pointed at: read it from the
    # primary's stack (the replica buckets are created there, with its DR provider).
    env = _env(st)
    names = {env["ASSETS_BUCKET_ARN"].removeprefix("arn:aws:s3:::"),
             env["UPLOADS_BUCKET_ARN"].removeprefix("arn:aws:s3:::")}
    buckets = {k for k, b in resources_of(app, "aws_s3_bucket").items() if b["bucket"] in names}
    assert len(buckets) == 2, names
    keys = {e["rule"][0]["apply_server_side_encryption_by_default"]["kms_master_key_id"]
            for e in resources_of(app, "aws_s3_bucket_server_side_encryption_configuration")
            .values() if e["bucket"].split(".")[1] in buckets}
    assert keys == {"${aws_kms_key.dr_key_key.arn}"}
    # The standby receives that key through the primary's cross-stack outputs.
    outputs = {k: o["value"] for k, o in app["output"].items()}
    flat = primary.replace("-", "_")
    ref = re.compile(r"\$\{data\.terraform_remote_state\.cross_stack_reference_input_"
                     + flat + r"\.outputs\.([A-Za-z0-9_]+)\}")
    statements = _task_policy(st)
    granted = set()
    for sid in ("UseRegionKey", "UseObjectKeys"):
        assert {"kms:Decrypt", "kms:GenerateDataKey"} <= set(statements[sid]["Action"]), sid
        granted |= set(_as_list(statements[sid]["Resource"]))
    resolved = {outputs[m[1]] for r in granted if (m := ref.fullmatch(r))}
    assert resolved == {"${aws_kms_key.dr_key_key.arn}"}
    # ... and the copied credentials' own key (the standby's data key) stays granted.
    secret = resources_of(st, "aws_secretsmanager_secret")["db_credentials"]
    assert secret["kms_key_id"] in granted
    assert statements["ReadRotatingSecrets"]["Resource"] == [
        "${aws_secretsmanager_secret.db_credentials.arn}"]


@pytest.mark.parametrize("name", SERVING)
def test_ecs_exec_reaches_containers_without_an_open_port(
        stacks: dict[str, dict[str, Any]], name: str) -> None:
    st = stacks[name]
    assert only(st, "aws_ecs_service")["enable_execute_command"] is True
    cluster = only(st, "aws_ecs_cluster")
    execute = cluster["configuration"]["execute_command_configuration"]
    assert execute["logging"] == "OVERRIDE"
    assert execute["log_configuration"]["cloud_watch_encryption_enabled"] is True
    group_ref = execute["log_configuration"]["cloud_watch_log_group_name"]
    group = resources_of(st, "aws_cloudwatch_log_group")[group_ref.split(".")[1]]
    assert group["kms_key_id"] == execute["kms_key_id"]
    statements = _task_policy(st)
    assert sorted(statements["EcsExecChannels"]["Action"]) == [
        "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]
    logs = statements["EcsExecLogs"]["Resource"]
    # The very group the cluster logs to (the same reference), and streams in it.
    assert group_ref.startswith("${aws_cloudwatch_log_group.")
    assert sorted(r.split(":log-group:")[1] for r in logs) == [group_ref, f"{group_ref}:*"]
    assert "logs:PutLogEvents" in statements["EcsExecLogs"]["Action"]
    assert statements["EcsExecSessionKey"]["Resource"] == execute["kms_key_id"]
    # No ingress rule opens a port to the tasks for this (only the load balancer reaches them).
    tasks_sg = next(k for k, g in resources_of(st, "aws_security_group").items()
                    if g["name"].endswith("-tasks"))
    for rule in resources_of(st, "aws_vpc_security_group_ingress_rule").values():
        if rule["security_group_id"] == f"${{aws_security_group.{tasks_sg}.id}}":
            assert "referenced_security_group_id" in rule and "cidr_ipv4" not in rule
