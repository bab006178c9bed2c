"""Every primary database has a copy in another region (RPO < 15 minutes)."""

from __future__ import annotations

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import BAK, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context, attachments
from policies.rules._support import is_replica

DB = "aws_db_instance"
BACKUPS = "aws_db_instance_automated_backups_replication"


class RdsCrossRegionCopy(Rule):
    """A primary ``aws_db_instance`` has a read replica or automated-backups replication in
    another region (followed across stacks through remote state)."""

    id = "HAP_BAK_006"
    name = "Ensure every primary database has a cross-region copy"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = BAK
    explanation = (
        "RPO < 15 minutes after a region loss needs a cross-region read replica or automated "
        "backups replication."
    )

    resource_types = (DB,)

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        if is_replica(r):
            return None
        replicas = attachments(ctx, DB, "replicate_source_db", DB)
        backups = attachments(ctx, BACKUPS, "source_db_instance_arn", DB)
        pending = next((u for a in (replicas, backups) for v in a.unresolved.values()
                        for _, u in v), None)
        exported = ctx.once(_exported, lambda: _exported(ctx))
        return _judge(r, replicas.of(r) + backups.of(r), pending,
                      (r.stack, r.address) in exported, len(ctx.stacks) > 1)


def _exported(ctx: Context) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for stack in ctx.model.stacks:
        for value in stack.outputs.values():
            if isinstance(value, Unknown) and value.expression:
                for r in stack.resources:
                    if r.type == DB and f"{r.address}." in value.expression:
                        found.add((stack.name, r.address))
    return found


def _judge(db: Resource, copies: list[Resource], pending: Unknown | None, exported: bool,
           others: bool) -> Verdict:
    unsure: Unknown | None = None
    for copy in copies:
        if isinstance(copy.region, Unknown):
            unsure = copy.region
        elif isinstance(db.region, Unknown):
            unsure = db.region
        elif copy.region != db.region:
            return passed(db, f"copied to {copy.region} by {copy.stack}:{copy.address}")
    if unsure is not None:
        return unknown(db, "region of a copy cannot be resolved", unsure)
    if copies:
        return failed(db, "its replicas are all in the same region")
    if pending is not None:
        return unknown(db, "a copy may point at it", pending)
    if exported and not others:
        return unknown(db, "no copy in this stack", "it is exported to another stack, where "
                       "its cross-region copy may live; that stack is not in the checked input")
    return failed(db, "no cross-region read replica or automated backups replication")
