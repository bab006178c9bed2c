"""Backup vaults use a KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import ENC, Rule, Verdict, require_set
from policies.rules._context import Context


class BackupVaultEncrypted(Rule):
    """``kms_key_arn`` is set on every ``aws_backup_vault``."""

    id = "HAP_ENC_010"
    name = "Ensure backup vaults use a KMS key"
    severity = Severity.HIGH
    enforcement = Enforcement.HARD_MANDATORY
    category = ENC
    explanation = (
        "The seed requires data encrypted at rest (GDPR, PCI DSS). Backups are copies of the "
        "data."
    )

    resource_types = ("aws_backup_vault",)

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        yield require_set(r, r.values.get("kms_key_arn"), "kms_key_arn")
