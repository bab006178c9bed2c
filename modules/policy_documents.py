"""IAM policy documents as plain data, rendered to deterministic JSON.

Tokens (``${TfToken[...]}``) inside the strings are resolved by cdktf at synth time.
"""

from __future__ import annotations

import json
from typing import Any


def document(*statements: dict[str, Any]) -> str:
    """A policy document with ``statements``, as compact sorted JSON."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)},
                      sort_keys=True, separators=(",", ":"))


def assume_role(service: str, **conditions: Any) -> str:
    """Trust policy letting ``service`` (e.g. ``ecs-tasks.amazonaws.com``) assume a role."""
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sts:AssumeRole",
    }
    if conditions:
        statement["Condition"] = conditions
    return document(statement)


def deny_insecure_transport(bucket_arn: str) -> dict[str, Any]:
    """Statement denying any S3 request on the bucket that does not use TLS."""
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [bucket_arn, f"{bucket_arn}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def allow_s3_access_logs(bucket_arn: str, source_bucket_arns: tuple[str, ...]) -> dict[str, Any]:
    """Statement letting S3 server access logging write into a log bucket, for the source
    buckets named (``aws:SourceArn``; patterns allowed)."""
    return {
        "Sid": "S3ServerAccessLogDelivery",
        "Effect": "Allow",
        "Principal": {"Service": "logging.s3.amazonaws.com"},
        "Action": "s3:PutObject",
        "Resource": f"{bucket_arn}/*",
        "Condition": {"ArnLike": {"aws:SourceArn": list(source_bucket_arns)}},
    }


def allow_elb_access_logs(bucket_arn: str, elb_account: str, prefix: str) -> dict[str, Any]:
    """Statement letting Elastic Load Balancing (the region's log-delivery account) write
    access logs under ``prefix/`` of a log bucket."""
    return {
        "Sid": "ElbAccessLogDelivery",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{elb_account}:root"},
        "Action": "s3:PutObject",
        "Resource": f"{bucket_arn}/{prefix}/*",
    }
