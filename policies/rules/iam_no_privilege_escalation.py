"""IAM roles cannot escalate: no unconditioned PassRole, no self-modification, no ``*`` writes."""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from typing import Any

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import IAM, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._github_trust import github_trust_problem
from policies.rules._support import as_strings, blocks, statements
from policies.rules.no_foreign_data_grants import read_document

#: Actions that change what a role may do, judged against the role's own ARN.
SELF_ACTIONS = ("iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy",
                "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary",
                "iam:DeleteRolePolicy", "iam:DetachRolePolicy")
#: Actions that change a managed policy, judged against the ARNs of the role's own policies.
POLICY_ACTIONS = ("iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion")
#: AWS managed policies by what they amount to (others are unknown).
MANAGED: dict[str, list[dict[str, Any]]] = {
    "ReadOnlyAccess": [], "ViewOnlyAccess": [], "SecurityAudit": [],
    "AmazonRDSEnhancedMonitoringRole": [],
    "AdministratorAccess": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    "PowerUserAccess": [{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*",
                                                           "account:*"], "Resource": "*"}],
    "IAMFullAccess": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}],
}
_INTERP = re.compile(r"\$\{[^{}]*\}")
_ACCOUNT_FIELD = re.compile(r"^(arn:aws[\w-]*:iam::)([^:]*)(:)")
ROLE = "aws_iam_role"


class IamNoPrivilegeEscalation(Rule):
    """For every role, the union of its inline policies, ``inline_policy`` blocks and attached
    policies (managed ones from a small table; a permissions boundary and Deny statements in
    any of them remove what they cover) allows none of: ``iam:PassRole`` (also via ``iam:*`` or
    ``*``) without an ``iam:PassedToService`` condition; Put/Attach/Detach/Delete role policy,
    UpdateAssumeRolePolicy or boundary changes on a resource pattern matching the role itself;
    CreatePolicyVersion on one of its own policies; a wildcard action (``*``, ``iam:*``,
    ``iam:Put*``, or a NotAction) on ``*`` resources that reaches an action granting
    permissions (``s3:*`` or PowerUserAccess's NotAction ``iam:*`` do not); CreatePolicyVersion
    on its permissions boundary; iam:CreateRole without an ``iam:PermissionsBoundary``
    condition (and no Deny refusing other boundaries) on names it can also pass or assume.
    A role assumed from GitHub Actions must pin the workflow
    (``job_workflow_ref``) in every trusted ``sub``; one that can change infrastructure must
    also pin an environment and a branch, and have a permissions boundary."""

    id = "HAP_IAM_001"
    name = "Ensure no IAM role can escalate its own privileges"
    severity = Severity.CRITICAL
    enforcement = Enforcement.HARD_MANDATORY
    category = IAM
    explanation = (
        "A role that can pass any role, rewrite its own policies or write anything anywhere is "
        "an administrator in waiting; CI roles hold the keys to the whole platform (issue 8.6)."
    )
    resource_types = (ROLE,)

    def check(self, r: Resource, ctx: Context) -> Verdict:
        docs, unsure, policy_arns = _documents(ctx, r)
        allows = [s for d in docs for s in d if str(s.get("Effect", "Allow")) == "Allow"]
        denies = [s for d in docs for s in d if str(s.get("Effect")) == "Deny"]
        boundary = _boundary(ctx, r)
        policy_arns += _boundary_arn(ctx, r)
        name = r.values.get("name")
        me = f"arn:aws:iam::000000000000:role/{name if isinstance(name, str) else r.name}"
        problems = [p for stmt in allows for p in _problems(stmt, r, me, policy_arns)]
        problems += _unbounded_creation(allows, denies, boundary, r)
        for action, target, text in problems:
            if _covered(denies, action, target) or (
                    isinstance(boundary, list) and not _allowed(boundary, action, target)):
                continue
            if isinstance(boundary, Unknown):
                return unknown(r, f"{text}, unless its permissions boundary forbids it", boundary)
            return failed(r, text)
        trust = github_trust_problem(ctx, r, docs, bounded=boundary is not None)
        if isinstance(trust, str):
            return failed(r, trust)
        if unsure is not None:
            return unknown(r, "a policy of the role cannot be read", unsure)
        if isinstance(trust, Unknown):
            return unknown(r, "its GitHub trust policy cannot be read", trust)
        return passed(r, "no privilege-escalation path")


