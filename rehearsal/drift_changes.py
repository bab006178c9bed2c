"""Changes made behind Terraform's back, through the AWS API (boto3 against the emulator):
the kinds of drift a scheduled drift job exists to catch."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rehearsal.run import Report

CREDENTIALS = {"aws_access_key_id": "rehearsal", "aws_secret_access_key": "rehearsal"}
#: The stack and region each change is made in (the US serving stack).
STACK, REGION = "app-us-east-1", "us-east-1"


def _client(service: str, endpoint: str) -> Any:
    import boto3

    return boto3.client(service, region_name=REGION, endpoint_url=endpoint, **CREDENTIALS)


def seed(endpoint: str, regions: tuple[str, ...]) -> None:
    """What exists in every real account but not in a fresh emulator: the AWS-managed
    prefix lists our security groups reference that moto lacks (the Route 53 health
    checkers'; it has CloudFront's), with AWS's max entries."""
    import boto3

    for region in regions:
        ec2 = boto3.client("ec2", region_name=region, endpoint_url=endpoint, **CREDENTIALS)
        have = {p["PrefixListName"] for p in ec2.describe_managed_prefix_lists()["PrefixLists"]}
        name = f"com.amazonaws.{region}.route53-healthchecks"
        if name not in have:
            ec2.create_managed_prefix_list(PrefixListName=name, AddressFamily="IPv4",
                                           MaxEntries=25)


def apply_changes(report: Report, endpoint: str) -> dict[str, str]:
    """Make each change whose target was applied; returns label -> the policy id that
    ``drift`` must report for it."""
    stack = next((s for s in report.stacks if s.name == STACK), None)
    if stack is None or not stack.applied:
        return {}
    made: dict[str, str] = {}
    s3 = _client("s3", endpoint)
    buckets = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    # The US assets bucket, not its replica: ``<project>-<env>-us-assets-<name_suffix>``.
    assets = next((b for b in sorted(buckets) if re.search(r"-us-assets-[a-z0-9]+$", b)), None)
    if assets:
        s3.put_bucket_versioning(Bucket=assets,
                                 VersioningConfiguration={"Status": "Suspended"})
        made["bucket versioning suspended"] = "HAP_BAK_005"
    ec2 = _client("ec2", endpoint)
    groups = ec2.describe_security_groups(
        Filters=[{"Name": "group-name", "Values": ["*-us-database"]}])["SecurityGroups"]
    if groups:
        ec2.authorize_security_group_ingress(
            GroupId=groups[0]["GroupId"], IpPermissions=[{
                "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        made["database security group opened to the internet"] = "HAP_NET_005"
    rds = _client("rds", endpoint)
    primaries = [d for d in rds.describe_db_instances()["DBInstances"]
                 if not d.get("ReadReplicaSourceDBInstanceIdentifier")]
    if primaries:
        rds.modify_db_instance(DBInstanceIdentifier=primaries[0]["DBInstanceIdentifier"],
                               BackupRetentionPeriod=1, ApplyImmediately=True)
        made["backup retention shortened to 1 day"] = "HAP_BAK_001"
    return made
