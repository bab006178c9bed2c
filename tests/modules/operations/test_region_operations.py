"""Issue 11.4: the operations of each region, on the real session synth, and the props
checks that keep backups and admin access honest. Expected values are hand-written from
the config (regions/platform.toml) and the issue: EU trails and copies stay in the EU."""

from __future__ import annotations

from typing import Any

import pytest

from regions import ConfigError
from tests.conftest import only, resources_of

APPS = {"app-us-east-1": ("webapp-prod-us", "us-east-1", "eu-west-1"),
        "app-eu-west-1": ("webapp-prod-eu", "eu-west-1", "eu-central-1")}


def _provider_region(stack: dict[str, Any], ref: str | None) -> str:
    providers = stack["provider"]["aws"]
    if ref is None:
        return next(p["region"] for p in providers if "alias" not in p)
    alias = ref.split(".", 1)[1]
    return next(p["region"] for p in providers if p.get("alias") == alias)


def test_each_region_records_its_own_trail_into_a_bucket_of_that_region(
        stacks: dict[str, Any]) -> None:
    for name, (prefix, region, _) in APPS.items():
        stack = stacks[name]
        trail = only(stack, "aws_cloudtrail")
        assert trail["name"] == f"{prefix}-trail"
        assert trail["is_multi_region_trail"] is False
        assert trail["enable_log_file_validation"] is True
        assert "aws_kms_key.operations_trail_key.arn" in trail["kms_key_id"]
        assert trail["include_global_service_events"] is (region == "us-east-1")
        bucket = resources_of(stack, "aws_s3_bucket")["operations_trail_bucket_bucket"]
        assert bucket["bucket"] == f"{prefix}-trail-{region}-123456789012"  # name_suffix
        assert _provider_region(stack, bucket.get("provider")) == region


def test_backups_are_locked_and_copied_only_to_the_dr_region(stacks: dict[str, Any]) -> None:
    for name, (prefix, region, dr_region) in APPS.items():
        stack = stacks[name]
        vaults = resources_of(stack, "aws_backup_vault")
        assert {v["name"]: _provider_region(stack, v.get("provider"))
                for v in vaults.values()} == {f"{prefix}-vault": region,
                                              f"{prefix}-vault-{dr_region}": dr_region}
        locks = resources_of(stack, "aws_backup_vault_lock_configuration")
        assert len(locks) == 2
        for lock in locks.values():
            assert (lock["min_retention_days"], lock["max_retention_days"]) == (35, 35)
            assert lock["changeable_for_days"] == 3  # compliance mode after 3 days
        rule = only(stack, "aws_backup_plan")["rule"][0]
        copies = [c["destination_vault_arn"] for c in rule["copy_action"]]
        assert copies == ["${aws_backup_vault.operations_backup_dr_vault.arn}"]
        selection = only(stack, "aws_backup_selection")
        assert "${aws_db_instance.database_primary.arn}" in selection["resources"]


def test_every_new_alarm_pages_the_regions_alerts_topic(stacks: dict[str, Any]) -> None:
    for name, (prefix, _, _) in APPS.items():
        alarms = {a["alarm_name"]: a for a in resources_of(
            stacks[name], "aws_cloudwatch_metric_alarm").values()}
        new = {f"{prefix}-root-activity", f"{prefix}-trail-tampering",
               f"{prefix}-backup-jobs-failed", f"{prefix}-copy-jobs-failed"}
        assert new <= set(alarms)
        for alarm in new:
            assert alarms[alarm]["alarm_actions"] == ["${aws_sns_topic.serving_alerts_topic.arn}"]


def test_default_admin_access_opens_no_port(stacks: dict[str, Any]) -> None:
    for name in APPS:
        stack = stacks[name]
        assert not resources_of(stack, "aws_ec2_client_vpn_endpoint")
        doc = resources_of(stack, "aws_ssm_document")["operations_admin_session_preferences"]
        assert doc["name"] == "SSM-SessionManagerRunShell"
        for rule in resources_of(stack, "aws_vpc_security_group_ingress_rule").values():
            assert rule.get("cidr_ipv4") != "0.0.0.0/0" or rule.get("from_port") == 443


def test_eu_backups_cannot_be_copied_out_of_the_eu() -> None:
    from modules.operations.backup_plan import BackupPlanProps
    with pytest.raises(ValueError, match="EU backups may be copied only to an EU region"):
        BackupPlanProps(name="x", region="eu-west-1", residency="eu", dr_region="us-east-1",
                        dr_provider=None,  # residency is checked first
                        kms_key_arn="k", dr_kms_key_arn="k", database_arns=("a",),
                        bucket_arns=(), topic_arn="t")


def test_a_copy_needs_its_region_provider_and_key_together() -> None:
    from modules.operations.backup_plan import BackupPlanProps
    with pytest.raises(ValueError, match="dr_region, dr_provider and dr_kms_key_arn go together"):
        BackupPlanProps(name="x", region="eu-west-1", residency="eu", dr_region=None,
                        dr_provider=None, kms_key_arn="k", dr_kms_key_arn="k",
                        database_arns=("a",), bucket_arns=(), topic_arn="t")


#: standby stack -> (name prefix, region, residency, owns the region's Session Manager doc)
STANDBYS = {"standby-eu-eu-central-1": ("webapp-prod-standby-eu", "eu-central-1", "eu", True),
            "standby-us-eu-west-1": ("webapp-prod-standby-us", "eu-west-1", "us", False)}


