"""S3 buckets are encrypted with KMS (a cross-resource check)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policies.model import Resource, Unknown
from policies.rules._base import Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context, attachments
from policies.rules._support import blocks, first

_KMS = ("aws:kms", "aws:kms:dsse")
SSE = "aws_s3_bucket_server_side_encryption_configuration"


class S3BucketKmsEncrypted(Rule):
    """Every bucket has a server-side encryption configuration using ``aws:kms``."""

    def rule(self, ctx: Context) -> Iterator[Verdict]:
        configs = attachments(ctx, SSE, "bucket", "aws_s3_bucket")
        for bucket in ctx.of_type("aws_s3_bucket"):
            found = configs.of(bucket)
            inline = blocks(bucket.values, "server_side_encryption_configuration")
            if not found and not inline:
                why = configs.pending(bucket.stack)
                if why is not None:
                    yield unknown(bucket, "an encryption configuration may target it", why)
                else:
                    yield failed(bucket, f"no {SSE} for this bucket")
                continue
            algorithms = [_algorithm(c.values) for c in found] + [_algorithm(b) for b in inline]
            yield _verdict(bucket, algorithms)


def _algorithm(values: Any) -> Any:
    return first(values, "rule", "apply_server_side_encryption_by_default", "sse_algorithm")


def _verdict(bucket: Resource, algorithms: list[Any]) -> Verdict:
    for algo in algorithms:
        if isinstance(algo, Unknown):
            return unknown(bucket, "sse_algorithm cannot be resolved", algo)
    if all(a in _KMS for a in algorithms):
        return passed(bucket, "encrypted with aws:kms")
    return failed(bucket, f"sse_algorithm is {algorithms[0]!r}, not aws:kms")
