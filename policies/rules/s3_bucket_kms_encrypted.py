"""S3 buckets are encrypted with KMS (a cross-resource check)."""

from __future__ import annotations

from typing import Any

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import ENC, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context, attachments
from policies.rules._support import blocks, first

_KMS = ("aws:kms", "aws:kms:dsse")
SSE = "aws_s3_bucket_server_side_encryption_configuration"


class S3BucketKmsEncrypted(Rule):
    """Every bucket has a server-side encryption configuration using ``aws:kms``; a target of
    S3 server access logging or load balancer access logs may use ``AES256`` instead (AWS
    delivers those logs only to SSE-S3 buckets)."""

    id = "HAP_ENC_003"
    name = "Ensure every S3 bucket has a KMS encryption configuration"
    severity = Severity.HIGH
    enforcement = Enforcement.HARD_MANDATORY
    category = ENC
    explanation = (
        "The seed requires data encrypted at rest (GDPR, PCI DSS). Checked across resources: "
        "the bucket needs an aws_s3_bucket_server_side_encryption_configuration using "
        "aws:kms."
    )

    resource_types = ("aws_s3_bucket",)

    def check(self, r: Resource, ctx: Context) -> Verdict:
        configs = attachments(ctx, SSE, "bucket", "aws_s3_bucket")
        found = configs.of(r)
        inline = blocks(r.values, "server_side_encryption_configuration")
        if not found and not inline:
            return configs.missing(r, "an encryption configuration",
                                   f"no {SSE} for this bucket")
        algorithms = [_algorithm(c.values) for c in found] + [_algorithm(b) for b in inline]
        log_targets = ctx.once(_log_targets, lambda: _log_targets(ctx))
        if (r.stack, r.address) in log_targets and all(
                a in (*_KMS, "AES256") for a in algorithms):
            return passed(r, "access-log target encrypted with SSE-S3 (AWS requirement)")
        return _verdict(r, algorithms)


def _log_targets(ctx: Context) -> set[tuple[str, str]]:
    """Buckets receiving S3 server access logs or load balancer access logs."""
    found = set(attachments(ctx, "aws_s3_bucket_logging", "target_bucket",
                            "aws_s3_bucket").by_target)
    for lb in ctx.of_type("aws_lb", "aws_alb"):
        ref = ctx.resolve(lb, first(lb.values, "access_logs", "bucket"), "aws_s3_bucket")
        if ref.resource is not None:
            found.add((ref.resource.stack, ref.resource.address))
    return found



def _algorithm(values: Any) -> Any:
    return first(values, "rule", "apply_server_side_encryption_by_default", "sse_algorithm")


def _verdict(bucket: Resource, algorithms: list[Any]) -> Verdict:
    for algo in algorithms:
        if isinstance(algo, Unknown):
            return unknown(bucket, "sse_algorithm cannot be resolved", algo)
    if all(a in _KMS for a in algorithms):
        return passed(bucket, "encrypted with aws:kms")
    return failed(bucket, f"sse_algorithm is {algorithms[0]!r}, not aws:kms")
