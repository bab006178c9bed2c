"""Bucket and key policies grant data actions only to the owning account (and configured ones)."""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from typing import Any

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import RES, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._support import as_strings, json_document, statements

#: Actions that read or decrypt data: granting any of them lets the grantee take data out.
DATA_ACTIONS = ("s3:GetObject", "s3:GetObjectVersion", "s3:ReplicateObject", "s3:PutObjectAcl",
                "s3:PutBucketPolicy", "kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant",
                "kms:PutKeyPolicy")
_SUBJECTS = {"aws_s3_bucket_policy": "policy", "aws_s3_bucket": "policy",
             "aws_kms_key": "policy", "aws_kms_key_policy": "policy"}
_SELF = re.compile(r"\$\{[^{}]*aws_caller_identity[^{}]*\}")
_ACCOUNT = re.compile(r"^(?:arn:aws[\w-]*:(?:iam|sts)::)?(\d{12}|SELF_ACCOUNT)(?::|$)")


class NoForeignDataGrants(Rule):
    """Allow statements of S3 bucket policies and KMS key policies that grant a data action
    (``s3:GetObject``, ``kms:Decrypt``, ``s3:*``, ``*``, ...) name only AWS principals of the
    owning account (``data.aws_caller_identity``) or of ``Settings.allowed_principal_accounts``;
    ``"*"`` or a literal foreign account is a finding. Service principals are not accounts."""

    id = "HAP_RES_007"
    name = "Ensure bucket and key policies grant data actions to no foreign AWS account"
    severity = Severity.CRITICAL
    enforcement = Enforcement.HARD_MANDATORY
    category = RES
    explanation = (
        "A grant of s3:GetObject or kms:Decrypt to another account moves EU data out of our "
        "control as surely as a replica in another region (issue 8.4)."
    )
    resource_types = tuple(_SUBJECTS)

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        raw = r.values.get(_SUBJECTS[r.type])
        if raw in (None, ""):
            return None
        doc = read_document(ctx, r, raw)
        if doc is None:
            return unknown(r, "policy document cannot be read",
                           raw if isinstance(raw, Unknown) else "not a JSON policy")
        allowed = set(ctx.settings.allowed_principal_accounts) | {"SELF_ACCOUNT"}
        unsure: str | None = None
        for stmt in statements(doc):
            if str(stmt.get("Effect", "Allow")) != "Allow" or not _grants_data(stmt):
                continue
            for principal in _aws_principals(stmt.get("Principal")):
                if not isinstance(principal, str) or "INTERPOLATED" in principal or \
                        principal.startswith("${"):
                    unsure = unsure or "principal given by a reference"
                    continue
                if principal == "*":
                    return failed(r, "grants data actions to any AWS principal ('*')")
                match = _ACCOUNT.match(principal)
                if match is None:
                    unsure = unsure or "principal that is not an account or ARN"
                elif match.group(1) not in allowed:
                    return failed(r, f"grants data actions to foreign account {match.group(1)}")
        if unsure:
            return unknown(r, "grantee account cannot be resolved", unsure)
        return passed(r, "data actions granted only to the owning/allowed accounts")


def read_document(ctx: Context, r: Resource, raw: Any) -> Any:
    """The policy document of ``raw``: JSON, a template, ``jsonencode(...)`` or a reference to a
    ``data.aws_iam_policy_document`` (its statement blocks); caller-identity account ids are
    written ``SELF_ACCOUNT``."""
    if isinstance(raw, Unknown):
        ref = ctx.resolve(r, raw, "aws_iam_policy_document")
        if ref.resource is not None:
            return ref.resource.values
        if raw.expression:
            raw = Unknown(raw.reason, _SELF.sub("SELF_ACCOUNT", raw.expression))
    elif isinstance(raw, str):
        raw = _SELF.sub("SELF_ACCOUNT", raw)
    return json_document(raw)


def _grants_data(stmt: dict[str, Any]) -> bool:
    actions = [a for a in as_strings(stmt.get("Action")) if isinstance(a, str)]
    if "NotAction" in stmt:
        return True
    return any(fnmatchcase(d.lower(), a.lower()) for a in actions for d in DATA_ACTIONS)


def _aws_principals(principal: Any) -> list[Any]:
    if principal == "*":
        return ["*"]
    if isinstance(principal, dict):
        return as_strings(principal.get("AWS"))
    if isinstance(principal, Unknown):
        return [principal]
    return []
