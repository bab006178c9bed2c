"""A role that writes IAM can read back what it writes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._apply import allows, as_strings, limits, statements
from policies.rules._base import APV, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context, attachments
from policies.rules._support import blocks

ROLE = "aws_iam_role"


class IamReadBack(Rule):
    """For each role, the IAM actions its policies allow (inline, ``aws_iam_role_policy``,
    attached ``aws_iam_policy`` and known AWS-managed policies): every IAM write it may make
    (create role, put or attach a policy, create an OIDC provider, ...) comes with the reads
    Terraform's AWS provider makes after it (``iam:GetRole``, ``ListRolePolicies``, ...)."""

    id = "HAP_APV_005"
    name = "Ensure roles that write IAM can read it back"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = APV
    explanation = (
        "Terraform reads every IAM object right after writing it; a deploy role allowed "
        "iam:CreateRole but not iam:GetRole creates the role, then fails, leaving it outside "
        "the state."
    )

    resource_types = (ROLE,)

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        read_back: Mapping[str, list[str]] = limits()["iam_read_back"]
        allowed, opaque = _allowed_actions(ctx, r)
        writes = sorted(w for w in read_back if allows(allowed, w))
        if not writes:
            return None  # writes no IAM: not a subject
        needed = sorted({a for w in writes for a in read_back[w]})
        missing = [a for a in needed if not allows(allowed, a)]
        if not missing:
            return passed(r, f"reads back what it writes ({', '.join(needed)})")
        if opaque:
            return unknown(r, f"may lack {', '.join(missing)}", opaque)
        return failed(r, f"allowed {', '.join(writes)} but not {', '.join(missing)}")


def _allowed_actions(ctx: Context, role: Resource) -> tuple[list[str], str | None]:
    """Allowed action patterns of ``role`` and, when some policy cannot be read, why."""
    docs: list[Any] = [b.get("policy") for b in blocks(role.values, "inline_policy")
                       if isinstance(b, Mapping)]
    docs += [p.values.get("policy")
             for p in attachments(ctx, "aws_iam_role_policy", "role", ROLE).of(role)]
    opaque: str | None = None
    managed = limits()["iam_managed_policies"]
    actions: list[str] = []
    arns = [a.values.get("policy_arn")
            for a in attachments(ctx, "aws_iam_role_policy_attachment", "role", ROLE).of(role)]
    arns += as_strings(role.values.get("managed_policy_arns"))
    for arn in arns:
        if isinstance(arn, str) and arn in managed:
            actions += managed[arn]
            continue
        ref = ctx.resolve(role, arn, "aws_iam_policy")
        if ref.resource is not None:
            docs.append(ref.resource.values.get("policy"))
        else:
            opaque = f"attached policy {getattr(arn, 'expression', arn)} is not readable here"
    for doc in docs:
        listed = list(statements(doc))
        if not listed:
            opaque = "a policy document cannot be read"
        for s in listed:
            if str(s.get("Effect", "Allow")) != "Allow":
                continue
            if "NotAction" in s:
                opaque = "a statement uses NotAction"
            actions += as_strings(s.get("Action"))
    return actions, opaque
