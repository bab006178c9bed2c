"""Recovery: every data store's RPO and RTO meet the seed's targets."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.rules._base import BAK, Rule, Verdict, failed, passed
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

    def verdicts(self, ctx: Context) -> Iterator[Verdict]:
        from estimate.recovery import recovery
        from regions.demand import DemandModel

        d = DemandModel()
        stores = {s.store: s for s in recovery(ctx.model)}
        for r in ctx.model.resources():
            s = stores.get(f"{r.stack}/{r.address}")
            if s is None:
                continue
            text = f"RPO {s.rpo:g} min, RTO {s.rto:g} min ({s.mechanism})"
            ok = s.rpo <= d.rpo_minutes and s.rto <= d.rto_minutes
            yield passed(r, text) if ok else failed(r, text)
