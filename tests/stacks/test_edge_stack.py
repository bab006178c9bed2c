"""EdgeStack + GlobalStack: the edge depends only on what the app and global stacks
export (cross-stack outputs read through terraform_remote_state), and no cycle exists."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.conftest import only

_REF = re.compile(r"data\.terraform_remote_state\.([A-Za-z0-9_]+)\.outputs\.([A-Za-z0-9_]+)")


@pytest.fixture(scope="session")
def topology(stacks: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """global -> app-us-east-1, app-eu-west-1 -> standbys -> edge: the real synth of main.py
    (the session fixture), so the edge is tested against the real stacks, not stand-ins."""
    return {name: stacks[name] for name in ("global", "app-us-east-1", "app-eu-west-1",
                                            "standby-us-eu-west-1", "standby-eu-eu-central-1",
                                            "edge")}


#: What the edge reads: the zone, the apps (ALBs, assets, logs, alerts topic) and the
#: standbys' ALBs (the SECONDARY of each failover pair).
EDGE_PRODUCERS = {"global", "app-us-east-1", "app-eu-west-1", "standby-us-eu-west-1",
                  "standby-eu-eu-central-1"}


def _consumed(stack: dict[str, Any]) -> dict[str, set[str]]:
    """Remote state data source -> outputs read from it."""
    found: dict[str, set[str]] = {}
    text = json.dumps({k: v for k, v in stack.items() if k != "data"})
    for source, output in _REF.findall(text):
        found.setdefault(source, set()).add(output)
    return found


def _producer(stack: dict[str, Any], source: str, topology: dict[str, Any]) -> str:
    cfg = stack["data"]["terraform_remote_state"][source]["config"]
    key = cfg["key"]
    return next(name for name, s in topology.items()
                if s["terraform"]["backend"]["s3"]["key"] == key
                and s["terraform"]["backend"]["s3"]["bucket"] == cfg["bucket"])


def test_edge_reads_only_app_and_global_outputs(topology: dict[str, dict[str, Any]]) -> None:
    edge = topology["edge"]
    # GIVEN the edge stack WHEN its data sources are listed THEN remote states, and the
    # origin-verification values read by secret ARN (never a literal in the JSON)
    assert set(edge["data"]) == {"terraform_remote_state", "aws_secretsmanager_secret_version"}
    producers = {_producer(edge, s, topology) for s in edge["data"]["terraform_remote_state"]}
    assert producers == EDGE_PRODUCERS
    # AND every output it reads is one the producer declares
    for source, outputs in _consumed(edge).items():
        producer = topology[_producer(edge, source, topology)]
        assert outputs <= set(producer.get("output", {})), (source, outputs)
    consumed = {(_producer(edge, s, topology), o) for s, outs in _consumed(edge).items()
                for o in outs}
    assert {p for p, _ in consumed} == EDGE_PRODUCERS


def test_app_and_standby_stacks_read_the_zone_and_their_dr_source_only(
    topology: dict[str, dict[str, Any]],
) -> None:
    # Hand-derived from regions/platform.toml: each region's cross-region replica lives in
    # its standby stack (in its dr_region), which reads the primary's ARN; the app stacks
    # read only the zone, so there is no cycle between them.
    zone = ("global", "cross_stack_output_aws_route53_zone_dns_zone_zone_id")
    primary = "cross_stack_output_aws_db_instance_database_primary_arn"
    # ... and the primary's DR key in the standby region (it encrypts the replica buckets
    # the standby's tasks read and write).
    dr_key = "cross_stack_output_aws_kms_key_dr_key_key_arn"
    # ... and the Redis Global Datastore its cache joins as the secondary.
    cache = ("cross_stack_output_aws_elasticache_global_replication_group_redis_global_"
             "datastore_global_replication_group_id")
    expected = {
        "app-us-east-1": {zone},
        "app-eu-west-1": {zone},
        "standby-us-eu-west-1": {zone, ("app-us-east-1", primary), ("app-us-east-1", dr_key),
                                 ("app-us-east-1", cache)},
        "standby-eu-eu-central-1": {zone, ("app-eu-west-1", primary),
                                    ("app-eu-west-1", dr_key), ("app-eu-west-1", cache)},
    }
    for name, reads in expected.items():
        stack = topology[name]
        got = {(_producer(stack, s, topology), o) for s, outs in _consumed(stack).items()
               for o in outs}
        assert got == reads, name


def test_global_reads_nothing_so_no_cycle(topology: dict[str, dict[str, Any]]) -> None:
    assert "terraform_remote_state" not in topology["global"].get("data", {})
    assert not _consumed(topology["global"])


def test_each_stack_keeps_state_in_its_own_region(topology: dict[str, dict[str, Any]]) -> None:
    backends = {n: s["terraform"]["backend"]["s3"] for n, s in topology.items()}
    assert backends["edge"]["region"] == "us-east-1"
    assert backends["edge"]["key"] == "edge/terraform.tfstate"
    assert backends["global"]["region"] == "us-east-1"
    assert backends["app-eu-west-1"]["region"] == "eu-west-1"


def test_github_oidc_provider_exists_once(topology: dict[str, dict[str, Any]]) -> None:
    from cdktf_cdktf_provider_aws.iam_openid_connect_provider import IamOpenidConnectProvider

    t = IamOpenidConnectProvider.TF_RESOURCE_TYPE
    holders = [n for n, s in topology.items() if t in s.get("resource", {})]
    assert holders == ["global"]
    only(topology["global"], t)


def test_edge_certificate_is_in_us_east_1_for_the_site_names(
        topology: dict[str, dict[str, Any]]) -> None:
    from cdktf_cdktf_provider_aws.acm_certificate import AcmCertificate
    from cdktf_cdktf_provider_aws.cloudfront_distribution import CloudfrontDistribution

    cert = only(topology["edge"], AcmCertificate.TF_RESOURCE_TYPE)
    # CloudFront only takes us-east-1 certificates: the edge stack's default AWS provider is
    # there (the aliased eu-west-1 one only reads the EU origin secret), and no resource
    # overrides it (resource-level region is a provider 6.x argument).
    assert [(p.get("alias"), p["region"]) for p in topology["edge"]["provider"]["aws"]] == [
        (None, "us-east-1"), ("eu", "eu-west-1"), ("us-standby", "eu-west-1"),
        ("eu-standby", "eu-central-1")]
    assert "region" not in cert and "provider" not in cert
    assert cert["validation_method"] == "DNS"
    assert [cert["domain_name"], *cert["subject_alternative_names"]] == [
        "example-webapp.com", "www.example-webapp.com"]
    cdn = only(topology["edge"], CloudfrontDistribution.TF_RESOURCE_TYPE)
    api = next(o for o in cdn["origin"] if o["origin_id"] == "api")
    assert api["domain_name"] == "api.example-webapp.com"


def test_edge_props_need_one_endpoint_per_region() -> None:
    from regions import load_config
    from stacks.edge_stack import EdgeStackProps

    with pytest.raises(ValueError, match="one endpoint per serving region"):
        EdgeStackProps(platform=load_config(), zone_id="z", endpoints=(),
                       assets_bucket_domains=("a",), origin_secrets=(), log_bucket_domain="l",
                       log_bucket_region="eu-west-1")


def test_us_assets_fall_back_to_the_us_buckets_replica(
        topology: dict[str, dict[str, Any]]) -> None:
    """Issue 10.2: the origin group's fallback is the US assets bucket's own replica (in its
    DR region, eu-west-1), which CloudFront may read and decrypt."""
    from cdktf_cdktf_provider_aws.cloudfront_distribution import CloudfrontDistribution

    edge, us = topology["edge"], topology["app-us-east-1"]
    cdn = only(edge, CloudfrontDistribution.TF_RESOURCE_TYPE)
    origins = {o["origin_id"]: o for o in cdn["origin"]}
    reads = {o: (_producer(edge, src, topology), out) for o in ("assets-0", "assets-1")
             for src, out in _REF.findall(origins[o]["domain_name"])}
    assert reads == {
        "assets-0": ("app-us-east-1",
                     "cross_stack_output_aws_s3_bucket_storage_assets_bucket_bucket_regional_domain_name"),
        "assets-1": ("app-us-east-1",
                     "cross_stack_output_aws_s3_bucket_storage_assets_dr_bucket_bucket_regional_domain_name"),
    }
    assert [m["origin_id"] for m in cdn["origin_group"][0]["member"]] == ["assets-0", "assets-1"]
    replica = us["resource"]["aws_s3_bucket"]["storage_assets_dr_bucket"]
    assert replica["provider"] == "aws.dr"
    assert replica["bucket"] == "webapp-prod-us-assets-eu-west-1-123456789012"
    policies = us["resource"]["aws_s3_bucket_policy"]
    policy = json.loads(policies["storage_assets_dr_policy"]["policy"])
    read = next(st for st in policy["Statement"] if st.get("Sid") == "CloudFrontReadAssets")
    assert read["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert read["Resource"] == "arn:aws:s3:::webapp-prod-us-assets-eu-west-1-123456789012/*"
    key_policy = json.loads(us["resource"]["aws_kms_key"]["dr_key_key"]["policy"])
    assert any(st.get("Principal") == {"Service": "cloudfront.amazonaws.com"}
               for st in key_policy["Statement"])


def test_the_api_origin_sends_each_regions_header_read_by_secret_arn(
        topology: dict[str, dict[str, Any]]) -> None:
    from cdktf_cdktf_provider_aws.cloudfront_distribution import CloudfrontDistribution

    edge = topology["edge"]
    api = next(o for o in only(edge, CloudfrontDistribution.TF_RESOURCE_TYPE)["origin"]
               if o["origin_id"] == "api")
    assert api["custom_header"] == [
        {"name": "x-origin-verify-us",
         "value": "${data.aws_secretsmanager_secret_version.origin_secret_us.secret_string}"},
        {"name": "x-origin-verify-eu",
         "value": "${data.aws_secretsmanager_secret_version.origin_secret_eu.secret_string}"},
        # The standbys take over behind the same origin: CloudFront sends their headers too.
        {"name": "x-origin-verify-us-standby", "value":
         "${data.aws_secretsmanager_secret_version.origin_secret_us_standby.secret_string}"},
        {"name": "x-origin-verify-eu-standby", "value":
         "${data.aws_secretsmanager_secret_version.origin_secret_eu_standby.secret_string}"}]
    reads = edge["data"]["aws_secretsmanager_secret_version"]
    assert reads["origin_secret_eu"]["provider"] == "aws.eu"
    assert "provider" not in reads["origin_secret_us"]
    for key, stack in (("us", "app-us-east-1"), ("eu", "app-eu-west-1"),
                       ("us-standby", "standby-us-eu-west-1"),
                       ("eu-standby", "standby-eu-eu-central-1")):
        [(source, output)] = _REF.findall(
            reads[f"origin_secret_{key.replace('-', '_')}"]["secret_id"])
        assert (_producer(edge, source, topology), output) == (
            stack, "cross_stack_output_aws_secretsmanager_secret_serving_origin_secret_secret_arn")
