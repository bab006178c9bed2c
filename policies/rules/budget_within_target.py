"""Cost: the monthly estimate of everything the input creates stays within the budget."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Outcome, Severity
from policies.rules._base import COST, Rule, Verdict
from policies.rules._context import Context

#: The subject of the verdict: the whole input, not one resource.
ADDRESS = "estimate.monthly_cost"
#: Stack name of the verdict (it sums every stack).
ALL_STACKS = "*"


class BudgetWithinTarget(Rule):
    """The monthly cost of every stack together (``estimate/cost.py``: shipped list prices
    per region, usage from the demand model) against the demand model's budget. Over budget
    on the priced lines alone fails; within budget with resources that have no price is
    unknown, naming their types (an unpriced resource may cost anything)."""

    id = "HAP_COST_001"
    name = "Ensure the estimated monthly cost stays within the budget"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = COST
    explanation = "Seed: a budget of $50,000 per month for 1M daily users."

    def verdicts(self, ctx: Context) -> Iterator[Verdict]:
        """Overridden, not check(): one verdict on the sum of every stack's cost lines."""
        from estimate.report import estimate
        from regions.demand import DemandModel

        if not any(s.resources for s in ctx.model.stacks):
            return
        demand = DemandModel()
        e = estimate(ctx.model, demand)
        budget = demand.budget_usd_per_month
        text = f"${e.total:,.2f} per month priced against a budget of ${budget:,.2f}"
        if e.total > budget:
            yield Verdict(ADDRESS, ALL_STACKS, Outcome.FAILED,
                          f"{text}: over by ${e.total - budget:,.2f}")
        elif e.unpriced:
            types = sorted({line.type for line in e.unpriced})
            yield Verdict(ADDRESS, ALL_STACKS, Outcome.UNKNOWN,
                          f"{text}: {len(e.unpriced)} resource(s) have no price: "
                          f"{', '.join(types)}")
        else:
            yield Verdict(ADDRESS, ALL_STACKS, Outcome.PASSED, text)