@pytest.mark.parametrize("name", sorted(STANDBYS))
def test_standby_operations_stay_in_its_region_and_drill_its_own_resources(
        stacks: dict[str, Any], name: str) -> None:
    prefix, region, residency, owns_admin = STANDBYS[name]
    stack = stacks[name]
    # Its own trail, stored in its own region (an EU standby's audit stays in the EU).
    trail = only(stack, "aws_cloudtrail")
    assert trail["name"] == f"{prefix}-trail" and trail["is_multi_region_trail"] is False
    bucket = resources_of(stack, "aws_s3_bucket")["operations_trail_bucket_bucket"]
    assert bucket["bucket"] == f"{prefix}-trail-{region}-123456789012"
    [provider] = stack["provider"]["aws"]  # no provider of another region
    assert provider["region"] == region
    assert provider["default_tags"][0]["tags"]["DataResidency"] == residency
    # One locked vault in its region, no copy (the only other in-jurisdiction region is the
    # one the standby replaces); the replica is protected.
    vault = only(stack, "aws_backup_vault")
    assert vault["name"] == f"{prefix}-vault" and "provider" not in vault
    lock = only(stack, "aws_backup_vault_lock_configuration")
    assert (lock["min_retention_days"], lock["max_retention_days"]) == (35, 35)
    assert "copy_action" not in only(stack, "aws_backup_plan")["rule"][0]
    assert only(stack, "aws_backup_selection")["resources"] == [
        "${aws_db_instance.replica_replica.arn}"]
    # GuardDuty stays the foundation's; one Session Manager document per account and region.
    assert len(resources_of(stack, "aws_guardduty_detector")) == (1 if owns_admin else 0)
    docs = {d["name"] for d in resources_of(stack, "aws_ssm_document").values()}
    assert ("SSM-SessionManagerRunShell" in docs) is owns_admin
    # The task-stop and database drills act on the standby's service and replica and stop
    # on the standby's own alarms, which exist in the stack.
    alarms = {a["alarm_name"] for a in resources_of(stack, "aws_cloudwatch_metric_alarm")
              .values()}
    stops = {f"{prefix}-5xx-error-rate", f"{prefix}-p95-response-time"}
    assert stops <= alarms
    templates = resources_of(stack, "aws_fis_experiment_template")
    for drill in ("task_stop", "db_failover", "az_loss", "evacuation"):
        template = templates[f"operations_drills_{drill}"]
        assert {c["value"].rsplit(":alarm:", 1)[1]
                for c in template["stop_condition"]} == stops, drill
    [db] = templates["operations_drills_db_failover"]["target"]
    assert db["resource_arns"] == ["${aws_db_instance.replica_replica.arn}"]
    [tasks] = templates["operations_drills_task_stop"]["target"]
    assert tasks["parameters"] == {
        "cluster": "${aws_ecs_cluster.serving_cluster_cluster.name}",
        "service": "${aws_ecs_service.serving_service_service.name}"}


def test_client_vpn_needs_its_certificates() -> None:
    from regions.operations import OperationsConfig
    with pytest.raises(ConfigError, match="vpn_server_certificate_arn must be an ACM"):
        OperationsConfig(admin_access="client_vpn")
    arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc-1"
    ok = OperationsConfig(admin_access="client_vpn", vpn_server_certificate_arn=arn,
                          vpn_client_root_certificate_arn=arn)
    assert ok.admin_access == "client_vpn"
    with pytest.raises(ConfigError, match="cooling_off_days must be 3"):
        OperationsConfig(vault_lock_cooling_off_days=1)


def test_client_vpn_mode_adds_an_mtls_endpoint_reaching_only_database_and_redis(
        stacks: dict[str, Any]) -> None:
    import json

    from cdktf import TerraformStack, Testing

    from modules.operations.admin_access import AdminAccess, AdminAccessProps

    arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc-1"
    app = Testing.app()
    stack = TerraformStack(app, "vpn")
    AdminAccess(stack, "admin", props=AdminAccessProps(
        name="t", region="eu-west-1", cluster_name="t", logs_kms_key_arn="k", mode="client_vpn",
        vpc_id="vpc-1", subnet_ids=("s-1", "s-2", "s-3"), vpc_cidr="10.20.0.0/16",
        client_cidr="10.255.0.0/22", server_certificate_arn=arn,
        client_root_certificate_arn=arn, reachable_groups=(("sg-db", 5432), ("sg-redis", 6379))))
    out = json.loads(Testing.synth(stack))
    endpoint = only(out, "aws_ec2_client_vpn_endpoint")
    assert endpoint["authentication_options"][0]["type"] == "certificate-authentication"
    assert endpoint["split_tunnel"] is True
    assert endpoint["connection_log_options"]["enabled"] is True
    assert len(resources_of(out, "aws_ec2_client_vpn_network_association")) == 3
    ingress = sorted((r["security_group_id"], r["from_port"]) for r in resources_of(
        out, "aws_vpc_security_group_ingress_rule").values())
    assert ingress == [("sg-db", 5432), ("sg-redis", 6379)]
    assert all("cidr_ipv4" not in r for r in resources_of(
        out, "aws_vpc_security_group_egress_rule").values())
