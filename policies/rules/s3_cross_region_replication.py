"""Every primary data bucket replicates to another region."""

from __future__ import annotations

from collections.abc import Iterator
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

    def verdicts(self, ctx: Context) -> Iterator[Verdict]:
        configs = attachments(ctx, REPLICATION, "bucket", BUCKET)
        targets: set[tuple[str, str]] = set()
        for config in ctx.of_type(REPLICATION):
            for rule in blocks(config.values, "rule"):
                for dest in blocks(rule, "destination"):
                    ref = ctx.resolve(config, dest.get("bucket") if isinstance(dest, dict)
                                      else None, BUCKET)
                    if ref.resource is not None:
                        targets.add((ref.resource.stack, ref.resource.address))
        for bucket in ctx.of_type(BUCKET):
            if bucket_role(bucket) != "data" or (bucket.stack, bucket.address) in targets:
                continue
            found = configs.of(bucket)
            if not found:
                why = configs.pending(bucket.stack)
                if why is not None:
                    yield unknown(bucket, "a replication configuration may target it", why)
                else:
                    yield failed(bucket, f"no {REPLICATION} for this data bucket")
                continue
            yield _judge(bucket, [d for c in found for d in destinations(ctx, c)])


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