def _documents(ctx: Context, role: Resource) -> tuple[list[list[dict[str, Any]]], Any, list[str]]:
    docs: list[list[dict[str, Any]]] = []
    unsure: Any = None
    arns: list[str] = []
    raws = [b.get("policy") for b in blocks(role.values, "inline_policy") if isinstance(b, dict)]
    for rp in ctx.referrers(role, "aws_iam_role_policy"):
        raws.append(rp.values.get("policy"))
    for att in ctx.referrers(role, "aws_iam_role_policy_attachment"):
        value = att.values.get("policy_arn")
        ref = ctx.resolve(att, value, "aws_iam_policy")
        if ref.resource is not None:
            raws.append(ref.resource.values.get("policy"))
            arns.append(f"arn:aws:iam::000000000000:policy/{ref.resource.values.get('name')}")
        elif isinstance(value, str) and value.startswith("arn:aws:iam::aws:policy/"):
            known = MANAGED.get(value.rsplit("/", 1)[1])
            if known is None:
                unsure = unsure or f"AWS managed policy {value} is not in our table"
            else:
                docs.append(known)
        else:
            unsure = unsure or ref.unknown or f"attached policy {value!r} not in the input"
    for raw in raws:
        doc = read_document(ctx, role, raw)
        if doc is None:
            unsure = unsure or (raw if isinstance(raw, Unknown) else "unreadable policy")
        else:
            docs.append(statements(doc))
    return docs, unsure, arns


def _boundary(ctx: Context, role: Resource) -> list[dict[str, Any]] | Unknown | None:
    value = role.values.get("permissions_boundary")
    if value in (None, ""):
        return None
    ref = ctx.resolve(role, value, "aws_iam_policy")
    if ref.resource is not None:
        doc = read_document(ctx, ref.resource, ref.resource.values.get("policy"))
        if doc is not None:
            return statements(doc)
    return ref.unknown or Unknown(f"permissions boundary {value!r} cannot be read")


def _boundary_arn(ctx: Context, role: Resource) -> list[str]:
    """The ARN of the role's boundary policy (changing it is changing the role's ceiling)."""
    value = role.values.get("permissions_boundary")
    ref = ctx.resolve(role, value, "aws_iam_policy") if value not in (None, "") else None
    if ref is not None and ref.resource is not None:
        return [f"arn:aws:iam::000000000000:policy/{ref.resource.values.get('name')}"]
    return [value] if isinstance(value, str) and value else []


#: Actions that grant permissions: a wildcard on every resource reaching any of them is a
#: privilege-escalation path.
GRANTING_ACTIONS: tuple[str, ...] = (
    "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutUserPolicy", "iam:AttachUserPolicy",
    "iam:PutGroupPolicy", "iam:AttachGroupPolicy", "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion", "iam:UpdateAssumeRolePolicy", "iam:CreateRole",
    "iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
    "iam:AddUserToGroup", "iam:DeleteRolePermissionsBoundary", "iam:PassRole",
)


def _problems(stmt: dict[str, Any], role: Resource, me: str,
              policy_arns: list[str]) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    resources = [_pattern(p, role) for p in as_strings(stmt.get("Resource"))]
    if "NotResource" in stmt:
        resources = ["*"]
    if _acts(stmt, "iam:PassRole") and not _passed_to_service(stmt):
        out.append(("iam:PassRole", "*",
                    "allows iam:PassRole without an iam:PassedToService condition"))
    if "*" in resources:
        # A wildcard is an escalation path when it reaches the actions that grant
        # permissions (writing policies, trust, roles or credentials); s3:* or a NotAction
        # that leaves out iam:* (PowerUserAccess) cannot grant anything.
        granted = [a for a in GRANTING_ACTIONS if _acts(stmt, a)]
        wildcard = "NotAction" in stmt or any(
            isinstance(a, str) and "*" in a for a in as_strings(stmt.get("Action")))
        if granted and wildcard:
            shown = ", ".join(as_strings(stmt.get("Action")) or ["NotAction"])
            out.append((shown, "*", f"allows {shown} on every resource, which includes "
                                    f"{granted[0]}"))
    for action in SELF_ACTIONS:
        if _acts(stmt, action) and any(fnmatchcase(me, p) for p in resources):
            out.append((action, me, f"allows {action} on the role itself"))
    for action in POLICY_ACTIONS:
        for arn in policy_arns:
            if _acts(stmt, action) and any(fnmatchcase(arn, p) for p in resources):
                out.append((action, arn, f"allows {action} on its own policy"))
    return out


#: Condition operators that make an Allow require a boundary / a Deny refuse any other one.
_REQUIRES = ("stringequals", "stringlike", "arnequals", "arnlike")
_REFUSES = ("stringnotequals", "stringnotlike", "arnnotequals", "arnnotlike",
            "stringnotequalsifexists", "stringnotlikeifexists", "arnnotequalsifexists",
            "arnnotlikeifexists")


