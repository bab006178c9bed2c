"""Log targets grant the AWS log-delivery services the writes they need."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policies.findings import Enforcement, Severity
from policies.jurisdictions import ELB_LOG_ACCOUNTS
from policies.model import Resource, Unknown
from policies.rules._apply import allows, as_strings, limits, statements
from policies.rules._base import APV, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context, attachments
from policies.rules._support import blocks, first, is_true

BUCKET = "aws_s3_bucket"


class LogDeliveryGranted(Rule):
    """A load balancer's access-log bucket allows ``s3:PutObject`` to Elastic Load Balancing
    (the log-delivery service or the region's ELB account); a bucket that receives S3 server
    access logs allows it to ``logging.s3.amazonaws.com``. Read from the target bucket's
    ``aws_s3_bucket_policy`` (JSON, ``jsonencode`` or an ``aws_iam_policy_document``)."""

    id = "HAP_APV_004"
    name = "Ensure log target buckets grant the log-delivery service"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = APV
    explanation = (
        "Without the grant, creating a load balancer with access logs fails (\"Access Denied "
        "for bucket\"), and S3 server access logs are silently never delivered."
    )

    resource_types = ("aws_lb", "aws_alb", "aws_s3_bucket_logging")

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        services = limits()["log_delivery"]["services"]
        if r.type == "aws_s3_bucket_logging":
            return _judge(ctx, r, r.values.get("target_bucket"), "S3 server access logging",
                          {services["s3_access_logs"]})
        logs = first(r.values, "access_logs")
        if not isinstance(logs, Mapping) or not is_true(logs.get("enabled", False)):
            return None
        region = r.region if isinstance(r.region, str) else None
        account = ELB_LOG_ACCOUNTS.get(region or "")
        return _judge(ctx, r, logs.get("bucket"), "Elastic Load Balancing",
                      {services["alb"], *([account] if account else [])})


def _judge(ctx: Context, subject: Resource, target: Any, who: str,
           principals: set[str]) -> Verdict:
    ref = ctx.resolve(subject, target, BUCKET)
    bucket = ref.resource
    if bucket is None:
        return unknown(subject, f"log bucket for {who} is not in the checked input",
                       ref.unknown or str(target))
    policies = attachments(ctx, "aws_s3_bucket_policy", "bucket", BUCKET).of(bucket)
    docs = [p.values.get("policy") for p in policies]
    if not docs:
        return failed(subject, f"log bucket {bucket.address} has no bucket policy granting {who}")
    pending = None
    for doc in docs:
        found = _grants(ctx, subject, doc, principals)
        if found is True:
            return passed(subject, f"{bucket.address} grants {who} s3:PutObject")
        if found is None:
            pending = doc
    if pending is not None:
        return unknown(subject, f"policy of {bucket.address} cannot be read",
                       pending if isinstance(pending, Unknown) else None)
    return failed(subject, f"policy of {bucket.address} grants {who} no s3:PutObject")


def _grants(ctx: Context, subject: Resource, doc: Any, principals: set[str]) -> bool | None:
    listed = list(statements(doc))
    if not listed and isinstance(doc, Unknown):
        data = ctx.resolve(subject, doc, "aws_iam_policy_document").resource
        if data is None:
            return None
        listed = [_from_document_block(s) for s in blocks(data.values, "statement")]
    for s in listed:
        if str(s.get("Effect", "Allow")) != "Allow":
            continue
        if not allows(as_strings(s.get("Action")), "s3:PutObject"):
            continue
        if _names(s.get("Principal")) & principals:
            return True
    return False


def _names(principal: Any) -> set[str]:
    out: set[str] = set()
    if isinstance(principal, Mapping):
        for value in principal.values():
            for p in as_strings(value):
                out.add(p)
                if p.startswith("arn:aws:iam::"):
                    out.add(p.split(":")[4])  # the account id of arn:aws:iam::<id>:root
    return out


def _from_document_block(block: Any) -> Mapping[str, Any]:
    if not isinstance(block, Mapping):
        return {}
    principal: dict[str, list[str]] = {}
    for p in blocks(block, "principals"):
        if isinstance(p, Mapping):
            key = "Service" if p.get("type") == "Service" else "AWS"
            principal.setdefault(key, []).extend(as_strings(p.get("identifiers")))
    return {"Effect": block.get("effect", "Allow"), "Action": block.get("actions"),
            "Principal": principal}
