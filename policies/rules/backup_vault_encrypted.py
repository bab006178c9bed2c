"""Backup vaults use a KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from policies.rules._base import Rule, Verdict, require_set
from policies.rules._context import Context


class BackupVaultEncrypted(Rule):
    """``kms_key_arn`` is set on every ``aws_backup_vault``."""

    def rule(self, ctx: Context) -> Iterator[Verdict]:
        for r in ctx.of_type("aws_backup_vault"):
            yield require_set(r, r.values.get("kms_key_arn"), "kms_key_arn")
