"""RDS instances, clusters and global clusters encrypt their storage."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import ENC, Rule, Verdict, passed, require_true, unknown
from policies.rules._context import Context
from policies.rules._support import is_replica


class RdsStorageEncrypted(Rule):
    """``storage_encrypted`` is true (a replica with a ``kms_key_id`` is encrypted too; a global
    cluster made from ``source_db_cluster_identifier`` is judged by that cluster)."""

    id = "HAP_ENC_001"
    name = "Ensure RDS storage is encrypted"
    severity = Severity.CRITICAL
    enforcement = Enforcement.HARD_MANDATORY
    category = ENC
    explanation = (
        "The seed requires data encrypted at rest (GDPR, PCI DSS)."
    )

    resource_types = ("aws_db_instance", "aws_rds_cluster", "aws_rds_global_cluster")

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        value = r.values.get("storage_encrypted")
        source = r.values.get("source_db_cluster_identifier")
        if r.type == "aws_rds_global_cluster" and value is None and source:
            yield self._from_source(r, source, ctx)
            return
        if value is None and is_replica(r) and r.values.get("kms_key_id"):
            yield passed(r, "replica encrypted with its kms_key_id")
        else:
            yield require_true(r, value, "storage_encrypted")

    @staticmethod
    def _from_source(r: Resource, source: object, ctx: Context) -> Verdict:
        """A global cluster made from an existing cluster takes that cluster's encryption."""
        ref = ctx.resolve(r, source, "aws_rds_cluster")
        if ref.resource is None:
            return unknown(r, "storage_encrypted comes from source_db_cluster_identifier, "
                           "a cluster outside this configuration", ref.unknown)
        inherited = require_true(ref.resource, ref.resource.values.get("storage_encrypted"),
                                 "storage_encrypted")
        return replace(inherited, address=r.address, stack=r.stack, file=r.file, line=r.line,
                       message=f"source cluster {ref.resource.address}: {inherited.message}")
