"""Two serving regions behind health-checked DNS routing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.rules._base import HA, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._dns import EDGE, RecordSets, is_routed, name_of
from policies.rules._support import is_true


class HealthCheckedRouting(Rule):
    """Route 53 records with a routing policy are health-checked (a ``health_check_id``, or
    an alias to a record set whose records all carry one) and, per name, reach at least two
    regions, following record-to-record aliases (geolocation -> failover pairs); without any
    record (no edge stack) public load balancers are reported unknown."""

    id = "HAP_HA_005"
    name = "Ensure two serving regions behind health-checked routing"
    severity = Severity.MEDIUM
    enforcement = Enforcement.ADVISORY
    category = HA
    explanation = (
        "Route 53 latency or failover routing with health checks fails over between regions. "
        "Advisory until the edge stack is in the checked input."
    )

    def verdicts(self, ctx: Context) -> Iterator[Verdict]:
        """Overridden, not check(): a record passes only if other records of its name serve another
        region, and without any record the load balancers are the subjects."""
        records = ctx.of_type("aws_route53_record")
        if not records:
            for lb in ctx.of_type("aws_lb", "aws_alb"):
                if not is_true(lb.values.get("internal")):
                    yield unknown(lb, "health-checked routing cannot be checked",
                                  "no Route 53 records in the checked input (edge stack absent)")
            return
        sets = RecordSets(ctx)
        routed = [r for r in records if is_routed(r)]
        regions: dict[str, set[str]] = defaultdict(set)
        for r in routed:
            for t in sets.targets(r):
                if isinstance(t.region, str) and t.region != EDGE:
                    regions[name_of(r)].add(t.region)
        for r in routed:
            serving = regions[name_of(r)]
            if not sets.health_checked(r):
                yield failed(r, "routing record without health_check_id (nor an alias to "
                                "health-checked records)")
            elif len(serving) < 2:
                yield failed(r, f"{r.values.get('name')} is served from {len(serving)} region(s)")
            else:
                yield passed(r, f"health-checked, {len(serving)} serving regions")
