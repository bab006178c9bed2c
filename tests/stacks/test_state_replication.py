"""State buckets copied within the jurisdiction by the state-replication bootstrap stacks,
checked on the real synth against hand-written expectations."""

from __future__ import annotations

import dataclasses
import json
import re
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

import pytest

from regions import load_config
from stacks.names import stack_specs
from tests.conftest import only, resources_of

# Source state region -> region of the bucket holding its copy, by hand from platform.toml:
# US state goes to the US users' DR region (eu-west-1), the EU pair copy to each other.
EXPECTED = {"us-east-1": "eu-west-1", "eu-west-1": "eu-central-1", "eu-central-1": "eu-west-1"}


def _bucket(region: str) -> str:
    return f"webapp-prod-tfstate-{region}"


def _providers(stack: dict[str, Any]) -> dict[str, str]:
    return {p.get("alias", "default"): p["region"] for p in stack["provider"]["aws"]}


def _rule(stack: dict[str, Any]) -> dict[str, Any]:
    (rule,) = only(stack, "aws_s3_bucket_replication_configuration")["rule"]
    assert isinstance(rule, dict)
    return rule


def test_one_replication_stack_per_state_bucket(stacks: dict[str, dict[str, Any]]) -> None:
    assert sorted(n for n in stacks if n.startswith("state-replication-")) == sorted(
        f"state-replication-{r}" for r in EXPECTED)


@pytest.mark.parametrize("source,dest", sorted(EXPECTED.items()))
def test_rule_targets_the_jurisdictions_other_state_bucket_with_rtc_and_kms(
        stacks: dict[str, dict[str, Any]], source: str, dest: str) -> None:
    stack = stacks[f"state-replication-{source}"]
    assert stack["terraform"]["backend"] == {
        "local": {"path": f"terraform.state-replication-{source}.tfstate"}}
    assert _providers(stack) == {"default": source, "destination": dest}
    config = only(stack, "aws_s3_bucket_replication_configuration")
    assert config["bucket"] == _bucket(source)
    rule = _rule(stack)
    d = rule["destination"]
    assert d["bucket"] == f"arn:aws:s3:::{_bucket(dest)}"
    assert d["replication_time"] == {"status": "Enabled", "time": {"minutes": 15}}
    assert d["metrics"] == {"status": "Enabled", "event_threshold": {"minutes": 15}}
    # A deleted state stays current in the replica.
    assert rule["delete_marker_replication"] == {"status": "Disabled"}
    assert rule["status"] == "Enabled" and rule["filter"] == {"prefix": ""}
    assert rule["source_selection_criteria"] == {"sse_kms_encrypted_objects": {"status": "Enabled"}}
    # Replicas encrypted with the destination state key, read in the destination region.
    assert d["encryption_configuration"]["replica_kms_key_id"] == \
        "${data.aws_kms_alias.replica_key.target_key_arn}"
    aliases = stack["data"]["aws_kms_alias"]
    assert aliases["replica_key"]["name"] == f"alias/{_bucket(dest)}"
    assert aliases["replica_key"]["provider"] == "aws.destination"
    assert aliases["source_key"]["name"] == f"alias/{_bucket(source)}"
    assert "provider" not in aliases["source_key"]
    # The alias the destination's state stack really creates.
    assert resources_of(stacks[f"state-{dest}"], "aws_kms_alias")["state_key_alias"]["name"] \
        == f"alias/{_bucket(dest)}"


@pytest.mark.parametrize("source", sorted(EXPECTED))
def test_role_is_scoped_to_the_two_buckets_and_keys(
        stacks: dict[str, dict[str, Any]], source: str) -> None:
    stack = stacks[f"state-replication-{source}"]
    dest = EXPECTED[source]
    role = only(stack, "aws_iam_role")
    assert json.loads(role["assume_role_policy"])["Statement"][0]["Principal"] == {
        "Service": "s3.amazonaws.com"}
    policy = json.loads(only(stack, "aws_iam_role_policy")["policy"])
    grants = {(tuple(sorted(s["Action"])), tuple(s["Resource"])) for s in policy["Statement"]}
    src, dst = f"arn:aws:s3:::{_bucket(source)}", f"arn:aws:s3:::{_bucket(dest)}"
    assert grants == {
        (("s3:GetReplicationConfiguration", "s3:ListBucket"), (src,)),
        (("s3:GetObjectVersionAcl", "s3:GetObjectVersionForReplication",
          "s3:GetObjectVersionTagging"), (f"{src}/*",)),
        (("s3:ReplicateObject", "s3:ReplicateTags"), (f"{dst}/*",)),
        (("kms:Decrypt",), ("${data.aws_kms_alias.source_key.target_key_arn}",)),
        (("kms:Encrypt", "kms:GenerateDataKey"),
         ("${data.aws_kms_alias.replica_key.target_key_arn}",)),
    }
    assert all(s["Effect"] == "Allow" for s in policy["Statement"])


