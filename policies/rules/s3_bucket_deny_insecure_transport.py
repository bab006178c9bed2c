"""S3 bucket policies deny requests that do not use TLS (a cross-resource check)."""

from __future__ import annotations

import re
from typing import Any

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import TLS, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context, attachments
from policies.rules._support import as_list_of, json_document

POLICY = "aws_s3_bucket_policy"
_DOC = re.compile(r"\$\{(data\.aws_iam_policy_document\.[\w\-]+)\.json\}")


class S3BucketDenyInsecureTransport(Rule):
    """Every bucket has a bucket policy with a Deny statement on ``aws:SecureTransport`` false."""

    id = "HAP_TLS_005"
    name = "Ensure S3 bucket policies deny non-TLS access"
    severity = Severity.HIGH
    enforcement = Enforcement.HARD_MANDATORY
    category = TLS
    explanation = (
        "A Deny on aws:SecureTransport=false is the only way to refuse HTTP to S3. Checked "
        "across resources."
    )

    resource_types = ("aws_s3_bucket",)

    def check(self, r: Resource, ctx: Context) -> Verdict:
        policies = attachments(ctx, POLICY, "bucket", "aws_s3_bucket")
        found = policies.of(r)
        if not found:
            return policies.missing(r, "a bucket policy", f"no {POLICY} denying non-TLS access")
        outcomes = [_denies(ctx, p) for p in found]
        if any(o is True for o in outcomes):
            return passed(r, "bucket policy denies aws:SecureTransport=false")
        unsure = next((o for o in outcomes if isinstance(o, Unknown)), None)
        if unsure is not None:
            return unknown(r, "bucket policy cannot be read", unsure)
        return failed(r, "bucket policy does not deny aws:SecureTransport=false")


def _denies(ctx: Context, policy: Resource) -> bool | Unknown:
    value = policy.values.get("policy")
    if isinstance(value, Unknown):
        match = _DOC.search(value.expression or "")
        if match:
            data = ctx.get(policy.stack, match.group(1))
            if data is None:
                return Unknown(f"{match.group(1)} is not in the checked input")
            return any(_statement_denies(s) for s in as_list_of(data.values, "statement"))
    doc = json_document(value)
    if doc is None:
        return value if isinstance(value, Unknown) else False
    statements = doc.get("Statement") if isinstance(doc, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    return any(_json_denies(s) for s in statements or [] if isinstance(s, dict))


def _json_denies(s: dict[str, Any]) -> bool:
    if s.get("Effect") != "Deny":
        return False
    cond = s.get("Condition") or {}
    value = (cond.get("Bool") or {}).get("aws:SecureTransport") if isinstance(cond, dict) else None
    values = value if isinstance(value, list) else [value]
    return any(str(v).lower() == "false" for v in values)


def _statement_denies(s: Any) -> bool:
    if not isinstance(s, dict) or s.get("effect") != "Deny":
        return False
    for c in as_list_of(s, "condition"):
        if (isinstance(c, dict) and c.get("test") == "Bool"
                and c.get("variable") == "aws:SecureTransport"
                and any(str(v).lower() == "false" for v in c.get("values") or [])):
            return True
    return False
