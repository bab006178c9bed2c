"""DynamoDB tables use KMS server-side encryption."""

from __future__ import annotations

from collections.abc import Iterator

from policies.rules._base import Rule, Verdict, require_true
from policies.rules._context import Context
from policies.rules._support import first


class DynamodbEncrypted(Rule):
    """``server_side_encryption.enabled`` is true."""

    def rule(self, ctx: Context) -> Iterator[Verdict]:
        for r in ctx.of_type("aws_dynamodb_table"):
            yield require_true(r, first(r.values, "server_side_encryption", "enabled"),
                               "server_side_encryption.enabled")
