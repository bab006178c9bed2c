"""Primary databases are Multi-AZ."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import HA, Rule, Verdict, require_true
from policies.rules._context import Context
from policies.rules._support import is_replica


class RdsMultiAz(Rule):
    """``multi_az`` is true on primary ``aws_db_instance`` resources."""

    id = "HAP_HA_002"
    name = "Ensure primary databases are Multi-AZ"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = HA
    explanation = (
        "The seed runs RDS Multi-AZ."
    )

    resource_types = ("aws_db_instance",)

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        if not is_replica(r):
            yield require_true(r, r.values.get("multi_az"), "multi_az")
