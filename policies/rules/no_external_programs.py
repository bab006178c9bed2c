"""No ``data "external"`` program runs during plan."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.rules._base import DNG, Rule, Verdict, failed, passed
from policies.rules._context import Context


class NoExternalPrograms(Rule):
    """A ``data "external"`` source runs an arbitrary program on the machine that plans (with
    its credentials) before any check can stop it: every one is a finding; a stack without
    every other data source passes. (Provisioners, the other way to run code, are judged by
    HAP_DNG_004.)"""

    id = "HAP_DNG_003"
    name = "Ensure no data source runs an external program"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = DNG
    explanation = (
        "data.external executes code at plan time with the pipeline's credentials; a waiver can "
        "allow a reviewed one (issue 8.5)."
    )

    def verdicts(self, ctx: Context) -> Iterator[Verdict]:
        """Overridden, not check(): the subjects are data sources, not managed resources."""
        for stack in ctx.model.stacks:
            for d in stack.data_sources:
                if d.type == "external":
                    yield failed(d, "runs an external program at plan time")
                else:
                    yield passed(d, "data source runs no program")
