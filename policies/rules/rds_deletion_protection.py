"""RDS databases are protected from deletion."""

from __future__ import annotations

from collections.abc import Iterator

from policies.rules._base import Rule, Verdict, require_true
from policies.rules._context import Context


class RdsDeletionProtection(Rule):
    """``deletion_protection`` is true on RDS instances and clusters."""

    def rule(self, ctx: Context) -> Iterator[Verdict]:
        for r in ctx.of_type("aws_db_instance", "aws_rds_cluster"):
            yield require_true(r, r.values.get("deletion_protection"), "deletion_protection")
