"""RPO and RTO per data store, from the mechanisms the model actually wires.

Each store's figure is its worst failure mode (AZ loss, then region loss); figures per
mechanism come from ``facts.toml``. A store meets the targets when RPO <= rpo_minutes and
RTO <= rto_minutes (the seed writes "<"; the S3 RTC bound of exactly 15 minutes is the
edge case, stated in the output).
"""

from __future__ import annotations

from dataclasses import dataclass

from estimate.redis_shape import datastore_of, global_group_of, primary_of, secondaries_of
from estimate.topology import block, facts, mentions, region_of
from policies.model import Model, Resource


@dataclass(frozen=True)
class StoreRecovery:
    """One data store's recovery figures."""

    store: str
    """``stack/address``."""
    kind: str
    """``database``, ``object store``, ``cache``, ``terraform state``."""
    rpo: float
    """Worst-case minutes of data lost."""
    rto: float
    """Worst-case minutes until served again."""
    mechanism: str
    """How it recovers, per failure mode."""


def _database(model: Model, db: Resource) -> StoreRecovery:
    rec = facts()["recovery"]
    rpo, rto = (rec["rds_multi_az_rpo"], rec["rds_multi_az_rto"]) \
        if db.values.get("multi_az") is True else (rec["rds_snapshot_only_rpo"], 60.0 * 4)
    az = "Multi-AZ synchronous standby" if db.values.get("multi_az") is True else "single-AZ"
    replica = next((x for x in model.of_type("aws_db_instance") if region_of(x) != region_of(db)
                    and mentions(x.values.get("replicate_source_db"), db, x)), None)
    backups = next((x for x in model.of_type("aws_db_instance_automated_backups_replication")
                    if mentions(x.values.get("source_db_instance_arn"), db, x)), None)
    if replica is not None:
        mech = f"cross-region replica in {region_of(replica)}"
        r_rpo, r_rto = rec["rds_cross_region_replica_rpo"], rec["rds_cross_region_replica_rto"]
    elif backups is not None:
        mech = f"automated backups replicated to {region_of(backups)} (restore)"
        r_rpo, r_rto = rec["rds_backup_replication_rpo"], rec["rds_backup_replication_rto"]
    else:
        mech = "no cross-region copy (snapshots in-region only)"
        r_rpo, r_rto = rec["rds_snapshot_only_rpo"], rec["state_no_replica_rto"]
    return StoreRecovery(f"{db.stack}/{db.address}", "database", max(rpo, r_rpo),
                         max(rto, r_rto), f"AZ: {az}; region: {mech}")


def _names_bucket(value: object, b: Resource, holder: Resource) -> bool:
    """Whether ``value`` names bucket ``b`` literally (its name or its ARN) from
    another stack: how a state-replication stack names the state buckets, which it may not
    reference (bootstrap stacks have local state)."""
    name = b.values.get("bucket")
    return (holder.stack != b.stack and isinstance(name, str) and bool(name)
            and value in (name, f"arn:aws:s3:::{name}"))


def _replication_of(model: Model, b: Resource) -> Resource | None:
    """The replication configuration whose source is ``b``: in its stack, by reference, or
    in another stack, by ``b``'s literal name."""
    return next((x for x in model.of_type("aws_s3_bucket_replication_configuration")
                 if (x.stack == b.stack and mentions(x.values.get("bucket"), b, x))
                 or _names_bucket(x.values.get("bucket"), b, x)), None)


def _bucket(model: Model, b: Resource, kind: str) -> StoreRecovery:
    rec = facts()["recovery"]
    rep = _replication_of(model, b)
    if rep is None:
        return StoreRecovery(f"{b.stack}/{b.address}", kind, rec["rds_snapshot_only_rpo"],
                             rec["state_no_replica_rto"],
                             "AZ: S3 stores across AZs; region: no replication")
    rtc = block(block(block(rep.values.get("rule")).get("destination"))
                .get("replication_time")).get("status") == "Enabled"
    dest = block(block(rep.values.get("rule")).get("destination")).get("bucket")
    where = f" to {str(dest).removeprefix('arn:aws:s3:::')}" if isinstance(dest, str) \
        and dest.startswith("arn:aws:s3:::") else ""
    state = kind == "terraform state"
    return StoreRecovery(f"{b.stack}/{b.address}", kind,
                         rec["s3_rtc_rpo" if rtc else "s3_crr_rpo"],
                         rec["state_replica_rto" if state else "s3_failover_rto"],
                         f"AZ: S3 stores across AZs; region: cross-region replication{where}"
                         + (" with RTC (15 min bound)" if rtc else " without RTC (no bound)")
                         + ("; backends re-pointed at the replica" if state else ""))


def _redis(model: Model, rg: Resource) -> StoreRecovery:
    rec = facts()["recovery"]
    failover = rg.values.get("automatic_failover_enabled") is True \
        and rg.values.get("multi_az_enabled") is True
    rpo, rto = (rec["redis_multi_az_rpo"], rec["redis_multi_az_rto"]) if failover \
        else (rec["redis_snapshot_rpo"], rec["redis_snapshot_rto"])
    az = "Multi-AZ replicas with automatic failover" if failover else "no automatic failover"
    group = datastore_of(model, rg)
    secondary = next(iter(secondaries_of(model, group)), None) if group is not None else None
    if secondary is not None:
        mech = (f"Global Datastore secondary in {region_of(secondary)} ({secondary.stack}), "
                "promoted by the runbook")
        r_rpo, r_rto = rec["redis_global_rpo"], rec["redis_global_rto"]
    else:
        mech = "daily snapshots in-region only (sessions: users sign in again)"
        r_rpo, r_rto = rec["redis_snapshot_rpo"], rec["state_no_replica_rto"]
    return StoreRecovery(f"{rg.stack}/{rg.address}", "cache", max(rpo, r_rpo), max(rto, r_rto),
                         f"AZ: {az}; region: {mech}")


def recovery(model: Model) -> list[StoreRecovery]:
    """Every data store's recovery figures, in model order."""
    out = []
    for r in model.resources():
        if r.type == "aws_db_instance" and r.values.get("replicate_source_db") is None:
            out.append(_database(model, r))
        elif r.type == "aws_elasticache_replication_group":
            # A Global Datastore secondary is recovered with its primary, when the model
            # holds that primary; one whose primary is not in the input is judged alone.
            group = global_group_of(model, r)
            if group is None or primary_of(model, group) is None:
                out.append(_redis(model, r))
        elif r.type == "aws_s3_bucket" and r.tags.get("DataClass") in ("data", "state"):
            kind = "terraform state" if r.tags.get("DataClass") == "state" else "object store"
            # A pure replica is recovered with its source. A state bucket always holds its
            # own region's state (replicas arrive beside it), and a bucket that is itself
            # replicated is a store of its own: both are listed.
            if kind == "object store" and _is_replica_target(model, r) \
                    and _replication_of(model, r) is None:
                continue
            out.append(_bucket(model, r, kind))
    return out


def _is_replica_target(model: Model, b: Resource) -> bool:
    def dest(x: Resource) -> object:
        return block(block(x.values.get("rule")).get("destination")).get("bucket")
    return any(mentions(dest(x), b, x) or _names_bucket(dest(x), b, x)
               for x in model.of_type("aws_s3_bucket_replication_configuration"))
