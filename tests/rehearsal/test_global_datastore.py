"""The rehearsal server's ElastiCache Global Datastore, through boto3 against the real server
process (moto plus :mod:`rehearsal.global_datastore`) on loopback: a primary in one region,
the global group, a secondary in another region, read from both; then failover and teardown
in the order AWS requires. Expected values come from the AWS API reference and the calls
made here (what the test created), never from the emulation's code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rehearsal.process import Emulator

PRIMARY_REGION, SECONDARY_REGION = "us-east-1", "eu-west-1"
CREDENTIALS = {"aws_access_key_id": "rehearsal", "aws_secret_access_key": "rehearsal"}


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    emulator = Emulator(Path(tmp_path_factory.mktemp("gds")) / "emulator.log")
    try:
        yield emulator.endpoint
    finally:
        emulator.stop()


def _ec(endpoint: str, region: str) -> Any:
    import boto3

    return boto3.client("elasticache", region_name=region, endpoint_url=endpoint,
                        **CREDENTIALS)


def _error(exc: pytest.ExceptionInfo[Exception]) -> str:
    return str(exc.value.response["Error"]["Code"])  # type: ignore[attr-defined]


def _primary(ec: Any, name: str) -> None:
    ec.create_replication_group(
        ReplicationGroupId=name, ReplicationGroupDescription="sessions",
        Engine="redis", EngineVersion="7.1", CacheNodeType="cache.r6g.xlarge",
        ClusterMode="enabled", NumNodeGroups=3, ReplicasPerNodeGroup=2,
        AutomaticFailoverEnabled=True, MultiAZEnabled=True, AtRestEncryptionEnabled=True,
        KmsKeyId="arn:aws:kms:us-east-1:123456789012:key/primary",
        TransitEncryptionEnabled=True, TransitEncryptionMode="required",
        UserGroupIds=["us-users"])


@pytest.fixture(scope="module")
def datastore(endpoint: str) -> dict[str, Any]:
    """Primary (3 shards x 2 replicas) in us-east-1, the group, a secondary (1 replica,
    its own key and user group, nothing shared given) in eu-west-1."""
    us, eu = _ec(endpoint, PRIMARY_REGION), _ec(endpoint, SECONDARY_REGION)
    _primary(us, "hap-us-sessions")
    created = us.create_global_replication_group(
        GlobalReplicationGroupIdSuffix="hap-sessions",
        GlobalReplicationGroupDescription="US sessions", PrimaryReplicationGroupId=
        "hap-us-sessions")["GlobalReplicationGroup"]
    eu.create_replication_group(  # no AutomaticFailoverEnabled, as the provider sends it
        ReplicationGroupId="hap-us-sessions-dr", ReplicationGroupDescription="DR",
        GlobalReplicationGroupId=created["GlobalReplicationGroupId"],
        ReplicasPerNodeGroup=1, MultiAZEnabled=True,
        KmsKeyId="arn:aws:kms:eu-west-1:123456789012:key/standby",
        UserGroupIds=["eu-users"])
    return created


def test_the_id_is_a_five_letter_region_prefix_and_the_suffix(
        datastore: dict[str, Any]) -> None:
    assert re.fullmatch(r"[a-z]{5}-hap-sessions", datastore["GlobalReplicationGroupId"])
    assert datastore["ARN"].startswith("arn:aws:elasticache::")
    assert datastore["ARN"].endswith(f":globalreplicationgroup:"
                                     f"{datastore['GlobalReplicationGroupId']}")


def test_both_regions_describe_the_same_available_group_with_both_members(
        endpoint: str, datastore: dict[str, Any]) -> None:
    gid = datastore["GlobalReplicationGroupId"]
    seen = []
    for region in (PRIMARY_REGION, SECONDARY_REGION):
        found = _ec(endpoint, region).describe_global_replication_groups(
            GlobalReplicationGroupId=gid, ShowMemberInfo=True)["GlobalReplicationGroups"]
        assert len(found) == 1
        seen.append(found[0])
    assert seen[0] == seen[1]
    group = seen[0]
    assert group["Status"] == "available"
    assert (group["CacheNodeType"], group["Engine"], group["EngineVersion"]) == (
        "cache.r6g.xlarge", "redis", "7.1")
    assert group["ClusterEnabled"] is True
    assert group["AtRestEncryptionEnabled"] is True and group["TransitEncryptionEnabled"] is True
    assert sorted((m["ReplicationGroupId"], m["ReplicationGroupRegion"], m["Role"],
                   m["Status"]) for m in group["Members"]) == [
        ("hap-us-sessions", "us-east-1", "PRIMARY", "associated"),
        ("hap-us-sessions-dr", "eu-west-1", "SECONDARY", "associated")]
    assert [n["GlobalNodeGroupId"] for n in group["GlobalNodeGroups"]] == [
        f"{gid}-0001", f"{gid}-0002", f"{gid}-0003"]
    brief = _ec(endpoint, SECONDARY_REGION).describe_global_replication_groups(
        GlobalReplicationGroupId=gid)["GlobalReplicationGroups"][0]
    assert "Members" not in brief  # only with ShowMemberInfo, as documented


def test_each_member_reports_its_role_in_the_group(
        endpoint: str, datastore: dict[str, Any]) -> None:
    gid = datastore["GlobalReplicationGroupId"]
    for region, name, role in ((PRIMARY_REGION, "hap-us-sessions", "PRIMARY"),
                               (SECONDARY_REGION, "hap-us-sessions-dr", "SECONDARY")):
        rg = _ec(endpoint, region).describe_replication_groups(
            ReplicationGroupId=name)["ReplicationGroups"][0]
        assert rg["GlobalReplicationGroupInfo"] == {
            "GlobalReplicationGroupId": gid, "GlobalReplicationGroupMemberRole": role}


def test_the_secondary_inherits_what_members_share_and_keeps_its_own(
        endpoint: str, datastore: dict[str, Any]) -> None:
    eu = _ec(endpoint, SECONDARY_REGION)
    rg = eu.describe_replication_groups(
        ReplicationGroupId="hap-us-sessions-dr")["ReplicationGroups"][0]
    assert rg["CacheNodeType"] == "cache.r6g.xlarge"
    assert rg["AtRestEncryptionEnabled"] is True and rg["TransitEncryptionEnabled"] is True
    assert rg["TransitEncryptionMode"] == "required"
    assert rg["ClusterEnabled"] is True
    assert rg["AutomaticFailover"] == "enabled"  # the primary's: not sent for a secondary
    assert len(rg["NodeGroups"]) == 3  # the primary's shard count
    assert {len(ng["NodeGroupMembers"]) for ng in rg["NodeGroups"]} == {2}  # 1 + 1 replica
    assert rg["KmsKeyId"] == "arn:aws:kms:eu-west-1:123456789012:key/standby"
    assert rg["UserGroupIds"] == ["eu-users"]
    node = eu.describe_cache_clusters(CacheClusterId=rg["MemberClusters"][0])[
        "CacheClusters"][0]
    assert (node["CacheNodeType"], node["EngineVersion"]) == ("cache.r6g.xlarge", "7.1")
    assert node["AtRestEncryptionEnabled"] is True and node["TransitEncryptionEnabled"] is True


def test_unknown_groups_and_a_second_member_in_one_region_are_refused(
        endpoint: str, datastore: dict[str, Any]) -> None:
    from botocore.exceptions import ClientError

    eu = _ec(endpoint, SECONDARY_REGION)
    with pytest.raises(ClientError) as missing:
        eu.describe_global_replication_groups(GlobalReplicationGroupId="abcde-nope")
    assert _error(missing) == "GlobalReplicationGroupNotFoundFault"
    with pytest.raises(ClientError) as twice:
        eu.create_replication_group(
            ReplicationGroupId="another-dr", ReplicationGroupDescription="DR",
            GlobalReplicationGroupId=datastore["GlobalReplicationGroupId"])
    assert _error(twice) == "InvalidParameterValue"


def test_failover_then_teardown_in_the_order_aws_requires(
        endpoint: str, datastore: dict[str, Any]) -> None:
    from botocore.exceptions import ClientError

    gid = datastore["GlobalReplicationGroupId"]
    us, eu = _ec(endpoint, PRIMARY_REGION), _ec(endpoint, SECONDARY_REGION)
    eu.failover_global_replication_group(GlobalReplicationGroupId=gid,
                                         PrimaryRegion="eu-west-1",
                                         PrimaryReplicationGroupId="hap-us-sessions-dr")
    roles = {m["ReplicationGroupId"]: m["Role"] for m in us.describe_global_replication_groups(
        GlobalReplicationGroupId=gid, ShowMemberInfo=True)["GlobalReplicationGroups"][0][
        "Members"]}
    assert roles == {"hap-us-sessions": "SECONDARY", "hap-us-sessions-dr": "PRIMARY"}
    us.failover_global_replication_group(GlobalReplicationGroupId=gid,
                                         PrimaryRegion="us-east-1",
                                         PrimaryReplicationGroupId="hap-us-sessions")
    # A member cannot be deleted, nor the group while it has a secondary.
    with pytest.raises(ClientError) as member:
        eu.delete_replication_group(ReplicationGroupId="hap-us-sessions-dr")
    assert _error(member) == "InvalidReplicationGroupState"
    with pytest.raises(ClientError) as busy:
        us.delete_global_replication_group(GlobalReplicationGroupId=gid,
                                           RetainPrimaryReplicationGroup=True)
    assert _error(busy) == "InvalidGlobalReplicationGroupState"
    with pytest.raises(ClientError) as primary:
        us.disassociate_global_replication_group(
            GlobalReplicationGroupId=gid, ReplicationGroupId="hap-us-sessions",
            ReplicationGroupRegion="us-east-1")
    assert _error(primary) == "InvalidParameterValue"
    # Disassociate the secondary, delete it, delete the group, then the primary.
    eu.disassociate_global_replication_group(
        GlobalReplicationGroupId=gid, ReplicationGroupId="hap-us-sessions-dr",
        ReplicationGroupRegion="eu-west-1")
    assert "GlobalReplicationGroupInfo" not in eu.describe_replication_groups(
        ReplicationGroupId="hap-us-sessions-dr")["ReplicationGroups"][0]
    eu.delete_replication_group(ReplicationGroupId="hap-us-sessions-dr")
    deleted = us.delete_global_replication_group(
        GlobalReplicationGroupId=gid, RetainPrimaryReplicationGroup=True)
    assert deleted["GlobalReplicationGroup"]["Status"] == "deleting"
    with pytest.raises(ClientError) as gone:
        eu.describe_global_replication_groups(GlobalReplicationGroupId=gid)
    assert _error(gone) == "GlobalReplicationGroupNotFoundFault"
    us.delete_replication_group(ReplicationGroupId="hap-us-sessions")
