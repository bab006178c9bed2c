"""RDS instances and clusters encrypt their storage."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import ENC, Rule, Verdict, passed, require_true
from policies.rules._context import Context
from policies.rules._support import is_replica


class RdsStorageEncrypted(Rule):
    """``storage_encrypted`` is true (a replica with a ``kms_key_id`` is encrypted too)."""

    id = "HAP_ENC_001"
    name = "Ensure RDS storage is encrypted"
    severity = Severity.CRITICAL
    enforcement = Enforcement.HARD_MANDATORY
    category = ENC
    explanation = (
        "The seed requires data encrypted at rest (GDPR, PCI DSS)."
    )

    resource_types = ("aws_db_instance", "aws_rds_cluster")

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        value = r.values.get("storage_encrypted")
        if value is None and is_replica(r) and r.values.get("kms_key_id"):
            yield passed(r, "replica encrypted with its kms_key_id")
        else:
            yield require_true(r, value, "storage_encrypted")
