"""Roles assumed from GitHub Actions (OIDC): what their trust must pin (used by HAP_IAM_001).

* every trust statement for GitHub's OIDC provider has a ``sub`` condition (without one, any
  repository on GitHub may assume the role);
* every ``sub`` pins the workflow file (``job_workflow_ref:<repo>/.github/workflows/<file>@``);
* a role that can change infrastructure (an Allow reaching every resource with an action that
  is not a read) also pins a GitHub environment and a branch in every ``sub``, and has a
  permissions boundary.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from policies.model import Resource, Unknown
from policies.rules._context import Context
from policies.rules._support import as_strings, statements
from policies.rules.no_foreign_data_grants import read_document

GITHUB = "token.actions.githubusercontent.com"
_WORKFLOW_PIN = re.compile(r":job_workflow_ref:[^*:@]+/\.github/workflows/[^*@/]+@")
_ENVIRONMENT_PIN = re.compile(r":environment:[^*:]+(:|$)")
_BRANCH_PIN = re.compile(r"(@|:ref:)refs/heads/[^*:@]+(:|$)")
#: Action verbs that only read (``s3:GetObject``, ``ec2:Describe*``).
_READ_VERBS = ("get", "list", "describe", "view", "lookup", "search", "batchget", "select",
               "query", "scan", "head", "filter", "check", "validate", "simulate")


def github_trust_problem(ctx: Context, role: Resource, docs: Iterable[list[dict[str, Any]]],
                         bounded: bool) -> str | Unknown | None:
    """What ``role``'s GitHub trust fails to pin (None when nothing, or not a GitHub role);
    an Unknown when a role tied to GitHub's provider has a trust policy we cannot read."""
    raw = role.values.get("assume_role_policy")
    doc = read_document(ctx, role, raw)
    if doc is None:
        if _references_github_provider(ctx, role):
            return raw if isinstance(raw, Unknown) else Unknown("trust policy cannot be read")
        return None
    trusts = [s for s in statements(doc) if _is_github(ctx, role, s)]
    if not trusts:
        return None
    subjects: list[str] = []
    for stmt in trusts:
        found = _subjects(stmt)
        if not found:
            return "trusts GitHub Actions without a sub condition (any repository may assume it)"
        subjects += found
    unresolved = [s for s in subjects if "${" in s or "INTERPOLATED" in s]
    if unresolved:
        return Unknown(f"GitHub trust sub {unresolved[0]!r} is an expression")
    for sub in subjects:
        if not _WORKFLOW_PIN.search(sub):
            return f"GitHub trust does not pin the workflow (job_workflow_ref) in sub {sub!r}"
    if not _changes_infrastructure(docs):
        return None
    for sub in subjects:
        if not (_ENVIRONMENT_PIN.search(sub) and _BRANCH_PIN.search(sub)):
            return ("can change infrastructure but its GitHub trust does not pin an environment "
                    f"and a branch in sub {sub!r}")
    if not bounded:
        return "can change infrastructure from GitHub Actions but has no permissions boundary"
    return None


def _is_github(ctx: Context, role: Resource, stmt: dict[str, Any]) -> bool:
    if str(stmt.get("Effect", "Allow")) != "Allow":
        return False
    if not any(isinstance(a, str) and a.lower() in ("sts:assumerolewithwebidentity", "sts:*", "*")
               for a in as_strings(stmt.get("Action"))):
        return False
    return GITHUB in json.dumps(stmt, default=str) or _references_github_provider(ctx, role)


def _references_github_provider(ctx: Context, role: Resource) -> bool:
    for ref in role.references:
        target = ctx.get(role.stack, ref)
        if target is not None and target.type == "aws_iam_openid_connect_provider" \
                and GITHUB in str(target.values.get("url", "")):
            return True
    return False


def _subjects(stmt: dict[str, Any]) -> list[str]:
    condition = stmt.get("Condition")
    out: list[str] = []
    if not isinstance(condition, dict):
        return out
    for test in condition.values():
        if isinstance(test, dict):
            for key, value in test.items():
                if str(key).lower().endswith(":sub"):
                    out += [str(v) for v in as_strings(value)]
    return out


def _changes_infrastructure(docs: Iterable[list[dict[str, Any]]]) -> bool:
    """True when an Allow reaches every resource with an action that is not a read."""
    for doc in docs:
        for stmt in doc:
            if str(stmt.get("Effect", "Allow")) != "Allow":
                continue
            everywhere = "NotResource" in stmt or "*" in as_strings(stmt.get("Resource"))
            if everywhere and ("NotAction" in stmt or any(
                    not _reads(a) for a in as_strings(stmt.get("Action")))):
                return True
    return False


def _reads(action: Any) -> bool:
    if not isinstance(action, str) or ":" not in action:
        return False
    verb = action.split(":", 1)[1].lower()
    return verb != "*" and verb.startswith(_READ_VERBS)
