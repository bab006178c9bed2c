"""Issue 10.1: the five apply failures an AWS review found are fixed in our synth output, and
the gate's apply-validity policies (HAP_APV_*) catch each one when it is put back.

GIVEN the real session synth, WHEN each fix is inspected, THEN it is there (values written by
hand from the AWS documentation, not read from the generator); and WHEN a copy of the synth has
the defect re-introduced, THEN our policies fail exactly the resource that would fail to apply.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from policies.catalog import get
from policies.engine import evaluate
from policies.findings import Outcome
from policies.loaders import load
from tests.conftest import only, resources_of

#: Elastic Load Balancing log-delivery accounts (ELB User Guide, "Enable access logs").
ELB_ACCOUNTS = {"us-east-1": "127311923021", "eu-west-1": "156460612806"}
APP = {"us-east-1": "app-us-east-1", "eu-west-1": "app-eu-west-1"}


def _policy(stack: dict[str, Any], bucket: str) -> dict[str, Any]:
    policies = resources_of(stack, "aws_s3_bucket_policy")
    return json.loads(policies[bucket.replace("_bucket", "_policy")]["policy"])


def test_postgres_is_pinned_by_major_with_minor_upgrades(
        stacks: dict[str, dict[str, Any]]) -> None:
    for name in APP.values():
        db = resources_of(stacks[name], "aws_db_instance")["database_primary"]
        assert db["engine_version"] == "16" and db["auto_minor_version_upgrade"] is True


@pytest.mark.parametrize("region", sorted(APP))
def test_the_alb_log_bucket_grants_elb_and_s3_log_delivery(
        stacks: dict[str, dict[str, Any]], region: str) -> None:
    stack = stacks[APP[region]]
    alb = only(stack, "aws_lb")
    assert alb["access_logs"]["bucket"] == "${aws_s3_bucket.storage_logs_bucket.id}"
    statements = _policy(stack, "storage_logs_bucket")["Statement"]
    elb = [s for s in statements if s.get("Principal") == {
        "AWS": f"arn:aws:iam::{ELB_ACCOUNTS[region]}:root"}]
    assert len(elb) == 1 and elb[0]["Effect"] == "Allow" and elb[0]["Action"] == "s3:PutObject"
    assert elb[0]["Resource"].endswith("/alb/*")
    assert alb["access_logs"]["prefix"].startswith("alb/")
    s3 = [s for s in statements if s.get("Principal") == {"Service": "logging.s3.amazonaws.com"}]
    assert len(s3) == 1 and s3[0]["Action"] == "s3:PutObject"
    # every bucket that logs into it is covered by the SourceArn pattern
    pattern = s3[0]["Condition"]["ArnLike"]["aws:SourceArn"][0]
    for logging in resources_of(stack, "aws_s3_bucket_logging").values():
        if logging["target_bucket"] == "${aws_s3_bucket.storage_logs_bucket.id}":
            source = logging["bucket"].split(".")[1]
            name = resources_of(stack, "aws_s3_bucket")[source]["bucket"]
            assert f"arn:aws:s3:::{name}".startswith(pattern.rstrip("*")), name


def test_state_log_buckets_grant_s3_log_delivery(stacks: dict[str, dict[str, Any]]) -> None:
    for name in ("state-us-east-1", "state-eu-west-1"):
        statements = _policy(stacks[name], "state_logs_bucket")["Statement"]
        grants = [s for s in statements
                  if s.get("Principal") == {"Service": "logging.s3.amazonaws.com"}]
        # regions/platform.toml names the state buckets webapp-prod-tfstate-<region>
        region = name.removeprefix("state-")
        assert [g["Condition"]["ArnLike"]["aws:SourceArn"] for g in grants] == [
            [f"arn:aws:s3:::webapp-prod-tfstate-{region}"]]


def test_prefix_lists_sit_in_separate_groups_under_the_quota(
        stacks: dict[str, dict[str, Any]]) -> None:
    # CloudFront origin-facing list: 55 entries; Route 53 health checkers: 25; quota 60.
    weights = {"com.amazonaws.global.cloudfront.origin-facing": 55}
    for region, name in APP.items():
        stack = stacks[name]
        weights[f"com.amazonaws.{region}.route53-healthchecks"] = 25
        lists = {f"${{data.aws_ec2_managed_prefix_list.{k}.id}}": v["name"]
                 for k, v in stack["data"]["aws_ec2_managed_prefix_list"].items()}
        per_group: dict[str, int] = {}
        for rule in resources_of(stack, "aws_vpc_security_group_ingress_rule").values():
            if "prefix_list_id" in rule:
                group = rule["security_group_id"]
                per_group[group] = per_group.get(group, 0) + weights[lists[rule["prefix_list_id"]]]
        assert sorted(per_group.values()) == [25, 55]
        alb = only(stack, "aws_lb")
        # both prefix-list groups are on the ALB; a third (direct path) holds no prefix list
        assert set(per_group) <= set(alb["security_groups"])
        assert len(alb["security_groups"]) == len(per_group) + 1


def test_the_ci_apply_role_reads_back_what_it_writes(stacks: dict[str, dict[str, Any]]) -> None:
    policy = json.loads(resources_of(stacks["global"], "aws_iam_role_policy")
                        ["ci_apply_iam"]["policy"])
    allowed = {a for s in policy["Statement"] if s["Effect"] == "Allow"
               for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
    assert {"iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies",
            "iam:ListAttachedRolePolicies", "iam:GetOpenIDConnectProvider",
            "iam:ListInstanceProfilesForRole"} <= allowed
    reads = [s for s in policy["Statement"] if "iam:GetRole" in s["Action"]]
    assert all("webapp-prod-" in str(s["Resource"]) for s in reads)  # scoped to our names


def test_the_zone_is_delegated_by_config_and_publishes_its_name_servers(
        stacks: dict[str, dict[str, Any]]) -> None:
    zone = only(stacks["global"], "aws_route53_zone")
    assert zone["tags"] == {"Delegated": "true"}  # regions/platform.toml: delegated = true
    out = stacks["global"]["output"]
    assert any(v["value"] == "${aws_route53_zone.dns_zone.name_servers}" for v in out.values())


# --- the gate catches each defect when it is put back --------------------------------------


def _mutated(synth_dir: Path, tmp_path: Path, stack: str,
             change: Any) -> Path:
    copy = tmp_path / "synth"
    shutil.copytree(synth_dir, copy)
    path = copy / "stacks" / stack / "cdk.tf.json"
    doc = json.loads(path.read_text())
    change(doc)
    path.write_text(json.dumps(doc))
    return copy


def _failed(folder: Path, policy_id: str) -> set[str]:
    results = evaluate(load(folder), policies=(get(policy_id),))
    return {r.resource for r in results if r.outcome is Outcome.FAILED}


def test_a_retired_engine_version_fails_hap_apv_002(synth_dir: Path, tmp_path: Path) -> None:
    assert _failed(synth_dir, "HAP_APV_002") == set()

    def retired(doc: dict[str, Any]) -> None:
        doc["resource"]["aws_db_instance"]["database_primary"]["engine_version"] = "16.4"

    assert _failed(_mutated(synth_dir, tmp_path, "app-us-east-1", retired), "HAP_APV_002") == {
        "aws_db_instance.database_primary"}


def test_both_prefix_lists_in_one_group_fail_hap_apv_001(synth_dir: Path,
                                                          tmp_path: Path) -> None:
    assert _failed(synth_dir, "HAP_APV_001") == set()

    def merge(doc: dict[str, Any]) -> None:
        rules = doc["resource"]["aws_vpc_security_group_ingress_rule"]
        rules["sg_alb_healthchecks_in"]["security_group_id"] = "${aws_security_group.sg_alb.id}"

    assert _failed(_mutated(synth_dir, tmp_path, "app-eu-west-1", merge), "HAP_APV_001") == {
        "aws_security_group.sg_alb"}


def test_a_log_bucket_without_the_elb_grant_fails_hap_apv_004(synth_dir: Path,
                                                               tmp_path: Path) -> None:
    assert _failed(synth_dir, "HAP_APV_004") == set()

    def drop(doc: dict[str, Any]) -> None:
        pol = doc["resource"]["aws_s3_bucket_policy"]["storage_logs_policy"]
        body = json.loads(pol["policy"])
        body["Statement"] = [s for s in body["Statement"] if s.get("Sid") != "ElbAccessLogDelivery"]
        pol["policy"] = json.dumps(body)

    assert _failed(_mutated(synth_dir, tmp_path, "app-us-east-1", drop), "HAP_APV_004") == {
        "aws_lb.serving_alb_alb"}


def test_an_undelegated_zone_fails_hap_apv_006(synth_dir: Path, tmp_path: Path) -> None:
    assert _failed(synth_dir, "HAP_APV_006") == set()

    def undelegate(doc: dict[str, Any]) -> None:
        del doc["resource"]["aws_route53_zone"]["dns_zone"]["tags"]

    failed = _failed(_mutated(synth_dir, tmp_path, "global", undelegate), "HAP_APV_006")
    assert failed == {"aws_acm_certificate_validation.serving_certificate_validated",
                      "aws_acm_certificate_validation.certificate_validated"}


def test_an_apply_role_without_reads_fails_hap_apv_005(synth_dir: Path, tmp_path: Path) -> None:
    assert _failed(synth_dir, "HAP_APV_005") == set()

    def blind(doc: dict[str, Any]) -> None:
        pol = doc["resource"]["aws_iam_role_policy"]["ci_apply_iam"]
        body = json.loads(pol["policy"])
        body["Statement"] = [s for s in body["Statement"] if "ReadBack" not in s.get("Sid", "")]
        pol["policy"] = json.dumps(body)

    assert _failed(_mutated(synth_dir, tmp_path, "global", blind), "HAP_APV_005") == {
        "aws_iam_role.ci_apply"}
