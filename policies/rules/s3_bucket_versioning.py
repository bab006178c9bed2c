"""Data and state buckets are versioned."""

from __future__ import annotations

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import BAK, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context, attachments
from policies.rules._support import bucket_role, first, is_true

VERSIONING = "aws_s3_bucket_versioning"


class S3BucketVersioning(Rule):
    """A non-log bucket has ``aws_s3_bucket_versioning`` with status ``Enabled``."""

    id = "HAP_BAK_005"
    name = "Ensure data and state buckets are versioned"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = BAK
    explanation = (
        "Versioning undoes overwrites and deletes; it is required for replication."
    )

    resource_types = ("aws_s3_bucket",)

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        if bucket_role(r) == "log":
            return None
        configs = attachments(ctx, VERSIONING, "bucket", "aws_s3_bucket")
        statuses = [first(c.values, "versioning_configuration", "status")
                    for c in configs.of(r)]
        inline = first(r.values, "versioning", "enabled")
        if inline is not None:
            statuses.append("Enabled" if is_true(inline) else inline)
        if not statuses:
            return configs.missing(r, "a versioning configuration",
                                   f"no {VERSIONING} for this bucket")
        unsure = next((s for s in statuses if isinstance(s, Unknown)), None)
        if unsure is not None:
            return unknown(r, "versioning status cannot be resolved", unsure)
        if all(s == "Enabled" for s in statuses):
            return passed(r, "versioning enabled")
        return failed(r, f"versioning status is {statuses[0]!r}")
