"""Data and state buckets are versioned."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Unknown
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

    def verdicts(self, ctx: Context) -> Iterator[Verdict]:
        configs = attachments(ctx, VERSIONING, "bucket", "aws_s3_bucket")
        for bucket in ctx.of_type("aws_s3_bucket"):
            if bucket_role(bucket) == "log":
                continue
            statuses = [first(c.values, "versioning_configuration", "status")
                        for c in configs.of(bucket)]
            inline = first(bucket.values, "versioning", "enabled")
            if inline is not None:
                statuses.append("Enabled" if is_true(inline) else inline)
            if not statuses:
                why = configs.pending(bucket.stack)
                if why is not None:
                    yield unknown(bucket, "a versioning configuration may target it", why)
                else:
                    yield failed(bucket, f"no {VERSIONING} for this bucket")
                continue
            unsure = next((s for s in statuses if isinstance(s, Unknown)), None)
            if unsure is not None:
                yield unknown(bucket, "versioning status cannot be resolved", unsure)
            elif all(s == "Enabled" for s in statuses):
                yield passed(bucket, "versioning enabled")
            else:
                yield failed(bucket, f"versioning status is {statuses[0]!r}")
