"""Snapshot copies, restores, global-table replicas, global datastores and backup copy actions
of EU data land in EU regions."""

from __future__ import annotations

from typing import Any

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import RES, Rule, Verdict, passed
from policies.rules._context import Context, eu_region, holds_eu_data, judge_eu_copy, source_is_eu
from policies.rules._global_datastore import RG, chain, configured
from policies.rules._support import blocks

_SNAP = ("aws_db_snapshot", "aws_db_snapshot_copy", "aws_db_instance")
_CSNAP = ("aws_db_cluster_snapshot", "aws_db_cluster_snapshot_copy", "aws_rds_cluster")
_DDB = "aws_dynamodb_table"
_VAULT = "aws_backup_vault"


class EuSnapshotsReplicasBackupsInEu(Rule):
    """Judges every way EU data is copied beyond RDS replicas and S3 replication: RDS (cluster)
    snapshot copies, point-in-time and snapshot restores, DynamoDB global-table replicas
    (``replica`` blocks and ``aws_dynamodb_table_replica``), ElastiCache Global Datastore
    secondaries (outside the EU, judged on their primary's residency through the global
    group, in this or another stack; unknown when that chain cannot be followed), and AWS
    Backup ``copy_action`` destinations (vaults given by ARN, resource or data source, whose
    region comes from its provider alias)."""

    id = "HAP_RES_005"
    name = ("Ensure snapshot copies, restores, global replicas and backup copies of EU data "
            "stay in the EU")
    severity = Severity.CRITICAL
    enforcement = Enforcement.HARD_MANDATORY
    category = RES
    explanation = (
        "GDPR residency holds for every copy of EU data: snapshot copies, restores, DynamoDB "
        "global tables, ElastiCache global datastores and AWS Backup copy actions (issue 8.4)."
    )

    resource_types = ("aws_db_snapshot_copy", "aws_db_cluster_snapshot_copy",
                      "aws_db_instance", "aws_rds_cluster", _DDB, "aws_dynamodb_table_replica",
                      RG, "aws_backup_plan")

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        if r.type == "aws_db_snapshot_copy":
            source = r.values.get("source_db_snapshot_identifier")
            return judge_eu_copy(r, source_is_eu(ctx, r, source, *_SNAP), _targets(r))
        if r.type == "aws_db_cluster_snapshot_copy":
            return judge_eu_copy(r, source_is_eu(
                ctx, r, r.values.get("source_db_cluster_snapshot_identifier"), *_CSNAP),
                _targets(r))
        if r.type in ("aws_db_instance", "aws_rds_cluster"):
            v = _restore_source(r)
            if v is None:
                return None
            types = _SNAP if r.type == "aws_db_instance" else _CSNAP
            return judge_eu_copy(r, source_is_eu(ctx, r, v, *types), [r.region])
        if r.type == _DDB:
            regions = [b.get("region_name") for b in blocks(r.values, "replica")
                       if isinstance(b, dict)]
            return judge_eu_copy(r, _own(ctx, r), regions) if regions else None
        if r.type == "aws_dynamodb_table_replica":
            source = r.values.get("global_table_arn")
            return judge_eu_copy(r, source_is_eu(ctx, r, source, _DDB), [r.region])
        if r.type == RG:
            return _secondary(ctx, r)
        copies = [c for rule in blocks(r.values, "rule") for c in blocks(rule, "copy_action")
                  if isinstance(c, dict)]  # aws_backup_plan
        if not copies:
            return None
        targets = [ctx.region_of(ctx.resolve(r, v, _VAULT), v)
                   for v in (c.get("destination_vault_arn") for c in copies)]
        return judge_eu_copy(r, _own(ctx, r), targets)


def _targets(r: Resource) -> list[Any]:
    dest = r.values.get("destination_region")
    return [r.region] + ([dest] if dest not in (None, "") else [])


def _restore_source(r: Resource) -> Any:
    for pitr in blocks(r.values, "restore_to_point_in_time"):
        if isinstance(pitr, dict):
            for key in ("source_db_instance_identifier", "source_dbi_resource_id",
                        "source_db_instance_automated_backups_arn", "source_cluster_identifier"):
                if pitr.get(key) not in (None, ""):
                    return pitr[key]
            return Unknown("restore_to_point_in_time names no source")
    value = r.values.get("snapshot_identifier")
    return None if value in (None, "") else value


def _own(ctx: Context, r: Resource) -> bool | Unknown:
    if holds_eu_data(ctx, r):
        return True
    if isinstance(r.region, Unknown):
        return r.region
    from policies.jurisdictions import is_eu
    return is_eu(r.region)


def _secondary(ctx: Context, r: Resource) -> Verdict | None:
    """A Global Datastore secondary holds a copy of its primary's data: EU data must not
    leave the EU through it. Inside the EU the primary's residency does not matter."""
    if not configured(r.values.get("global_replication_group_id")):
        return None
    link = chain(ctx, r)
    if link is None:
        return None  # the datastore's primary: not a copy
    if eu_region(r.region):
        return passed(r, f"global datastore secondary in {r.region}, inside the EU")
    if link.primary is None:
        return judge_eu_copy(r, link.why or Unknown("global datastore chain"), [r.region])
    return judge_eu_copy(r, _own(ctx, link.primary), [r.region])
