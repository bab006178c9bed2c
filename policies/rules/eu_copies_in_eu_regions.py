"""Replicas, backup copies and replication targets of EU data stay in EU regions."""

from __future__ import annotations

from typing import Any

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import RES, Rule, Verdict
from policies.rules._context import Context, eu_region, judge_eu_copy
from policies.rules.s3_cross_region_replication import BUCKET, REPLICATION, destinations

DB = "aws_db_instance"


class EuCopiesInEuRegions(Rule):
    """An RDS replica, an automated-backups replication or an S3 replication destination of
    EU-resident data (the source's residency from the configured tag keys and values, or its
    stack's; else the source's region) is in an EU region."""

    id = "HAP_RES_002"
    name = "Ensure replicas and copies of EU data stay in EU regions"
    severity = Severity.CRITICAL
    enforcement = Enforcement.HARD_MANDATORY
    category = RES
    explanation = (
        "GDPR residency covers replicas, backup copies and replication targets. Flags the "
        "seed's EU buckets replicating to the US."
    )

    resource_types = (DB, "aws_db_instance_automated_backups_replication", REPLICATION)

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        if r.type == DB:
            source = r.values.get("replicate_source_db")
            return None if source in (None, "") else judge_eu_copy(
                r, _source_is_eu(ctx, r, source, DB), [r.region])
        if r.type == REPLICATION:
            return judge_eu_copy(r, _source_is_eu(ctx, r, r.values.get("bucket"), BUCKET),
                                 [region for _, region in destinations(ctx, r)])
        source = r.values.get("source_db_instance_arn")
        return judge_eu_copy(r, _source_is_eu(ctx, r, source, DB), [r.region])


def _source_is_eu(ctx: Context, r: Resource, value: Any, rtype: str) -> bool | Unknown:
    ref = ctx.resolve(r, value, rtype)
    if ref.resource is not None:
        if ctx.is_eu_data(ref.resource):
            return True
        in_eu = eu_region(ref.resource.region)
        return False if in_eu is None else in_eu
    region = ctx.region_of(ref, value)
    if isinstance(region, Unknown):
        return region
    return bool(eu_region(region))