def _unbounded_creation(allows: list[dict[str, Any]], denies: list[dict[str, Any]],
                        boundary: Any, role: Resource) -> list[tuple[str, str, str]]:
    """iam:CreateRole on a pattern without an ``iam:PermissionsBoundary`` condition (and no
    Deny, in the role's policies or its boundary, refusing roles without one) is an escape
    from any ceiling when the role can also pass (``iam:PassRole``) or assume
    (``sts:AssumeRole``) a role matching that pattern: it creates an unbounded role and uses
    it."""
    guards = denies + [s for s in boundary if str(s.get("Effect")) == "Deny"] \
        if isinstance(boundary, list) else denies
    out: list[tuple[str, str, str]] = []
    for stmt in allows:
        if not _acts(stmt, "iam:CreateRole") or _on_boundary(stmt, _REQUIRES):
            continue
        for created in _resources(stmt, role):
            sample = _sample(created)
            if any(_acts(d, "iam:CreateRole") and _on_boundary(d, _REFUSES) and any(
                    fnmatchcase(sample, q) for q in _resources(d, role)) for d in guards):
                continue
            reach = [a for a in ("iam:PassRole", "sts:AssumeRole")
                     if any(_acts(s, a) and any(_overlap(created, q) for q in _resources(s, role))
                            for s in allows) and not _covered(denies, a, sample)]
            if reach:
                out.append(("iam:CreateRole", sample, (
                    f"allows iam:CreateRole on {created} without an iam:PermissionsBoundary "
                    f"condition and {reach[0]} on the roles it creates (an unbounded role)")))
    return out


def _on_boundary(stmt: dict[str, Any], operators: tuple[str, ...]) -> bool:
    """True when ``stmt`` has an ``iam:PermissionsBoundary`` condition under one of
    ``operators`` naming a policy (a bare ``*`` names none)."""
    condition = stmt.get("Condition")
    return isinstance(condition, dict) and any(
        str(op).lower() in operators and isinstance(kv, dict) and any(
            str(k).lower() == "iam:permissionsboundary" and as_strings(v) and all(
                isinstance(x, str) and x.strip() not in ("", "*") for x in as_strings(v))
            for k, v in kv.items())
        for op, kv in condition.items())


def _resources(stmt: dict[str, Any], role: Resource) -> list[str]:
    if "NotResource" in stmt:
        return ["*"]
    return [_pattern(p, role) for p in as_strings(stmt.get("Resource"))]


def _sample(pattern: str) -> str:
    return pattern.replace("*", "x").replace("?", "x")


def _overlap(a: str, b: str) -> bool:
    """Whether two ARN patterns can name the same resource (one's instance matches the other)."""
    return fnmatchcase(_sample(a), b) or fnmatchcase(_sample(b), a)


def _pattern(value: Any, role: Resource) -> str:
    if not isinstance(value, str):
        return "*"
    if role.address in value or (role.values.get("name") and f"{role.address}." in value):
        return "*"
    value = value.replace("SELF_ACCOUNT", "*").replace("INTERPOLATED", "*")
    value = _INTERP.sub("*", value)
    return _ACCOUNT_FIELD.sub(lambda m: f"{m.group(1)}*{m.group(3)}", value)


def _acts(stmt: dict[str, Any], action: str) -> bool:
    if "NotAction" in stmt:
        return not any(isinstance(a, str) and fnmatchcase(action.lower(), a.lower())
                       for a in as_strings(stmt.get("NotAction")))
    return any(isinstance(a, str) and fnmatchcase(action.lower(), a.lower())
               for a in as_strings(stmt.get("Action")))


def _passed_to_service(stmt: dict[str, Any]) -> bool:
    condition = stmt.get("Condition")
    return isinstance(condition, dict) and any(
        isinstance(v, dict) and any(str(k).lower() == "iam:passedtoservice" for k in v)
        for v in condition.values())


def _covered(denies: list[dict[str, Any]], action: str, target: str) -> bool:
    return any("Condition" not in d and _acts(d, action) and "NotResource" not in d and any(
        isinstance(p, str) and fnmatchcase(target, _ACCOUNT_FIELD.sub(
            lambda m: f"{m.group(1)}*{m.group(3)}", _INTERP.sub("*", p.replace(
                "SELF_ACCOUNT", "*")))) for p in as_strings(d.get("Resource")))
        for d in denies)


def _allowed(boundary: list[dict[str, Any]], action: str, target: str) -> bool:
    allows = [s for s in boundary if str(s.get("Effect", "Allow")) == "Allow"]
    denies = [s for s in boundary if str(s.get("Effect")) == "Deny"]
    if _covered(denies, action, target):
        return False
    return any(_acts(s, action) and ("NotResource" in s or any(
        isinstance(p, str) and fnmatchcase(target, _INTERP.sub("*", p))
        for p in as_strings(s.get("Resource")))) for s in allows)


