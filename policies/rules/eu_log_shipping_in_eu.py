"""Logs of EU-resident resources are shipped only to EU regions."""

from __future__ import annotations

from typing import Any

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import RES, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context, eu_region
from policies.rules._support import first

_LOG_TARGETS = ("aws_s3_bucket", "aws_cloudwatch_log_group", "aws_kinesis_firehose_delivery_stream",
                "aws_kinesis_stream", "aws_lambda_function")

#: shipping resource type -> (source attribute or None, destination value getter)
_SHIPPERS: dict[str, tuple[str | None, tuple[tuple[str, ...], ...]]] = {
    "aws_flow_log": ("vpc_id", (("log_destination",), ("log_group_name",))),
    "aws_s3_bucket_logging": ("bucket", (("target_bucket",),)),
    "aws_cloudwatch_log_subscription_filter": ("log_group_name", (("destination_arn",),)),
    "aws_kinesis_firehose_delivery_stream": (None, (("extended_s3_configuration", "bucket_arn"),
                                                    ("s3_configuration", "bucket_arn"))),
    "aws_lb": (None, (("access_logs", "bucket"),)),
}


class EuLogShippingInEu(Rule):
    """Flow logs, S3 access logging, log subscriptions, Firehose streams and LB access logs of
    EU-resident resources deliver to EU regions."""

    id = "HAP_RES_003"
    name = "Ensure logs of EU resources are shipped to EU regions"
    severity = Severity.HIGH
    enforcement = Enforcement.HARD_MANDATORY
    category = RES
    explanation = (
        "Logs can hold personal data (IP addresses, user ids)."
    )

    resource_types = tuple(_SHIPPERS)

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        source_attr, paths = _SHIPPERS[r.type]
        values = [first(r.values, *p) for p in paths]
        dest = next((v for v in values if v not in (None, "")), None)
        if dest is None or not (ctx.is_eu_data(r) or _source_eu(ctx, r, source_attr)):
            return None
        return _judge(r, _region(ctx, r, dest))


def _source_eu(ctx: Context, r: Resource, attr: str | None) -> bool:
    if attr is None:
        return False
    ref = ctx.resolve(r, r.values.get(attr), *_LOG_TARGETS, "aws_vpc", "aws_s3_bucket")
    return ref.resource is not None and ctx.is_eu_data(ref.resource)


def _region(ctx: Context, r: Resource, dest: Any) -> str | Unknown:
    ref = ctx.resolve(r, dest, *_LOG_TARGETS)
    if ref.resource is None and isinstance(dest, str) and ".s3.amazonaws.com" in dest:
        ref = ctx.resolve(r, dest.split(".s3.amazonaws.com")[0], "aws_s3_bucket")
    return ctx.region_of(ref, dest)


def _judge(r: Resource, region: str | Unknown) -> Verdict:
    if isinstance(region, Unknown):
        return unknown(r, "EU logs shipped to a destination whose region cannot be resolved",
                       region)
    if eu_region(region):
        return passed(r, f"EU logs shipped within the EU ({region})")
    return failed(r, f"EU logs shipped to {region}, outside the EU")
