"""ElastiCache replication groups encrypt data at rest."""

from __future__ import annotations

from collections.abc import Iterator

from policies.rules._base import Rule, Verdict, require_true
from policies.rules._context import Context


class ElasticacheEncryptedAtRest(Rule):
    """``at_rest_encryption_enabled`` is true."""

    def rule(self, ctx: Context) -> Iterator[Verdict]:
        for r in ctx.of_type("aws_elasticache_replication_group"):
            yield require_true(r, r.values.get("at_rest_encryption_enabled"),
                               "at_rest_encryption_enabled")
