"""Every primary data bucket replicates to another region."""

from __future__ import annotations

from typing import Any

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import BAK, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context, attachments
from policies.rules._support import blocks, bucket_role

REPLICATION = "aws_s3_bucket_replication_configuration"
BUCKET = "aws_s3_bucket"


def destinations(ctx: Context, config: Resource) -> list[tuple[Any, str | Unknown]]:
    """(destination value, its region) for every rule of a replication configuration."""
    out: list[tuple[Any, str | Unknown]] = []
    for rule in blocks(config.values, "rule"):
        for dest in blocks(rule, "destination"):
            value = dest.get("bucket") if isinstance(dest, dict) else None
            ref = ctx.resolve(config, value, BUCKET)
            out.append((value, ctx.region_of(ref, value)))
    return out


class S3CrossRegionReplication(Rule):
    """A data bucket (not a log or state bucket, not itself a replica) has a replication
    configuration whose destination is in another region."""

    id = "HAP_BAK_007"
    name = "Ensure every data bucket replicates to another region"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = BAK
    explanation = (
        "RPO < 15 minutes after a region loss needs cross-region replication."
    )

    resource_types = (BUCKET,)

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        targets = ctx.once(_replica_targets, lambda: _replica_targets(ctx))
        if bucket_role(r) != "data" or (r.stack, r.address) in targets:
            return None
        configs = attachments(ctx, REPLICATION, "bucket", BUCKET)
        found = configs.of(r)
        if not found:
            return configs.missing(r, "a replication configuration",
                                   f"no {REPLICATION} for this data bucket")
        return _judge(r, [d for c in found for d in destinations(ctx, c)])


def _replica_targets(ctx: Context) -> set[tuple[str, str]]:
    """Buckets some replication configuration in the input copies into (replicas)."""
    targets: set[tuple[str, str]] = set()
    for config in ctx.of_type(REPLICATION):
        for rule in blocks(config.values, "rule"):
            for dest in blocks(rule, "destination"):
                ref = ctx.resolve(config, dest.get("bucket") if isinstance(dest, dict)
                                  else None, BUCKET)
                if ref.resource is not None:
                    targets.add((ref.resource.stack, ref.resource.address))
    return targets


def _judge(bucket: Resource, dests: list[tuple[Any, str | Unknown]]) -> Verdict:
    if isinstance(bucket.region, Unknown):
        return unknown(bucket, "bucket region cannot be resolved", bucket.region)
    for _, region in dests:
        if isinstance(region, str) and region != bucket.region:
            return passed(bucket, f"replicates to {region}")
    unsure = next((r for _, r in dests if isinstance(r, Unknown)), None)
    if unsure is not None:
        return unknown(bucket, "replication destination region cannot be resolved", unsure)
    return failed(bucket, "replication destinations are in the same region")
