"""Secrets Manager secrets use a customer-managed KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from policies.rules._base import Rule, Verdict, require_set
from policies.rules._context import Context


class SecretEncrypted(Rule):
    """``kms_key_id`` is set on every ``aws_secretsmanager_secret``."""

    def rule(self, ctx: Context) -> Iterator[Verdict]:
        for r in ctx.of_type("aws_secretsmanager_secret"):
            yield require_set(r, r.values.get("kms_key_id"), "kms_key_id")
