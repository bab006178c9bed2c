"""No literal password, secret, token or private key in any argument."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import ANY_TYPE, DNG, Rule, Verdict, failed, passed
from policies.rules._context import Context

_SECRET = re.compile(r"(password|passwd|secret|token|private_key|api_key|access_key|"
                     r"auth_key|credential)", re.IGNORECASE)
#: Argument names that merely point at or describe a secret.
_NOT_SECRET = re.compile(r"(_arn|_id|_ids|_name|_names|_length|_version|_kms_key|_enabled|"
                         r"_type|_ttl|_validity|_units|_wo_version|_path|_location|_strategy)$"
                         r"|^manage_|^secret_string_wo$", re.IGNORECASE)


class NoLiteralSecrets(Rule):
    """An argument (at any depth) named like a password, secret, token or private key whose
    value is a literal non-empty string is a finding; references (variables, Secrets Manager,
    random_password) are fine. The value never appears in the message."""

    id = "HAP_DNG_002"
    name = "Ensure no argument holds a literal password, secret, token or private key"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = DNG
    explanation = (
        "A literal secret lands in the repository, the plan and the state; generate it or read "
        "it from Secrets Manager instead (issue 8.5)."
    )

    resource_types = ANY_TYPE

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        return _judge(r)


def _judge(r: Resource) -> Verdict | None:
    literal: list[str] = []
    referenced = False
    for path, value in _walk(r.values, ""):
        if isinstance(value, Unknown):
            referenced = True
        elif isinstance(value, str) and value.strip() and value.lower() not in ("true", "false"):
            literal.append(path)
    if literal:
        return failed(r, f"literal secret in argument {literal[0]} (value not shown)")
    return passed(r, "secret-like arguments are references") if referenced else None


def _walk(node: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(key, str) and _SECRET.search(key) and not _NOT_SECRET.search(key) \
                    and not isinstance(value, Mapping | list):
                yield path, value
            elif not (isinstance(key, str) and _NOT_SECRET.search(key)):
                yield from _walk(value, path)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, f"{prefix}[{i}]")
