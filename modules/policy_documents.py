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
