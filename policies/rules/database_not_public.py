"""Databases are never publicly accessible."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import NET, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._support import is_true


class DatabaseNotPublic(Rule):
    """``publicly_accessible`` is not true on RDS instances (the provider default is false)."""

    id = "HAP_NET_003"
    name = "Ensure databases are not publicly accessible"
    severity = Severity.CRITICAL
    enforcement = Enforcement.HARD_MANDATORY
    category = NET
    explanation = (
        "A publicly accessible RDS instance gets a public DNS name and IP."
    )

    resource_types = ("aws_db_instance", "aws_rds_cluster_instance")

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        value = r.values.get("publicly_accessible")
        if isinstance(value, Unknown):
            yield unknown(r, "publicly_accessible cannot be resolved", value)
        elif is_true(value):
            yield failed(r, "publicly_accessible is true")
        else:
            yield passed(r, "not publicly accessible")
