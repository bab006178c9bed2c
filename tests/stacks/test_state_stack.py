"""Bootstrap stacks: one per region, local state, a hardened state bucket."""

from __future__ import annotations

from typing import Any

import pytest
from cdktf_cdktf_provider_aws.kms_key import KmsKey
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket

from tests.conftest import only, resources_of


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1"])
def test_state_bucket_is_versioned_kms_encrypted_private_and_tls_only(
        stacks: dict[str, dict[str, Any]], region: str) -> None:
    stack = stacks[f"state-{region}"]
    assert stack["provider"]["aws"][0]["region"] == region
    assert stack["terraform"]["backend"] == {"local": {"path": f"terraform.state-{region}.tfstate"}}
    buckets = resources_of(stack, S3Bucket.TF_RESOURCE_TYPE)
    assert buckets["state_bucket"]["bucket"] == f"webapp-prod-tfstate-{region}"
    assert only(stack, KmsKey.TF_RESOURCE_TYPE)["enable_key_rotation"] is True
    sse = resources_of(stack, "aws_s3_bucket_server_side_encryption_configuration")[
        "state_encryption"]["rule"][0]["apply_server_side_encryption_by_default"]
    assert sse == {"sse_algorithm": "aws:kms",
                   "kms_master_key_id": "${aws_kms_key.state_key_key.arn}"}
    assert resources_of(stack, "aws_s3_bucket_versioning")["state_versioning"][
        "versioning_configuration"] == {"status": "Enabled"}
    pab = resources_of(stack, "aws_s3_bucket_public_access_block")["state_public_access"]
    assert all(pab[k] is True for k in ("block_public_acls", "block_public_policy",
                                        "ignore_public_acls", "restrict_public_buckets"))
    assert '"aws:SecureTransport":"false"' in resources_of(
        stack, "aws_s3_bucket_policy")["state_policy"]["policy"]
    # State must stay instantly readable: current versions never expire or move to Glacier.
    lifecycle = resources_of(stack, "aws_s3_bucket_lifecycle_configuration")["state_lifecycle"]
    rule = lifecycle["rule"][0]
    assert "expiration" not in rule and "transition" not in rule


def test_every_stack_with_remote_state_keeps_it_in_its_own_region(
        stacks: dict[str, dict[str, Any]]) -> None:
    for name, stack in stacks.items():
        backend = stack["terraform"]["backend"]
        if name.startswith("state-"):
            assert "local" in backend
            continue
        default_region = next(p["region"] for p in stack["provider"]["aws"] if "alias" not in p)
        assert backend["s3"]["region"] == default_region, name
        assert backend["s3"]["bucket"].endswith(default_region), name


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1"])
def test_backends_name_the_alias_the_state_stack_creates(
        stacks: dict[str, dict[str, Any]], region: str) -> None:
    alias = resources_of(stacks[f"state-{region}"], "aws_kms_alias")["state_key_alias"]
    assert alias["name"] == f"alias/webapp-prod-tfstate-{region}"
    users = [s["terraform"]["backend"]["s3"] for s in stacks.values()
             if "s3" in s["terraform"]["backend"]
             and s["terraform"]["backend"]["s3"]["region"] == region]
    assert users and all(b["kms_key_id"] == alias["name"] for b in users)
