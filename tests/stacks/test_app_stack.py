"""App stacks: network, keys, storage and data tier, asserted on the real synth output.

GIVEN the default config WHEN the whole app is synthesized (once per session) THEN each
serving region's stack holds what issue 2 asks for, with the seed's numbers.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from cdktf_cdktf_provider_aws.db_instance import DbInstance
from cdktf_cdktf_provider_aws.db_instance_automated_backups_replication import (
    DbInstanceAutomatedBackupsReplication,
)
from cdktf_cdktf_provider_aws.db_parameter_group import DbParameterGroup
from cdktf_cdktf_provider_aws.elasticache_replication_group import ElasticacheReplicationGroup
from cdktf_cdktf_provider_aws.elasticache_user import ElasticacheUser
from cdktf_cdktf_provider_aws.flow_log import FlowLog
from cdktf_cdktf_provider_aws.kms_key import KmsKey
from cdktf_cdktf_provider_aws.nat_gateway import NatGateway
from cdktf_cdktf_provider_aws.route import Route
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_replication_configuration import (
    S3BucketReplicationConfigurationA,
)
from cdktf_cdktf_provider_aws.subnet import Subnet
from cdktf_cdktf_provider_aws.vpc_endpoint import VpcEndpoint

from tests.conftest import only, resources_of

APP_STACKS = ["app-us-east-1", "app-eu-west-1"]


def providers(stack: dict[str, Any]) -> dict[str, str]:
    """Provider reference (``aws``, ``aws.dr``) -> region."""
    out = {}
    for p in stack["provider"]["aws"]:
        out["aws" if "alias" not in p else f"aws.{p['alias']}"] = p["region"]
    return out


def primaries(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n: r for n, r in resources_of(stack, DbInstance.TF_RESOURCE_TYPE).items()
            if "replicate_source_db" not in r}


@pytest.mark.parametrize("name", APP_STACKS)
def test_vpc_spans_three_azs_with_three_tiers_and_a_nat_per_az(
        stacks: dict[str, dict[str, Any]], name: str) -> None:
    stack = stacks[name]
    subnets = resources_of(stack, Subnet.TF_RESOURCE_TYPE).values()
    by_tier: dict[str, set[str]] = {}
    for s in subnets:
        by_tier.setdefault(s["tags"]["Tier"], set()).add(s["availability_zone"])
        assert s["map_public_ip_on_launch"] is False
    assert set(by_tier) == {"public", "app", "data"}
    assert all(len(azs) == 3 for azs in by_tier.values())
    assert len(resources_of(stack, NatGateway.TF_RESOURCE_TYPE)) == 3


@pytest.mark.parametrize("name", APP_STACKS)
def test_only_public_subnets_route_to_the_internet_gateway_and_data_has_no_way_out(
        stacks: dict[str, dict[str, Any]], name: str) -> None:
    routes = resources_of(stacks[name], Route.TF_RESOURCE_TYPE)
    igw_routes = {n for n, r in routes.items() if "gateway_id" in r}
    assert igw_routes == {"network_public_default"}
    assert {n for n in routes if n.startswith("network_data")} == set()
    assert sum(1 for r in routes.values() if "nat_gateway_id" in r) == 3


@pytest.mark.parametrize("name", APP_STACKS)
def test_flow_logs_and_endpoints(stacks: dict[str, dict[str, Any]], name: str) -> None:
    stack = stacks[name]
    flow = only(stack, FlowLog.TF_RESOURCE_TYPE)
    assert flow["traffic_type"] == "ALL"
    endpoints = resources_of(stack, VpcEndpoint.TF_RESOURCE_TYPE).values()
    services = {e["service_name"].rsplit(".", 1)[-1] if e["vpc_endpoint_type"] == "Gateway"
                else e["service_name"].split(".", 3)[-1] for e in endpoints}
    assert {"s3", "ecr.api", "ecr.dkr", "logs", "secretsmanager"} <= services
    assert all(e["private_dns_enabled"] for e in endpoints if e["vpc_endpoint_type"] == "Interface")


@pytest.mark.parametrize("name", APP_STACKS)
def test_every_kms_key_rotates(stacks: dict[str, dict[str, Any]], name: str) -> None:
    keys = resources_of(stacks[name], KmsKey.TF_RESOURCE_TYPE)
    assert len(keys) >= 3
    assert all(k["enable_key_rotation"] is True for k in keys.values())


@pytest.mark.parametrize("name", APP_STACKS)
def test_postgres_primary_is_multi_az_encrypted_private_and_keeps_35_days(
        stacks: dict[str, dict[str, Any]], name: str) -> None:
    (db,) = primaries(stacks[name]).values()
    expected = {
        "engine": "postgres", "multi_az": True, "storage_type": "gp3",
        "storage_encrypted": True, "backup_retention_period": 35, "deletion_protection": True,
        "skip_final_snapshot": False, "publicly_accessible": False,
        "iam_database_authentication_enabled": True, "performance_insights_enabled": True,
        "monitoring_interval": 60, "manage_master_user_password": True,
        "enabled_cloudwatch_logs_exports": ["postgresql", "upgrade"],
    }
    assert {k: db.get(k) for k in expected} == expected
    assert db["max_allocated_storage"] >= 1000
    assert db["kms_key_id"].startswith("${aws_kms_key.")
    assert db["final_snapshot_identifier"]
    assert "password" not in db
    params = only(stacks[name], DbParameterGroup.TF_RESOURCE_TYPE)["parameter"]
    assert {"name": "rds.force_ssl", "value": "1"} in params
    assert db["parameter_group_name"] == "${aws_db_parameter_group.database_parameters.name}"


@pytest.mark.parametrize("name", APP_STACKS)
def test_in_region_reporting_replica(stacks: dict[str, dict[str, Any]], name: str) -> None:
    replica = resources_of(stacks[name], DbInstance.TF_RESOURCE_TYPE)["database_reporting_replica"]
    assert replica["replicate_source_db"] == "${aws_db_instance.database_primary.identifier}"
    assert replica["storage_encrypted"] is True and replica["publicly_accessible"] is False


def test_us_primary_has_a_cross_region_replica_in_eu_west_1(
        stacks: dict[str, dict[str, Any]]) -> None:
    # It lives in the US standby stack in eu-west-1 (its state survives us-east-1's loss).
    standby = stacks["standby-us-eu-west-1"]
    replica = resources_of(standby, DbInstance.TF_RESOURCE_TYPE)["replica_replica"]
    assert "provider" not in replica  # the standby's default provider: eu-west-1
    assert providers(standby)["aws"] == "eu-west-1"
    assert replica["replicate_source_db"].startswith(
        "${data.terraform_remote_state.cross_stack_reference_input_app_us_east_1.outputs.")
    assert not any("replicate_source_db" in r and "cross_stack" in r["replicate_source_db"]
                   for r in resources_of(stacks["app-eu-west-1"],
                                         DbInstance.TF_RESOURCE_TYPE).values())
    assert replica["tags"]["DataResidency"] == "us"
    assert replica["multi_az"] is True and replica["storage_encrypted"] is True


def test_eu_data_is_copied_only_inside_the_eu(stacks: dict[str, dict[str, Any]]) -> None:
    eu = stacks["app-eu-west-1"]
    regions = providers(eu)
    assert regions == {"aws": "eu-west-1", "aws.dr": "eu-central-1"}
    backups = only(eu, DbInstanceAutomatedBackupsReplication.TF_RESOURCE_TYPE)
    assert backups["provider"] == "aws.dr" and backups["retention_period"] == 35
    for rule in (r["rule"][0] for r in resources_of(
            eu, S3BucketReplicationConfigurationA.TF_RESOURCE_TYPE).values()):
        dest = rule["destination"]["bucket"]
        bucket = dest.split(".")[1]
        assert resources_of(eu, S3Bucket.TF_RESOURCE_TYPE)[bucket]["provider"] == "aws.dr"
        assert rule["destination"]["replication_time"]["time"]["minutes"] == 15
    # The US stack replicates nothing into the EU DR region and nothing EU into the US.
    assert not resources_of(stacks["app-us-east-1"],
                            DbInstanceAutomatedBackupsReplication.TF_RESOURCE_TYPE)


def test_us_buckets_replicate_to_eu_west_1(stacks: dict[str, dict[str, Any]]) -> None:
    us = stacks["app-us-east-1"]
    assert providers(us) == {"aws": "us-east-1", "aws.dr": "eu-west-1"}
    repl = resources_of(us, S3BucketReplicationConfigurationA.TF_RESOURCE_TYPE)
    assert set(repl) == {"storage_assets_replication_configuration",
                         "storage_uploads_replication_configuration"}
    buckets = resources_of(us, S3Bucket.TF_RESOURCE_TYPE)
    assert {n for n, b in buckets.items() if b.get("provider") == "aws.dr"} == {
        "storage_assets_dr_bucket", "storage_uploads_dr_bucket", "storage_dr_logs_bucket"}


@pytest.mark.parametrize("name", APP_STACKS)
def test_every_bucket_is_versioned_encrypted_private_and_tls_only(
        stacks: dict[str, dict[str, Any]], name: str) -> None:
    stack = stacks[name]
    buckets = set(resources_of(stack, S3Bucket.TF_RESOURCE_TYPE))

    def covered(tf_type: str) -> set[str]:
        return {r["bucket"].split(".")[1] for r in resources_of(stack, tf_type).values()}

    assert covered("aws_s3_bucket_versioning") == buckets
    assert covered("aws_s3_bucket_server_side_encryption_configuration") == buckets
    assert covered("aws_s3_bucket_public_access_block") == buckets
    assert covered("aws_s3_bucket_policy") == buckets
    for policy in resources_of(stack, "aws_s3_bucket_policy").values():
        assert '"aws:SecureTransport":"false"' in policy["policy"]
    kms = {r["bucket"].split(".")[1] for r in resources_of(
        stack, "aws_s3_bucket_server_side_encryption_configuration").values()
        if r["rule"][0]["apply_server_side_encryption_by_default"]["sse_algorithm"] == "aws:kms"}
    # Only access-log targets use SSE-S3 (S3 server access logs cannot be SSE-KMS).
    assert buckets - kms == {"storage_logs_bucket", "storage_dr_logs_bucket"}


@pytest.mark.parametrize("name", APP_STACKS)
def test_data_buckets_tier_to_ia_and_glacier(stacks: dict[str, dict[str, Any]], name: str) -> None:
    lifecycle = resources_of(stacks[name], "aws_s3_bucket_lifecycle_configuration")
    rule = lifecycle["storage_assets_lifecycle"]["rule"][0]
    assert [(t["days"], t["storage_class"]) for t in rule["transition"]] == [
        (30, "STANDARD_IA"), (90, "GLACIER")]
    assert rule["noncurrent_version_expiration"][0]["noncurrent_days"] == 365


@pytest.mark.parametrize("name", APP_STACKS)
def test_redis_cluster_mode_3x2_encrypted_iam_auth(
        stacks: dict[str, dict[str, Any]], name: str) -> None:
    stack = stacks[name]
    rg = only(stack, ElasticacheReplicationGroup.TF_RESOURCE_TYPE)
    expected = {
        "cluster_mode": "enabled", "num_node_groups": 3, "replicas_per_node_group": 2,
        "automatic_failover_enabled": True, "multi_az_enabled": True,
        "at_rest_encryption_enabled": "true", "transit_encryption_enabled": True,
        "transit_encryption_mode": "required",
    }
    assert {k: rg.get(k) for k in expected} == expected
    assert rg["snapshot_retention_limit"] >= 1
    assert "auth_token" not in rg
    users = resources_of(stack, ElasticacheUser.TF_RESOURCE_TYPE).values()
    assert sorted(u["authentication_mode"]["type"] for u in users) == [
        "iam", "no-password-required"]
    default = next(u for u in users if u["user_name"] == "default")
    assert default["access_string"].startswith("off")
    group = resources_of(stack, "aws_elasticache_subnet_group")["redis_subnet_group"]
    assert all(s.startswith("${aws_subnet.network_data_") for s in group["subnet_ids"])


@pytest.mark.parametrize("name", APP_STACKS)
def test_data_tier_sits_in_private_data_subnets(
        stacks: dict[str, dict[str, Any]], name: str) -> None:
    group = resources_of(stacks[name], "aws_db_subnet_group")["database_subnet_group"]
    assert group["subnet_ids"] == [f"${{aws_subnet.network_data_{az}.id}}" for az in "abc"]


@pytest.mark.parametrize("name", APP_STACKS)
def test_provider_tags_owner_environment_residency(
        stacks: dict[str, dict[str, Any]], name: str) -> None:
    residency = "eu" if "eu-" in name else "us"
    for provider in stacks[name]["provider"]["aws"]:
        tags = provider["default_tags"][0]["tags"]
        assert tags["Owner"] == "platform-team" and tags["Environment"] == "prod"
        assert tags["DataResidency"] == residency


@pytest.mark.parametrize(("name", "region"), [("app-us-east-1", "us-east-1"),
                                               ("app-eu-west-1", "eu-west-1")])
def test_remote_state_lives_in_the_stacks_own_region(
        stacks: dict[str, dict[str, Any]], name: str, region: str) -> None:
    tf = stacks[name]["terraform"]
    assert tf["backend"]["s3"] == {
        "bucket": f"webapp-prod-tfstate-{region}", "key": f"{name}/terraform.tfstate",
        "region": region, "encrypt": True, "use_lockfile": True,
        # Issue 10.2: state objects are encrypted with the state stack's customer key.
        "kms_key_id": f"alias/webapp-prod-tfstate-{region}"}
    assert tf["required_version"] == ">= 1.10"


@pytest.mark.parametrize("name", APP_STACKS)
def test_replication_waits_for_versioning_of_both_buckets(
        stacks: dict[str, dict[str, Any]], name: str) -> None:
    # S3 rejects PutBucketReplication while either bucket is unversioned (issue 10.2).
    repl = resources_of(stacks[name], S3BucketReplicationConfigurationA.TF_RESOURCE_TYPE)
    for kind in ("assets", "uploads"):
        assert sorted(repl[f"storage_{kind}_replication_configuration"]["depends_on"]) == [
            f"aws_s3_bucket_versioning.storage_{kind}_dr_versioning",
            f"aws_s3_bucket_versioning.storage_{kind}_versioning"]


def test_no_secret_material_in_any_stack(synth_dir: Any) -> None:
    text = "".join(p.read_text() for p in synth_dir.rglob("*.json"))
    for needle in ('"password"', '"auth_token"', "BEGIN RSA", "AKIA"):
        assert needle not in text
    # The one secret value we store (the origin-verification header) is generated by Secrets
    # Manager at plan time: the JSON holds a reference to the generator, never a value.
    values: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            values.extend(v for k, v in node.items() if k == "secret_string")
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for path in synth_dir.rglob("cdk.tf.json"):
        walk(json.loads(path.read_text()))
    assert values == [
        "${data.aws_secretsmanager_random_password.serving_origin_secret_generated"
        ".random_password}"] * 4  # both serving regions and both standbys


@pytest.mark.parametrize("name", ["app-us-east-1", "app-eu-west-1"])
def test_every_bucket_name_ends_with_the_configured_suffix(
        stacks: dict[str, dict[str, Any]], name: str) -> None:
    # Bucket names are global across AWS customers: regions/platform.toml's name_suffix.
    key = name.split("-")[1]
    names = {b["bucket"] for b in resources_of(stacks[name], S3Bucket.TF_RESOURCE_TYPE).values()}
    dr = {"us": "eu-west-1", "eu": "eu-central-1"}[key]
    region = {"us": "us-east-1", "eu": "eu-west-1"}[key]
    expected = {f"webapp-prod-{key}-{kind}-123456789012"
                for kind in ("logs", "assets", "uploads", f"logs-{dr}", f"assets-{dr}",
                             f"uploads-{dr}", f"trail-{region}")}
    if key == "eu":
        expected.add("webapp-prod-eu-cdn-logs-123456789012")
    assert names == expected
