"""A Global Datastore applied and read back by the real Terraform and the real hashicorp/aws
plugin against the rehearsal server, in the shape our generator emits (issue 12): a primary
Redis group in us-east-1, the global group on it, and a secondary in eu-west-1 that sets none
of what members share. Then what a scheduled drift job sees on real AWS too: the provider's
first read sets ``global_replication_group_id`` on the primary (null in its state, since the
global group did not exist when it was created). ``drift`` must report that as benign: the
primary of its own Global Datastore copies no data anywhere.

Expected values are the configuration written here and AWS's documented behaviour (members
share node type, shard count and encryption; each keeps its own replicas and key).
Takes ~3 minutes: the provider waits 30 s before each status poll.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from drift.detect import detect
from rehearsal.emulator import provider_settings
from rehearsal.process import Emulator
from rehearsal.run import cli_config, plugin_mirror

PRIMARY_KEY = "arn:aws:kms:us-east-1:123456789012:key/primary"
STANDBY_KEY = "arn:aws:kms:eu-west-1:123456789012:key/standby"
PRIMARY, SECONDARY = ("aws_elasticache_replication_group.primary",
                      "aws_elasticache_replication_group.secondary")
GLOBAL = "aws_elasticache_global_replication_group.sessions"


def _config(endpoint: str) -> dict[str, Any]:
    us = {**provider_settings(endpoint), "region": "us-east-1"}
    eu = {**provider_settings(endpoint), "region": "eu-west-1", "alias": "standby"}
    return {
        "terraform": {"required_providers": {"aws": {"source": "hashicorp/aws",
                                                     "version": "5.100.0"}}},
        "provider": {"aws": [us, eu]},
        "resource": {
            "aws_elasticache_replication_group": {
                "primary": {
                    "replication_group_id": "hap-us-sessions", "description": "sessions",
                    "engine": "redis", "engine_version": "7.1", "node_type": "cache.r6g.xlarge",
                    "num_node_groups": 3, "replicas_per_node_group": 2,
                    "cluster_mode": "enabled", "automatic_failover_enabled": True,
                    "multi_az_enabled": True, "at_rest_encryption_enabled": "true",
                    "kms_key_id": PRIMARY_KEY, "transit_encryption_enabled": True,
                    "transit_encryption_mode": "required", "port": 6379,
                    "parameter_group_name": "default.redis7.cluster.on"},
                "secondary": {
                    "provider": "aws.standby", "replication_group_id": "hap-us-sessions-dr",
                    "description": "sessions (standby)",
                    "global_replication_group_id":
                        f"${{{GLOBAL}.global_replication_group_id}}",
                    "replicas_per_node_group": 1, "automatic_failover_enabled": True,
                    "multi_az_enabled": True, "kms_key_id": STANDBY_KEY, "port": 6379}},
            "aws_elasticache_global_replication_group": {"sessions": {
                "global_replication_group_id_suffix": "hap-sessions",
                "global_replication_group_description": "US sessions",
                "primary_replication_group_id": "${aws_elasticache_replication_group.primary.id}",
            }}}}


class Workdir:
    """A Terraform working directory using the provider mirror."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.env = {**os.environ, "TF_CLI_CONFIG_FILE": str(cli_config(path, plugin_mirror())),
                    "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}

    def tf(self, *args: str) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(["terraform", f"-chdir={self.path}", *args, "-no-color"],
                              env=self.env, capture_output=True, text=True, timeout=900,
                              check=False)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc

    def show(self, *args: str) -> dict[str, Any]:
        return dict(json.loads(self.tf("show", "-json", *args).stdout))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Apply, the first refresh-only plan, a refresh-only apply, then both plans again."""
    work = tmp_path_factory.mktemp("gds-tf")
    emulator = Emulator(work / "emulator.log")
    try:
        (work / "main.tf.json").write_text(json.dumps(_config(emulator.endpoint)))
        d = Workdir(work)
        d.tf("init", "-input=false")
        d.tf("apply", "-auto-approve", "-input=false")
        out: dict[str, Any] = {"state": {r["address"]: r["values"] for r in d.show()[
            "values"]["root_module"]["resources"]}}
        d.tf("plan", "-refresh-only", "-input=false", "-out=first.tfplan")
        out["first_refresh"] = d.show("first.tfplan")
        d.tf("apply", "-refresh-only", "-auto-approve", "-input=false")
        d.tf("plan", "-refresh-only", "-input=false", "-out=second.tfplan")
        out["second_refresh"] = d.show("second.tfplan")
        d.tf("plan", "-input=false", "-out=plan.tfplan")
        out["plan"] = d.show("plan.tfplan")
        yield out
    finally:
        emulator.stop()


def test_the_secondary_applies_with_what_members_share_from_the_primary(
        run: dict[str, Any]) -> None:
    state = run["state"]
    gid = state[GLOBAL]["global_replication_group_id"]
    assert re.fullmatch(r"[a-z]{5}-hap-sessions", gid)
    assert state[GLOBAL]["primary_replication_group_id"] == "hap-us-sessions"
    assert state[GLOBAL]["num_node_groups"] == 3
    secondary = state[SECONDARY]
    assert secondary["global_replication_group_id"] == gid
    assert (secondary["node_type"], secondary["engine_version"], secondary["num_node_groups"],
            secondary["transit_encryption_enabled"], secondary["transit_encryption_mode"]) == (
        "cache.r6g.xlarge", "7.1", 3, True, "required")
    assert str(secondary["at_rest_encryption_enabled"]).lower() == "true"
    assert (secondary["replicas_per_node_group"], secondary["kms_key_id"]) == (1, STANDBY_KEY)
    assert secondary["automatic_failover_enabled"] is True


def test_after_the_first_read_nothing_drifts_and_nothing_is_to_change(
        run: dict[str, Any]) -> None:
    assert run["second_refresh"].get("resource_drift", []) == []
    assert {tuple(c["change"]["actions"]) for c in run["plan"].get("resource_changes", [])} \
        == {("no-op",)}


def test_the_primarys_first_read_is_drift_that_breaks_no_policy(run: dict[str, Any]) -> None:
    plan = run["first_refresh"]
    gid = run["state"][GLOBAL]["global_replication_group_id"]
    primary = next(r for r in plan["resource_drift"] if r["address"] == PRIMARY)
    assert primary["change"]["before"]["global_replication_group_id"] is None
    assert primary["change"]["after"]["global_replication_group_id"] == gid
    report = detect([("app-us-east-1", "first.json", plan)])
    by = {i.resource: i for i in report.items}
    # Residency (HAP_RES_005) judged the primary's own Global Datastore "not in the checked
    # input" until drift loaded the refresh-only plan's prior_state as neighbours; the budget
    # (HAP_COST_001) left the primary unpriced until the estimate resolved literal ids.
    assert by[PRIMARY].benign and by[PRIMARY].findings == ()
    assert any(c.attribute == "global_replication_group_id" for c in by[PRIMARY].changes)
    assert report.exit_code == 1  # drift is still reported, as Terraform reports it


def test_a_primary_joined_to_a_global_datastore_not_in_the_stack_still_fails_closed(
        run: dict[str, Any]) -> None:
    plan = copy.deepcopy(run["first_refresh"])
    primary = next(r for r in plan["resource_drift"] if r["address"] == PRIMARY)
    primary["change"]["after"]["global_replication_group_id"] = "zzzzz-elsewhere"
    by = {i.resource: i for i in detect([("app-us-east-1", "mutated.json", plan)]).items}
    assert "HAP_RES_005" in {f.policy_id for f in by[PRIMARY].findings}
