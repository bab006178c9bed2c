"""EU users' DNS never fails over (or latency-routes) outside the EU."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.jurisdictions import is_eu
from policies.model import Unknown
from policies.rules._base import RES, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._dns import EDGE, RecordSets, is_routed


class EuRoutingStaysInEu(Rule):
    """A routed Route 53 record that can answer with an EU-resident endpoint (an EU
    residency load balancer, following record-to-record aliases) is an EU-resident record
    set: every alternative Route 53 may answer instead (the other latency/failover/weighted
    records of its name; for geolocation, the default record when the record evaluates
    target health) must lead only to EU regions. An alias into a geolocation-routed set is
    judged by what it answers in Europe (the set keeps its split); a CloudFront alternative
    is the edge, no region (its origins' records are judged themselves). An endpoint that
    cannot be resolved is unknown."""

    id = "HAP_RES_008"
    name = "Ensure EU-resident DNS records have no non-EU failover or latency alternative"
    severity = Severity.CRITICAL
    enforcement = Enforcement.HARD_MANDATORY
    category = RES
    explanation = (
        "Residency holds in failure too: when the EU region is unhealthy, latency or failover "
        "routing (or a geolocation record falling back to the default location) must not "
        "answer EU users with a US endpoint, where their data is not and must not be."
    )

    def verdicts(self, ctx: Context) -> Iterator[Verdict]:
        """Overridden, not check(): a record set's verdict follows its aliases into other
        record sets (failover pairs, geolocation fallbacks) of the same zone."""
        sets = RecordSets(ctx)
        for r in sets.records:
            if not is_routed(r):
                continue
            own = sets.european_targets(r)
            if not any(t.eu_resident for t in own):
                continue
            reach = own + [t for alt in sets.alternatives(r) for t in sets.european_targets(alt)]
            foreign = sorted({f"{t.region} (via {t.via})" for t in reach
                              if isinstance(t.region, str) and t.region != EDGE
                              and not is_eu(t.region)})
            lost = next((t for t in reach if isinstance(t.region, Unknown)), None)
            if foreign:
                yield failed(r, "EU-resident record set can answer outside the EU: "
                                + ", ".join(foreign))
            elif lost is not None and isinstance(lost.region, Unknown):
                yield unknown(r, f"an alternative of this EU-resident record ({lost.via}) "
                                 "cannot be resolved", lost.region)
            else:
                yield passed(r, f"all {len(reach)} answer(s) in EU regions")