@pytest.mark.parametrize("source", sorted(EXPECTED))
def test_replication_alarms_page_a_subscribed_encrypted_topic(
        stacks: dict[str, dict[str, Any]], source: str) -> None:
    stack = stacks[f"state-replication-{source}"]
    topic = only(stack, "aws_sns_topic")
    assert topic["kms_master_key_id"].startswith("${aws_kms_key.")
    assert resources_of(stack, "aws_sns_topic_subscription")
    alarms = resources_of(stack, "aws_cloudwatch_metric_alarm")
    metrics = sorted(a["metric_name"] for a in alarms.values())
    assert metrics == ["OperationsFailedReplication", "ReplicationLatency"]
    for a in alarms.values():
        assert a["alarm_actions"] == ["${aws_sns_topic.alerts_topic.arn}"]
        assert a["dimensions"] == {"SourceBucket": _bucket(source),
                                   "DestinationBucket": _bucket(EXPECTED[source]),
                                   "RuleId": _rule(stack)["id"]}


def test_eu_state_never_replicates_outside_the_eu(stacks: dict[str, dict[str, Any]]) -> None:
    # Independent of regions.aws_regions: EU regions are named eu-*.
    eu_sources = 0
    for name, stack in stacks.items():
        for config in resources_of(stack, "aws_s3_bucket_replication_configuration").values():
            provider = config.get("provider", "aws").removeprefix("aws.")
            region = _providers(stack)["default" if provider == "aws" else provider]
            if not region.startswith("eu-"):
                continue
            eu_sources += name.startswith("state-replication-")
            (rule,) = config["rule"]
            dest = rule["destination"]["bucket"]
            if dest.startswith("arn:aws:s3:::"):  # a literal bucket: its name ends in its region
                assert re.search(r"-eu-[a-z]+-\d$", dest), (name, dest)
            if name.startswith("state-replication-"):
                assert _providers(stack)["destination"].startswith("eu-"), name
    assert eu_sources == 2


def test_no_cycle_and_every_state_bucket_exists_before_a_rule_targets_it(
        synth_dir: Path, stacks: dict[str, dict[str, Any]]) -> None:
    manifest = json.loads((synth_dir / "manifest.json").read_text())["stacks"]
    order = list(TopologicalSorter(
        {n: set(e.get("dependencies", [])) for n, e in manifest.items()}).static_order())
    for source, dest in EXPECTED.items():
        rep = f"state-replication-{source}"
        assert {f"state-{source}", f"state-{dest}"} <= set(manifest[rep]["dependencies"])
        assert order.index(f"state-{dest}") < order.index(rep)
        assert order.index(f"state-{source}") < order.index(rep)
        # Names, never references: no remote state read, no output of another stack.
        assert "terraform_remote_state" not in stacks[rep].get("data", {})


def test_replicated_keys_never_overwrite_the_destinations_own_state(
        stacks: dict[str, dict[str, Any]]) -> None:
    keys: dict[str, set[str]] = {}
    for stack in stacks.values():
        s3 = stack["terraform"]["backend"].get("s3")
        if s3:
            keys.setdefault(s3["bucket"], set()).update({s3["key"], s3["key"] + ".tflock"})
    assert set(keys) == {_bucket(r) for r in ("us-east-1", "eu-west-1", "eu-central-1")}
    for source, dest in EXPECTED.items():
        assert keys[_bucket(source)] and keys[_bucket(dest)]
        assert keys[_bucket(source)].isdisjoint(keys[_bucket(dest)]), (source, dest)


def test_all_state_keys_are_unique_across_buckets(stacks: dict[str, dict[str, Any]]) -> None:
    keys = [s["terraform"]["backend"]["s3"]["key"] for s in stacks.values()
            if "s3" in s["terraform"]["backend"]]
    assert len(keys) == len(set(keys)) == len(stacks) - 6  # 3 state + 3 replication: local


def test_the_us_copy_follows_the_configured_dr_region() -> None:
    config = load_config()
    us = next(r for r in config.regions if r.key == "us")
    moved = dataclasses.replace(config, regions=tuple(
        dataclasses.replace(r, dr_region="eu-central-1", standby=None) if r is us else r
        for r in config.regions))
    spec = next(s for s in stack_specs(moved) if s.name == "state-replication-us-east-1")
    assert spec.replicates_to == "eu-central-1"
    assert set(spec.depends_on) == {"state-us-east-1", "state-eu-central-1", "global"}
    # No state bucket in the DR region: no copy (never a rule into a bucket nobody made).
    nowhere = dataclasses.replace(config, regions=tuple(
        dataclasses.replace(r, dr_region="us-west-2", standby=None) if r is us else r
        for r in config.regions))
    names = {s.name for s in stack_specs(nowhere)}
    assert "state-replication-us-east-1" not in names
    assert "state-replication-eu-west-1" in names
