"""Recovery: every data store's RPO and RTO meet the seed's targets."""

from __future__ import annotations

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import ANY_TYPE, BAK, Rule, Verdict, failed, passed
from policies.rules._context import Context


class RecoveryMeetsTargets(Rule):
    """For each data store (RDS primaries, Redis, S3 data and state buckets), its worst-case
    RPO and RTO from the mechanisms the model wires (``estimate/recovery.py``; figures in
    ``estimate/facts.toml``) against RPO 15 min and RTO 60 min."""

    id = "HAP_REC_001"
    name = "Ensure every data store meets RPO 15 min and RTO 1 h"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = BAK
    explanation = "Seed: RPO < 15 minutes, RTO < 1 hour."

    resource_types = ANY_TYPE

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        from estimate.recovery import recovery
        from regions.demand import DemandModel

        stores = ctx.once(recovery, lambda: {s.store: s for s in recovery(ctx.model)})
        s = stores.get(f"{r.stack}/{r.address}")
        if s is None:
            return None
        d = DemandModel()
        text = f"RPO {s.rpo:g} min, RTO {s.rto:g} min ({s.mechanism})"
        ok = s.rpo <= d.rpo_minutes and s.rto <= d.rto_minutes
        return passed(r, text) if ok else failed(r, text)
